"""The emulator's behaviour guide: what it does where the vendor's pages are silent, and the
modes that make it behave as a real service may instead.

By default it follows shared/spec/dataforest-ai-workspaces.md (sections 12 and 13):

- routes ``POST /api/v2/aiworkspaces/{op}`` (the eight operations) and
  ``POST /api/v2/accounts/getList``; any other path or method gets the gateway's 404
  (errorCode ``"300"``, ``Not Found Exception``, details ``URL not found.``);
- checks authentication first: any of the three headers missing (one, two or all) answers 401
  ``Authentication information are missing.``; a wrong key, signature or a timestamp 5 minutes
  off answers 401 ``Invalid authentication information.``;
- then checks the body with the client's own rules, worded as the create page's example does:
  ``invalid request parameter (<path>, '<value>'). Must match "<regex>"`` (no final period);
  other rules use the same prefix, then the rule in its keyword's words (never the client's
  friendlier ``x-message``); a name both too long and malformed is told its length first;
- a ``null`` in a request is an absent field; unknown ids answer 404 ``no such element``;
  names are unique per account;
- answers carry ``message`` where the pages' examples do, not on create
  (``{"success": true, "id": ...}``);
- ``imageVersion`` is ``docker.image``; ``contents`` holds one entry, the current configuration;
  rows come in creation order; setConfiguration replaces the whole configuration.

Where the pages leave a real service free, a mode (``POST /_emulator/behaviour`` with some of
the fields below; ``GET`` shows them; reset restores the defaults) makes the emulator differ, so
the client is tested against more than our own defaults (numbers: spec section 13, "Still open"):

- ``order``: ``"oldest_first"`` (default) or ``"newest_first"``: the order of getList rows and
  of ``contents`` entries (open item 7);
- ``history``: ``contents`` holds every configuration the workspace has had, each with its
  ``createdAt`` / ``modifiedAt``, instead of the current one only (open item 7; kept in memory);
- ``extra_fields``: answers carry fields the client does not know, at every level (rows, the
  configuration, docker, resource, data rows; stored with a workspace when it is created), and
  create / setConfiguration accept those names, so a client that drops them on a write is
  caught (open items 6, 8 and 12);
- ``nulls``: answers give JSON ``null`` for every absent optional field (open item 14);
- ``image_version``: ``"image"`` (default) or ``"tag_only"``: ``imageVersion`` holds only the
  image's tag (open item 13);
- ``loose_types``: answers give integers as text (``"memoryMb": "15360"``), a single port as
  text (``"exposeTcpPorts": "8888"``), booleans as text and numeric texts as numbers (open
  items 3, 6 and 8).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

ORDERS = ("oldest_first", "newest_first")
IMAGE_VERSIONS = ("image", "tag_only")

# extra_fields: what a richer service adds. Per level of a configuration (as stored with a
# workspace it creates, and accepted on writes), and on each list row and detail.
SERVICE_FIELDS: dict[str, dict[str, Any]] = {
    "configuration": {"priority": 0},
    "docker": {"shmSizeMb": 8192, "runtime": "nvidia"},
    "resource": {"gpuMemoryMb": 16384},
    "data": {"cacheMode": "none"},
    "data.input": {"mode": "copy"},
    "data.output": {"mode": "copy"},
}
ROW_FIELDS: dict[str, Any] = {"clusterName": "df-cluster-01", "ownerType": "SUB_ACCOUNT"}

# nulls: the documented optional fields, per level, answered as null when absent.
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "configuration": ("name", "queueName", "userPackageUri", "resource", "data"),
    "docker": ("args", "env", "exposeTcpPorts"),
    "resource": ("cpuCount", "gpuCount", "gpuModel", "memoryMb"),
    "data": ("input", "output"),
    "data.output": ("overwrite",),
    "row": ("description", "accountName", "imageVersion"),
}
_WHOLE_TEXT = re.compile(r"-?(0|[1-9]\d{0,17})")  # a canonical integer: read back unchanged


class BadBehaviour(ValueError):
    """A behaviour body that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Behaviour:
    order: str = "oldest_first"
    history: bool = False
    extra_fields: bool = False
    nulls: bool = False
    image_version: str = "image"
    loose_types: bool = False

    @classmethod
    def parse(cls, body: Any, base: Behaviour | None = None) -> Behaviour:
        """``base`` (the defaults when None) with the fields of a control body changed."""
        if not isinstance(body, Mapping):
            raise BadBehaviour("the body must be a JSON object of behaviour fields")
        known = {f.name: f for f in fields(cls)}
        values = asdict(base or cls())
        for name, value in body.items():
            if name not in known:
                raise BadBehaviour(f"{name} is not a behaviour (known: {', '.join(known)})")
            allowed = {"order": ORDERS, "image_version": IMAGE_VERSIONS}.get(name)
            if allowed is not None and value not in allowed:
                raise BadBehaviour(f"{name} must be one of {', '.join(allowed)}")
            if allowed is None and not isinstance(value, bool):
                raise BadBehaviour(f"{name} must be true or false")
            values[name] = value
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    # -- what a mode changes ---------------------------------------------------------------------

    def image_version_of(self, image: str | None) -> str | None:
        if image and self.image_version == "tag_only":
            return image.rpartition(":")[2]
        return image

    def ordered(self, items: list[Any]) -> list[Any]:
        return items[::-1] if self.order == "newest_first" else items

    def stored(self, configuration: Mapping[str, Any]) -> dict[str, Any]:
        """The configuration a create stores: with the service's own fields in extra_fields."""
        out = copy.deepcopy(dict(configuration))
        if not self.extra_fields:
            return out
        for level, node in _levels(out):
            for key, value in SERVICE_FIELDS.get(level, {}).items():
                node.setdefault(key, value)
        return out

    def own_fields(self, configuration: Any, prefix: str = "configuration") -> frozenset[str]:
        """The paths of a request's configuration that are this service's own fields (none
        unless extra_fields): the rules may pass them."""
        if not self.extra_fields or not isinstance(configuration, Mapping):
            return frozenset()
        found: set[str] = set()
        for level, node, path in _levels_with_paths(configuration, prefix):
            found.update(f"{path}.{key}" for key in SERVICE_FIELDS.get(level, {}) if key in node)
        return frozenset(found)

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        """A getList row or a getDetail answer as this service sends it."""
        if self.extra_fields:
            row = {**row, **{k: v for k, v in ROW_FIELDS.items() if k not in row}}
        if self.nulls:
            row = {**{k: None for k in OPTIONAL_FIELDS["row"]}, **row}
        if self.loose_types:
            row = {**row, "disabled": _loose(row["disabled"])} if "disabled" in row else row
        return row

    def configuration(self, configuration: Mapping[str, Any]) -> dict[str, Any]:
        """A stored configuration as this service answers it."""
        out = copy.deepcopy(dict(configuration))
        if self.nulls:
            for level, node in _levels(out):
                for key in OPTIONAL_FIELDS.get(level, ()):
                    node.setdefault(key, None)
        if self.loose_types:
            out = _loose_configuration(out)
        return out


def _levels(configuration: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for level, node, _path in _levels_with_paths(configuration, "configuration"):
        yield level, node  # type: ignore[misc]  # the nodes of a dict are dicts here


def _levels_with_paths(configuration: Mapping[str, Any], prefix: str
                       ) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """(level, object, dotted path) of the configuration and each object below it (``prefix``
    "" for a submit body, whose docker, resource and data sit at its top)."""
    def under(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    yield "configuration", configuration, prefix
    for name in ("docker", "resource", "data"):
        node = configuration.get(name)
        if isinstance(node, Mapping):
            yield name, node, under(name)
    data = configuration.get("data")
    if isinstance(data, Mapping):
        for name in ("input", "output"):
            rows = data.get(name)
            for index, row in enumerate(rows if isinstance(rows, list) else ()):
                if isinstance(row, Mapping):
                    yield f"data.{name}", row, under(f"data.{name}[{index}]")


def _loose(value: Any) -> Any:
    """A value as a loosely typed service sends it: numbers and booleans as text, a text that
    is an integer as a number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _WHOLE_TEXT.fullmatch(value):
        return int(value)
    return value


def _loose_configuration(configuration: dict[str, Any]) -> dict[str, Any]:
    for level, node in _levels(configuration):
        for key, value in list(node.items()):
            if level == "docker" and key == "exposeTcpPorts" and isinstance(value, list):
                node[key] = ",".join(str(p) for p in value) if len(value) != 1 else str(value[0])
            elif level == "docker" and key == "env" and isinstance(value, dict):
                node[key] = {k: _loose(v) for k, v in value.items()}
            elif not isinstance(value, (dict, list)) and key != "image":
                node[key] = _loose(value)
    return configuration
