"""The workspace schema as the form needs it: the core's rules, with the choices filled in.

Only choices are added (which accounts exist, which GPU models, queues and images to suggest);
every rule stays the core's (``spec.schema_copy()``), so the form's checks and Python's agree.
Open value sets (GPU model, queue, image) get ``examples`` - suggestions a person may override,
as the service accepts other values - while the account, a closed set, gets a ``oneOf`` of
constants so the form shows account names but sends ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import spec
from ..models import Account, Choices


def form_schema(accounts: Sequence[Account], choices: Choices, images: Sequence[str],
                account_id: str | None = None) -> dict[str, Any]:
    """A fresh copy of the workspace schema with the service's choices filled in.

    ``accounts``: the key's accounts (disabled ones are left out of the choice, since creating
    there is refused); ``choices``: GPU models and queues (documented ones united with those in
    use); ``images``: image references of the chosen framework(s); ``account_id``: the account
    preselected in the form.
    """
    schema = spec.schema_copy()
    definitions = schema["definitions"]

    usable = [a for a in accounts if not a.disabled] or list(accounts)
    if usable:
        account_field = schema["properties"]["accountId"]
        account_field["oneOf"] = [{"const": a.id, "title": a.name or a.id} for a in usable]
        ids = [a.id for a in usable]
        account_field["default"] = account_id if account_id in ids else ids[0]

    resource = definitions["resource"]["properties"]
    resource["gpuModel"]["examples"] = list(choices.gpu_models)
    definitions["configuration"]["properties"]["queueName"]["examples"] = list(choices.queues)

    if images:
        image = definitions["dockerImage"]
        image["examples"] = list(images)
        image["default"] = images[0]
    return schema
