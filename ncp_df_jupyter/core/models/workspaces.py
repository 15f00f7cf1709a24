"""Workspaces as the client returns them: list rows, details, configuration entries.

Each object keeps the service's body in ``raw`` (left out of repr) so nothing the service said is
lost, and offers ``to_api()`` giving the API's camelCase shape back (used by the REST face), the
fields this release does not know included. Values are read leniently (``_read``): null is
absent, an id or a name that arrives as a number is its text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..times import moment
from ._lazy import Deferred, Lazy
from ._read import contents_of, flag, text, with_unknown
from .configuration import Configuration

# What every answer carries around its fields: not a field of the object itself.
_ENVELOPE = ("success", "message")


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
            id=text(body, "id") or "", name=text(body, "name") or "",
            account_name=text(body, "accountName"), description=text(body, "description"),
            disabled=flag(body.get("disabled")), image_version=text(body, "imageVersion"),
            created_at=text(body, "createdAt"), modified_at=text(body, "modifiedAt"),
            raw=dict(body),
        )

    def to_api(self) -> dict[str, Any]:
        return with_unknown({
            "id": self.id, "name": self.name, "accountName": self.account_name,
            "description": self.description, "disabled": self.disabled,
            "imageVersion": self.image_version, "createdAt": self.created_at,
            "modifiedAt": self.modified_at}, self.raw, _ENVELOPE)


@dataclass(frozen=True)
class ConfigurationEntry:
    """One entry of getConfigurationList / getDetail contents (AiWorkspaceConfig)."""

    configuration: Configuration
    created_at: str | None = None
    modified_at: str | None = None

    @classmethod
    def from_api(cls, body: Mapping[str, Any], path: str = "contents") -> ConfigurationEntry:
        configuration = body.get("configuration")
        if not isinstance(configuration, Mapping):
            configuration = {}  # absent, or in a shape nothing can be read from
        return cls(
            configuration=Configuration.from_api(configuration, f"{path}.configuration"),
            created_at=text(body, "createdAt"), modified_at=text(body, "modifiedAt"),
        )

    def to_api(self) -> dict[str, Any]:
        return {"configuration": self.configuration.to_api(), "createdAt": self.created_at,
                "modifiedAt": self.modified_at}


def read_entries(contents: Any) -> list[ConfigurationEntry]:
    return [ConfigurationEntry.from_api(item, f"contents[{i}]")
            for i, item in enumerate(contents_of(contents))]


def _order(entry: ConfigurationEntry) -> tuple[tuple[int, float], tuple[int, float]]:
    """Sorts entries by when they last changed, then by when they were made; a missing time
    sorts before any present one."""
    changed, created = moment(entry.modified_at), moment(entry.created_at)
    last = changed or created
    return ((0, 0.0) if last is None else (1, last.timestamp()),
            (0, 0.0) if created is None else (1, created.timestamp()))


def current_entry(entries: Iterable[ConfigurationEntry]) -> ConfigurationEntry | None:
    """The entry holding a workspace's current configuration, whatever the order of
    ``contents`` (the pages do not state it): the one changed last, by ``modifiedAt`` (an entry
    without it counts as changed at its ``createdAt``), then by ``createdAt``. Entries whose
    times are equal or missing keep the document's order as the tie-break: the later entry wins
    (so a service that sends one entry, or times nobody can read, behaves as before)."""
    best: ConfigurationEntry | None = None
    best_key = ((0, 0.0), (0, 0.0))
    for entry in entries:
        key = _order(entry)
        if best is None or key >= best_key:
            best, best_key = entry, key
    return best


def current_configuration(entries: Iterable[ConfigurationEntry]) -> Configuration | None:
    """The current configuration among a workspace's entries (see ``current_entry``)."""
    entry = current_entry(entries)
    return entry.configuration if entry is not None else None


@dataclass(frozen=True)
class WorkspaceDetail:
    """getDetail's answer: the workspace with its configuration(s) (read from the answer when
    first used: a caller after its name or id never pays for them; see _lazy.py)."""

    id: str
    name: str
    account_id: str | None = None
    account_name: str | None = None
    description: str | None = None
    image_version: str | None = None
    created_at: str | None = None
    modified_at: str | None = None
    configurations: Lazy[list[ConfigurationEntry]] = Lazy(list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> WorkspaceDetail:
        return cls(
            id=text(body, "id") or "", name=text(body, "name") or "",
            account_id=text(body, "accountId"), account_name=text(body, "accountName"),
            description=text(body, "description"), image_version=text(body, "imageVersion"),
            created_at=text(body, "createdAt"), modified_at=text(body, "modifiedAt"),
            configurations=Deferred(read_entries, body.get("contents")), raw=dict(body),
        )

    @property
    def configuration(self) -> Configuration | None:
        """The workspace's current configuration (``current_entry``: by its timestamps)."""
        return current_configuration(self.configurations)

    def to_api(self) -> dict[str, Any]:
        return with_unknown({
            "id": self.id, "name": self.name, "accountId": self.account_id,
            "accountName": self.account_name, "description": self.description,
            "imageVersion": self.image_version, "createdAt": self.created_at,
            "modifiedAt": self.modified_at,
            "contents": [entry.to_api() for entry in self.configurations]}, self.raw,
            _ENVELOPE)


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
