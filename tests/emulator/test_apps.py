"""The emulated AI Apps, on the wire: the four operations' bodies, the YARN-like state machine
on the emulator's clock, container logs at their logUrl, the control API and the fault rules.

Requests are built by hand (tests/support.py send_raw), not by our client; time moves with
``POST /_emulator/clock`` (EmulatorClock), so no test waits for an app.
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest

from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import LOCKED_ACCOUNT_ID

from ..conftest import ACCOUNT_ID
from ..support import APP_TIMES, GOOD_CONFIG, EmulatorClock, send_raw

SUBMIT_KEYS = {"success", "message", "id", "accountName", "name", "queueName", "startedAt",
               "finishedAt", "elapsedMillis", "state", "finalStatus"}
LIST_KEYS = {"accountName", "appId", "disabled", "finalStatus", "finishedAt", "id",
             "modifiedAt", "name", "queueName", "startedAt", "state", "workspaceName"}
DETAIL_KEYS = {"accountName", "appId", "containers", "elapsedMillis", "finalStatus",
               "finishedAt", "id", "message", "name", "queueName", "startedAt", "state",
               "success"}
CONTAINER_KEYS = {"component", "containerId", "cpuCount", "memoryMb", "dockerImage",
                  "createdAt", "status", "logUrl"}


class Apps:
    """The emulator's AI Apps API over raw signed HTTP, on one workspace."""

    def __init__(self, url: str, workspace_id: str) -> None:
        self.url = url
        self.workspace_id = workspace_id

    def body(self, prefix: str = "mnist", **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"aiWorkspaceId": self.workspace_id, "namePrefix": prefix,
                                "queueName": "gpu", "data": GOOD_CONFIG["data"],
                                "docker": GOOD_CONFIG["docker"],
                                "resource": GOOD_CONFIG["resource"]}
        return {**body, **changes}

    async def call(self, operation: str, body: Any) -> tuple[int, Any]:
        status, answer, _ = await send_raw(self.url, operation, body)
        return status, answer

    async def submit(self, prefix: str = "mnist", **changes: Any) -> dict[str, Any]:
        status, answer = await self.call("apps.submit", self.body(prefix, **changes))
        assert status == 200, answer
        result: dict[str, Any] = answer
        return result

    async def detail(self, app_id: str) -> dict[str, Any]:
        status, answer = await self.call("apps.getDetail", {"id": app_id})
        assert status == 200, answer
        result: dict[str, Any] = answer
        return result

    async def listed(self, account: str = ACCOUNT_ID) -> list[dict[str, Any]]:
        status, answer = await self.call("apps.getList", {"search": {"accountId": account}})
        assert status == 200 and set(answer) == {"success", "message", "contents"}, answer
        contents: list[dict[str, Any]] = answer["contents"]
        return contents

    async def kill(self, app_id: str) -> tuple[int, Any]:
        return await self.call("apps.kill", {"id": app_id})

    async def state(self, app_id: str) -> tuple[str, str]:
        detail = await self.detail(app_id)
        return detail["state"], detail["finalStatus"]


@pytest.fixture
async def apps(emulator: EmulatorThread, control: EmulatorControl) -> Apps:
    control.set_apps(**APP_TIMES)
    status, answer, _ = await send_raw(emulator.url, "create", {
        "accountId": ACCOUNT_ID, "name": "mnist-ws", "configuration": GOOD_CONFIG})
    assert status == 200
    return Apps(emulator.url, answer["id"])


@pytest.fixture
def clock(control: EmulatorControl) -> EmulatorClock:
    return EmulatorClock(control)


async def log_of(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.content_type, await response.text()


# -- the operations' bodies ---------------------------------------------------------------------

async def test_submit_answers_the_documented_body(apps: Apps) -> None:
    answer = await apps.submit("mnist")
    assert set(answer) == SUBMIT_KEYS  # no appId and no containers in a submit answer
    assert re.fullmatch(r"[0-9A-Za-z]{22}", answer["id"])
    assert re.fullmatch(r"mnist-[a-z0-9]{6}", answer["name"])
    assert (answer["state"], answer["finalStatus"], answer["finishedAt"],
            answer["elapsedMillis"]) == ("ACCEPTED", "UNDEFINED", None, 0)
    assert answer["accountName"] == "df-demo" and answer["queueName"] == "gpu"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00", answer["startedAt"])


async def test_list_and_detail_bodies(apps: Apps, clock: EmulatorClock) -> None:
    first = await apps.submit("one")
    clock.advance(10)
    second = await apps.submit("two")
    listed = await apps.listed()
    assert [a["id"] for a in listed] == [second["id"], first["id"]]  # newest first
    assert all(set(a) == LIST_KEYS for a in listed)
    assert {a["workspaceName"] for a in listed} == {"mnist-ws"}
    assert [a["appId"] for a in listed] == [
        re.sub(r"_0001$", "_0002", listed[1]["appId"]), listed[1]["appId"]]
    assert re.fullmatch(r"application_\d{13}_0001", listed[1]["appId"])
    detail = await apps.detail(first["id"])
    assert set(detail) == DETAIL_KEYS and detail["containers"] == {}


async def test_unknown_ids_and_accounts(apps: Apps) -> None:
    for operation in ("apps.getDetail", "apps.kill"):
        assert await apps.call(operation, {"id": "NoSuchApp0000000000001"}) == (
            404, {"success": False, "message": "no such element"})
    assert (await apps.call("apps.getList", {"search": {"accountId": "NoSuchAccount000001"}}
                            ))[0] == 404
    assert (await apps.call("apps.getList", {"search": {"accountId": LOCKED_ACCOUNT_ID}})) == (
        403, {"success": False, "message": "not allowed to access"})
    assert (await apps.call("apps.submit", apps.body(aiWorkspaceId="NoSuchWorkspace000001")
                            ))[0] == 404


async def test_the_type_page_spellings_are_read(apps: Apps, control: EmulatorControl) -> None:
    docker = {"image": "a:b", "command": "python x.py", "arg": "--fast", "exposeTcpPorts": 6006}
    await apps.submit("spell", docker=docker)
    assert control.state()["apps"][0]["body"]["docker"] == {
        "image": "a:b", "command": "python x.py", "args": "--fast", "exposeTcpPorts": [6006]}


async def test_other_paths_under_aiapps_are_the_gateways_404(emulator: EmulatorThread) -> None:
    for path in ("/api/v2/aiapps/stop", "/api/v2/aiapps/delete", "/api/v2/aiapps/getList/x"):
        status, answer, _ = await send_raw(emulator.url, "apps.kill", {}, path=path)
        assert status == 404 and answer["error"]["errorCode"] == "300"


# -- the state machine ----------------------------------------------------------------------------

async def test_accepted_running_finished(apps: Apps, clock: EmulatorClock,
                                         emulator: EmulatorThread) -> None:
    app = await apps.submit()
    assert await apps.state(app["id"]) == ("ACCEPTED", "UNDEFINED")
    clock.advance(800)  # (real time passes too, a few milliseconds per request)
    assert await apps.state(app["id"]) == ("ACCEPTED", "UNDEFINED")
    clock.advance(200)
    running = await apps.detail(app["id"])
    assert (running["state"], running["finalStatus"], running["finishedAt"]) == (
        "RUNNING", "UNDEFINED", None)
    (name, container), = running["containers"].items()
    assert name == "worker-0" and set(container) == CONTAINER_KEYS
    assert (container["component"], container["status"], container["cpuCount"],
            container["memoryMb"], container["dockerImage"]) == (
        "worker", "READY", 4, 15360, "tensorflow:2.15.0-gpu")
    assert container["containerId"] == "container_e17_" + "_".join(
        running["appId"].split("_")[1:]) + "_01_000002"
    assert container["logUrl"] == (f"{emulator.url}/logs/{running['appId']}/"
                                   f"{container['containerId']}")
    clock.advance(4_000)
    done = await apps.detail(app["id"])
    assert (done["state"], done["finalStatus"], done["elapsedMillis"]) == (
        "FINISHED", "SUCCEEDED", 5_000)
    assert done["finishedAt"] and done["containers"]["worker-0"]["status"] == "SUCCEEDED"
    (row,) = await apps.listed()
    assert row["modifiedAt"] == done["finishedAt"] and row["state"] == "FINISHED"


@pytest.mark.parametrize(("behaviour", "end"), [
    ({"final_status": "FAILED"}, ("FINISHED", "FAILED", "FAILED")),
    ({"final_status": "FAILED", "final_state": "FAILED"}, ("FAILED", "FAILED", "FAILED")),
], ids=["finished-failed", "failed"])
async def test_the_ends_that_fail(apps: Apps, control: EmulatorControl, clock: EmulatorClock,
                                  behaviour: dict[str, str], end: tuple[str, str, str]) -> None:
    control.set_apps(**APP_TIMES, **behaviour)
    app = await apps.submit()
    clock.advance(5_000)
    detail = await apps.detail(app["id"])
    assert (detail["state"], detail["finalStatus"],
            detail["containers"]["worker-0"]["status"]) == end


@pytest.mark.parametrize("after_ms", [0, 2_000], ids=["accepted", "running"])
async def test_kill_ends_it_for_good(apps: Apps, clock: EmulatorClock, after_ms: int) -> None:
    app = await apps.submit()
    clock.advance(after_ms)
    assert await apps.kill(app["id"]) == (200, {"success": True, "message": "success",
                                                 "id": app["id"]})
    killed = await apps.detail(app["id"])
    assert (killed["state"], killed["finalStatus"]) == ("KILLED", "KILLED")
    assert after_ms <= killed["elapsedMillis"] < after_ms + 1_000 and killed["finishedAt"]
    statuses = [c["status"] for c in killed["containers"].values()]
    assert statuses == ([] if after_ms == 0 else ["STOPPED"])
    clock.advance(60_000)
    assert await apps.state(app["id"]) == ("KILLED", "KILLED")
    assert await apps.kill(app["id"]) == (200, {"success": True, "message": "success",
                                                 "id": app["id"]})


async def test_kill_after_the_end_changes_nothing(apps: Apps, clock: EmulatorClock) -> None:
    app = await apps.submit()
    clock.advance(6_000)
    before = await apps.detail(app["id"])
    status, _ = await apps.kill(app["id"])
    assert status == 200 and await apps.detail(app["id"]) == before


async def test_states_never_go_back_when_the_clock_does(apps: Apps,
                                                        clock: EmulatorClock) -> None:
    running, done = await apps.submit("run"), await apps.submit("done")
    clock.advance(1_500)
    assert await apps.state(running["id"]) == ("RUNNING", "UNDEFINED")  # seen running
    clock.advance(5_000)
    assert await apps.state(done["id"]) == ("FINISHED", "SUCCEEDED")  # seen finished
    clock.back(6_000)  # before either began to run
    assert await apps.state(done["id"]) == ("FINISHED", "SUCCEEDED")
    assert await apps.state(running["id"]) == ("RUNNING", "UNDEFINED")
    assert (await apps.detail(running["id"]))["elapsedMillis"] >= 0


async def test_behaviour_per_prefix_and_for_later_apps_only(apps: Apps,
                                                            control: EmulatorControl,
                                                            clock: EmulatorClock) -> None:
    before = await apps.submit("early")
    control.set_apps(accept_ms=0, run_ms=100, final_status="FAILED", name_prefix="bad")
    control.set_apps(accept_ms=0, run_ms=100_000)
    bad, slow = await apps.submit("bad"), await apps.submit("slow")
    clock.advance(5_000)
    assert await apps.state(before["id"]) == ("FINISHED", "SUCCEEDED")  # kept its own times
    assert await apps.state(bad["id"]) == ("FINISHED", "FAILED")
    assert await apps.state(slow["id"]) == ("RUNNING", "UNDEFINED")


# -- logs ---------------------------------------------------------------------------------------

async def test_a_log_grows_while_the_app_runs(apps: Apps, control: EmulatorControl,
                                              clock: EmulatorClock) -> None:
    control.set_apps(**APP_TIMES, log_lines=[f"step {i}" for i in range(8)])
    app = await apps.submit()
    clock.advance(1_000)
    url = (await apps.detail(app["id"]))["containers"]["worker-0"]["logUrl"]
    sizes = []
    for _ in range(5):
        status, content_type, text = await log_of(url)
        assert (status, content_type) == (200, "text/plain")
        sizes.append(len(text.splitlines()))
        clock.advance(1_000)
    assert sizes == [1, 3, 5, 7, 8]
    clock.advance(1_000)
    assert (await log_of(url))[2].splitlines()[-1].endswith("step 7")  # finished: stays so


async def test_a_log_that_does_not_exist(apps: Apps, emulator: EmulatorThread) -> None:
    app = await apps.submit()
    listed = (await apps.listed())[0]
    container = "container_e17_" + "_".join(listed["appId"].split("_")[1:]) + "_01_000002"
    for path in (f"/logs/{listed['appId']}/{container}",  # still ACCEPTED: no container yet
                 f"/logs/{listed['appId']}/container_x", "/logs/application_1_1/c",
                 f"/logs/{app['id']}/{container}"):
        status, content_type, text = await log_of(emulator.url + path)
        assert (status, content_type) == (404, "text/plain") and text


# -- control API, faults, reset ------------------------------------------------------------------

@pytest.mark.parametrize(("body", "field"), [
    ({"accept_ms": -1}, "accept_ms"), ({"run_ms": "5"}, "run_ms"), ({"run_ms": True}, "run_ms"),
    ({"final_status": "KILLED"}, "final_status"), ({"final_state": "KILLED"}, "final_state"),
    ({"final_state": "FAILED"}, "final_state"), ({"log_lines": -1}, "log_lines"),
    ({"log_lines": [1]}, "log_lines"), ({"name_prefix": 5}, "name_prefix"),
    ({"speed": 1}, "speed"), ([], "JSON object"),
])
def test_the_control_api_names_what_it_cannot_use(control: EmulatorControl, body: Any,
                                                  field: str) -> None:
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as caught:
        control._send("POST", "/_emulator/apps", body)
    assert caught.value.code == 400
    assert field in caught.value.read().decode()


def test_the_control_api_shows_and_resets_behaviours(control: EmulatorControl) -> None:
    default = control._send("GET", "/_emulator/apps")["behaviours"]
    assert default == [{"accept_ms": 2000, "run_ms": 8000, "final_status": "SUCCEEDED",
                        "final_state": "FINISHED", "log_lines": 12, "name_prefix": None}]
    shown = control.set_apps(run_ms=5, name_prefix="x")
    assert [b["name_prefix"] for b in shown] == [None, "x"] and shown[1]["run_ms"] == 5
    control.clear_apps()
    assert control._send("GET", "/_emulator/apps")["behaviours"] == default


async def test_fault_rules_apply_to_app_operations(apps: Apps, control: EmulatorControl) -> None:
    rules = control.set_faults([
        {"operation": "submit", "action": "status", "status": 503, "times": 1},
        {"operation": "kill", "action": "status", "status": 500, "times": 1},
        {"operation": "apps.getList", "action": "status", "status": 502, "times": 1}])
    assert [r["operation"] for r in rules] == ["apps.submit", "apps.kill", "apps.getList"]
    assert (await apps.call("apps.submit", apps.body()))[0] == 503
    assert control.state()["apps"] == []  # refused before it was done
    app = await apps.submit()
    assert (await apps.kill(app["id"]))[0] == 500
    assert (await apps.call("apps.getList", {"search": {"accountId": ACCOUNT_ID}}))[0] == 502
    assert await apps.state(app["id"]) == ("ACCEPTED", "UNDEFINED")  # the kill was not done
    assert [r["status"] for r in control.requests("apps.submit")] == [503, 200]


def test_a_fault_rule_for_an_unknown_operation(control: EmulatorControl) -> None:
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as caught:
        control.set_faults([{"operation": "getlist"}])
    message = caught.value.read().decode()
    assert "apps.submit" in message and "submit, kill" in message


async def test_reset_forgets_apps_and_behaviours(apps: Apps, control: EmulatorControl) -> None:
    control.set_apps(run_ms=1)
    await apps.submit()
    control.reset()
    assert control.state()["apps"] == []
    assert control._send("GET", "/_emulator/apps")["behaviours"][0]["run_ms"] == 8000
