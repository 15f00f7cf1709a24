"""The request bodies of the write operations: what the client sends and a dry run shows."""

from __future__ import annotations

from typing import Any

from .models.configuration import ConfigurationLike, configuration_body


def create_request(account_id: str, name: str, configuration: ConfigurationLike,
                   description: str | None = None) -> dict[str, Any]:
    """The body of ``create``: what the client sends and a dry run shows."""
    body: dict[str, Any] = {"accountId": account_id, "name": name,
                            "configuration": configuration_body(configuration)}
    if description is not None:
        body["description"] = description
    return body


def set_configuration_request(workspace_id: str,
                              configuration: ConfigurationLike) -> dict[str, Any]:
    """The body of ``setConfiguration``."""
    return {"id": workspace_id, "configuration": configuration_body(configuration)}
