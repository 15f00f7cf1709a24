"""Lenient readers of the service's values, shared by the models.

The service is read leniently, once, here: a value of the documented type is taken as it is, a
value whose meaning is unambiguous is coerced (``"15360"`` for an integer, ``8888`` for text,
``"8888"`` for a list of ports), and JSON ``null`` means absent. Anything else is ``UNREAD``:
the model keeps it as it was sent (in ``extra``) instead of failing, so one odd field never
hides a workspace, and a write sends it back unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final


class _Unread:
    """The marker of a value that cannot be read as the documented type."""

    def __repr__(self) -> str:
        return "UNREAD"


UNREAD: Final = _Unread()
_WHOLE = re.compile(r"\s*[+-]?\d{1,18}\s*")


def text(body: Mapping[str, Any], key: str) -> str | None:
    """``body[key]`` as text (None when absent or null; numbers and booleans as JSON writes
    them; objects and lists as JSON text)."""
    value = body.get(key)
    if value is None or type(value) is str:
        return value
    read = read_text(value)
    if isinstance(read, _Unread):
        return json.dumps(value, ensure_ascii=False, default=str)
    return read


def flag(value: Any) -> bool | None:
    # The account type page says "true"/"false" strings, the examples send booleans.
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return None if value is None else bool(value)


def read_text(value: Any) -> str | _Unread | None:
    if value is None or type(value) is str:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return UNREAD


def read_whole(value: Any) -> int | _Unread | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return UNREAD  # true is not 1 here
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else UNREAD
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return int(value)
    return UNREAD


def read_flag(value: Any) -> bool | _Unread | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return UNREAD


def read_ports(value: Any) -> list[int] | _Unread | None:
    """exposeTcpPorts: a list of integers (the examples), one integer (the type page), or one
    of them as text."""
    if value is None:
        return None
    if type(value) is list and all(type(port) is int for port in value):
        return value[:]  # the documented shape: the common case, read at once
    items = value if type(value) is list else [value]
    ports = [read_whole(item) for item in items if item is not None]
    if any(port is UNREAD for port in ports):
        return UNREAD
    return [port for port in ports if isinstance(port, int)]


def read_env(value: Any) -> dict[str, str] | _Unread | None:
    """env: an object of texts; numbers and booleans are read as text, null values as absent."""
    if value is None:
        return None
    if type(value) is not dict and not isinstance(value, Mapping):
        return UNREAD  # the type page says String: its format is not documented
    if all(type(item) is str for item in value.values()):
        return dict(value)  # the documented shape: the common case, read at once
    env: dict[str, str] = {}
    for key, item in value.items():
        read = read_text(item)
        if read is UNREAD:
            return UNREAD
        if isinstance(read, str):
            env[str(key)] = read
    return env


Reader = Callable[[Any], Any]  # a value -> its reading, or UNREAD
Spec = tuple[tuple[str, Reader], ...]  # the known fields of one object, with their readers


def read_object(body: Mapping[str, Any], spec: Spec,
                known: frozenset[str]) -> tuple[list[Any], dict[str, Any]]:
    """Read the known fields of one object of the service (``spec``: each key's reader;
    ``known``: its keys): (their values in ``spec``'s order, None where absent or unreadable;
    ``extra``: everything else it holds - unknown keys and values that could not be read - as
    sent, in the service's order). Null values are absent. This runs for every configuration
    read: a body holding only known, readable fields costs no copy."""
    values: list[Any] = []
    unread: tuple[str, ...] = ()
    for key, reader in spec:
        value = body.get(key)
        if value is not None and (reader is not read_text or type(value) is not str):
            value = reader(value)
            if value is UNREAD:
                unread += (key,)
                value = None
        values.append(value)
    if not unread and body.keys() <= known:
        return values, {}
    extra = {key: value for key, value in body.items()
             if value is not None and (key not in known or key in unread)}
    return values, extra


def drop_nulls(value: Any) -> Any:
    """``value`` with every null removed, at every level (null means absent): an object loses
    its null members, a list its null items. The value itself when it holds no null."""
    if isinstance(value, Mapping):
        if not any(item is None or isinstance(item, (Mapping, list))
                   for item in value.values()):
            return value
        return {key: drop_nulls(item) for key, item in value.items() if item is not None}
    if type(value) is list:
        return [drop_nulls(item) for item in value if item is not None]
    return value


def with_unknown(known: dict[str, Any], raw: Mapping[str, Any],
                 skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """``known`` (the API's names of what this release reads), then every other non-null field
    of ``raw`` (the body it was read from) as the service sent it, except those in ``skip``."""
    for key, value in raw.items():
        if key not in known and key not in skip and value is not None:
            known[key] = value
    return known


def walk_extra(extra: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of each field in ``extra`` under ``prefix``."""
    for key, value in extra.items():
        yield (f"{prefix}.{key}" if prefix else key), value


def contents_of(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a ``contents`` field. The type pages say a single object, the examples an
    array: both are read; anything that is not an object is skipped."""
    if isinstance(value, Mapping):
        value = [value]
    if type(value) is not list:
        return []
    return [item for item in value if type(item) is dict or isinstance(item, Mapping)]
