"""The create/edit form, as the workspace schema describes it: groups, fields, labels, order.

Both forms (the notebook's ipywidgets form and the sidebar's) are drawn from this one
description, so they cannot drift apart: the same groups in the same order (``x-form``), and
for each field its label (``title``), help (``description``), default, group (``x-group``),
place in the group (``x-order``) and kind of input (``x-widget``). Titles and descriptions are
English msgids: each face translates them with the package's catalogue.

``form_fields(schema)`` reads a schema (the core's, or the server's copy with the service's
choices filled in) and returns the fields in the order shown; ``form_groups()`` the groups.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import rules

# The kinds of input a field may ask for (x-widget); "hidden" fields are never shown.
WIDGETS = frozenset({"text", "textarea", "choice-or-other", "image", "number", "key-value",
                     "number-list", "rows", "account", "hidden", "start-from"})

Node = Mapping[str, Any]


@dataclass(frozen=True)
class FormGroup:
    id: str
    title: str

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title}


@dataclass(frozen=True)
class FormChoice:
    """One value a dropdown offers, and how it is labelled."""

    value: str
    label: str

    def to_api(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True)
class FormPart:
    """A column of a field made of rows (a data input's HDFS path, an env variable's value)."""

    key: str  # the property of a row ("hdfs"), or "key" / "value" of a key-value row
    title: str
    kind: str  # "text", "number" or "checkbox"
    required: bool = False
    default: Any = None

    def to_api(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "kind": self.kind,
                "required": self.required, "default": self.default}


@dataclass(frozen=True)
class FormField:
    """One input of the form.

    ``key`` is the field's dotted path in the create request ("configuration.docker.image"),
    or, for a control that is not part of the request (``control``: "Start from"), its id.
    """

    key: str
    title: str
    help: str | None
    group: str
    order: int
    widget: str
    default: Any = None
    required: bool = False
    control: bool = False
    choices: tuple[FormChoice, ...] = ()
    parts: tuple[FormPart, ...] = field(default=())

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    def to_api(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "help": self.help, "group": self.group,
                "order": self.order, "widget": self.widget, "default": self.default,
                "required": self.required, "control": self.control,
                "choices": [c.to_api() for c in self.choices],
                "parts": [p.to_api() for p in self.parts]}


def form_groups(schema: Node | None = None) -> list[FormGroup]:
    """The form's groups in the order shown (Basics, Resources, Container, Data)."""
    groups = (schema or rules.load_schema())["x-form"]["groups"]
    return [FormGroup(g["id"], g["title"]) for g in groups]


def form_fields(schema: Node | None = None) -> list[FormField]:
    """Every field a form shows, in the order shown: by group, then by ``x-order``.

    ``schema``: the workspace schema to read (default: the core's); pass the server's filled
    copy (``server/form_schema.py``) to get the service's accounts, GPU models, queues and
    images as each field's ``choices``.
    """
    schema = schema or rules.load_schema()
    rank = {group.id: index for index, group in enumerate(form_groups(schema))}
    found = [*_request_fields(schema), *_controls(schema)]
    for one in found:
        if one.group not in rank:
            raise ValueError(f"the workspace schema puts {one.key} in an unknown group "
                             f"{one.group!r}")
    return sorted(found, key=lambda f: (rank[f.group], f.order, f.key))


def form_field(key: str, schema: Node | None = None) -> FormField:
    """The field with this key (``KeyError`` when the form has none)."""
    for one in form_fields(schema):
        if one.key == key:
            return one
    raise KeyError(key)


def frameworks(schema: Node | None = None) -> list[FormChoice]:
    """The image list's frameworks (getDockerImageList's typeName) with their display names."""
    schema = schema or rules.load_schema()
    search = schema["definitions"]["dockerImageListRequest"]["properties"]["search"]
    type_name = search["properties"]["typeName"]
    labels = type_name.get("x-labels", {})
    return [FormChoice(value, labels.get(value, value.capitalize()))
            for value in type_name["enum"]]


# -- reading the schema ----------------------------------------------------------------------


def _resolved(schema: Node, node: Node) -> dict[str, Any]:
    """A node with its local ``$ref`` followed (the node's own keywords win, as titles do)."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
        return dict(node)
    target = schema["definitions"][ref.rsplit("/", 1)[-1]]
    siblings = {k: v for k, v in node.items() if k != "$ref"}
    return {**_resolved(schema, target), **siblings}


def _walk(schema: Node, node: Node, path: tuple[str, ...], required: bool
          ) -> Iterator[tuple[tuple[str, ...], dict[str, Any], bool]]:
    """(path, resolved node, required all the way down) of every property below ``node``."""
    node = _resolved(schema, node)
    needed = set(node.get("required", ()))
    for name, child in node.get("properties", {}).items():
        child_path, child_required = (*path, name), required and name in needed
        resolved = _resolved(schema, child)
        yield child_path, resolved, child_required
        if "x-widget" not in resolved and resolved.get("type") == "object":
            yield from _walk(schema, resolved, child_path, child_required)


def _request_fields(schema: Node) -> Iterator[FormField]:
    for path, node, required in _walk(schema, schema, (), True):
        widget = node.get("x-widget")
        if widget is None or widget == "hidden":
            continue
        key = ".".join(path)
        if widget not in WIDGETS:
            raise ValueError(f"the workspace schema gives {key} an unknown x-widget {widget!r}")
        yield FormField(key=key, title=node.get("title", path[-1]),
                        help=node.get("description"), group=node["x-group"],
                        order=int(node["x-order"]), widget=widget, default=node.get("default"),
                        required=required, choices=_choices(node),
                        parts=_parts(schema, node, widget))


def _controls(schema: Node) -> Iterator[FormField]:
    for control in schema["x-form"].get("controls", ()):
        yield FormField(key=control["id"], title=control["title"],
                        help=control.get("description"), group=control["x-group"],
                        order=int(control["x-order"]), widget=control["x-widget"],
                        control=True)


def _choices(node: Node) -> tuple[FormChoice, ...]:
    """What a dropdown offers: the constants of a oneOf (accounts), else the examples."""
    if isinstance(node.get("oneOf"), list):
        return tuple(FormChoice(str(c["const"]), str(c.get("title", c["const"])))
                     for c in node["oneOf"] if "const" in c)
    return tuple(FormChoice(str(v), str(v)) for v in node.get("examples", ()))


def _kind(node: Node) -> str:
    return {"boolean": "checkbox", "integer": "number", "number": "number"}.get(
        node.get("type", "string"), "text")


def _parts(schema: Node, node: Node, widget: str) -> tuple[FormPart, ...]:
    """The columns of a field made of rows."""
    if widget == "rows":
        row = _resolved(schema, node["items"])
        needed = set(row.get("required", ()))
        return tuple(FormPart(name, part.get("title", name), _kind(part), name in needed,
                              part.get("default"))
                     for name, part in ((n, _resolved(schema, p))
                                        for n, p in row["properties"].items()))
    if widget == "key-value":
        names, values = node.get("propertyNames", {}), node.get("additionalProperties", {})
        return (FormPart("key", names.get("title", "Name"), "text", True),
                FormPart("value", values.get("title", "Value"), _kind(values)))
    if widget == "number-list":
        item = _resolved(schema, node["items"])
        return (FormPart("item", item.get("title", "Value"), _kind(item), True),)
    return ()
