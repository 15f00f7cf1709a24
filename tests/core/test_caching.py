"""CachingClient: identical concurrent reads share one request, answers live for ttl seconds,
errors are never cached and writes drop what they make stale."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.caching import CachingClient
from ncp_df_jupyter.core.errors import ServiceError
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG, minimal_config, new_client


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def cache(client: DataForestClient, clock: ManualClock) -> CachingClient:
    return CachingClient(client, ttl=5.0, clock=clock)


@pytest.fixture
async def one_try_client(emulator: EmulatorThread) -> AsyncIterator[DataForestClient]:
    async with new_client(emulator.url, retry=RetryPolicy.fast(max_attempts=1)) as c:
        yield c


async def test_concurrent_identical_reads_cost_one_request(cache: CachingClient,
                                                           control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getList", "action": "delay", "delay_ms": 50}])
    results = await asyncio.gather(*(cache.list_workspaces(ACCOUNT_ID) for _ in range(20)))
    assert control.count("getList") == 1
    assert all(r == results[0] for r in results)
    accounts = await asyncio.gather(*(cache.list_accounts() for _ in range(10)))
    assert control.count("accounts.getList") == 1 and len({len(a) for a in accounts}) == 1


async def test_different_reads_are_not_shared(cache: CachingClient,
                                              control: EmulatorControl) -> None:
    await asyncio.gather(cache.list_docker_images("tensorflow"),
                         cache.list_docker_images("pytorch"),
                         cache.list_docker_images("tensorflow"))
    assert control.count("getDockerImageList") == 2


async def test_ttl_expiry(cache: CachingClient, control: EmulatorControl,
                          clock: ManualClock) -> None:
    await cache.list_workspaces(ACCOUNT_ID)
    clock.now += 4.9
    await cache.list_workspaces(ACCOUNT_ID)
    assert control.count("getList") == 1
    clock.now += 0.2  # 5.1 s after the answer
    await cache.list_workspaces(ACCOUNT_ID)
    assert control.count("getList") == 2


async def test_errors_are_not_cached(one_try_client: DataForestClient, control: EmulatorControl,
                                     clock: ManualClock) -> None:
    cache = CachingClient(one_try_client, ttl=5.0, clock=clock)
    control.set_faults([{"operation": "getList", "action": "status", "status": 503,
                         "times": 1}])
    first = await asyncio.gather(*(cache.list_workspaces(ACCOUNT_ID) for _ in range(5)),
                                 return_exceptions=True)
    assert all(isinstance(r, ServiceError) for r in first)  # the shared failure reached all
    assert control.count("getList") == 1
    assert await cache.list_workspaces(ACCOUNT_ID) == []  # asked again, not served the error
    assert control.count("getList") == 2


async def test_writes_invalidate(cache: CachingClient, control: EmulatorControl) -> None:
    assert await cache.list_workspaces(ACCOUNT_ID) == []
    assert await cache.check_available_name(ACCOUNT_ID, "cached") is True
    created = await cache.create_workspace(ACCOUNT_ID, "cached", minimal_config())
    assert [w.id for w in await cache.list_workspaces(ACCOUNT_ID)] == [created.id]
    assert await cache.check_available_name(ACCOUNT_ID, "cached") is False
    assert control.count("getList") == 2 and control.count("checkAvailableName") == 2

    before = await cache.get_workspace(created.id)
    (entry,) = await cache.get_configurations(created.id)
    assert entry.configuration.to_api() == minimal_config()
    summaries = await cache.describe_workspaces(ACCOUNT_ID)
    await cache.set_configuration(created.id, GOOD_CONFIG)
    (entry,) = await cache.get_configurations(created.id)
    assert entry.configuration.to_api() == GOOD_CONFIG
    after = await cache.get_workspace(created.id)
    assert after.configuration != before.configuration
    summaries = await cache.describe_workspaces(ACCOUNT_ID)
    assert summaries[0].gpus == "T4 x 1"
    assert (await cache.choices(ACCOUNT_ID)).gpu_models[:2] == ["V100", "T4"]

    await cache.delete_workspace(created.id)
    assert await cache.list_workspaces(ACCOUNT_ID) == []
    assert await cache.describe_workspaces(ACCOUNT_ID) == []


async def test_failed_write_still_invalidates(cache: CachingClient,
                                              control: EmulatorControl) -> None:
    created = await cache.create_workspace(ACCOUNT_ID, "w", minimal_config())
    await cache.get_workspace(created.id)
    control.set_faults([{"operation": "setConfiguration", "action": "status", "status": 400}])
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the point is what follows
        await cache.set_configuration(created.id, GOOD_CONFIG)
    await cache.get_workspace(created.id)
    assert control.count("getDetail") == 2


async def test_a_cancelled_caller_does_not_cancel_the_others(cache: CachingClient,
                                                             control: EmulatorControl) -> None:
    """One tab closing its request must not fail the identical request of another tab."""
    control.set_faults([{"operation": "getList", "action": "delay", "delay_ms": 100}])
    first = asyncio.create_task(cache.list_workspaces(ACCOUNT_ID))
    await asyncio.sleep(0.02)  # the first caller's request is in flight
    second = asyncio.create_task(cache.list_workspaces(ACCOUNT_ID))
    await asyncio.sleep(0.02)
    first.cancel()
    assert await second == []
    assert first.cancelled()
    assert control.count("getList") == 1
    await cache.list_workspaces(ACCOUNT_ID)  # and the shared answer was kept
    assert control.count("getList") == 1


async def test_a_read_in_flight_during_a_write_is_not_kept(cache: CachingClient,
                                                           control: EmulatorControl) -> None:
    """A list answered before a create but arriving after it must not be served afterwards."""
    control.set_faults([{"operation": "getList", "action": "delay_after_commit",
                         "delay_ms": 150, "times": 1}])
    stale = asyncio.create_task(cache.list_workspaces(ACCOUNT_ID))
    await asyncio.sleep(0.05)  # the list has been answered by the service, not yet delivered
    created = await cache.create_workspace(ACCOUNT_ID, "fresh", minimal_config())
    fresh = await cache.list_workspaces(ACCOUNT_ID)
    assert [w.id for w in fresh] == [created.id]
    assert await stale == []  # its own caller still gets its answer
    assert [w.id for w in await cache.list_workspaces(ACCOUNT_ID)] == [created.id]
    assert control.count("getList") == 2


async def test_cache_repr_hides_the_secret(cache: CachingClient) -> None:
    assert "ttl=5.0" in repr(cache) and "secret" not in repr(cache).lower()
