"""Checking what the form would send: the message of each field, and why Create cannot be
pressed yet. The rules are the workspace model's (``rules.problems``); this adds only what the
form alone knows (a name the service said is taken, a variable typed twice, a refusal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.schema import rules
from ...kernel.i18n import _
from ..background import doing
from .field_messages import FieldMessages, messages_for

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
        messages.add("name", _(rules.NAME_TAKEN))
    seen: set[str] = set()
    for index, key in env_keys:
        if key in seen:
            messages.add("env", _("{key} is given twice").format(key=key), index)
        seen.add(key)
    for name, text in service_messages.items():
        messages.add(name, text)
    return messages


def blocked_because(*, ready: bool, messages: FieldMessages, pending: Sequence[str],
                    name_unchecked: bool, just_created: bool = False,
                    labels: Mapping[str, str] | None = None) -> str | None:
    """Why Create cannot be pressed now, as a sentence (None when it can). ``labels`` names the
    fields as the form shows them; ``just_created``: the name is the workspace this form made."""
    if not ready:
        return _("The form is still loading (or failed to load; see the message under its "
                 "title).")
    if messages.fields:
        names = ", ".join((labels or {}).get(f, f.replace("_", " ")) for f in messages.fields)
        return _("Fix the fields marked in red first: {fields}.").format(fields=names)
    busy = [doing(label) for label in pending if label in BLOCKING]
    if busy:
        return _("Wait a moment: still {doing}.").format(doing="; ".join(busy))
    if just_created:
        return _("This workspace was just created; change the name to create another one.")
    if name_unchecked:
        return _("Wait a moment: the name has not been checked yet.")
    return None
