"""The AI app routes of /ncp-df/ against the emulator: submit, list, detail, kill and a container's
log, their errors, and what they cost upstream (coalesced and cached like the workspace routes).

Upstream requests are counted by the emulator itself (GET /_emulator/requests); the shapes
checked here are the ones docs/rest-api.md promises the sidebar.
"""

from __future__ import annotations

import time

import pytest

from ncp_df_jupyter.emulator import EmulatorControl

from ..conftest import ACCOUNT_ID
from .workspaces import new_workspace

SHORT = {"accept_ms": 100, "run_ms": 400, "log_lines": ["loading", "epoch 1", "saved"]}
OF_ACCOUNT = {"params": {"account": ACCOUNT_ID}}


@pytest.fixture
def workspace_id(api) -> str:
    created = api("POST", "workspaces", body=new_workspace("mnist-train"))
    assert created.status == 201, created.body
    return str(created.body["id"])


def submit(api, workspace_id: str, **body: object) -> dict:
    answer = api("POST", "apps", body={"aiWorkspaceId": workspace_id, **body})
    assert answer.status == 201, answer.body
    return dict(answer.body)


def ended(api, app_id: str, timeout: float = 20.0) -> dict:
    """The app's detail once it has ended (read fresh: ``fresh=1`` drops the cached reads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = api("GET", "apps", params={"account": ACCOUNT_ID, "fresh": "1"})
        row = next(a for a in listed.body["apps"] if a["id"] == app_id)
        if row["finished"]:
            return dict(api("GET", "apps", app_id).body)
        time.sleep(0.1)
    raise AssertionError(f"app {app_id} had not ended after {timeout} s")


def test_submit_list_detail_and_log_of_an_app(api, control: EmulatorControl,
                                              workspace_id: str) -> None:
    control.set_apps(**SHORT)
    app = submit(api, workspace_id, configuration={"resource": {"gpuCount": 2}})
    assert app["name"].startswith("mnist-tr-")  # namePrefix: the workspace's name cut to 8
    assert (app["state"], app["finished"], app["outcome"]) == ("ACCEPTED", False, "waiting")
    assert app["workspaceName"] == "mnist-train" and app["containers"] == {}
    (sent,) = [a["body"] for a in control.state()["apps"] if a["id"] == app["id"]]
    assert sent["resource"]["gpuCount"] == 2 and sent["resource"]["gpuModel"] == "T4"

    listed = api("GET", "apps", **OF_ACCOUNT)
    assert listed.status == 200
    assert (listed.body["accountId"], listed.body["workspaceId"]) == (ACCOUNT_ID, None)
    assert listed.body["apps"][0]["id"] == app["id"]  # newest first

    detail = ended(api, app["id"])
    assert (detail["state"], detail["finalStatus"], detail["outcome"]) == (
        "FINISHED", "SUCCEEDED", "succeeded")
    assert detail["finished"] is True and detail["elapsedMillis"] >= 0
    container = detail["containers"]["worker-0"]
    assert container["logUrl"].startswith("http")

    log = api("GET", "apps", app["id"], "containers", "worker-0", "log")
    assert log.status == 200
    assert (log.body["id"], log.body["container"], log.body["state"], log.body["finished"]) == (
        app["id"], "worker-0", "FINISHED", True)
    assert log.body["logUrl"] == container["logUrl"]
    assert [line.split("] ", 1)[1] for line in log.body["log"].splitlines()] == [
        "loading", "epoch 1", "saved"]


def test_the_list_of_one_workspace(api, control: EmulatorControl, workspace_id: str) -> None:
    other = api("POST", "workspaces", body=new_workspace("other-ws")).body["id"]
    control.set_apps(**SHORT)
    mine = submit(api, workspace_id, namePrefix="mine")
    submit(api, other)
    listed = api("GET", "apps", params={"account": ACCOUNT_ID, "workspace": workspace_id})
    assert listed.status == 200 and listed.body["workspaceId"] == workspace_id
    assert [a["id"] for a in listed.body["apps"]] == [mine["id"]]
    assert listed.body["apps"][0]["name"].startswith("mine-")


def test_kill_answers_the_app_as_it_is_afterwards(api, control: EmulatorControl,
                                                  workspace_id: str) -> None:
    control.set_apps(accept_ms=0, run_ms=600_000)
    app = submit(api, workspace_id)
    killed = api("POST", "apps", app["id"], "kill")
    assert killed.status == 200, killed.body
    assert (killed.body["state"], killed.body["outcome"], killed.body["finished"]) == (
        "KILLED", "killed", True)
    assert control.count("apps.kill") == 1
    listed = api("GET", "apps", **OF_ACCOUNT)  # the kill dropped the cached list
    assert next(a for a in listed.body["apps"] if a["id"] == app["id"])["state"] == "KILLED"


def test_a_log_before_the_app_runs_is_a_404_that_says_so(api, control: EmulatorControl,
                                                         workspace_id: str) -> None:
    control.set_apps(accept_ms=60_000, run_ms=1_000)
    app = submit(api, workspace_id)
    answer = api("GET", "apps", app["id"], "containers", "worker-0", "log")
    assert answer.status == 404
    assert "has no containers yet" in answer.message and "ACCEPTED" in answer.message
    assert "messageId" not in answer.body  # the server's own sentence, naming what is missing


def test_a_container_the_app_does_not_have_is_a_404_naming_those_it_has(
        api, control: EmulatorControl, workspace_id: str) -> None:
    control.set_apps(accept_ms=0, run_ms=0)
    app = submit(api, workspace_id)
    ended(api, app["id"])
    answer = api("GET", "apps", app["id"], "containers", "chief-0", "log")
    assert answer.status == 404 and "(its containers: worker-0)" in answer.message


@pytest.mark.parametrize(("body", "field"), [
    ({}, "aiWorkspaceId"),
    ({"aiWorkspaceId": "not an id!"}, "aiWorkspaceId"),
    ({"aiWorkspaceId": "AbCdEfGhIjKlMnOpQrStUv", "namePrefix": "X"}, "namePrefix"),
    ([1, 2], None),
])
def test_a_bad_submit_is_a_400_naming_the_field_before_anything_is_sent(
        api, control: EmulatorControl, body: object, field: str | None) -> None:
    answer = api("POST", "apps", body=body)
    assert answer.status == 400, answer.body
    if field is not None:
        assert answer.body["field"] == field, answer.body
    assert control.count("apps.submit") == 0 and control.count("getDetail") == 0


def test_a_bad_configuration_override_is_the_cores_refusal(api, control: EmulatorControl,
                                                           workspace_id: str) -> None:
    answer = api("POST", "apps", body={"aiWorkspaceId": workspace_id,
                                       "configuration": {"resource": {"gpuCount": 12}}})
    assert answer.status == 400 and "gpuCount" in answer.body["field"]
    assert control.count("apps.submit") == 0


@pytest.mark.parametrize(("path", "params"), [
    (("apps",), {}),  # no account
    (("apps",), {"account": ACCOUNT_ID, "workspace": "not an id!"}),
])
def test_bad_list_parameters_are_a_400(api, control: EmulatorControl, path: tuple[str, ...],
                                       params: dict[str, str]) -> None:
    answer = api("GET", *path, params=params)
    assert answer.status == 400 and answer.message
    assert control.count("apps.getList") == 0


def test_an_unknown_app_is_a_404(api) -> None:
    for method, path in (("GET", ("apps", "NoSuchApp0000000000001")),
                         ("POST", ("apps", "NoSuchApp0000000000001", "kill")),
                         ("GET", ("apps", "NoSuchApp0000000000001", "containers", "worker-0",
                                  "log"))):
        answer = api(method, *path)
        assert answer.status == 404, (method, path, answer.body)
        assert answer.body["messageId"] == "DataForest has no such AI app; it may have been " \
            "removed.", answer.body  # not the workspaces' lead
        assert answer.body["details"]["operation"] in ("apps.getDetail", "apps.kill")


# -- what it costs upstream ---------------------------------------------------------------------

def test_many_tabs_listing_apps_cost_one_upstream_list(fetch_many, control: EmulatorControl,
                                                       api, workspace_id: str) -> None:
    control.set_apps(accept_ms=0, run_ms=600_000)
    for _ in range(3):
        submit(api, workspace_id)
    before = control.count("apps.getList")
    answers = fetch_many(20, "apps", **OF_ACCOUNT)
    assert {a.status for a in answers} == {200} and all(
        len(a.body["apps"]) == 3 for a in answers)
    assert control.count("apps.getList") - before == 1
    fetch_many(5, "apps", **OF_ACCOUNT)  # within the cache time: no request at all
    assert control.count("apps.getList") - before == 1


def test_details_and_logs_of_many_tabs_are_shared(fetch_many, control: EmulatorControl, api,
                                                  workspace_id: str) -> None:
    control.set_apps(accept_ms=0, run_ms=0)
    app = submit(api, workspace_id)
    ended(api, app["id"])
    before = control.count("apps.getDetail")
    details = fetch_many(10, "apps", app["id"])
    assert {a.status for a in details} == {200}
    assert control.count("apps.getDetail") - before <= 1  # cached by ended()'s read, or one
    logs = fetch_many(10, "apps", app["id"], "containers", "worker-0", "log")
    assert {a.status for a in logs} == {200} and len({a.body["log"] for a in logs}) == 1


def test_a_fresh_list_asks_again(api, control: EmulatorControl, workspace_id: str) -> None:
    api("GET", "apps", **OF_ACCOUNT)
    before = control.count("apps.getList")
    api("GET", "apps", **OF_ACCOUNT)
    assert control.count("apps.getList") == before
    api("GET", "apps", params={"account": ACCOUNT_ID, "fresh": "1"})
    assert control.count("apps.getList") == before + 1


def test_a_submit_makes_the_list_fresh(api, control: EmulatorControl, workspace_id: str
                                       ) -> None:
    control.set_apps(accept_ms=0, run_ms=600_000)
    assert api("GET", "apps", **OF_ACCOUNT).body["apps"] == []
    app = submit(api, workspace_id)
    assert [a["id"] for a in api("GET", "apps", **OF_ACCOUNT).body["apps"]] == [app["id"]]


def test_service_failures_are_the_services_words(api, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "apps.getList", "status": 500}])
    answer = api("GET", "apps", **OF_ACCOUNT)
    assert answer.status == 502 and "unexpected error" in answer.message
    control.clear_faults()
    assert api("GET", "apps", **OF_ACCOUNT).status == 200  # errors are not cached
