"""The workspace rules: the JSON Schema beside this file, and checking API-shaped values against it.

The rules live in ``workspace.schema.json`` (one place, also served to the JupyterLab sidebar);
this module reads it, checks API-shaped dicts against it and turns each broken rule into a
:class:`Problem` that names the field. Documented value sets (GPU models, queues, frameworks)
are read from the same file, so no face lists them again.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import ValidationError, short
from ..msgids import N_
from .checker import SchemaChecker


@functools.cache
def load_schema() -> dict[str, Any]:
    """The workspace JSON Schema (do not mutate; use ``schema_copy`` to change it)."""
    text = resources.files(__package__).joinpath("workspace.schema.json").read_text(
        encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_copy() -> dict[str, Any]:
    return copy.deepcopy(load_schema())


def definition(name: str) -> dict[str, Any]:
    found: dict[str, Any] = load_schema()["definitions"][name]
    return found


def documented_values(*path: str) -> list[str]:
    """The documented values of an open value set, e.g. ("resource", "gpuModel") -> [V100, T4]."""
    node: Any = definition(path[0])
    for key in path[1:]:
        node = node["properties"][key]
    return list(node.get("examples", []))


def frameworks() -> list[str]:
    """The typeName values of getDockerImageList (tensorflow, pytorch), from the schema."""
    search = definition("dockerImageListRequest")["properties"]["search"]
    return list(search["properties"]["typeName"]["enum"])


def gpu_count_range() -> tuple[int, int]:
    """The documented bounds of resource.gpuCount (1 to 8), from the schema."""
    count = definition("resource")["properties"]["gpuCount"]
    return int(count["minimum"]), int(count["maximum"])


# Names are unique per account; the one wording of that rule, wherever it is reported (a msgid:
# the faces show it translated).
NAME_TAKEN = N_("is already used by another workspace of this account")


def documented_gpu_models() -> list[str]:
    return documented_values("resource", "gpuModel")


def documented_queues() -> list[str]:
    return documented_values("configuration", "queueName")


# ---------------------------------------------------------------------------------------------
# Checking


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (a dotted path in the API's shape), what was there, and the rule."""

    path: str
    rule: str  # reads after the path: "must be a whole number from 1 to 8"
    value: Any = None
    missing: bool = False
    plain: str | None = None  # the rule in its keyword's words, not the schema's x-message

    @property
    def plain_rule(self) -> str:
        """The rule as a service words it ('must match "<regex>"'), for the emulator."""
        return self.plain or self.rule

    def sentence(self) -> str:
        """The client's wording: one sentence naming the field and the rule."""
        if self.missing:
            return f"{self.path} {self.rule}."
        return f"{self.path} {self.rule} (got {short(self.value)})."


def _dotted(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


@functools.cache
def _checker() -> SchemaChecker:
    return SchemaChecker(load_schema())


def _under(path: str, fields: Collection[str]) -> bool:
    return any(path == f or path.startswith((f + ".", f + "[")) for f in fields)


def problems(definition_name: str, value: Any, prefix: str = "", *,
             passed_through: Collection[str] = ()) -> list[Problem]:
    """Every broken rule of ``value`` against a schema definition, ordered by field path (a
    stable sort: one field's rules in the schema's order, its length before its pattern).

    Where the line is drawn: the schema is strict (an unknown key is refused, so a typo is
    caught), and it checks what a person wrote. What the service itself sent, unchanged, is
    not theirs to fix: ``passed_through`` names those fields (dotted paths, see
    ``Configuration.extra_paths``), and nothing at or under them is reported.
    """
    found = [Problem(_join(prefix, _dotted(v.path)) if v.path else prefix, v.rule, v.value,
                     v.missing, v.plain)
             for v in _checker().check(definition_name, value)]
    if passed_through:
        found = [p for p in found if not _under(p.path, passed_through)]
    return sorted(found, key=lambda p: p.path)


def refusal(found: Sequence[Problem], where: str = "", **kwargs: Any) -> ValidationError:
    """The one ValidationError for broken rules: the first one's sentence (``where`` says where
    it was written, e.g. "in the cell"), the count of the others, every one in ``.problems``."""
    first, more = found[0], len(found) - 1
    place = f" {where}" if where else ""
    extra = f" ({more} more problem{'s' if more > 1 else ''})" if more else ""
    return ValidationError(f"{first.sentence()[:-1]}{place}{extra}.", field=first.path,
                           rule=first.rule, problems=list(found), **kwargs)


def check(definition_name: str, value: Any, prefix: str = "", *,
          passed_through: Collection[str] = ()) -> None:
    """Raise ValidationError for the first broken rule (all of them are in ``.problems``)."""
    found = problems(definition_name, value, prefix, passed_through=passed_through)
    if found:
        raise refusal(found)
