"""A submit never runs twice: under every fault that loses its answer the client looks for the
app in the apps list instead of sending it again, and the emulator's state afterwards holds one
app or none, never two."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.errors import SubmitOutcomeUnknownError
from ncp_df_jupyter.core.models import App, WorkspaceDetail
from ncp_df_jupyter.core.submit_lookup import CLOCK_MARGIN_MS, SubmitMark, candidates
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import GOOD_CONFIG, new_client, wait_for_requests

FOUND = ["drop_after_commit", "delay_after_commit"]  # done, then the answer is lost
NOT_DONE: list[dict[str, Any]] = [
    {"action": "drop"}, {"action": "status", "status": 500}, {"action": "status", "status": 502},
    {"action": "status", "status": 503}, {"action": "status", "status": 504}]


@pytest.fixture
async def workspace(client: DataForestClient) -> WorkspaceDetail:
    return await client.create_workspace(ACCOUNT_ID, "mnist", GOOD_CONFIG)


def apps_in(control: EmulatorControl) -> list[dict[str, Any]]:
    apps: list[dict[str, Any]] = control.state()["apps"]
    return apps


@pytest.mark.parametrize("action", FOUND)
async def test_a_lost_answer_of_a_submit_that_happened_is_found(
        emulator: EmulatorThread, control: EmulatorControl, workspace: WorkspaceDetail,
        action: str) -> None:
    control.set_faults([{"operation": "submit", "action": action, "delay_ms": 900,
                         "times": 1}])
    async with new_client(emulator.url, timeout=0.5) as client:
        app = await client.submit_app(workspace.id, "tune")
    (stored,) = apps_in(control)
    assert app.id == stored["id"] and app.name == stored["name"]
    assert app.state == "ACCEPTED" and app.workspace_name == "mnist"
    (submit,) = wait_for_requests(control, "apps.submit", 1)  # sent once, never again
    assert submit["fault"] == action


async def test_a_submit_and_its_look_ups_end_within_the_timeout(
        emulator: EmulatorThread, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    """``timeout`` bounds the whole submit: the reads before it, the attempt whose answer never
    comes and the look-up. Here one attempt may take all of it (attempt_timeout=timeout), the
    read before the submit takes 1.5 s, so the look-up gets no time: the submit says it cannot
    tell (never submitting again) when the 2 s are up, instead of giving the submit a fresh 2 s
    (3.6 s before the budget was shared)."""
    control.set_faults([
        {"operation": "apps.getList", "action": "delay", "delay_ms": 1500, "times": 1},
        {"operation": "submit", "action": "delay_after_commit", "delay_ms": 5_000}])
    async with DataForestClient(TEST_ACCESS_KEY, TEST_SECRET_KEY, emulator.url, timeout=2.0,
                                attempt_timeout=2.0, retry=RetryPolicy.fast()) as client:
        started = time.monotonic()
        with pytest.raises(SubmitOutcomeUnknownError):
            await asyncio.wait_for(client.submit_app(workspace.id, "tune"), 30)
        took = time.monotonic() - started
    assert took <= 2.0 + 0.8, took  # one budget for all of it (slack for a busy machine)
    assert len(apps_in(control)) == 1  # submitted once


@pytest.mark.parametrize("fault", NOT_DONE, ids=[f"{f['action']}-{f.get('status', '')}"
                                                 for f in NOT_DONE])
async def test_a_lost_answer_of_a_submit_that_did_not_happen_is_not_resent(
        emulator: EmulatorThread, control: EmulatorControl, workspace: WorkspaceDetail,
        fault: dict[str, Any]) -> None:
    control.set_faults([{"operation": "submit", "times": 1, **fault}])
    async with new_client(emulator.url) as client:
        with pytest.raises(SubmitOutcomeUnknownError) as caught:
            await client.submit_app(workspace.id, "tune")
    message = str(caught.value)
    assert message.startswith("DataForest apps.submit of 'tune' in workspace mnist")
    assert f"list_apps({ACCOUNT_ID!r})" in message and "not sent again" in message
    assert message.endswith(".") and caught.value.candidates == []
    assert control.count("apps.submit") == 1 and apps_in(control) == []
    assert control.count("apps.getList") >= 2  # before the call, then looking


async def test_a_throttled_submit_is_retried(emulator: EmulatorThread, control: EmulatorControl,
                                             workspace: WorkspaceDetail) -> None:
    """The gateway answers 429 before passing the request on: nothing happened, so a retry
    is safe."""
    control.set_faults([{"operation": "submit", "action": "status", "status": 429, "times": 1}])
    async with new_client(emulator.url) as client:
        app = await client.submit_app(workspace.id, "tune")
    assert [r["status"] for r in control.requests("apps.submit")] == [429, 200]
    assert [a["id"] for a in apps_in(control)] == [app.id]


async def test_a_submit_the_service_carries_out_after_the_looks_is_not_doubled(
        emulator: EmulatorThread, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    """What cannot be resolved: the service starts the app only after the client stopped
    looking. The client says so; the app appears later, once."""
    control.set_faults([{"operation": "submit", "action": "delay", "delay_ms": 900,
                         "times": 1}])
    async with new_client(emulator.url, timeout=0.5) as client:
        with pytest.raises(SubmitOutcomeUnknownError, match="a slow service may still"):
            await client.submit_app(workspace.id, "tune")
    wait_for_requests(control, "apps.submit", 1)
    assert len(apps_in(control)) == 1 and control.count("apps.submit") == 1


async def test_an_earlier_app_of_the_same_prefix_is_not_taken_for_it(
        emulator: EmulatorThread, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    async with new_client(emulator.url) as client:
        earlier = await client.submit_app(workspace.id, "tune")
        control.set_faults([{"operation": "submit", "action": "drop", "times": 1}])
        with pytest.raises(SubmitOutcomeUnknownError) as caught:
            await client.submit_app(workspace.id, "tune")
    assert caught.value.candidates == []  # listed before the call: not a candidate
    assert [a["id"] for a in apps_in(control)] == [earlier.id]


async def test_found_by_time_when_the_list_before_the_call_failed(
        emulator: EmulatorThread, control: EmulatorControl, workspace: WorkspaceDetail) -> None:
    control.set_faults([{"operation": "apps.getList", "action": "status", "status": 503,
                         "times": 3},  # the three attempts of the list before the call
                        {"operation": "submit", "action": "drop_after_commit", "times": 1}])
    async with new_client(emulator.url) as client:
        app = await client.submit_app(workspace.id, "tune")
    assert [a["id"] for a in apps_in(control)] == [app.id]
    assert control.count("apps.submit") == 1


async def test_two_candidates_cannot_be_told_apart(emulator: EmulatorThread,
                                                   control: EmulatorControl,
                                                   workspace: WorkspaceDetail) -> None:
    """Someone else submits with the same prefix to the same workspace while our answer is
    lost: both apps are new, so the client names both and returns neither."""
    control.set_faults([{"operation": "submit", "action": "delay_after_commit",
                         "delay_ms": 1500, "times": 1}])
    async with new_client(emulator.url, timeout=0.8) as ours, new_client(emulator.url) as theirs:
        task = asyncio.ensure_future(ours.submit_app(workspace.id, "tune"))
        deadline = time.monotonic() + 5
        while not await asyncio.to_thread(apps_in, control):  # ours is in, its answer held
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
        other = await theirs.submit_app(workspace.id, "tune")
        with pytest.raises(SubmitOutcomeUnknownError) as caught:
            await task
    found = {app.id for app in caught.value.candidates}
    assert found == {a["id"] for a in apps_in(control)} and other.id in found and len(found) == 2
    assert "2 apps it may have started were found" in str(caught.value)
    assert all(app.id in str(caught.value) for app in caught.value.candidates)
    wait_for_requests(control, "apps.submit", 2)
    assert control.count("apps.submit") == 2  # one each: ours was not sent again


async def test_when_checking_fails_too(emulator: EmulatorThread, control: EmulatorControl,
                                       workspace: WorkspaceDetail) -> None:
    control.set_faults([{"operation": "submit", "action": "drop", "times": 1},
                        {"operation": "apps.getList", "action": "status", "status": 503}])
    async with new_client(emulator.url, retry=RetryPolicy.fast()) as client:
        with pytest.raises(SubmitOutcomeUnknownError, match="checking whether it started failed"):
            await client.submit_app(workspace.id, "tune")
    assert control.count("apps.submit") == 1


# -- telling candidates apart (the rules themselves) ----------------------------------------------

SINCE = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)


def app(id: str, *, name: str | None = "tune-abc123", workspace: str | None = "mnist",
        started: dt.datetime | None = SINCE) -> App:
    return App(id=id, name=name, workspace_name=workspace,
               started_at=None if started is None else started.isoformat())


def mark(known: set[str] | None = None) -> SubmitMark:
    return SubmitMark(ACCOUNT_ID, "mnist", "tune", None if known is None else frozenset(known),
                      SINCE)


def test_what_makes_a_candidate() -> None:
    apps = [app("ours"), app("listed-before"), app("other-workspace", workspace="other"),
            app("other-prefix", name="train-abc123"), app("too-old",
                                                          started=SINCE - dt.timedelta(
                                                              seconds=1)),
            app("no-name", name=None), app("no-workspace", workspace=None),
            app("no-time", started=None)]
    assert [a.id for a in candidates(apps, mark({"listed-before"}))] == [
        "ours", "no-name", "no-workspace", "no-time"]  # a field left out rules nothing out


def test_the_clock_margin() -> None:
    """The mark's time is the service's time less the margin: our clock may be up to a minute
    off without the transport noticing."""
    taken = SubmitMark.now(ACCOUNT_ID, "mnist", "tune", None, clock_offset_ms=0)
    expected = time.time() - CLOCK_MARGIN_MS / 1000
    assert abs(taken.since.timestamp() - expected) < 2 and CLOCK_MARGIN_MS >= 60_000
    skewed = SubmitMark.now(ACCOUNT_ID, "mnist", "tune", None, clock_offset_ms=-600_000)
    assert abs(skewed.since.timestamp() - (expected - 600)) < 2  # the gateway's clock is used
    started = SINCE + dt.timedelta(seconds=30)
    assert candidates([app("a", started=started.astimezone(dt.timezone(dt.timedelta(hours=9))))],
                      mark()) != []  # any zone


def test_unreadable_times_are_kept() -> None:
    odd = App(id="odd", name="tune-x", workspace_name="mnist", started_at="yesterday")
    assert candidates([odd], mark()) == [odd]
