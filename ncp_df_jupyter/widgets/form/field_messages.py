"""Which form field a broken rule belongs to.

The rules come from the workspace model (``rules.problems`` on the request the form would send);
this module only maps a problem's path in the API's shape (``configuration.docker.image``) to
the form field that shows its message, a path into a list (``configuration.data.input[1]``)
to the row it names, and a path to a variable (``configuration.docker.env.KEY``) to the rows
holding that key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ...core.schema import rules
from ...core.schema.rules import Problem
from ...kernel.i18n import _
from .attributes import ATTRIBUTE_OF_KEY

# API path prefix -> form field (longest prefix wins; order does not matter): each field's own
# widget, and two paths no widget shows.
FIELD_OF_PATH: dict[str, str] = {
    **{key: name for key, name in ATTRIBUTE_OF_KEY.items() if name != "start_from"},
    "id": "name",  # edit mode: the workspace being edited
    "configuration": "command",  # nothing more precise: put it where a person will look
}

_ROW = re.compile(r"^\[(\d+)\]")
ENV_PATH = "configuration.docker.env"


def field_of(path: str) -> tuple[str, int | None]:
    """The form field of an API path, and the list index when the path goes into a row."""
    best = ""
    for prefix in FIELD_OF_PATH:
        if (path == prefix or path.startswith((prefix + ".", prefix + "["))) and len(
                prefix) > len(best):
            best = prefix
    if not best:
        return "status", None
    match = _ROW.match(path[len(best):])
    return FIELD_OF_PATH[best], int(match.group(1)) if match else None


def rule_text(problem: Problem) -> str:
    """What to show beside the field: the rule, as the model words it (translated when the
    catalogue has its wording: the schema's x-message texts are msgids)."""
    if problem.missing and problem.rule == "is required":
        return _("required")
    return _(problem.rule)


@dataclass
class FieldMessages:
    """Messages per field (first broken rule wins) and per row of the list fields."""

    fields: dict[str, str] = field(default_factory=dict)
    rows: dict[str, dict[int, str]] = field(default_factory=dict)
    # fields whose only problem is being empty (shown muted until filled)
    missing: set[str] = field(default_factory=set)

    def add(self, name: str, text: str, row: int | None = None, missing: bool = False) -> None:
        if name not in self.fields:
            self.fields[name] = text
            if missing:
                self.missing.add(name)
        if row is not None:
            self.rows.setdefault(name, {}).setdefault(row, text)

    def __bool__(self) -> bool:
        return bool(self.fields)


def _item_titles() -> dict[str, str]:
    """Titles of the fields inside a list item ("path" -> "Container path"), from the schema."""
    titles: dict[str, str] = {}
    for definition in ("dataInput", "dataOutput"):
        for key, prop in rules.definition(definition)["properties"].items():
            titles.setdefault(key, str(prop.get("title", key)))
    return titles


def env_key(path: str) -> str | None:
    """The variable a problem names (``configuration.docker.env.KEY`` -> KEY), if it does."""
    return path[len(ENV_PATH) + 1:] if path.startswith(ENV_PATH + ".") else None


def messages_for(problems: Iterable[Problem],
                 env_rows: Mapping[int, str] | None = None) -> FieldMessages:
    """Each problem's message on its field; ``env_rows`` (row index -> the key typed in it)
    puts a variable's problem on the rows holding that key."""
    messages = FieldMessages()
    titles: dict[str, str] | None = None
    for problem in problems:
        name, row = field_of(problem.path)
        text = rule_text(problem)
        key = env_key(problem.path)
        if key is not None:
            rows: list[int | None] = [i for i, typed in (env_rows or {}).items() if typed == key]
            for index in rows or [None]:
                messages.add(name, text, index)
            continue
        if row is not None:
            # "configuration.data.input[1].path" -> "Container path must not be empty"
            leaf = problem.path.rsplit("]", 1)[-1].lstrip(".")
            if leaf:
                titles = titles if titles is not None else _item_titles()
                rule = _("is required") if problem.missing else text
                text = f"{_(titles.get(leaf, leaf))} {rule}"
        messages.add(name, text, row, problem.missing and row is None)
    return messages
