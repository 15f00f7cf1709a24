"""``timeout`` is the budget of a whole call: retries, backoff sleeps and a create's look-ups
included, each attempt limited within it; the error says how long the call really took.

Against stand-ins on 127.0.0.1 that never answer, drip their answer, or answer late; the real
backoff policy (RetryPolicy()) is used so that its sleeps count. Every wait in a test is bounded
(``asyncio.wait_for``), so a regression fails instead of hanging.
"""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core import deadline
from ncp_df_jupyter.core.errors import (
    CreateOutcomeUnknownError,
    RequestTimeoutError,
    ThrottledError,
)

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..stand_ins import answers, answers_late, drips, never_answers
from ..support import minimal_config

TIMEOUT = 1.0
SLACK = 1.5  # scheduling and set-up on a busy 2-core machine; far below the 16 s of before
GUARD = 30.0  # the bound of every test: before the fix a create took 16 s


def client_for(url: str, timeout: float = TIMEOUT,
               attempt_timeout: float | None = None) -> DataForestClient:
    return DataForestClient(TEST_ACCESS_KEY, TEST_SECRET_KEY, url, timeout=timeout,
                            attempt_timeout=attempt_timeout, retry=RetryPolicy())


def reported_seconds(error: BaseException) -> float:
    found = re.search(r"no answer within ([0-9.]+) s", str(error))
    assert found, str(error)
    return float(found.group(1))


async def test_a_read_that_never_gets_an_answer_ends_with_its_timeout() -> None:
    with never_answers() as server:
        async with client_for(server.url) as client:
            started = time.monotonic()
            with pytest.raises(RequestTimeoutError) as caught:
                await asyncio.wait_for(client.list_accounts(), GUARD)
            took = time.monotonic() - started
    assert TIMEOUT - 0.05 <= took <= TIMEOUT + SLACK
    assert len(server.requests) == 3  # each attempt had a third of the budget
    assert "(3 attempts)" in str(caught.value)
    assert abs(reported_seconds(caught.value) - took) <= 0.15  # the real time, not the setting


async def test_a_create_and_its_look_ups_share_one_budget() -> None:
    with never_answers() as server:
        async with client_for(server.url) as client:
            started = time.monotonic()
            with pytest.raises(CreateOutcomeUnknownError) as caught:
                await asyncio.wait_for(
                    client.create_workspace(ACCOUNT_ID, "ws1", minimal_config()), GUARD)
            took = time.monotonic() - started
    assert took <= TIMEOUT + SLACK
    paths = [r["path"].rsplit("/", 1)[-1] for r in server.requests]
    assert paths[0] == "create" and paths.count("create") <= 2
    assert "getList" in paths  # it did look before giving up
    assert "list_workspaces" in str(caught.value)


async def test_an_answer_that_drips_forever_ends_with_the_timeout() -> None:
    with drips(every=0.05) as server:
        async with client_for(server.url) as client:
            started = time.monotonic()
            with pytest.raises(RequestTimeoutError):
                await asyncio.wait_for(client.list_workspaces(ACCOUNT_ID), GUARD)
            took = time.monotonic() - started
    assert took <= TIMEOUT + SLACK


async def test_one_slow_attempt_is_cut_and_the_next_one_answers() -> None:
    with answers_late([5.0, 0.0]) as server:
        async with client_for(server.url, timeout=10.0, attempt_timeout=0.3) as client:
            started = time.monotonic()
            rows = await asyncio.wait_for(client.list_workspaces(ACCOUNT_ID), GUARD)
            took = time.monotonic() - started
    assert rows == []
    assert len(server.requests) == 2
    assert took < 5.0  # the first attempt was given up after its 0.3 s, not waited out


async def test_a_retry_that_cannot_start_in_time_is_not_made() -> None:
    # Throttled with Retry-After 5 s and a 1 s budget: raise at once rather than sleep past it.
    throttled = {"error": {"errorCode": "410", "message": "Throttle Limited"}}
    with answers(429, throttled, headers={"Retry-After": "5"}) as server:
        async with client_for(server.url) as client:
            started = time.monotonic()
            with pytest.raises(ThrottledError):
                await asyncio.wait_for(client.list_accounts(), GUARD)
            took = time.monotonic() - started
    assert len(server.requests) == 1
    assert took < TIMEOUT


async def test_several_operations_can_share_one_budget() -> None:
    with answers_late([0.4]) as server:
        async with client_for(server.url, timeout=0.7, attempt_timeout=0.7) as client:
            assert await client.list_workspaces(ACCOUNT_ID) == []  # alone: its own 0.7 s
            assert await client.list_workspaces(ACCOUNT_ID) == []
            with client.budget():
                assert await client.list_workspaces(ACCOUNT_ID) == []
                with pytest.raises(RequestTimeoutError) as caught:
                    await asyncio.wait_for(client.list_workspaces(ACCOUNT_ID), GUARD)
    assert 0.6 <= reported_seconds(caught.value) <= 0.7 + SLACK


async def test_pause_ends_with_the_budget() -> None:
    with deadline.call_budget(0.2) as budget:
        await asyncio.wait_for(deadline.pause(30), GUARD)
        assert budget.expired
    assert deadline.current() is None  # the budget ended with its call
    with deadline.call_budget(5) as outer, deadline.call_budget(1) as inner:
        assert inner is outer  # a call inside a call spends the outer budget
