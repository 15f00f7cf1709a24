"""What the client returns: accounts, workspaces and their configurations, read from API bodies.

Each object keeps the service's body in ``raw`` (left out of repr) so nothing the service said is
lost, and offers ``to_api()`` giving the API's camelCase shape back (used by the REST face).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .spec import Configuration, documented_gpu_models, documented_queues


def _str(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if value is None or type(value) is str else str(value)


def _bool(value: Any) -> bool | None:
    # The account type page says "true"/"false" strings, the examples send booleans.
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return None if value is None else bool(value)


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    principal: str | None = None
    status: str | None = None
    disabled: bool | None = None
    created_at: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Account:
        return cls(
            id=str(body.get("id", "")), name=str(body.get("name", "")),
            principal=_str(body, "principal"), status=_str(body, "status"),
            disabled=_bool(body.get("disabled")),
            # the type page spells it createAt, the examples createdAt
            created_at=_str(body, "createdAt") or _str(body, "createAt"),
            raw=dict(body),
        )

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "principal": self.principal,
                "status": self.status, "disabled": self.disabled, "createdAt": self.created_at}


def usable_accounts(accounts: Iterable[Account]) -> list[Account]:
    """The accounts this key may use (``disabled``: no resource permission on it)."""
    return [a for a in accounts if not a.disabled]


def account_label(account: Account) -> str:
    """How an account is shown in a list or dropdown."""
    return account.name + (" (no permission)" if account.disabled else "")


def find_account(accounts: Iterable[Account], id_or_name: str) -> Account | None:
    return next((a for a in accounts if id_or_name in (a.id, a.name)), None)


@dataclass(frozen=True)
class Workspace:
    """A row of getList (AiWorkspaceResponse)."""

    id: str
    name: str
    account_name: str | None = None
    description: str | None = None
    disabled: bool | None = None
    image_version: str | None = None
    created_at: str | None = None
    modified_at: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Workspace:
        return cls(
            id=str(body.get("id", "")), name=str(body.get("name", "")),
            account_name=_str(body, "accountName"), description=_str(body, "description"),
            disabled=_bool(body.get("disabled")), image_version=_str(body, "imageVersion"),
            created_at=_str(body, "createdAt"), modified_at=_str(body, "modifiedAt"),
            raw=dict(body),
        )

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "accountName": self.account_name,
                "description": self.description, "disabled": self.disabled,
                "imageVersion": self.image_version, "createdAt": self.created_at,
                "modifiedAt": self.modified_at}


@dataclass(frozen=True)
class ConfigurationEntry:
    """One entry of getConfigurationList / getDetail contents (AiWorkspaceConfig)."""

    configuration: Configuration
    created_at: str | None = None
    modified_at: str | None = None

    @classmethod
    def from_api(cls, body: Mapping[str, Any], path: str = "contents") -> ConfigurationEntry:
        return cls(
            configuration=Configuration.from_api(body.get("configuration") or {},
                                                 f"{path}.configuration"),
            created_at=_str(body, "createdAt"), modified_at=_str(body, "modifiedAt"),
        )

    def to_api(self) -> dict[str, Any]:
        return {"configuration": self.configuration.to_api(), "createdAt": self.created_at,
                "modifiedAt": self.modified_at}


def contents_of(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a ``contents`` field. The type pages say a single object, the examples an
    array: both are read; anything that is not an object is skipped."""
    if isinstance(value, Mapping):
        value = [value]
    if type(value) is not list:
        return []
    return [item for item in value if type(item) is dict or isinstance(item, Mapping)]


def read_entries(contents: Any) -> list[ConfigurationEntry]:
    return [ConfigurationEntry.from_api(item, f"contents[{i}]")
            for i, item in enumerate(contents_of(contents))]


@dataclass(frozen=True)
class WorkspaceDetail:
    """getDetail's answer: the workspace with its configuration(s)."""

    id: str
    name: str
    account_id: str | None = None
    account_name: str | None = None
    description: str | None = None
    image_version: str | None = None
    created_at: str | None = None
    modified_at: str | None = None
    configurations: list[ConfigurationEntry] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> WorkspaceDetail:
        return cls(
            id=str(body.get("id", "")), name=str(body.get("name", "")),
            account_id=_str(body, "accountId"), account_name=_str(body, "accountName"),
            description=_str(body, "description"), image_version=_str(body, "imageVersion"),
            created_at=_str(body, "createdAt"), modified_at=_str(body, "modifiedAt"),
            configurations=read_entries(body.get("contents")), raw=dict(body),
        )

    @property
    def configuration(self) -> Configuration | None:
        """The workspace's current configuration (the last entry)."""
        return self.configurations[-1].configuration if self.configurations else None

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "accountId": self.account_id,
                "accountName": self.account_name, "description": self.description,
                "imageVersion": self.image_version, "createdAt": self.created_at,
                "modifiedAt": self.modified_at,
                "contents": [entry.to_api() for entry in self.configurations]}


@dataclass(frozen=True)
class WorkspaceSummary:
    """A getList row together with its configuration: what tables and dropdowns show."""

    workspace: Workspace
    configuration: Configuration | None = None

    @property
    def id(self) -> str:
        return self.workspace.id

    @property
    def name(self) -> str:
        return self.workspace.name

    @property
    def image(self) -> str | None:
        if self.configuration and self.configuration.docker.image:
            return self.configuration.docker.image
        return self.workspace.image_version

    @property
    def gpu_model(self) -> str | None:
        return self.configuration.gpu_model if self.configuration else None

    @property
    def gpu_count(self) -> int | None:
        return self.configuration.gpu_count if self.configuration else None

    @property
    def queue_name(self) -> str | None:
        return self.configuration.queue_name if self.configuration else None

    @property
    def gpus(self) -> str:
        """"V100 x 2" style text for tables."""
        return self.configuration.gpus if self.configuration else ""

    def to_api(self) -> dict[str, Any]:
        row = self.workspace.to_api()
        row.update(image=self.image, gpuModel=self.gpu_model, gpuCount=self.gpu_count,
                   queueName=self.queue_name, gpus=self.gpus,
                   configuration=self.configuration.to_api() if self.configuration else None)
        return row


@dataclass(frozen=True)
class Choices:
    """Dropdown values: documented ones first, then those seen in the account's workspaces."""

    gpu_models: list[str]
    queues: list[str]


def _union(documented: Iterable[str], seen: Iterable[str | None]) -> list[str]:
    values: dict[str, None] = dict.fromkeys(documented)
    for value in seen:
        if value:
            values.setdefault(value, None)
    return list(values)


def dropdown_choices(configurations: Iterable[Configuration | None]) -> Choices:
    """GPU models and queues for dropdowns: never empty, since the documented values remain."""
    configs = [c for c in configurations if c is not None]
    return Choices(
        gpu_models=_union(documented_gpu_models(), (c.gpu_model for c in configs)),
        queues=_union(documented_queues(), (c.queue_name for c in configs)),
    )
