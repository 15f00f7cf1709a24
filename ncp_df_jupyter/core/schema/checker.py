"""A small, fast checker for the JSON Schema subset the workspace schema uses.

Why not the ``jsonschema`` package at run time: importing it costs about a second in a Jupyter
environment (one of its optional format checkers builds a grammar at import) and each check
costs 30-200 us, which is more than a loopback round trip's share we allow the client. The schema
file stays the one statement of the rules: this module only interprets it, refuses keywords it
does not know (so a schema edit can never be silently ignored), and the tests check it against
``jsonschema`` itself on generated inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# Keywords that only describe (for people and form renderers); they never reject a value.
# Keywords that assert nothing: x-form, x-group, x-order, x-widget and x-labels describe the
# forms (core/schema/form.py), x-message words a rule.
ANNOTATIONS = frozenset({"title", "description", "default", "examples", "x-message", "$comment",
                         "$schema", "$id", "definitions", "x-form", "x-group", "x-order",
                         "x-widget", "x-labels"})

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Violation:
    """Where a value breaks a rule, the rule's wording, and the offending value."""

    path: Path
    rule: str
    value: Any = None
    missing: bool = False
    # The rule in its keyword's own words when ``rule`` is the schema's x-message (e.g.
    # 'must match "^[a-z]..."'): how a service words it, as the emulator answers.
    plain: str | None = None


Check = Callable[[Any, Path, list[Violation]], None]
Wording = Callable[[str], str | None]  # keyword -> the schema's x-message for it, if any

_TYPE_WORDS = {
    "string": "must be text",
    "integer": "must be a whole number",
    "number": "must be a number",
    "boolean": "must be true or false",
    "object": "must be an object",
    "array": "must be a list",
}


def _is_type(value: Any, expected: str) -> bool:
    if expected == "string":
        return isinstance(value, str)
    if expected == "object":
        return isinstance(value, dict)
    if expected == "array":
        return isinstance(value, list)
    if expected == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if expected == "integer":  # as in jsonschema and ajv, 2.0 is an integer
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if expected == "number":
        return isinstance(value, (int, float))
    raise ValueError(f"unsupported type {expected!r} in the workspace schema")


class SchemaChecker:
    """Compiles each definition of one schema document into a checking function, once."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._compiled: dict[str, Check] = {}

    def check(self, definition: str, value: Any) -> list[Violation]:
        found: list[Violation] = []
        self._definition(definition)(value, (), found)
        return found

    def _definition(self, name: str) -> Check:
        """The compiled check of a definition ("#": the whole document), compiled once."""
        check = self._compiled.get(name)
        if check is None:
            node = self._document if name == "#" else self._document["definitions"][name]
            check = self._compiled[name] = self._compile(node)
        return check

    def _resolve(self, ref: str) -> Check:
        if ref == "#":
            name = "#"
        elif ref.startswith("#/definitions/"):
            name = ref[len("#/definitions/"):]
        else:
            raise ValueError(f"unsupported $ref {ref!r} in the workspace schema")

        target: Check | None = None

        def deferred(value: Any, path: Path, out: list[Violation]) -> None:
            # Resolved at first use, so recursive references compile.
            nonlocal target
            if target is None:
                target = self._definition(name)
            target(value, path, out)

        return deferred

    def _compile(self, node: Mapping[str, Any]) -> Check:
        unknown = set(node) - ANNOTATIONS - ASSERTIONS
        if unknown:
            raise ValueError(f"the workspace schema uses unsupported keyword(s) {sorted(unknown)}")
        worded = _wording(node)
        # In the table's order, which is the order a value's problems are reported in.
        steps = [step for keyword, compiler in _COMPILERS.items()
                 if keyword in node and (step := compiler(self, node, worded)) is not None]
        expected = node.get("type")
        if expected is None and len(steps) == 1:
            return steps[0]  # e.g. a bare {"$ref": ...}: one call less on the hot path

        def check(value: Any, path: Path, out: list[Violation]) -> None:
            if expected is not None and not _is_type(value, expected):
                out.append(Violation(path, _TYPE_WORDS[expected], value))
                return
            for step in steps:
                step(value, path, out)

        return check


# One compiler per assertion keyword ("type" is _compile's own: a value of another type gets
# that one problem and no other). Each takes the checker, the schema node and the node's
# wording (its x-message for a keyword), and returns the keyword's check, or None when the
# keyword asks for nothing. A violation's ``rule`` is the schema's words when it has some, its
# ``plain`` the keyword's own words (what a service says, as the emulator answers).
Compiler = Callable[[SchemaChecker, Mapping[str, Any], Wording], Check | None]


def _ref(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    return checker._resolve(node["$ref"])


def _required(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    names = tuple(node["required"])

    def required(value: Any, path: Path, out: list[Violation]) -> None:
        if isinstance(value, dict):
            out.extend(Violation((*path, n), "is required", missing=True)
                       for n in names if n not in value)
    return required


def _properties(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    props = {name: checker._compile(sub) for name, sub in node["properties"].items()}

    def properties(value: Any, path: Path, out: list[Violation]) -> None:
        if isinstance(value, dict):
            for name, check in props.items():
                if name in value:
                    check(value[name], (*path, name), out)
    return properties


def _additional(checker: SchemaChecker, node: Mapping[str, Any],
                worded: Wording) -> Check | None:
    extra = node["additionalProperties"]
    if extra is True:
        return None
    known = tuple(node.get("properties", {}))
    known_text = ", ".join(sorted(known))
    extra_check = None if extra is False else checker._compile(extra)

    def additional(value: Any, path: Path, out: list[Violation]) -> None:
        if not isinstance(value, dict):
            return
        for name in value:
            if name in known:
                continue
            if extra_check is None:
                out.append(Violation((*path, name), f"is not a known field (known: {known_text})",
                                     value[name]))
            else:
                extra_check(value[name], (*path, name), out)
    return additional


def _property_names(checker: SchemaChecker, node: Mapping[str, Any],
                    worded: Wording) -> Check:
    names_node = node["propertyNames"]
    names_check = checker._compile(names_node)
    names_rule = names_node.get("x-message")

    def property_names(value: Any, path: Path, out: list[Violation]) -> None:
        # Blame the key itself (configuration.docker.env.<key>), so a form can point at the
        # row that holds it; an x-message text words the whole name rule.
        if isinstance(value, dict):
            for name in value:
                broken: list[Violation] = []
                names_check(name, path, broken)
                if broken:
                    first = broken[0]
                    rule = names_rule if isinstance(names_rule, str) else first.rule
                    out.append(Violation((*path, name), rule, name,
                                         plain=first.plain or first.rule))
    return property_names


def _items(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    item_check = checker._compile(node["items"])

    def items(value: Any, path: Path, out: list[Violation]) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                item_check(item, (*path, index), out)
    return items


def _unique_items(checker: SchemaChecker, node: Mapping[str, Any],
                  worded: Wording) -> Check | None:
    if not node["uniqueItems"]:
        return None
    plain = "must not repeat a value"
    text = worded("uniqueItems") or plain

    def unique(value: Any, path: Path, out: list[Violation]) -> None:
        if isinstance(value, list) and len({repr(v) for v in value}) != len(value):
            out.append(Violation(path, text, value, plain=plain))
    return unique


def _min_length(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    low = node["minLength"]
    plain = ("must not be empty" if low == 1
             else f"must be at least {low} characters long")
    text = worded("minLength") or plain

    def min_length(value: Any, path: Path, out: list[Violation]) -> None:
        if isinstance(value, str) and len(value) < low:
            out.append(Violation(path, text, value, plain=plain))
    return min_length


def _max_length(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    high = node["maxLength"]
    plain = f"must be at most {high} characters long"
    text = worded("maxLength") or plain

    def max_length(value: Any, path: Path, out: list[Violation]) -> None:
        if isinstance(value, str) and len(value) > high:
            out.append(Violation(path, text, value, plain=plain))
    return max_length


def _pattern(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    search = ecma_regex(node["pattern"]).search
    plain = f'must match "{node["pattern"]}"'
    text = worded("pattern") or plain

    def pattern(value: Any, path: Path, out: list[Violation]) -> None:
        if isinstance(value, str) and search(value) is None:
            out.append(Violation(path, text, value, plain=plain))
    return pattern


def _minimum(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    lowest = node["minimum"]
    plain = f"must be at least {lowest}"
    text = worded("minimum") or plain

    def minimum(value: Any, path: Path, out: list[Violation]) -> None:
        if _is_number(value) and value < lowest:
            out.append(Violation(path, text, value, plain=plain))
    return minimum


def _maximum(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    highest = node["maximum"]
    plain = f"must be at most {highest}"
    text = worded("maximum") or plain

    def maximum(value: Any, path: Path, out: list[Violation]) -> None:
        if _is_number(value) and value > highest:
            out.append(Violation(path, text, value, plain=plain))
    return maximum


def _enum(checker: SchemaChecker, node: Mapping[str, Any], worded: Wording) -> Check:
    allowed = list(node["enum"])
    plain = "must be one of " + ", ".join(map(str, allowed))
    text = worded("enum") or plain

    def enum(value: Any, path: Path, out: list[Violation]) -> None:
        if not any(value == a and type(value) is type(a) for a in allowed):
            out.append(Violation(path, text, value, plain=plain))
    return enum


_COMPILERS: dict[str, Compiler] = {
    "$ref": _ref,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "items": _items,
    "uniqueItems": _unique_items,
    "minLength": _min_length,
    "maxLength": _max_length,
    "pattern": _pattern,
    "minimum": _minimum,
    "maximum": _maximum,
    "enum": _enum,
}
# Every keyword the checker enforces; any other that is not an annotation is refused.
ASSERTIONS = frozenset({"type", *_COMPILERS})


def _wording(node: Mapping[str, Any]) -> Wording:
    """The schema's own words for a node's rules: ``x-message`` is one text for every keyword
    of the node, or an object naming the keyword each text is for."""
    message = node.get("x-message")
    if isinstance(message, Mapping):
        return lambda keyword: message.get(keyword)
    return lambda keyword: message


def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A schema pattern with its ECMA-262 meaning (JSON Schema's dialect, and ajv's in the
    sidebar): an unescaped "$" ends the text. Python's "$" also matches before a final newline,
    which would let "abc\\n" pass as a name, an image or an id; "\\Z" is the ECMA "$"."""
    return re.compile(re.sub(r"(?<!\\)\$(?=$|[|)])", r"\\Z", pattern))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
