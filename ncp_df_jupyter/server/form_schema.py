"""The workspace schema as the form needs it: the core's rules, with the choices filled in.

Only choices are added (which accounts exist, which GPU models, queues and images to suggest);
every rule stays the core's (``rules.schema_copy()``), so the form's checks and Python's agree.
Open value sets (GPU model, queue, image) get ``examples`` - suggestions a person may override,
as the service accepts other values - while the account, a closed set, gets a ``oneOf`` of
constants so the form shows account names but sends ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.models import Account, Choices, account_label, default_account, offered_accounts
from ..core.schema import rules


def default_account_id(accounts: Sequence[Account]) -> str | None:
    """The id of the account a form preselects (the core's rule: ``default_account``)."""
    chosen = default_account(accounts)
    return chosen.id if chosen else None


def form_schema(accounts: Sequence[Account], choices: Choices, images: Sequence[str],
                account_id: str | None = None) -> dict[str, Any]:
    """A fresh copy of the workspace schema with the service's choices filled in.

    ``accounts``: the key's accounts (disabled ones are left out of the choice, since creating
    there is refused); ``choices``: GPU models and queues (documented ones united with those in
    use); ``images``: image references of the chosen framework(s); ``account_id``: the account
    preselected in the form.
    """
    schema = rules.schema_copy()
    definitions = schema["definitions"]

    offered = offered_accounts(accounts)
    if offered:
        account_field = schema["properties"]["accountId"]
        account_field["oneOf"] = [{"const": a.id, "title": account_label(a)} for a in offered]
        chosen = account_id in {a.id for a in offered}
        account_field["default"] = account_id if chosen else default_account_id(accounts)

    resource = definitions["resource"]["properties"]
    resource["gpuModel"]["examples"] = list(choices.gpu_models)
    definitions["configuration"]["properties"]["queueName"]["examples"] = list(choices.queues)

    if images:
        image = definitions["dockerImage"]
        image["examples"] = list(images)
        image["default"] = images[0]
    return schema
