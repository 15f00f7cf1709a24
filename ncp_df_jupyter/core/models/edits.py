"""A person's edit of a configuration laid over the one the service sent (``rebase``).

A form shows only what it can show, with its own defaults where the service had nothing; what it
holds afterwards is not what should be sent. ``rebase`` sends what the person changed and keeps
everything else as the service had it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .configuration import Configuration

Leaves = dict[tuple[str, ...], Any]
_ABSENT = object()


def _leaves(body: Any, path: tuple[str, ...] = ()) -> Leaves:
    """Every value of an API body by its key path; lists are values (rows are not merged)."""
    if isinstance(body, Mapping) and body:
        out: Leaves = {}
        for key, value in body.items():
            out.update(_leaves(value, (*path, str(key))))
        return out
    return {path: body}


def _tree(leaves: Leaves) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for path, value in leaves.items():
        if not path:
            continue  # an empty body
        node = root
        for key in path[:-1]:
            below = node.get(key)
            if not isinstance(below, dict):
                below = node[key] = {}
            node = below
        node[path[-1]] = value
    return root


def rebase(edited: Configuration, shown: Configuration, read: Configuration) -> Configuration:
    """What a person made of a configuration in a form, laid over the one it was read from.

    ``read`` is what the service sent, ``shown`` what the form showed of it (without the fields
    it cannot show, with its defaults where ``read`` had nothing) and ``edited`` what the form
    holds now. A field the person changed takes their value (or goes, if they emptied it);
    every other field keeps ``read``'s, so unknown fields survive and a default the form only
    displayed is never sent. A list counts as one field.
    """
    before, now = _leaves(shown.to_api()), _leaves(edited.to_api())
    merged = _leaves(read.to_api())
    for path in dict.fromkeys([*before, *now]):
        if before.get(path, _ABSENT) == now.get(path, _ABSENT):
            continue
        depth = len(path)
        for key in [k for k in merged if k[:depth] == path or path[:len(k)] == k]:
            del merged[key]
        if path in now:
            merged[path] = now[path]
    return Configuration.from_api(_tree(merged))
