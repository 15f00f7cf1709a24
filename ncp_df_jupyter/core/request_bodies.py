"""The request bodies of the write operations: what the client sends and a dry run shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import ValidationError
from .merge import deep_merge
from .models.configuration import (
    Configuration,
    ConfigurationLike,
    configuration_body,
    normalize_configuration,
)
from .schema import rules

# The configuration fields an AI app submit carries (next to aiWorkspaceId and namePrefix).
SUBMIT_CONFIGURATION_FIELDS = ("data", "docker", "queueName", "resource")


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


def submit_request(workspace_id: str, name_prefix: str,
                   configuration: ConfigurationLike | None = None,
                   workspace_configuration: ConfigurationLike | None = None) -> dict[str, Any]:
    """The body of AI Apps ``submit``: exactly aiWorkspaceId, namePrefix, queueName, data,
    docker and resource.

    ``configuration``: None sends ``workspace_configuration`` (the workspace's current one); a
    ``Configuration`` is sent as it is (its name and userPackageUri are not submit fields); a
    dict holds overrides, merged onto ``workspace_configuration`` (objects merge, lists and
    values replace), so ``{"resource": {"gpuCount": 4}}`` changes only the GPU count. ``data``
    is sent with empty lists when there is none; the queue is the schema's default when unset.
    """
    if isinstance(configuration, Configuration):
        source = configuration.to_api()
    else:
        source = {} if workspace_configuration is None else configuration_body(
            workspace_configuration)
        if configuration is not None:
            source = deep_merge(source, _overrides(configuration))
    data = _or(source.get("data"), {})
    if isinstance(data, Mapping):  # anything else is left for the rules to refuse
        data = {**data, "input": _or(data.get("input"), []),
                "output": _or(data.get("output"), [])}
    return {
        "aiWorkspaceId": workspace_id,
        "namePrefix": name_prefix,
        "queueName": _or(source.get("queueName"), _default_queue()),
        "data": data,
        "docker": _or(source.get("docker"), {}),
        "resource": _or(source.get("resource"), {}),
    }


def _or(value: Any, default: Any) -> Any:
    """``value`` unless it is missing (None): an empty or wrong value is kept for the rules."""
    return default if value is None else value


def _overrides(configuration: Any) -> dict[str, Any]:
    """Submit overrides in the API's shape; a field submit does not carry is refused, so that
    nothing written is silently dropped."""
    if not isinstance(configuration, Mapping):
        raise ValidationError(
            "configuration must be a Configuration or a dict of overrides in the API's shape "
            f"(got {type(configuration).__name__}).", field="configuration",
            rule="must be a Configuration or a dict")
    for key in configuration:
        if key not in SUBMIT_CONFIGURATION_FIELDS:
            known = ", ".join(SUBMIT_CONFIGURATION_FIELDS)
            raise ValidationError(
                f"configuration.{key} is not a field of an AI app submit (its fields: {known}).",
                field=f"configuration.{key}", rule="is not a field of an AI app submit")
    return normalize_configuration(configuration)


def _default_queue() -> str:
    queue: str = rules.definition("appSubmitRequest")["properties"]["queueName"]["default"]
    return queue
