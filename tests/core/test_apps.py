"""The AI Apps methods of the client against the emulator over loopback HTTP: submit (with the
workspace's configuration, overrides or a whole one), list, detail, kill, wait; the blocking and
caching clients; the dry run of a submit."""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ncp_df_jupyter import BlockingClient, Configuration, DataForestClient, Portal
from ncp_df_jupyter.core.caching import CachingClient
from ncp_df_jupyter.core.errors import AppWaitTimeoutError, NotFoundError, ValidationError
from ncp_df_jupyter.core.models import AppDetail, WorkspaceDetail
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID, TEST_SECRET_KEY
from ..support import APP_TIMES, GOOD_CONFIG, EmulatorClock, minimal_config

SUBMIT_FIELDS = {"aiWorkspaceId", "namePrefix", "queueName", "data", "docker", "resource"}
YARN_APP_ID = re.compile(r"application_\d{13}_\d{4,}")
YARN_CONTAINER_ID = re.compile(r"container_e\d+_\d{13}_\d{4,}_\d{2}_\d{6}")


@pytest.fixture
def clock(control: EmulatorControl) -> EmulatorClock:
    control.set_apps(**APP_TIMES)
    return EmulatorClock(control)


@pytest.fixture
async def workspace(client: DataForestClient) -> WorkspaceDetail:
    return await client.create_workspace(ACCOUNT_ID, "mnist", GOOD_CONFIG)


def value_at(body: Any, path: str) -> Any:
    """The value at a dotted path as the rules name fields: ``data.input[0].mode``."""
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        body = body[int(part[1:-1])] if part.startswith("[") else body[part]
    return body


def sent_body(control: EmulatorControl, app_id: str) -> dict[str, Any]:
    (app,) = [a for a in control.state()["apps"] if a["id"] == app_id]
    body: dict[str, Any] = app["body"]
    return body


# -- submit ---------------------------------------------------------------------------------------

async def test_submit_runs_the_workspace_configuration(client: DataForestClient,
                                                       control: EmulatorControl,
                                                       workspace: WorkspaceDetail) -> None:
    app = await client.submit_app(workspace.id, "tune")
    assert isinstance(app, AppDetail)
    assert (app.state, app.final_status, app.is_finished) == ("ACCEPTED", "UNDEFINED", False)
    assert app.name is not None and app.name.startswith("tune")
    assert len(app.id) == 22 and app.queue_name == "gpu" and app.account_name == "df-demo"
    assert app.workspace_name == "mnist"
    body = sent_body(control, app.id)
    assert set(body) == SUBMIT_FIELDS
    assert body == {"aiWorkspaceId": workspace.id, "namePrefix": "tune", "queueName": "gpu",
                    "data": GOOD_CONFIG["data"], "docker": GOOD_CONFIG["docker"],
                    "resource": GOOD_CONFIG["resource"]}
    assert control.count("apps.submit") == 1


async def test_a_workspace_without_data_sends_empty_lists_and_no_workdir(
        client: DataForestClient, control: EmulatorControl) -> None:
    bare = await client.create_workspace(ACCOUNT_ID, "bare", minimal_config())
    app = await client.submit_app(bare.id, "bare")
    assert sent_body(control, app.id) == {
        "aiWorkspaceId": bare.id, "namePrefix": "bare", "queueName": "gpu",
        "data": {"input": [], "output": []}, "docker": minimal_config()["docker"],
        "resource": {}}


async def test_overrides_are_merged_onto_the_workspace_configuration(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    app = await client.submit_app(workspace.id, "tune", {
        "resource": {"gpuCount": 4}, "docker": {"env": {"B": "2"}, "exposeTcpPorts": [6006]},
        "queueName": "gpu-large"})
    body = sent_body(control, app.id)
    assert body["resource"] == {**GOOD_CONFIG["resource"], "gpuCount": 4}
    assert body["docker"] == {**GOOD_CONFIG["docker"], "env": {"A": "1", "B": "2"},
                              "exposeTcpPorts": [6006]}  # objects merge, lists replace
    assert body["queueName"] == "gpu-large" and body["data"] == GOOD_CONFIG["data"]


async def test_fields_the_service_keeps_are_submitted_and_typos_still_refused(
        client: DataForestClient, control: EmulatorControl) -> None:
    """A workspace whose stored configuration holds fields this release does not know (a richer
    service): a submit with overrides carries them as sent, while a key the person mistyped in
    the overrides is still refused before anything is sent."""
    control.set_behaviour(extra_fields=True)
    created = await client.create_workspace(ACCOUNT_ID, "richer", GOOD_CONFIG)
    stored = (await client.get_workspace(created.id)).configuration
    assert stored is not None and stored.extra_paths("")  # the service added some
    app = await client.submit_app(created.id, "tune", {"resource": {"gpuCount": 2}})
    body = sent_body(control, app.id)
    sent_paths = {path for path in stored.extra_paths("") if path.split(".")[0] in body}
    assert sent_paths, stored.extra_paths("")
    for path in sent_paths:  # e.g. docker.<field>: each one arrived as the service had it
        assert value_at(body, path) == value_at(stored.to_api(), path), path
    assert body["resource"]["gpuCount"] == 2
    submits = len(control.requests("apps.submit"))
    with pytest.raises(ValidationError) as caught:
        await client.submit_app(created.id, "tune", {"resource": {"gpuCoutn": 2}})
    assert caught.value.field == "resource.gpuCoutn"
    assert len(control.requests("apps.submit")) == submits  # nothing was sent


async def test_the_type_page_spellings_are_accepted_in_overrides(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    app = await client.submit_app(workspace.id, "tune", {"docker": {"arg": "--epochs 3",
                                                                    "exposeTcpPorts": 6006}})
    docker = sent_body(control, app.id)["docker"]
    assert docker["args"] == "--epochs 3" and docker["exposeTcpPorts"] == [6006]


async def test_a_configuration_object_is_sent_as_it_is(client: DataForestClient,
                                                       control: EmulatorControl,
                                                       workspace: WorkspaceDetail) -> None:
    whole = Configuration.from_api({**minimal_config("pytorch:2.3.0-cuda12.1"),
                                    "name": "cfg", "userPackageUri": "/user/pkg.tgz"})
    app = await client.submit_app(workspace.id, "whole", whole)
    body = sent_body(control, app.id)
    assert body["docker"] == {"image": "pytorch:2.3.0-cuda12.1", "command": "jupyter lab"}
    assert body["resource"] == {} and body["data"] == {"input": [], "output": []}
    assert set(body) == SUBMIT_FIELDS  # name and userPackageUri are no submit fields


async def test_the_current_configuration_is_the_one_run(client: DataForestClient,
                                                        control: EmulatorControl,
                                                        workspace: WorkspaceDetail) -> None:
    changed = copy.deepcopy(GOOD_CONFIG)
    changed["docker"]["command"] = "python train.py"
    await client.set_configuration(workspace.id, changed)
    app = await client.submit_app(workspace.id, "tune")
    assert sent_body(control, app.id)["docker"]["command"] == "python train.py"


async def test_a_workspace_that_does_not_exist(client: DataForestClient,
                                               control: EmulatorControl) -> None:
    with pytest.raises(NotFoundError):
        await client.submit_app("NoSuchWorkspace0000001", "tune")
    assert control.count("apps.submit") == 0


# -- list, detail ---------------------------------------------------------------------------------

async def test_list_apps_of_the_account_and_of_one_workspace(
        client: DataForestClient, workspace: WorkspaceDetail) -> None:
    other = await client.create_workspace(ACCOUNT_ID, "other", minimal_config())
    first = await client.submit_app(workspace.id, "one")
    second = await client.submit_app(other.id, "two")
    third = await client.submit_app(workspace.id, "three")
    every = await client.list_apps(ACCOUNT_ID)
    assert [a.id for a in every] == [third.id, second.id, first.id]  # the emulator: newest first
    assert {a.workspace_name for a in every} == {"mnist", "other"}
    assert all(YARN_APP_ID.fullmatch(a.app_id or "") for a in every)
    mine = await client.list_apps(ACCOUNT_ID, workspace.id)
    assert [a.id for a in mine] == [third.id, first.id]
    assert [a.id for a in await client.list_apps(ACCOUNT_ID, other.id)] == [second.id]


async def test_list_apps_of_a_workspace_of_another_account(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.list_apps("SomeOtherAccount000001", workspace.id)
    assert caught.value.field == "workspace_id" and ACCOUNT_ID in str(caught.value)
    assert control.count("apps.getList") == 0


async def test_detail_through_the_states(client: DataForestClient, clock: EmulatorClock,
                                         workspace: WorkspaceDetail,
                                         emulator: EmulatorThread) -> None:
    app = await client.submit_app(workspace.id, "tune")
    accepted = await client.get_app(app.id)
    assert (accepted.state, accepted.containers, accepted.finished_at) == ("ACCEPTED", [], None)
    assert YARN_APP_ID.fullmatch(accepted.app_id or "")

    clock.advance(1_500)
    running = await client.get_app(app.id)
    assert (running.state, running.final_status) == ("RUNNING", "UNDEFINED")
    (worker,) = running.containers
    assert (worker.name, worker.component, worker.status) == ("worker-0", "worker", "READY")
    assert YARN_CONTAINER_ID.fullmatch(worker.container_id or "")
    assert worker.log_url == f"{emulator.url}/logs/{running.app_id}/{worker.container_id}"
    assert (worker.docker_image, worker.cpu_count, worker.memory_mb) == (
        "tensorflow:2.15.0-gpu", 4, 15360)
    assert running.elapsed_ms is not None and 1_500 <= running.elapsed_ms < 3_000
    assert running.container("worker-0") == worker

    clock.advance(5_000)
    done = await client.get_app(app.id)
    assert (done.state, done.final_status, done.is_finished) == ("FINISHED", "SUCCEEDED", True)
    assert done.finished_at and done.elapsed_ms == 5_000
    assert done.containers[0].status == "SUCCEEDED"
    assert (await client.list_apps(ACCOUNT_ID))[0].state == "FINISHED"  # still listed


async def test_an_unknown_app(client: DataForestClient) -> None:
    with pytest.raises(NotFoundError):
        await client.get_app("NoSuchApp0000000000001")
    with pytest.raises(NotFoundError):
        await client.kill_app("NoSuchApp0000000000001")


# -- kill -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("after_ms", [0, 1_500], ids=["accepted", "running"])
async def test_kill(client: DataForestClient, clock: EmulatorClock, workspace: WorkspaceDetail,
                    after_ms: int) -> None:
    app = await client.submit_app(workspace.id, "tune")
    clock.advance(after_ms)
    await client.kill_app(app.id)
    killed = await client.get_app(app.id)
    assert (killed.state, killed.final_status, killed.is_finished) == ("KILLED", "KILLED", True)
    assert [c.status for c in killed.containers] == ([] if after_ms == 0 else ["STOPPED"])
    await client.kill_app(app.id)  # again: harmless
    clock.advance(10_000)
    assert (await client.get_app(app.id)).state == "KILLED"  # and it stays so


async def test_killing_a_finished_app_is_not_an_error(client: DataForestClient,
                                                      clock: EmulatorClock,
                                                      workspace: WorkspaceDetail) -> None:
    app = await client.submit_app(workspace.id, "tune")
    clock.advance(6_000)
    await client.kill_app(app.id)
    done = await client.get_app(app.id)
    assert (done.state, done.final_status) == ("FINISHED", "SUCCEEDED")


async def test_kill_is_retried(client: DataForestClient, control: EmulatorControl,
                               workspace: WorkspaceDetail) -> None:
    app = await client.submit_app(workspace.id, "tune")
    control.set_faults([{"operation": "kill", "action": "drop_after_commit", "times": 1}])
    await client.kill_app(app.id)
    assert [r["fault"] for r in control.requests("apps.kill")] == ["drop_after_commit", None]
    assert (await client.get_app(app.id)).state == "KILLED"


# -- wait -----------------------------------------------------------------------------------------

async def test_wait_reports_each_change_and_returns_the_end(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=150, run_ms=300, final_status="FAILED")
    app = await client.submit_app(workspace.id, "tune")
    seen: list[tuple[str | None, str | None]] = []
    done = await client.wait_app(app.id, timeout=10, poll_first=0.02, poll_max=0.05,
                                 on_change=lambda d: seen.append((d.state, d.final_status)))
    assert seen == [("ACCEPTED", "UNDEFINED"), ("RUNNING", "UNDEFINED"), ("FINISHED", "FAILED")]
    assert (done.state, done.final_status) == ("FINISHED", "FAILED")


async def test_wait_takes_a_coroutine_function(client: DataForestClient,
                                               control: EmulatorControl,
                                               workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=0, run_ms=100)
    app = await client.submit_app(workspace.id, "tune")
    seen: list[str | None] = []

    async def changed(detail: AppDetail) -> None:
        await asyncio.sleep(0)
        seen.append(detail.state)

    await client.wait_app(app.id, timeout=10, on_change=changed, poll_first=0.02)
    assert seen[-1] == "FINISHED"


async def test_wait_gives_up_naming_the_app_and_its_state(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=0, run_ms=600_000)
    app = await client.submit_app(workspace.id, "tune")
    with pytest.raises(AppWaitTimeoutError) as caught:
        await client.wait_app(app.id, timeout=0.3, poll_first=0.05)
    message = str(caught.value)
    assert app.id in message and repr(app.name) in message and "RUNNING" in message
    assert "0.3 s" in message and message.startswith("DataForest app ")
    assert isinstance(caught.value, TimeoutError) and caught.value.app.state == "RUNNING"


async def test_wait_backs_off_while_nothing_changes(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=600_000)
    app = await client.submit_app(workspace.id, "tune")
    with pytest.raises(AppWaitTimeoutError):
        await client.wait_app(app.id, timeout=1.0, poll_first=0.05, poll_max=0.2)
    # Polling every 0.05 s would take 20 polls; growing 1.5 times up to 0.2 s takes about 8.
    assert 4 <= control.count("apps.getDetail") <= 12


async def test_wait_polls_on_through_failed_polls(client: DataForestClient,
                                                  control: EmulatorControl,
                                                  workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=0, run_ms=200)
    app = await client.submit_app(workspace.id, "tune")
    control.set_faults([{"operation": "apps.getDetail", "action": "status", "status": 503,
                         "times": 4}])  # the first poll fails after its three attempts
    done = await client.wait_app(app.id, timeout=10, poll_first=0.02)
    assert done.state == "FINISHED"
    assert [r["status"] for r in control.requests("apps.getDetail")][:4] == [503] * 4


# -- the blocking and caching clients, the dry run --------------------------------------------

@pytest.fixture
def portal() -> Iterator[Portal]:
    portal = Portal(name="apps-portal")
    yield portal
    portal.close()


def test_the_blocking_client(emulator: EmulatorThread, control: EmulatorControl,
                             portal: Portal) -> None:
    control.set_apps(accept_ms=0, run_ms=100)
    with BlockingClient(**emulator.endpoint.client_kwargs(), portal=portal) as df:
        ws = df.create_workspace(ACCOUNT_ID, "mnist", GOOD_CONFIG)
        app = df.submit_app(ws.id, "tune", {"resource": {"gpuCount": 2}})
        done = df.wait_app(app.id, timeout=10, poll_first=0.02)
        assert done.state == "FINISHED"
        assert "Training finished" in df.app_log(done.containers[0])
        assert [a.id for a in df.list_apps(ACCOUNT_ID, ws.id)] == [app.id]
        df.kill_app(app.id)
        assert df.get_app(app.id).state == "FINISHED"
        assert df.dry_run_submit(ws.id, "tune").body["resource"]["gpuCount"] == 1


async def test_the_caching_client(client: DataForestClient, control: EmulatorControl,
                                  workspace: WorkspaceDetail) -> None:
    cache = CachingClient(client, ttl=60)
    control.set_apps(accept_ms=0, run_ms=300)
    assert await cache.list_apps(ACCOUNT_ID) == []
    assert await cache.list_apps(ACCOUNT_ID) == []
    assert control.count("apps.getList") == 1  # the second came from the cache
    app = await cache.submit_app(workspace.id, "tune")
    assert [a.id for a in await cache.list_apps(ACCOUNT_ID)] == [app.id]  # the submit dropped it
    first = await cache.get_app(app.id)
    done = await cache.wait_app(app.id, timeout=10)  # polls the service, not the cache
    assert (first.state, done.state) == ("RUNNING", "FINISHED")
    assert (await cache.get_app(app.id)).state == "FINISHED"
    await cache.kill_app(app.id)
    assert "Training finished" in await cache.app_log(done.containers[0])


async def test_dry_run_of_a_submit(client: DataForestClient, control: EmulatorControl,
                                   workspace: WorkspaceDetail) -> None:
    dry = await client.dry_run_submit(workspace.id, "tune", {"resource": {"gpuCount": 2}})
    assert control.count("apps.submit") == 0  # nothing was submitted
    assert dry.operation == "apps.submit" and dry.url.endswith("/api/v2/aiapps/submit")
    assert set(dry.body) == SUBMIT_FIELDS and dry.body["resource"]["gpuCount"] == 2
    assert "URI=/api/v2/aiapps/submit" in dry.curl and '"namePrefix": "tune"' in dry.curl
    assert TEST_SECRET_KEY not in repr(dry) + dry._repr_html_()
    app = await client.submit_app(workspace.id, "tune", {"resource": {"gpuCount": 2}})
    assert {**sent_body(control, app.id)} == dry.body  # the dry run shows what is sent
    with pytest.raises(ValidationError) as caught:
        await client.dry_run_submit(workspace.id, "tune", {"resource": {"gpuCount": 9}})
    assert caught.value.field == "resource.gpuCount"
