"""The portal: one background loop that sync code (magics, widgets) hands coroutines to."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Iterator

import pytest

from ncp_df_jupyter import BlockingClient, Portal, RetryPolicy, get_portal
from ncp_df_jupyter.emulator import EmulatorThread

from ..conftest import ACCOUNT_ID


@pytest.fixture
def portal() -> Iterator[Portal]:
    portal = Portal(name="portal-under-test")
    yield portal
    portal.close()


async def _where() -> tuple[str, asyncio.AbstractEventLoop]:
    return threading.current_thread().name, asyncio.get_running_loop()


def test_call_runs_on_the_portal_thread(portal: Portal) -> None:
    name, loop = portal.call(_where())
    assert name == "portal-under-test" and loop is portal.loop
    assert not portal.in_portal_thread()


async def test_call_from_a_thread_while_another_loop_runs(portal: Portal) -> None:
    here = asyncio.get_running_loop()
    name, loop = await asyncio.to_thread(portal.call, _where())
    assert name == "portal-under-test" and loop is not here
    # and straight from the thread whose loop is running (a notebook cell)
    name, loop = portal.call(_where())
    assert loop is portal.loop is not here


def test_submit_returns_at_once(portal: Portal) -> None:
    started = threading.Event()
    release = threading.Event()

    async def slow() -> str:
        started.set()
        await asyncio.to_thread(release.wait, 10)
        return "done"

    future = portal.submit(slow())
    assert isinstance(future, concurrent.futures.Future)
    assert started.wait(5)
    assert not future.done()  # we got the future back while the work is still running
    release.set()
    assert future.result(5) == "done"


def test_errors_reach_the_caller(portal: Portal) -> None:
    async def boom() -> None:
        raise KeyError("nope")

    with pytest.raises(KeyError):
        portal.call(boom())
    with pytest.raises(KeyError):
        portal.submit(boom()).result(5)


def test_call_from_the_portal_thread_raises_instead_of_deadlocking(portal: Portal) -> None:
    async def inner() -> int:
        return 1

    async def nested() -> int:
        return portal.call(inner())  # a blocking call on the loop it would wait for

    with pytest.raises(RuntimeError, match="portal's own thread"):
        portal.call(nested(), timeout=5)
    assert portal.call(inner()) == 1  # the portal still works


def test_call_timeout_cancels_the_work(portal: Portal) -> None:
    cancelled = threading.Event()

    async def forever() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with pytest.raises(concurrent.futures.TimeoutError):
        portal.call(forever(), timeout=0.05)
    assert cancelled.wait(5)


def test_close_stops_the_thread_and_a_later_call_restarts_it(portal: Portal) -> None:
    first_loop = portal.loop
    threads = {t for t in threading.enumerate() if t.name == "portal-under-test"}
    assert len(threads) == 1
    portal.close()
    assert all(not t.is_alive() for t in threads)
    assert first_loop.is_closed()
    assert portal.call(_where())[1] is not first_loop
    portal.close()
    portal.close()  # closing twice is harmless


def test_get_portal_is_shared() -> None:
    assert get_portal() is get_portal()


def test_blocking_client_close_from_the_portal_thread_is_harmless(
        emulator: EmulatorThread, portal: Portal) -> None:
    client = BlockingClient(**emulator.endpoint.client_kwargs(), retry=RetryPolicy.fast(),
                            portal=portal)
    assert client.list_workspaces(ACCOUNT_ID) == []

    async def close_inside() -> None:
        client.close()  # must not block the loop it runs on

    portal.call(close_inside(), timeout=5)
    client.close()
    assert client.aio._transport._session is None
