"""Fuzzing the emulated AI Apps over HTTP: submit bodies mutated from a valid one (on a real
workspace, so the operation itself runs), then detail, kill and the container log of whatever
was made, at any moment of the emulator's clock; log paths of any text; app behaviours with any
field. Never a 500, never an error inside the emulator, always a documented shape.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ncp_df_jupyter.core.protocol import OPERATIONS
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG
from .test_fuzz import CONTROL_SETTINGS, SETTINGS, _bugs, json_values, odd_values
from .test_fuzz import server_errors as server_errors  # the fixture
from .wire import Wire, shape_problem

VALID_SUBMIT: dict[str, Any] = {"namePrefix": "fuzz", "queueName": "gpu",
                                **{k: GOOD_CONFIG[k] for k in ("data", "docker", "resource")}}


@pytest.fixture
def wire(emulator: EmulatorThread) -> Iterator[Wire]:
    sender = Wire(emulator.url)
    yield sender
    sender.close()


@pytest.fixture
def workspace_id(wire: Wire, emulator: EmulatorThread) -> str:
    EmulatorControl(emulator.url).set_apps(accept_ms=50, run_ms=200)
    reply = wire.send("POST", OPERATIONS["create"].path, json.dumps({
        "accountId": ACCOUNT_ID, "name": "fuzz", "configuration": GOOD_CONFIG}).encode())
    assert reply.status == 200
    workspace: str = reply.json["id"]
    return workspace


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, sub in value.items():
            found += _paths(sub, (*prefix, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += _paths(sub, (*prefix, index))
    return found


@st.composite
def submit_bodies(draw: st.DrawFn) -> dict[str, Any]:
    """A valid submit with one to three fields set to anything, left out or added."""
    body = copy.deepcopy(VALID_SUBMIT)
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_paths(body)))
        if not path:
            continue
        parent: Any = body
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
        else:
            parent[path[-1]] = draw(json_values)
    return body


def _check(reply: Any, errors: list[logging.LogRecord], *context: Any) -> None:
    assert shape_problem(reply) is None, (shape_problem(reply), *context)
    assert _bugs(errors) == [], context


@pytest.mark.slow
@SETTINGS
@given(body=submit_bodies(), offset=st.integers(-5_000, 120_000), kill=st.booleans())
def test_any_submit_then_its_detail_kill_and_log(wire: Wire, workspace_id: str,
                                                 emulator: EmulatorThread,
                                                 server_errors: list[logging.LogRecord],
                                                 body: dict[str, Any], offset: int,
                                                 kill: bool) -> None:
    control = EmulatorControl(emulator.url)
    reply = wire.send("POST", OPERATIONS["apps.submit"].path,
                      json.dumps({"aiWorkspaceId": workspace_id, **body}).encode())
    _check(reply, server_errors, body)
    if reply.status != 200:
        return
    app_id = reply.json["id"]
    control.set_clock(offset)
    try:
        if kill:
            _check(wire.send("POST", OPERATIONS["apps.kill"].path,
                             json.dumps({"id": app_id}).encode()), server_errors, body)
        detail = wire.send("POST", OPERATIONS["apps.getDetail"].path,
                           json.dumps({"id": app_id}).encode())
        _check(detail, server_errors, body)
        for container in detail.json["containers"].values():
            log = wire.session.get(container["logUrl"], timeout=10)
            assert log.status_code == 200 and log.headers["Content-Type"].startswith(
                "text/plain"), body
        listed = wire.send("POST", OPERATIONS["apps.getList"].path,
                           json.dumps({"search": {"accountId": ACCOUNT_ID}}).encode())
        _check(listed, server_errors, body)
        assert app_id in {a["id"] for a in listed.json["contents"]}
    finally:
        control.set_clock(0)


@pytest.mark.slow
@SETTINGS
@given(app=st.text(max_size=40), container=st.text(max_size=40))
def test_any_log_path(wire: Wire, server_errors: list[logging.LogRecord], app: str,
                      container: str) -> None:
    response = wire.session.get(f"{wire.url}/logs/{quote(app, safe='')}/"
                                f"{quote(container, safe='')}", timeout=10)
    assert response.status_code in (404, 200) and response.status_code < 500, (app, container)
    assert _bugs(server_errors) == []


VALID_BEHAVIOURS: list[dict[str, Any]] = [
    {"accept_ms": 0, "run_ms": 10}, {"final_status": "FAILED", "final_state": "FAILED"},
    {"log_lines": ["a", "b"], "name_prefix": "fuzz"}, {"log_lines": 3},
]
BEHAVIOUR_FIELDS = ["accept_ms", "run_ms", "final_status", "final_state", "log_lines",
                    "name_prefix", "unknown"]


@pytest.mark.parametrize("base", VALID_BEHAVIOURS, ids=lambda b: "+".join(b))
@CONTROL_SETTINGS
@given(field=st.sampled_from(BEHAVIOUR_FIELDS), value=odd_values)
def test_a_behaviour_with_any_field(wire: Wire, workspace_id: str, emulator: EmulatorThread,
                                    server_errors: list[logging.LogRecord],
                                    base: dict[str, Any], field: str, value: Any) -> None:
    """Refused with a 400 naming the field, or accepted and then apps run by it."""
    control = EmulatorControl(emulator.url)
    behaviour = {**base, field: value}
    try:
        reply = wire.send("POST", "/_emulator/apps", json.dumps(behaviour).encode(), sign=False)
        assert reply.status in (200, 400), (reply.status, reply.text[:200])
        if reply.status == 400:
            assert field in reply.json["message"] or "JSON object" in reply.json["message"]
            return
        submit = wire.send("POST", OPERATIONS["apps.submit"].path, json.dumps(
            {"aiWorkspaceId": workspace_id, **VALID_SUBMIT}).encode())
        _check(submit, server_errors, behaviour)
        control.set_clock(200_000)  # past most runs, within the signature window
        detail = wire.send("POST", OPERATIONS["apps.getDetail"].path,
                           json.dumps({"id": submit.json["id"]}).encode())
        _check(detail, server_errors, behaviour)
        assert detail.status == 200 and detail.json["state"] in ("ACCEPTED", "RUNNING",
                                                                "FINISHED", "FAILED")
    finally:
        control.clear_apps()
        control.set_clock(0)
