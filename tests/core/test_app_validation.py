"""Every rule of an AI app submit, both ways: the client refuses a broken value with an error
naming the field and submits nothing; the emulator, sent the same body directly, answers 400
naming the same field; the values at the edges of each rule pass both."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ncp_df_jupyter import Configuration, DataForestClient
from ncp_df_jupyter.core.errors import ValidationError
from ncp_df_jupyter.core.models import WorkspaceDetail
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG, send_raw

MISSING = object()  # the field is left out of the body

# (field path in the submit body, values the rules accept, values they refuse)
RULES: list[tuple[str, list[Any], list[Any]]] = [
    ("namePrefix", ["ab", "a1", "a-b", "abcdefgh", "x-------"],
     ["a", "abcdefghi", "Ab", "1a", "-a", "a_b", "ab\n", "ab c", "", 5, None, MISSING]),
    ("queueName", ["gpu", "gpu-large"], ["", 5]),  # None: the client's default queue
    ("resource.gpuCount", [1, 8, MISSING], [0, 9, 1.5, "2", True]),
    ("resource.cpuCount", [1, 64], [0, -1, "4"]),
    ("resource.memoryMb", [1, 15360], [0, 1.5]),
    ("resource.gpuModel", ["T4", "A100"], ["", 4]),
    ("docker.image", ["a:b", "dataforest/tf:2.15.0"], ["bad image", "A:b", "a", "", MISSING]),
    ("docker.command", ["python train.py"], ["", None, MISSING]),
    ("docker.args", ["--epochs 3", ""], [["--epochs", "3"], 3]),
    ("docker.env", [{}, {"A": "1"}], [{"A=B": "1"}, {"": "1"}, {"A": 1}, ["A=1"]]),
    ("docker.exposeTcpPorts", [[], [1, 65535]], [[0], [65536], [80, 80], ["80"]]),
    ("data.input", [[], [{"hdfs": "/in", "path": "/data/in"}]],
     [[{"path": "/data/in"}], [{"hdfs": "", "path": "/x"}], "/in",
      [{"hdfs": "/i", "path": "/p", "mode": "r"}]]),
    ("data.output", [[{"hdfs": "/o", "path": "/p", "overwrite": True}]],
     [[{"hdfs": "/o", "path": "/p", "overwrite": "yes"}]]),
    ("docker", [{"image": "a:b", "command": "c", "workdir": "/w"}],
     [{"image": "a:b", "command": "c", "user": "root"}, "a:b"]),
]


def _cases(good: bool) -> list[tuple[str, Any]]:
    return [(path, value) for path, goods, bads in RULES for value in (goods if good else bads)]


def _ids(cases: list[tuple[str, Any]]) -> list[str]:
    return [f"{path}={'missing' if value is MISSING else repr(value)[:20]}"
            for path, value in cases]


CASES_BAD = _cases(good=False)
CASES_GOOD = _cases(good=True)


def body_with(workspace_id: str, path: str, value: Any) -> dict[str, Any]:
    """A valid submit body with ``path`` set to ``value`` (or left out when MISSING)."""
    body: dict[str, Any] = {"aiWorkspaceId": workspace_id, "namePrefix": "tune",
                            "queueName": "gpu", **copy.deepcopy({
                                k: GOOD_CONFIG[k] for k in ("data", "docker", "resource")})}
    *parents, last = path.split(".")
    node = body
    for part in parents:
        node = node[part]
    if value is MISSING:
        node.pop(last, None)
    else:
        node[last] = value
    return body


def client_arguments(body: dict[str, Any]) -> tuple[Any, Any]:
    """(name prefix, configuration) that make the client build ``body`` on the GOOD_CONFIG
    workspace: overrides (values and lists replace, objects merge), or a whole Configuration
    when a docker field is left out (overrides cannot take one away)."""
    part = {k: body[k] for k in ("queueName", "data", "docker", "resource") if k in body}
    docker = part.get("docker")
    if isinstance(docker, dict) and not {"image", "command"} <= set(docker):
        return body.get("namePrefix"), Configuration.from_api(part)
    return body.get("namePrefix"), part


@pytest.fixture
async def workspace(client: DataForestClient) -> WorkspaceDetail:
    return await client.create_workspace(ACCOUNT_ID, "mnist", GOOD_CONFIG)


@pytest.mark.parametrize(("path", "value"), CASES_BAD, ids=_ids(CASES_BAD))
async def test_a_broken_rule_is_refused_by_both(client: DataForestClient,
                                                control: EmulatorControl,
                                                emulator: EmulatorThread,
                                                workspace: WorkspaceDetail, path: str,
                                                value: Any) -> None:
    body = body_with(workspace.id, path, value)
    prefix, configuration = client_arguments(body)
    with pytest.raises(ValidationError) as caught:
        await client.submit_app(workspace.id, prefix, configuration)
    refused = caught.value
    assert refused.field is not None and refused.field.startswith(path), (refused.field, path)
    assert str(refused).startswith(refused.field) and refused.status is None  # our own check
    assert control.count("apps.submit") == 0  # nothing was submitted

    status, answer, _ = await send_raw(emulator.url, "apps.submit", body)
    assert status == 400 and answer["success"] is False
    assert answer["message"].startswith(f"invalid request parameter ({refused.field},"), answer
    assert control.state()["apps"] == []


@pytest.mark.parametrize(("path", "value"), CASES_GOOD, ids=_ids(CASES_GOOD))
async def test_a_kept_rule_passes_both(client: DataForestClient, control: EmulatorControl,
                                       emulator: EmulatorThread, workspace: WorkspaceDetail,
                                       path: str, value: Any) -> None:
    body = body_with(workspace.id, path, value)
    prefix, configuration = client_arguments(body)
    app = await client.submit_app(workspace.id, prefix, configuration)
    (stored,) = control.state()["apps"]
    assert stored["id"] == app.id
    sent = stored["body"]
    for part in path.split("."):
        sent = sent.get(part, MISSING)
    if isinstance(value, dict):  # merged onto the workspace's object
        assert value.items() <= sent.items()
    elif value is not MISSING:
        assert sent == value
    status, answer, _ = await send_raw(emulator.url, "apps.submit", body)
    assert status == 200 and answer["success"] is True, answer


async def test_a_missing_queue_is_the_default_for_the_client_and_refused_by_the_service(
        client: DataForestClient, control: EmulatorControl, emulator: EmulatorThread) -> None:
    bare = await client.create_workspace(ACCOUNT_ID, "bare", {"docker": GOOD_CONFIG["docker"]})
    app = await client.submit_app(bare.id, "tune")
    assert control.state()["apps"][0]["body"]["queueName"] == "gpu" == app.queue_name
    status, answer, _ = await send_raw(emulator.url, "apps.submit",
                                       body_with(bare.id, "queueName", MISSING))
    assert status == 400 and "(queueName, 'null')" in answer["message"]


@pytest.mark.parametrize("field", ["aiWorkspaceId", "namePrefix", "data", "docker", "resource"])
async def test_the_service_requires_all_six_fields(emulator: EmulatorThread,
                                                   workspace: WorkspaceDetail,
                                                   field: str) -> None:
    status, answer, _ = await send_raw(emulator.url, "apps.submit",
                                       body_with(workspace.id, field, MISSING))
    assert status == 400 and answer["message"].startswith(
        f"invalid request parameter ({field}, 'null'). Is required")


async def test_the_workspace_id_and_prefix_are_checked_before_anything_is_read(
        client: DataForestClient, control: EmulatorControl) -> None:
    for bad in ("", "a" * 23, "a-b", 5):
        with pytest.raises(ValidationError) as caught:
            await client.submit_app(bad, "tune")  # type: ignore[arg-type]
        assert caught.value.field == "aiWorkspaceId"
    with pytest.raises(ValidationError) as caught:
        await client.submit_app("a" * 22, "X")
    assert caught.value.field == "namePrefix" and "2 to 8 characters" in str(caught.value)
    for app_id in ("", "a" * 23):
        for method in (client.get_app, client.kill_app):
            with pytest.raises(ValidationError) as caught:
                await method(app_id)
            assert caught.value.field == "id"
    with pytest.raises(ValidationError) as caught:
        await client.list_apps("not an id!")
    assert caught.value.field == "search.accountId"
    assert control.requests() == []  # not even the workspace was read


async def test_a_field_submit_does_not_carry_is_refused(client: DataForestClient,
                                                        control: EmulatorControl,
                                                        workspace: WorkspaceDetail) -> None:
    for key in ("userPackageUri", "name", "gpuCount"):
        with pytest.raises(ValidationError) as caught:
            await client.submit_app(workspace.id, "tune", {key: "x"})
        assert caught.value.field == f"configuration.{key}"
        assert "data, docker, queueName, resource" in str(caught.value)
    for not_a_dict in ([], "gpuCount=4", 4):
        with pytest.raises(ValidationError) as caught:
            await client.submit_app(workspace.id, "tune", not_a_dict)  # type: ignore[arg-type]
        assert caught.value.field == "configuration"
    assert control.count("apps.submit") == 0
