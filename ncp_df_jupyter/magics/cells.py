"""Reading a configuration written as text: the cell of ``%%df_create`` / ``%%df_set_config``.

YAML or JSON, in the API's shape (``docker``, ``resource``, ``queueName``...), possibly partial
because line options may supply the rest; or the whole request around one, as ``--dry-run``
prints it. Syntax errors name the line; broken rules are checked by the core's rules
(``core.schema``), the request's own fields against the operation's request definition.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core import models
from ..core.errors import ValidationError, short
from ..core.merge import deep_merge
from ..core.models import Configuration
from ..core.protocol import OPERATIONS
from ..core.schema import rules
from ..core.schema.rules import Problem


@dataclass
class CellConfiguration:
    """A cell body: a configuration in the API's shape, or the whole create / setConfiguration
    request around one (as ``--dry-run`` prints it). The line may override its description and
    account; its name or id must name what the line names (``agree_with_line``)."""

    configuration: dict[str, Any]
    name: str | None = None
    description: str | None = None
    account: str | None = None
    workspace_id: str | None = None  # "id" of a setConfiguration body


def _in_configuration(problem: Problem) -> bool:
    return problem.path == "configuration" or problem.path.startswith(
        ("configuration.", "configuration["))


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


def read_configuration(text: str, operation: str = "create",
                       where: str = "the cell") -> CellConfiguration:
    """Read a YAML or JSON configuration (API shape, may be partial), or the whole request of
    ``operation`` around one; ValidationError naming the line on a syntax error, or the field
    when it breaks a rule. Missing fields are allowed: the line may supply them."""
    value = _load_text(text, where) if text.strip() else {}
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"{where} must hold a configuration object (keys such as docker, resource), "
            f"not {type(value).__name__} {short(value)}.", field=where, rule="must be an object")
    if not isinstance(value.get("configuration"), Mapping):
        return CellConfiguration(dict(value))
    # A whole request: its own fields now, the configuration when merged (merge_configuration).
    found = [p for p in rules.problems(OPERATIONS[operation].request_schema, value)
             if not p.missing and not _in_configuration(p)]
    if found:
        raise rules.refusal(found, f"in {where}")
    return CellConfiguration(dict(value["configuration"]), value.get("name"),
                             value.get("description"), value.get("accountId"), value.get("id"))


@dataclass
class SubmitCell:
    """A ``%%df_submit`` cell: overrides in the API's shape (docker, resource, data,
    queueName), or a whole submit request as ``--dry-run`` prints it, whose aiWorkspaceId must
    name the line's workspace and whose namePrefix is used unless the line gives one."""

    overrides: dict[str, Any]
    workspace_id: str | None = None
    name_prefix: str | None = None


def read_submit_cell(text: str, where: str = "the cell") -> SubmitCell:
    """Read a YAML or JSON cell of submit overrides; ValidationError naming the line on a
    syntax error. The fields are checked by the core when the submit body is made."""
    value = _load_text(text, where) if text.strip() else {}
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"{where} must hold submit overrides (keys such as docker, resource), not "
            f"{type(value).__name__} {short(value)}.", field=where, rule="must be an object")
    overrides = dict(value)
    workspace_id, prefix = overrides.pop("aiWorkspaceId", None), overrides.pop("namePrefix", None)
    for name, given in (("aiWorkspaceId", workspace_id), ("namePrefix", prefix)):
        if given is not None and not isinstance(given, str):
            raise ValidationError(f"{name} in {where} must be a text (got {short(given)}).",
                                  field=name, rule="must be a text")
    return SubmitCell(overrides, workspace_id, prefix)


def agree_with_line(field: str, in_cell: str | None, on_line: str,
                    where: str = "the cell") -> None:
    """A request field written in the cell must name what the line names (nothing the user
    wrote is silently ignored)."""
    if in_cell is not None and in_cell != on_line:
        raise ValidationError(
            f"{field} in {where} ({in_cell!r}) differs from the line's ({on_line!r}); make them "
            f"agree or leave {field} out of {where}.", field=field, rule="must match the line")


def merge_configuration(base: Configuration | None, overlay: Mapping[str, Any],
                        where: str = "the cell", *,
                        stored: Callable[[], Configuration | None] | None = None
                        ) -> Configuration:
    """``overlay`` (API shape; null means absent) laid over ``base``: objects merge, lists and
    values replace.

    Fields still missing are allowed (line options may supply them; the client checks the final
    configuration); any other broken rule, such as an unknown key, is reported now so that nothing
    the user wrote is silently dropped. Fields this release does not know pass where the service
    sent them: kept from ``base``, or (asked only when the cell has some) held by the target's
    ``stored`` configuration, as in a cell pasted from ``%df_config``.
    """
    body = deep_merge(base.to_api() if base is not None else {},
                      models.configuration_body(overlay))
    passed = base.extra_paths() if base is not None else frozenset()
    found = _written_problems(body, passed)
    if found and stored is not None:
        unread = Configuration.from_api(body).extra_paths()
        held = stored() if not _written_problems(body, passed | unread) else None
        if held is not None:
            found = _written_problems(body, passed | (unread & held.extra_paths()))
    if found:
        raise rules.refusal(found, f"in {where}")
    return Configuration.from_api(body)


def _written_problems(body: Mapping[str, Any], passed: frozenset[str]) -> list[Problem]:
    return [p for p in rules.problems("configuration", body, "configuration",
                                      passed_through=passed) if not p.missing]
