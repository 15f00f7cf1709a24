"""The emulator's vendor wording and its behaviour modes (emulator/behaviour.py), by raw HTTP.

Requests are built by hand (tests/support.send_raw), not by our client.
"""

from __future__ import annotations

from typing import Any

import pytest

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.errors import ValidationError
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.behaviour import ROW_FIELDS, SERVICE_FIELDS, Behaviour

from ..conftest import ACCOUNT_ID
from ..support import minimal_config, send_raw

IMAGE_RULE = "^(dataforest/)?([a-z0-9._-]{1,30}):([a-z0-9._-]{1,20})$"


def _create(name: str = "ws", **configuration: Any) -> dict[str, Any]:
    return {"accountId": ACCOUNT_ID, "name": name,
            "configuration": {**minimal_config(), **configuration}}


async def test_the_create_pages_own_example_in_its_own_words(emulator: EmulatorThread) -> None:
    body = _create(docker={"image": "tensorflow/r2.3.1-py3", "command": "python"})
    status, answer, _ = await send_raw(emulator.url, "create", body)
    assert (status, answer) == (400, {"success": False, "message": (
        "invalid request parameter (configuration.docker.image, 'tensorflow/r2.3.1-py3'). "
        f'Must match "{IMAGE_RULE}"')})


@pytest.mark.parametrize(("name", "rule"), [
    ("a" * 16, "Must be at most 15 characters long"),
    ("Much-Too-Long-Name-", "Must be at most 15 characters long"),  # length first
    ("Bad_Name", 'Must match "^[a-z](?:-?[a-z0-9])*$"'),
])
async def test_a_name_is_told_the_rule_it_breaks(emulator: EmulatorThread,
                                                 client: DataForestClient,
                                                 name: str, rule: str) -> None:
    status, answer, _ = await send_raw(emulator.url, "create", _create(name))
    assert status == 400
    assert answer["message"] == f"invalid request parameter (name, '{name}'). {rule}"
    with pytest.raises(ValidationError) as caught:  # the client, before sending
        await client.create_workspace(ACCOUNT_ID, name, minimal_config())
    friendly = ("must be at most 15 characters long" if "15" in rule else
                "must start with a lowercase letter")
    assert str(caught.value).startswith(f"name {friendly}")


async def test_other_rules_take_the_same_prefix(emulator: EmulatorThread) -> None:
    body = _create(resource={"gpuCount": 12})
    _, answer, _ = await send_raw(emulator.url, "create", body)
    assert answer["message"] == ("invalid request parameter (configuration.resource.gpuCount, "
                                 "'12'). Must be at most 8")


async def test_create_answers_as_its_page_shows(emulator: EmulatorThread) -> None:
    status, answer, _ = await send_raw(emulator.url, "create", _create())
    assert status == 200 and set(answer) == {"success", "id"}  # no message
    _, deleted, _ = await send_raw(emulator.url, "delete", {"id": answer["id"]})
    assert set(deleted) == {"success", "message", "id"}


def test_the_control_api_names_a_wrong_behaviour(control: EmulatorControl) -> None:
    import urllib.error

    for body, word in (({"order": "sideways"}, "order"), ({"nulls": "yes"}, "nulls"),
                       ({"colour": True}, "colour")):
        with pytest.raises(urllib.error.HTTPError) as caught:
            control._send("POST", "/_emulator/behaviour", body)
        assert caught.value.code == 400 and word in caught.value.read().decode()
    assert control.set_behaviour(order="newest_first")["order"] == "newest_first"
    assert control.behaviour()["nulls"] is False  # the others unchanged
    control.reset()
    assert control.behaviour() == Behaviour().to_json()


async def test_extra_fields_nulls_and_loose_types_shape_the_answers(
        emulator: EmulatorThread, control: EmulatorControl) -> None:
    control.set_behaviour(extra_fields=True, nulls=True, loose_types=True,
                          image_version="tag_only")
    config = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "python",
                         "exposeTcpPorts": [8888]},
              "resource": {"gpuCount": 2}, "data": {"input": [{"hdfs": "/i", "path": "/p"}]}}
    _, made, _ = await send_raw(emulator.url, "create", _create(**config))
    _, listed, _ = await send_raw(emulator.url, "getList", {"search": {"accountId": ACCOUNT_ID}})
    (row,) = listed["contents"]
    assert row["imageVersion"] == "2.15.0-gpu" and row["disabled"] == "false"
    assert row["clusterName"] == ROW_FIELDS["clusterName"] and row["description"] is None
    _, answer, _ = await send_raw(emulator.url, "getConfigurationList", {"id": made["id"]})
    got = answer["contents"][0]["configuration"]
    assert got["docker"]["exposeTcpPorts"] == "8888" and got["resource"]["gpuCount"] == "2"
    assert got["docker"]["shmSizeMb"] == "8192" and got["resource"]["memoryMb"] is None
    assert got["data"]["input"][0]["mode"] == SERVICE_FIELDS["data.input"]["mode"]
    assert got["userPackageUri"] is None


async def test_its_own_fields_are_accepted_on_writes_others_refused(
        emulator: EmulatorThread, control: EmulatorControl) -> None:
    body = _create(priority=1)
    status, _, _ = await send_raw(emulator.url, "create", body)
    assert status == 400  # by default nothing unknown is accepted
    control.set_behaviour(extra_fields=True)
    status, _, _ = await send_raw(emulator.url, "create", body)
    assert status == 200
    status, answer, _ = await send_raw(emulator.url, "create", _create("other", prioritee=1))
    assert status == 400 and answer["message"].startswith(
        "invalid request parameter (configuration.prioritee, '1'). Is not a known field")


async def test_nulls_in_requests_are_absent(emulator: EmulatorThread,
                                            control: EmulatorControl) -> None:
    body = {**_create(resource=None, queueName=None), "description": None}
    status, _, _ = await send_raw(emulator.url, "create", body)
    assert status == 200
    (stored,) = control.state()["workspaces"]
    assert stored["configuration"] == minimal_config() and stored["description"] is None
    status, answer, _ = await send_raw(emulator.url, "getDetail", {"id": None})
    assert (status, answer["message"]) == (400, "invalid request parameter (id, 'null'). "
                                                "Is required")


async def test_history_times_follow_the_writes(emulator: EmulatorThread,
                                               control: EmulatorControl) -> None:
    control.set_behaviour(history=True, order="newest_first")
    _, made, _ = await send_raw(emulator.url, "create", _create())
    for image in ("a:1", "b:2"):
        await send_raw(emulator.url, "setConfiguration",
                       {"id": made["id"], "configuration": minimal_config(image)})
    _, answer, _ = await send_raw(emulator.url, "getDetail", {"id": made["id"]})
    images = [e["configuration"]["docker"]["image"] for e in answer["contents"]]
    times = [e["modifiedAt"] for e in answer["contents"]]
    assert images == ["b:2", "a:1", "tensorflow:2.15.0-gpu"]
    assert times == sorted(times, reverse=True) and len(set(times)) == 3
