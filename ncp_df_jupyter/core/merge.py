"""The one deep merge of API-shaped values: overrides laid over a base configuration.

Used where a person gives only what changes: a notebook cell over a workspace's configuration
(``%%df_set_config``), and the overrides of ``submit_app`` over the workspace's configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def deep_merge(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """``overlay`` laid over ``base``: objects merge key by key, lists and values replace.

    Neither argument is changed; the result shares no dict with ``base`` along merged paths.
    """
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:  # lists and values replace
            out[key] = value
    return out
