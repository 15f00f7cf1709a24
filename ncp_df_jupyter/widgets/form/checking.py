"""Checking what the form would send: the message of each field, and why Create cannot be
pressed yet. The rules are the workspace model's (``rules.problems``); this adds only what the
form alone knows (a name the service said is taken, a variable typed twice, a refusal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.schema import rules
from .field_messages import FieldMessages, messages_for

ENV_TWICE = "is given twice"

# Requests whose result the form needs before Create may be pressed. The second round
# ("choices") only adds dropdown values, so it does not hold Create back.
BLOCKING = frozenset({"accounts", "workspaces", "images", "start from", "workspace",
                      "name check", "create", "save"})


def field_messages(body: Mapping[str, Any], *, editing: bool,
                   env_keys: Sequence[tuple[int, str]],
                   sent_rows: Mapping[str, Sequence[int]], name_taken: bool,
                   service_messages: Mapping[str, str],
                   passed_through: frozenset[str] = frozenset()) -> FieldMessages:
    """Each field's message for the request ``body``.

    ``env_keys``: (row, key typed) of the environment rows with something in them;
    ``sent_rows``: per list field, the row each sent item came from (empty rows are not sent);
    ``service_messages``: fields the service refused; ``passed_through``: paths of fields the
    service sent that this release does not know (not the person's typos: they pass).
    """
    schema = "setConfigurationRequest" if editing else "createRequest"
    problems = rules.problems(schema, body, passed_through=passed_through)
    messages = messages_for(problems, dict(env_keys))
    for name, rows in sent_rows.items():
        # Problems name the n-th sent item; the form shows them on the row it came from.
        by_item = messages.rows.get(name, {})
        messages.rows[name] = {rows[i]: text for i, text in by_item.items() if i < len(rows)}
    if "name" not in messages.fields and name_taken:
        messages.add("name", rules.NAME_TAKEN)
    seen: set[str] = set()
    for index, key in env_keys:
        if key in seen:
            messages.add("env", f"{key} {ENV_TWICE}", index)
        seen.add(key)
    for name, text in service_messages.items():
        messages.add(name, text)
    return messages


def blocked_because(*, ready: bool, messages: FieldMessages, pending: Sequence[str],
                    name_unchecked: bool) -> str | None:
    """Why Create cannot be pressed now, as a sentence (None when it can)."""
    if not ready:
        return "The form is still loading (or failed to load; see the message above)."
    if messages.fields:
        return ("Fix the fields marked in red first: "
                f"{', '.join(f.replace('_', ' ') for f in messages.fields)}.")
    busy = [label for label in pending if label in BLOCKING]
    if busy:
        return f"Wait a moment: still {', '.join(busy)} in progress."
    if name_unchecked:
        return "Wait a moment: the name has not been checked yet."
    return None
