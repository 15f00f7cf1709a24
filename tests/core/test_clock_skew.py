"""A wrong local clock: the client adopts the gateway's time from the Date header of a 401."""

from __future__ import annotations

import logging

import pytest

from ncp_df_jupyter.core.errors import AuthenticationError
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID
from ..support import new_client

TEN_MINUTES_MS = 10 * 60 * 1000


def _statuses(control: EmulatorControl) -> list[int | None]:
    return [r["status"] for r in control.requests()]


async def test_client_adopts_gateway_clock_and_recovers(emulator: EmulatorThread,
                                                        control: EmulatorControl,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    async with new_client(emulator.url) as client:
        control.set_clock(TEN_MINUTES_MS)
        with caplog.at_level(logging.WARNING, logger="ncp_df_jupyter.client"):
            assert await client.list_workspaces(ACCOUNT_ID) == []
        assert _statuses(control) == [401, 200]  # one extra request, then success
        assert abs(client.clock_offset_ms - TEN_MINUTES_MS) < 5_000
        assert any("clock" in r.getMessage() for r in caplog.records)

        # Later calls sign with the gateway's time straight away.
        await client.list_accounts()
        assert _statuses(control) == [401, 200, 200]

        # The gateway's clock comes back: one refusal, then the client follows it again.
        control.set_clock(0)
        await client.list_accounts()
        assert _statuses(control) == [401, 200, 200, 401, 200]
        assert abs(client.clock_offset_ms) < 5_000

        control.set_clock(-TEN_MINUTES_MS)  # the other direction
        await client.create_workspace(ACCOUNT_ID, "skewed", {"docker": {
            "image": "a:b", "command": "c"}})
        assert _statuses(control)[-2:] == [401, 200]
        assert abs(client.clock_offset_ms + TEN_MINUTES_MS) < 5_000
    assert [w["name"] for w in control.state()["workspaces"]] == ["skewed"]


async def test_wrong_secret_with_right_clock_is_not_retried(emulator: EmulatorThread,
                                                            control: EmulatorControl) -> None:
    async with new_client(emulator.url, secret_key="wrong-secret") as client:
        with pytest.raises(AuthenticationError):
            await client.list_workspaces(ACCOUNT_ID)
        assert client.clock_offset_ms == 0
    assert _statuses(control) == [401]  # exactly one request


async def test_wrong_secret_and_wrong_clock_is_tried_twice_at_most(
        emulator: EmulatorThread, control: EmulatorControl) -> None:
    control.set_clock(TEN_MINUTES_MS)
    async with new_client(emulator.url, secret_key="wrong-secret") as client:
        with pytest.raises(AuthenticationError):
            await client.list_workspaces(ACCOUNT_ID)
        with pytest.raises(AuthenticationError):
            await client.list_workspaces(ACCOUNT_ID)
    assert _statuses(control) == [401, 401, 401]  # one clock fix, never a loop


async def test_small_skew_needs_no_correction(emulator: EmulatorThread,
                                              control: EmulatorControl) -> None:
    control.set_clock(4 * 60 * 1000)  # within the gateway's five minutes
    async with new_client(emulator.url) as client:
        await client.list_accounts()
        assert client.clock_offset_ms == 0
    assert _statuses(control) == [200]
