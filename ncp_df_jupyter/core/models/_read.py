"""Lenient readers of the service's values, shared by the models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def text(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if value is None or type(value) is str else str(value)


def flag(value: Any) -> bool | None:
    # The account type page says "true"/"false" strings, the examples send booleans.
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return None if value is None else bool(value)


def contents_of(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a ``contents`` field. The type pages say a single object, the examples an
    array: both are read; anything that is not an object is skipped."""
    if isinstance(value, Mapping):
        value = [value]
    if type(value) is not list:
        return []
    return [item for item in value if type(item) is dict or isinstance(item, Mapping)]
