"""follow_log against the emulator: the app's state from wait_app, its log re-read as it grows,
the last update once it has ended; and what the faces lean on beside it (find_app, the default
name prefix, elapsed time, outcome, the container a log is read from)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from aiohttp import web

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.app_follow import LogUpdate, log_added
from ncp_df_jupyter.core.apps import default_name_prefix
from ncp_df_jupyter.core.caching import CachingClient
from ncp_df_jupyter.core.errors import AppWaitTimeoutError, NotFoundError, ValidationError
from ncp_df_jupyter.core.models import App, AppDetail, WorkspaceDetail
from ncp_df_jupyter.emulator import EmulatorControl

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG, AppThread

# Short runs: accepted for 0.3 s, running for 1.2 s, six log lines over that time.
SHORT = {"accept_ms": 300, "run_ms": 1_200, "log_lines": 6}


@pytest.fixture
async def workspace(client: DataForestClient) -> WorkspaceDetail:
    return await client.create_workspace(ACCOUNT_ID, "mnist", GOOD_CONFIG)


async def follow(client: DataForestClient | CachingClient, app_id: str, **kwargs: object
                 ) -> list[LogUpdate]:
    async def collect() -> list[LogUpdate]:
        return [update async for update in client.follow_log(app_id, **kwargs)]  # type: ignore[arg-type]

    return await asyncio.wait_for(collect(), 30)  # bounded: an app of ~1.5 s


async def test_follow_sees_every_state_and_the_whole_log(client: DataForestClient,
                                                         control: EmulatorControl,
                                                         workspace: WorkspaceDetail) -> None:
    control.set_apps(**SHORT)
    app = await client.submit_app(workspace.id, "tune")
    updates = await follow(client, app.id, every=0.2)
    states = [u.app.state for u in updates]
    assert states[0] == "ACCEPTED" and states[-1] == "FINISHED"
    assert "RUNNING" in states
    last = updates[-1]
    assert last.final and [u.final for u in updates].count(True) == 1
    assert last.app.final_status == "SUCCEEDED" and last.container is not None
    whole = await client.app_log(last.container)
    assert last.text == whole and whole.rstrip().endswith("Training finished")
    # what each update added, put together, is the whole log, in order, nothing twice
    assert "".join(u.added for u in updates) == whole
    assert all(u.container is None and u.text == "" for u in updates if u.app.state == "ACCEPTED")


async def test_follow_of_an_app_that_has_ended_is_one_final_update(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=0, run_ms=0, log_lines=3)
    app = await client.submit_app(workspace.id, "tune")
    (update,) = await follow(client, app.id)
    assert update.final and update.app.state == "FINISHED" and update.text.count("\n") == 3


async def test_follow_a_killed_app_before_it_ran(client: DataForestClient,
                                                 control: EmulatorControl,
                                                 workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=60_000, run_ms=1_000)
    app = await client.submit_app(workspace.id, "tune")
    await client.kill_app(app.id)
    (update,) = await follow(client, app.id)
    assert update.app.state == "KILLED" and update.container is None and update.text == ""


async def test_follow_names_a_container_the_app_does_not_have(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=0, run_ms=0)
    app = await client.submit_app(workspace.id, "tune")
    with pytest.raises(ValidationError) as refused:
        await follow(client, app.id, container="chief-0")
    assert refused.value.field == "container"
    assert "no container 'chief-0' (its containers: worker-0)" in str(refused.value)


async def test_a_follow_that_runs_out_of_time_says_so(client: DataForestClient,
                                                      control: EmulatorControl,
                                                      workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=60_000, run_ms=1_000)
    app = await client.submit_app(workspace.id, "tune")
    with pytest.raises(AppWaitTimeoutError) as late:
        await follow(client, app.id, timeout=0.3)
    assert "still ACCEPTED" in str(late.value)


async def test_closing_a_follow_stops_its_polling(client: DataForestClient,
                                                  control: EmulatorControl,
                                                  workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=60_000, run_ms=1_000)
    app = await client.submit_app(workspace.id, "tune")
    following = client.follow_log(app.id, every=0.05)
    first = await asyncio.wait_for(following.__anext__(), 10)
    assert first.app.state == "ACCEPTED"
    await following.aclose()
    polls = control.count("apps.getDetail")
    await asyncio.sleep(1.5)  # past wait_app's next poll (1 s)
    assert control.count("apps.getDetail") == polls


async def test_the_caching_client_follows_uncached_and_shares_log_reads(
        client: DataForestClient, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=0, run_ms=60_000)
    cache = CachingClient(client, ttl=60)
    app = await cache.submit_app(workspace.id, "tune")
    await cache.get_app(app.id)  # cached now: a follow must not read this one
    following = cache.follow_log(app.id, every=0.05)
    seen = [await asyncio.wait_for(following.__anext__(), 10) for _ in range(3)]
    await following.aclose()
    assert all(u.app.state == "RUNNING" for u in seen)
    assert control.count("apps.getDetail") >= 2  # the follow's own reads, not the cache


async def test_readers_of_one_log_at_one_moment_share_one_read(client: DataForestClient
                                                                ) -> None:
    hits: list[str] = []

    async def page(request: web.Request) -> web.Response:
        hits.append(request.path)
        await asyncio.sleep(0.3)  # still in flight when the second reader asks
        return web.Response(text=f"line {len(hits)}\n", content_type="text/plain")

    app = web.Application()
    app.router.add_get("/log", page)
    cache = CachingClient(client, ttl=60)
    with AppThread(app) as server:
        url = f"{server.url}/log"
        together = await asyncio.gather(cache.app_log(url), cache.app_log(url))
        later = await cache.app_log(url)
    assert together == ["line 1\n", "line 1\n"] and len(hits) == 2
    assert later == "line 2\n"  # a log grows: never kept


def test_log_added_when_the_start_was_cut() -> None:
    assert log_added("a\nb\n", "a\nb\nc\n") == "c\n"
    assert log_added("", "a\n") == "a\n"
    cut = "[the first 10 bytes of this log are left out; all of it: u]\nb\nc\nd\n"
    assert log_added("a\nb\nc\n", cut) == "d\n"
    assert log_added("x\n", "y\n") == "y\n"  # nothing in common: all of it is new


async def test_find_app_by_id_name_and_yarn_id(client: DataForestClient,
                                               control: EmulatorControl,
                                               workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=60_000, run_ms=1_000)
    app = await client.submit_app(workspace.id, "tune")
    detail = await client.get_app(app.id)
    for given in (app.id, app.name, detail.app_id):
        found = await client.find_app(ACCOUNT_ID, str(given))
        assert found.id == app.id and found.workspace_name == "mnist"
    with pytest.raises(NotFoundError) as missing:
        await client.find_app(ACCOUNT_ID, "nothing-here")
    assert "No AI app named or with id 'nothing-here'" in str(missing.value)


@pytest.mark.parametrize(("workspace", "prefix"), [
    ("mnist-train", "mnist-tr"), ("llm-finetune", "llm-fine"), ("ab-cdefgh-x", "ab-cdefg"),
    ("abcdefg-xy", "abcdefg"),  # no hyphen left at the end
    ("x", "app"), (None, "app"), ("Data_Set 2", "data-set"), ("9lives", "lives"),
])
def test_default_name_prefix_follows_the_rule(workspace: str | None, prefix: str) -> None:
    assert default_name_prefix(workspace) == prefix


def test_elapsed_outcome_and_log_container() -> None:
    now = dt.datetime(2026, 12, 1, 1, 0, 30, tzinfo=dt.timezone.utc)
    running = App.from_api({"id": "a", "state": "RUNNING", "finalStatus": "UNDEFINED",
                            "startedAt": "2026-12-01T10:00:00+09:00"})
    assert running.elapsed_ms_at(now) == 30_000 and running.outcome == "running"
    ended = App.from_api({"id": "a", "state": "FINISHED", "finalStatus": "FAILED",
                          "startedAt": "2026-12-01T10:00:00+09:00",
                          "finishedAt": "2026-12-01T10:02:00+09:00", "elapsedMillis": 5})
    assert ended.elapsed_ms_at(now) == 120_000 and ended.outcome == "failed"
    unread = App.from_api({"id": "a", "state": "KILLED", "startedAt": "soon",
                           "elapsedMillis": 7})
    assert unread.elapsed_ms_at(now) == 7 and unread.outcome == "killed"
    waiting = AppDetail.from_api({"id": "a", "state": "ACCEPTED", "containers": {}})
    assert waiting.outcome == "waiting" and waiting.log_container() is None
    assert waiting.log_container("worker-0") is None  # none yet: nothing to refuse
    two = AppDetail.from_api({"id": "a", "state": "RUNNING", "containers": {
        "chief-0": {"status": "READY"}, "worker-0": {"status": "READY"}}})
    assert two.log_container() is two.containers[0]
    assert two.log_container("worker-0") is two.containers[1]
