"""The real DataForest service: the read-only operations, then a throw-away workspace made,
read, written back unchanged and deleted. Opt-in (see conftest.py); what the service answered
where the pages are silent (spec section 13, "Still open") is printed, for the spec."""

from __future__ import annotations

import secrets
import string
from typing import Any

import pytest

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.errors import NotFoundError
from ncp_df_jupyter.core.models import Account, find_account, image_choices, sole_usable_account
from ncp_df_jupyter.core.schema import rules

from .conftest import LIVE_MARKS, LiveSetup

pytestmark = LIVE_MARKS


def observe(what: str, value: Any) -> None:
    print(f"observed: {what}: {value!r}")  # pytest -rP shows them


async def _account(client: DataForestClient, live: LiveSetup) -> Account:
    accounts = await client.list_accounts()
    assert accounts, "this key has no DataForest account"
    chosen = (find_account(accounts, live.account) if live.account
              else sole_usable_account(accounts))
    if chosen is None:
        pytest.fail("choose the account with NCP_DF_LIVE_ACCOUNT (id or name); this key has "
                    f"{', '.join(a.name for a in accounts)}")
    return chosen


async def test_read_only_operations(live_client: DataForestClient, live: LiveSetup) -> None:
    account = await _account(live_client, live)
    images = await live_client.list_docker_images("tensorflow")
    observe("getDockerImageList keys and values (open 5)", images)
    summaries = await live_client.describe_workspaces(account.id)
    for summary in summaries[:3]:
        detail = await live_client.get_workspace(summary.id)
        assert detail.id == summary.id
        entries = await live_client.get_configurations(summary.id)
        observe("contents entries and their times (open 7)",
                [(e.created_at, e.modified_at) for e in entries])
        observe("imageVersion vs docker.image (open 13)",
                (detail.image_version, summary.configuration and summary.configuration.image))
        if summary.configuration is not None:
            observe("fields this release does not know (open 6, 8)",
                    summary.configuration.other_fields())
    free = "x" + secrets.token_hex(7)  # 15 characters, never a workspace's
    assert await live_client.check_available_name(account.id, free) is True


def _throwaway_name() -> str:
    alphabet = string.ascii_lowercase + string.digits
    name = "dflive-" + "".join(secrets.choice(alphabet) for _ in range(8))
    rules.check("workspaceName", name, "name")
    return name


async def test_create_read_write_back_and_delete(live_client: DataForestClient,
                                                 live: LiveSetup) -> None:
    account = await _account(live_client, live)
    configuration = live.configuration
    if configuration is None:  # the documented defaults, with the first image offered
        offered = image_choices(await live_client.list_docker_images("tensorflow"))
        assert offered, "getDockerImageList offers no tensorflow image"
        configuration = {"docker": {"image": offered[0], "command": "jupyter lab"},
                         "queueName": "gpu", "resource": {"gpuCount": 1}}
    name = _throwaway_name()
    created = await live_client.create_workspace(account.id, name, configuration,
                                                 "ncp-df-jupyter live check; safe to delete")
    try:
        detail = await live_client.get_workspace(created.id)
        assert detail.name == name
        observe("getDetail answer keys", sorted(detail.raw))
        stored = detail.configuration
        assert stored is not None
        observe("stored configuration (open 12, 14)", stored.to_api())
        await live_client.set_configuration(created.id, stored)  # its own fields, unchanged
        again = await live_client.get_workspace(created.id)
        assert again.configuration is not None
        observe("after writing it back unchanged (open 12)", again.configuration.to_api())
    finally:
        await live_client.delete_workspace(created.id)
    with pytest.raises(NotFoundError):
        await live_client.get_workspace(created.id)
