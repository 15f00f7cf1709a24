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
ANNOTATIONS = frozenset({"title", "description", "default", "examples", "x-message", "$comment",
                         "$schema", "$id", "definitions"})
ASSERTIONS = frozenset({"$ref", "type", "required", "properties", "additionalProperties",
                        "propertyNames", "pattern", "minLength", "maxLength", "minimum",
                        "maximum", "enum", "items", "uniqueItems"})

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
        check = self._compiled.get(definition)
        if check is None:
            node = (self._document if definition == "#"
                    else self._document["definitions"][definition])
            check = self._compiled[definition] = self._compile(node)
        found: list[Violation] = []
        check(value, (), found)
        return found

    def _resolve(self, ref: str) -> Check:
        if ref == "#":
            name = "#"
        elif ref.startswith("#/definitions/"):
            name = ref[len("#/definitions/"):]
        else:
            raise ValueError(f"unsupported $ref {ref!r} in the workspace schema")

        def deferred(value: Any, path: Path, out: list[Violation]) -> None:
            # Resolved at first use, so recursive references compile.
            target = self._compiled.get(name)
            if target is None:
                node = self._document if name == "#" else self._document["definitions"][name]
                target = self._compiled[name] = self._compile(node)
            target(value, path, out)

        return deferred

    def _compile(self, node: Mapping[str, Any]) -> Check:
        unknown = set(node) - ANNOTATIONS - ASSERTIONS
        if unknown:
            raise ValueError(f"the workspace schema uses unsupported keyword(s) {sorted(unknown)}")
        worded = _wording(node)
        steps: list[Check] = []

        if "$ref" in node:
            steps.append(self._resolve(node["$ref"]))

        expected = node.get("type")
        if "required" in node:
            names = tuple(node["required"])

            def required(value: Any, path: Path, out: list[Violation]) -> None:
                if isinstance(value, dict):
                    out.extend(Violation((*path, n), "is required", missing=True)
                               for n in names if n not in value)
            steps.append(required)

        if "properties" in node:
            props = {name: self._compile(sub) for name, sub in node["properties"].items()}

            def properties(value: Any, path: Path, out: list[Violation]) -> None:
                if isinstance(value, dict):
                    for name, check in props.items():
                        if name in value:
                            check(value[name], (*path, name), out)
            steps.append(properties)

        extra = node.get("additionalProperties", True)
        if extra is not True:
            known = tuple(node.get("properties", {}))
            known_text = ", ".join(sorted(known))
            extra_check = None if extra is False else self._compile(extra)

            def additional(value: Any, path: Path, out: list[Violation]) -> None:
                if not isinstance(value, dict):
                    return
                for name in value:
                    if name in known:
                        continue
                    if extra_check is None:
                        out.append(Violation((*path, name),
                                             f"is not a known field (known: {known_text})",
                                             value[name]))
                    else:
                        extra_check(value[name], (*path, name), out)
            steps.append(additional)

        if "propertyNames" in node:
            names_node = node["propertyNames"]
            names_check = self._compile(names_node)
            names_rule = names_node.get("x-message")

            def property_names(value: Any, path: Path, out: list[Violation]) -> None:
                # Blame the key itself (configuration.docker.env.<key>), so a form can point
                # at the row that holds it; an x-message text words the whole name rule.
                if isinstance(value, dict):
                    for name in value:
                        broken: list[Violation] = []
                        names_check(name, path, broken)
                        if broken:
                            first = broken[0]
                            rule = names_rule if isinstance(names_rule, str) else first.rule
                            out.append(Violation((*path, name), rule, name,
                                                 plain=first.plain or first.rule))
            steps.append(property_names)

        if "items" in node:
            item_check = self._compile(node["items"])

            def items(value: Any, path: Path, out: list[Violation]) -> None:
                if isinstance(value, list):
                    for index, item in enumerate(value):
                        item_check(item, (*path, index), out)
            steps.append(items)

        if node.get("uniqueItems"):
            repeated = "must not repeat a value"
            unique_rule = worded("uniqueItems") or repeated

            def unique(value: Any, path: Path, out: list[Violation]) -> None:
                if isinstance(value, list) and len({repr(v) for v in value}) != len(value):
                    out.append(Violation(path, unique_rule, value, plain=repeated))
            steps.append(unique)

        steps.extend(self._scalar_checks(node, worded))

        def check(value: Any, path: Path, out: list[Violation]) -> None:
            if expected is not None and not _is_type(value, expected):
                out.append(Violation(path, _TYPE_WORDS[expected], value))
                return
            for step in steps:
                step(value, path, out)

        return check

    @staticmethod
    def _scalar_checks(node: Mapping[str, Any], worded: Wording) -> list[Check]:
        steps: list[Check] = []

        def broken(keyword: str, plain: str, fails: Callable[[Any], bool]) -> Check:
            # Checked in the schema's keyword order below: for a name both too long and
            # malformed, the length is reported first (and each keyword has its own words).
            said = worded(keyword) or plain

            def step(value: Any, path: Path, out: list[Violation]) -> None:
                if fails(value):
                    out.append(Violation(path, said, value, plain=plain))
            return step

        if "minLength" in node:
            low = node["minLength"]
            steps.append(broken("minLength", "must not be empty" if low == 1
                                else f"must be at least {low} characters long",
                                lambda v: isinstance(v, str) and len(v) < low))
        if "maxLength" in node:
            high = node["maxLength"]
            steps.append(broken("maxLength", f"must be at most {high} characters long",
                                lambda v: isinstance(v, str) and len(v) > high))
        if "pattern" in node:
            pattern = ecma_regex(node["pattern"])
            steps.append(broken("pattern", f'must match "{node["pattern"]}"',
                                lambda v: isinstance(v, str) and pattern.search(v) is None))
        if "minimum" in node:
            lowest = node["minimum"]
            steps.append(broken("minimum", f"must be at least {lowest}",
                                lambda v: _is_number(v) and v < lowest))
        if "maximum" in node:
            highest = node["maximum"]
            steps.append(broken("maximum", f"must be at most {highest}",
                                lambda v: _is_number(v) and v > highest))
        if "enum" in node:
            allowed = list(node["enum"])
            steps.append(broken("enum", "must be one of " + ", ".join(map(str, allowed)),
                                lambda v: not any(v == a and type(v) is type(a)
                                                  for a in allowed)))
        return steps


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
