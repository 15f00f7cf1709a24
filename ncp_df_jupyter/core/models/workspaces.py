"""Workspaces as the client returns them: list rows, details, configuration entries.

Each object keeps the service's body in ``raw`` (left out of repr) so nothing the service said is
lost, and offers ``to_api()`` giving the API's camelCase shape back (used by the REST face).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._read import contents_of, flag, text
from .configuration import Configuration


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
            account_name=text(body, "accountName"), description=text(body, "description"),
            disabled=flag(body.get("disabled")), image_version=text(body, "imageVersion"),
            created_at=text(body, "createdAt"), modified_at=text(body, "modifiedAt"),
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
            created_at=text(body, "createdAt"), modified_at=text(body, "modifiedAt"),
        )

    def to_api(self) -> dict[str, Any]:
        return {"configuration": self.configuration.to_api(), "createdAt": self.created_at,
                "modifiedAt": self.modified_at}


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
            account_id=text(body, "accountId"), account_name=text(body, "accountName"),
            description=text(body, "description"), image_version=text(body, "imageVersion"),
            created_at=text(body, "createdAt"), modified_at=text(body, "modifiedAt"),
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
