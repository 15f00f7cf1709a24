"""Reading a configuration written as text: the cell of ``%%df_create`` / ``%%df_set_config``.

YAML or JSON, in the API's shape (``docker``, ``resource``, ``queueName``...), possibly partial
because line options may supply the rest; or a whole create request around one, as ``--dry-run``
prints it. Syntax errors name the line; broken rules are checked by the model (``spec``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import spec
from .errors import ValidationError, short
from .spec import Configuration


@dataclass
class CellConfiguration:
    """A cell body: a configuration in the API's shape, or a whole create / setConfiguration
    request around one (as ``--dry-run`` prints it), whose other fields the line may override."""

    configuration: dict[str, Any]
    name: str | None = None
    description: str | None = None
    account: str | None = None
    workspace_id: str | None = None  # "id" of a setConfiguration body


_REQUEST_FIELDS = ("name", "description", "accountId", "id")


@functools.cache
def _yaml_loader() -> Any:
    import re

    import yaml  # imported on first cell: `%load_ext` stays cheap

    class Loader(yaml.SafeLoader):  # type: ignore[misc]  # no stubs for yaml
        """YAML 1.2 booleans: ``JUPYTER_ENABLE_LAB: yes`` stays the text "yes"."""

    bool_tag = "tag:yaml.org,2002:bool"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != bool_tag]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    Loader.add_implicit_resolver(bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))
    return Loader


def _load_text(text: str, where: str) -> Any:
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError as exc:
            line, column = getattr(exc, "lineno", "?"), getattr(exc, "colno", "?")
            raise ValidationError(
                f"{where} is not valid JSON: line {line}, column {column}: "
                f"{getattr(exc, 'msg', exc)}.", field=where, rule="must be YAML or JSON") from None
    import yaml

    try:
        return yaml.load(text, Loader=_yaml_loader())  # a SafeLoader subclass: no tags run
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where_in = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValidationError(f"{where} is not valid YAML: {where_in}{problem}.", field=where,
                              rule="must be YAML or JSON") from None


def read_configuration(text: str, where: str = "the cell") -> CellConfiguration:
    """Read a YAML or JSON configuration (API shape, may be partial); ValidationError naming the
    line on a syntax error, or the field when it is not a mapping."""
    value = _load_text(text, where) if text.strip() else {}
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"{where} must hold a configuration object (keys such as docker, resource), "
            f"not {type(value).__name__} {short(value)}.", field=where, rule="must be an object")
    if isinstance(value.get("configuration"), Mapping):  # a whole request
        texts = {key: value.get(key) for key in _REQUEST_FIELDS}
        for key, item in texts.items():
            if item is not None and not isinstance(item, str):
                raise ValidationError(f"{key} in {where} must be text (got {short(item)}).",
                                      field=key, rule="must be text")
        unknown = sorted(set(value) - {"configuration", *texts})
        if unknown:
            raise ValidationError(
                f"{unknown[0]} in {where} is not a known field (known: accountId, configuration, "
                "description, id, name).", field=unknown[0], rule="is not a known field")
        return CellConfiguration(dict(value["configuration"]), texts["name"],
                                 texts["description"], texts["accountId"], texts["id"])
    return CellConfiguration(dict(value))


def _merged(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merged(out[key], value)
        else:  # lists and values replace
            out[key] = value
    return out


def merge_configuration(base: Configuration | None, overlay: Mapping[str, Any],
                        where: str = "the cell") -> Configuration:
    """``overlay`` (API shape) laid over ``base``: objects merge, lists and values replace.

    Fields still missing are allowed (line options may supply them; the client checks the final
    configuration); any other broken rule, such as an unknown key, is reported now so that nothing
    the user wrote is silently dropped.
    """
    body = _merged(base.to_api() if base is not None else {},
                   spec.normalize_configuration(overlay))
    found = [p for p in spec.problems("configuration", body, "configuration") if not p.missing]
    if found:
        more = f" ({len(found) - 1} more problem{'s' if len(found) > 2 else ''})" if len(
            found) > 1 else ""
        raise ValidationError(f"{found[0].sentence()[:-1]} in {where}{more}.",
                              field=found[0].path, rule=found[0].rule, problems=found)
    return Configuration.from_api(body)
