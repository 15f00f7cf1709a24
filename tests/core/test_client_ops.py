"""Every client operation against the emulator over loopback HTTP, async and blocking."""

from __future__ import annotations

import asyncio
import copy
import threading
from collections.abc import Iterator

import pytest

from ncp_df_jupyter import BlockingClient, Configuration, DataForestClient, Portal, RetryPolicy
from ncp_df_jupyter.core.errors import NotFoundError
from ncp_df_jupyter.core.schema.rules import documented_gpu_models, documented_queues
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import DOCKER_IMAGES, LOCKED_ACCOUNT_ID

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG, minimal_config


async def test_list_accounts(client: DataForestClient) -> None:
    accounts = await client.list_accounts()
    by_id = {a.id: a for a in accounts}
    assert by_id[ACCOUNT_ID].name == "df-demo"
    assert by_id[ACCOUNT_ID].disabled is False
    assert by_id[ACCOUNT_ID].status == "RUNNING"
    assert by_id[LOCKED_ACCOUNT_ID].disabled is True
    assert by_id[ACCOUNT_ID].to_api()["principal"] == "df-demo@KR.DF.NAVERNCP.COM"


async def test_check_available_name_true_then_false(client: DataForestClient) -> None:
    assert await client.check_available_name(ACCOUNT_ID, "free-name") is True
    await client.create_workspace(ACCOUNT_ID, "free-name", minimal_config())
    assert await client.check_available_name(ACCOUNT_ID, "free-name") is False
    assert await client.check_available_name(ACCOUNT_ID, "other-name") is True


async def test_create_then_read_back_everything(client: DataForestClient,
                                                control: EmulatorControl) -> None:
    created = await client.create_workspace(ACCOUNT_ID, "full", GOOD_CONFIG, description="all")
    assert created.name == "full" and created.account_id == ACCOUNT_ID
    assert created.configuration is not None
    assert created.configuration.to_api() == GOOD_CONFIG
    (stored,) = control.state()["workspaces"]
    assert stored["id"] == created.id
    assert stored["configuration"] == GOOD_CONFIG
    assert stored["description"] == "all"

    (row,) = await client.list_workspaces(ACCOUNT_ID)
    assert (row.id, row.name, row.description, row.image_version, row.account_name) == (
        created.id, "full", "all", "tensorflow:2.15.0-gpu", "df-demo")

    detail = await client.get_workspace(created.id)
    assert detail.id == created.id and detail.account_id == ACCOUNT_ID
    assert detail.configuration is not None and detail.configuration.to_api() == GOOD_CONFIG

    (entry,) = await client.get_configurations(created.id)
    assert entry.configuration.to_api() == GOOD_CONFIG
    assert entry.created_at and entry.modified_at


async def test_create_accepts_a_configuration_object(client: DataForestClient,
                                                     control: EmulatorControl) -> None:
    config = Configuration.from_api(GOOD_CONFIG)
    created = await client.create_workspace(ACCOUNT_ID, "from-object", config)
    assert control.state()["workspaces"][0]["configuration"] == GOOD_CONFIG
    assert created.description is None


async def test_set_configuration_replaces_the_whole_configuration(
        client: DataForestClient) -> None:
    created = await client.create_workspace(ACCOUNT_ID, "replace-me", GOOD_CONFIG)
    new = minimal_config("pytorch:2.3.0-cuda12.1")
    await client.set_configuration(created.id, new)
    (entry,) = await client.get_configurations(created.id)
    assert entry.configuration.to_api() == new  # resource, data, env... are gone: full replace
    detail = await client.get_workspace(created.id)
    assert detail.image_version == "pytorch:2.3.0-cuda12.1"
    # and with a Configuration object
    as_object = Configuration.from_api(GOOD_CONFIG)
    as_object.resource.gpu_count = 2  # type: ignore[union-attr]
    await client.set_configuration(created.id, as_object)
    (entry,) = await client.get_configurations(created.id)
    assert entry.configuration == as_object


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
async def test_list_docker_images(client: DataForestClient, framework: str) -> None:
    images = await client.list_docker_images(framework)
    assert images == DOCKER_IMAGES[framework]
    assert all(isinstance(v, list) for v in images.values())


async def test_delete_workspace(client: DataForestClient, control: EmulatorControl) -> None:
    keep = await client.create_workspace(ACCOUNT_ID, "keep", minimal_config())
    gone = await client.create_workspace(ACCOUNT_ID, "gone", minimal_config())
    await client.delete_workspace(gone.id)
    assert [w["id"] for w in control.state()["workspaces"]] == [keep.id]
    with pytest.raises(NotFoundError) as caught:
        await client.get_workspace(gone.id)
    assert caught.value.service_message == "no such element"
    with pytest.raises(NotFoundError):
        await client.delete_workspace(gone.id)  # a second delete of a known-gone id


async def test_describe_workspaces_joins_configurations(client: DataForestClient,
                                                        control: EmulatorControl) -> None:
    big = copy.deepcopy(GOOD_CONFIG)
    big["resource"] = {"gpuModel": "A100", "gpuCount": 4}
    big["queueName"] = "gpu-large"
    await client.create_workspace(ACCOUNT_ID, "small", GOOD_CONFIG)
    await client.create_workspace(ACCOUNT_ID, "big", big)
    await client.create_workspace(ACCOUNT_ID, "bare", minimal_config("pytorch:2.1.2-cuda11.8"))
    before = control.count("getConfigurationList")
    rows = await client.describe_workspaces(ACCOUNT_ID, concurrency=2)
    assert control.count("getConfigurationList") - before == 3
    summary = {r.name: (r.image, r.gpus, r.queue_name) for r in rows}
    assert summary == {"small": ("tensorflow:2.15.0-gpu", "T4 x 1", "gpu"),
                       "big": ("tensorflow:2.15.0-gpu", "A100 x 4", "gpu-large"),
                       "bare": ("pytorch:2.1.2-cuda11.8", "", None)}
    assert rows[1].to_api()["gpuCount"] == 4


async def test_describe_skips_rows_deleted_meanwhile(client: DataForestClient,
                                                     control: EmulatorControl) -> None:
    for name in ("one", "two", "three"):
        await client.create_workspace(ACCOUNT_ID, name, minimal_config())
    # the first configuration lookup finds its workspace gone
    control.set_faults([{"operation": "getConfigurationList", "action": "status", "status": 404,
                         "times": 1}])
    rows = await client.describe_workspaces(ACCOUNT_ID, concurrency=1)
    assert [r.name for r in rows] == ["two", "three"]


async def test_a_client_belongs_to_one_loop(client: DataForestClient) -> None:
    await client.list_accounts()
    portal = Portal(name="other-loop")
    try:
        with pytest.raises(RuntimeError, match="another event loop"):
            portal.call(client.list_accounts())
    finally:
        portal.close()
    assert await client.list_accounts()  # still fine on its own loop


async def test_choices_unite_documented_and_seen_values(client: DataForestClient) -> None:
    empty = await client.choices(ACCOUNT_ID)
    assert empty.gpu_models == documented_gpu_models() and empty.queues == documented_queues()
    big = copy.deepcopy(GOOD_CONFIG)
    big["resource"] = {"gpuModel": "A100", "gpuCount": 4}
    big["queueName"] = "gpu-large"
    await client.create_workspace(ACCOUNT_ID, "big", big)
    seen = await client.choices(ACCOUNT_ID)
    assert seen.gpu_models == [*documented_gpu_models(), "A100"]
    assert seen.queues == [*documented_queues(), "gpu-large"]


async def test_find_workspace_by_id_and_by_name(client: DataForestClient) -> None:
    created = await client.create_workspace(ACCOUNT_ID, "findme", minimal_config())
    assert (await client.find_workspace(ACCOUNT_ID, "findme")).id == created.id
    assert (await client.find_workspace(ACCOUNT_ID, created.id)).name == "findme"
    with pytest.raises(NotFoundError) as caught:
        await client.find_workspace(ACCOUNT_ID, "nobody")
    assert "'nobody'" in str(caught.value)


async def test_one_client_serves_many_concurrent_calls(client: DataForestClient,
                                                       control: EmulatorControl) -> None:
    names = [f"ws{i}" for i in range(20)]
    created = await asyncio.gather(*(client.create_workspace(ACCOUNT_ID, n, minimal_config())
                                     for n in names))
    assert sorted(w.name for w in created) == sorted(names)
    assert control.count("create") == 20
    assert sorted(w["name"] for w in control.state()["workspaces"]) == sorted(names)


# -- BlockingClient ---------------------------------------------------------------------------


@pytest.fixture
def portal() -> Iterator[Portal]:
    portal = Portal(name="test-portal")
    yield portal
    portal.close()


@pytest.fixture
def blocking(emulator: EmulatorThread, portal: Portal) -> Iterator[BlockingClient]:
    with BlockingClient(**emulator.endpoint.client_kwargs(), timeout=5.0,
                        retry=RetryPolicy.fast(), portal=portal) as client:
        yield client


def _exercise_every_method(bc: BlockingClient) -> None:
    assert ACCOUNT_ID in [a.id for a in bc.list_accounts()]
    assert bc.check_available_name(ACCOUNT_ID, "blk") is True
    created = bc.create_workspace(ACCOUNT_ID, "blk", GOOD_CONFIG, description="sync")
    assert bc.check_available_name(ACCOUNT_ID, "blk") is False
    assert [w.id for w in bc.list_workspaces(ACCOUNT_ID)] == [created.id]
    assert bc.get_workspace(created.id).description == "sync"
    bc.set_configuration(created.id, minimal_config("pytorch:2.3.0-cuda12.1"))
    (entry,) = bc.get_configurations(created.id)
    assert entry.configuration.image == "pytorch:2.3.0-cuda12.1"
    assert bc.list_docker_images("pytorch") == DOCKER_IMAGES["pytorch"]
    assert [s.image for s in bc.describe_workspaces(ACCOUNT_ID)] == ["pytorch:2.3.0-cuda12.1"]
    assert bc.choices(ACCOUNT_ID).gpu_models == documented_gpu_models()
    assert bc.find_workspace(ACCOUNT_ID, "blk").id == created.id
    assert bc.run(lambda c: c.list_workspaces(ACCOUNT_ID))[0].id == created.id
    assert bc.submit(lambda c: c.get_workspace(created.id)).result(10).name == "blk"
    bc.delete_workspace(created.id)
    assert bc.list_workspaces(ACCOUNT_ID) == []


def test_blocking_client_from_sync_code(blocking: BlockingClient, portal: Portal) -> None:
    _exercise_every_method(blocking)
    assert blocking.endpoint == blocking.aio.endpoint
    # The aiohttp session lives on the portal's loop, not on any loop of the caller.
    assert blocking.aio._transport._session_loop is portal.loop


async def test_blocking_client_inside_a_running_loop(blocking: BlockingClient) -> None:
    """What a notebook cell does: the caller's thread runs a loop; requests go to the portal."""
    asyncio.get_running_loop()
    _exercise_every_method(blocking)


async def test_blocking_client_from_a_thread_while_a_loop_runs(blocking: BlockingClient) -> None:
    ticks = 0

    async def keep_ticking() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    ticker = asyncio.create_task(keep_ticking())
    worker = threading.current_thread()
    try:
        seen: list[threading.Thread] = []

        def in_thread() -> None:
            seen.append(threading.current_thread())
            _exercise_every_method(blocking)

        await asyncio.to_thread(in_thread)
    finally:
        ticker.cancel()
    assert seen[0] is not worker
    assert ticks > 0  # this loop kept running while the thread waited on the portal
