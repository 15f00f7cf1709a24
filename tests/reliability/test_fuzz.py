"""Fuzzing the emulator over HTTP: every operation (and paths and methods that are none) with
arbitrary JSON and non-JSON bodies, arbitrary auth and other headers. Whatever arrives, the
answer is never a 500 and always a documented shape (success, the gateway's error body or
DataForest's), with a trace id and a Date.
"""

from __future__ import annotations

import contextlib
import json
import logging
import string
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncp_df_jupyter.core.protocol import OPERATIONS
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.app import MAX_CLOCK_OFFSET_MS
from ncp_df_jupyter.emulator.faults import MAX_DELAY_MS

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from .wire import Wire, shape_problem

PATHS = [op.path for op in OPERATIONS.values()]
OTHER_PATHS = ["/", "/api/v2/aiworkspaces/nothing", "/api/v2/aiworkspaces/getList/x",
               "/api/v1/aiworkspaces/getList", "/API/V2/AIWORKSPACES/GETLIST", "/%7e/..%2f"]
FIELD_NAMES = ["accountId", "name", "id", "search", "configuration", "description", "docker",
               "image", "command", "resource", "gpuCount", "typeName", "success", "",
               "aiWorkspaceId", "namePrefix", "queueName", "data", "input", "output"]
EMULATOR_THREAD = "ncp-df-emulator"  # EmulatorThread's name for its thread
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([ACCOUNT_ID, "DfLockedAccount0000002", "x" * 23, "train-1", "pytorch",
                     "tensorflow", "tensorflow:2.15.0-gpu", "", "\x00", "\ud7ff", "é" * 3]),
    st.text(max_size=30))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), inner,
                        max_size=5)),
    max_leaves=12)
# Bodies shaped like requests (the fields operations read), with arbitrary values inside.
request_like = st.fixed_dictionaries({}, optional={
    "accountId": json_values, "name": json_values, "id": json_values,
    "description": json_values,
    "search": st.one_of(json_values, st.fixed_dictionaries({}, optional={
        "accountId": json_values, "typeName": json_values})),
    "configuration": st.one_of(json_values, st.fixed_dictionaries({}, optional={
        "docker": st.one_of(json_values, st.fixed_dictionaries({}, optional={
            "image": json_values, "command": json_values, "arg": json_values,
            "exposeTcpPorts": json_values, "env": json_values})),
        "resource": json_values, "data": json_values, "queueName": json_values})),
    # AI Apps submit
    "aiWorkspaceId": json_values, "namePrefix": json_values, "queueName": json_values,
    "data": json_values, "resource": json_values,
    "docker": st.one_of(json_values, st.fixed_dictionaries({}, optional={
        "image": json_values, "command": json_values, "arg": json_values,
        "exposeTcpPorts": json_values}))})
bodies = st.one_of(
    request_like.map(lambda v: json.dumps(v).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60),  # mostly not JSON, sometimes not UTF-8
    st.sampled_from([b"", b"{", b"null", b"[]", b'{"id": ', b"\xff\xfe", b'{"id": NaN}',
                     b'{"id": 1e999}', b'{"a": ' * 50]))

# Header values requests will send (printable, no leading space), and names that do not change
# the framing of the request.
header_text = st.text(alphabet=string.ascii_letters + string.digits + " -_=+/:;.,", max_size=40
                      ).map(str.strip)
header_names = st.one_of(
    st.sampled_from(["x-ncp-apigw-timestamp", "x-ncp-iam-access-key",
                     "x-ncp-apigw-signature-v2", "Content-Type", "Accept", "X-Anything"]),
    st.text(alphabet=string.ascii_letters + "-", min_size=1, max_size=12))
extra_headers = st.dictionaries(
    header_names.filter(lambda n: n.lower() not in (
        "content-length", "transfer-encoding", "host", "connection", "expect", "te",
        "upgrade", "content-encoding", "trailer")),
    header_text, max_size=4)


@pytest.fixture
def wire(emulator: EmulatorThread) -> Iterator[Wire]:
    sender = Wire(emulator.url)
    yield sender
    sender.close()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Only what the emulator's own thread logs: an error logged elsewhere meanwhile (an
        # object of an earlier test collected late) is not the emulator's.
        if record.threadName == EMULATOR_THREAD:
            self.records.append(record)


@pytest.fixture
def server_errors() -> Iterator[list[logging.LogRecord]]:
    """Errors the emulator logs while serving (a bug in it), even if the answer looked fine."""
    handler = _Collect()
    loggers = [logging.getLogger(n) for n in ("ncp_df_jupyter.emulator", "aiohttp.server",
                                               "aiohttp.web", "asyncio")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.records
    for logger in loggers:
        logger.removeHandler(handler)


def _bugs(records: list[logging.LogRecord]) -> list[str]:
    return [f"{r.name}: {r.getMessage()} {r.exc_info[1] if r.exc_info else ''}"
            for r in records]


@pytest.mark.slow
@SETTINGS
@given(path=st.sampled_from(PATHS), body=bodies,
       content_type=st.sampled_from(["application/json", "text/plain", "", "application/x-www"]))
def test_any_body_to_any_operation(wire: Wire, server_errors: list[logging.LogRecord],
                                   path: str, body: bytes, content_type: str) -> None:
    reply = wire.send("POST", path, body, headers={"Content-Type": content_type})
    assert shape_problem(reply) is None, (shape_problem(reply), body)
    assert _bugs(server_errors) == []


@pytest.mark.slow
@SETTINGS
@given(path=st.sampled_from(PATHS + OTHER_PATHS),
       method=st.sampled_from(["POST", "POST", "GET", "PUT", "DELETE", "PATCH"]),
       query=st.sampled_from(["", "?a=1", "?search=%20x", "?"]),
       sign=st.booleans(), headers=extra_headers, body=bodies)
def test_any_headers_path_and_method(wire: Wire, server_errors: list[logging.LogRecord],
                                     path: str, method: str, query: str, sign: bool,
                                     headers: dict[str, str], body: bytes) -> None:
    """Signed or not, with auth headers overridden by garbage, on any path: never a 500."""
    reply = wire.send(method, path + query, body, sign=sign, headers=headers)
    assert shape_problem(reply) is None, (shape_problem(reply), method, path, headers)
    assert _bugs(server_errors) == []
    overridden = {k.lower() for k in headers} & {
        "x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2"}
    if not sign and not overridden:
        assert reply.status in (401, 404)  # no credentials at all: refused before anything


def test_a_body_over_the_limit_is_refused_with_413(wire: Wire) -> None:
    reply = wire.send("POST", OPERATIONS["create"].path, b"[" + b"0," * 600_000 + b"0]")
    assert reply.status == 413 and shape_problem(reply) is None


# A valid rule of each kind; the fuzz replaces one field by anything. (Delays stay short: a
# request held for minutes would hold up the emulator's shutdown.)
VALID_RULES: list[dict[str, Any]] = [
    {"operation": "accounts.getList", "action": "status", "status": 429, "retry_after": 1},
    {"operation": "*", "action": "status", "status": 500, "probability": 0.5, "times": 2},
    {"action": "drop"}, {"action": "drop_after_commit"},
    {"action": "delay", "delay_ms": 10}, {"action": "delay_after_commit", "delay_ms": 10},
]
RULE_FIELDS = ["operation", "action", "status", "delay_ms", "times", "probability",
               "retry_after", "unknown"]
odd_values = st.one_of(
    st.sampled_from([None, "", "1", [1], {}, True, False, 0, -1, 1.5, 0.5, 10**30, 10**400,
                     429, 599, 600, "*", "accounts.getList", "status", "drop", "delay"]),
    json_scalars)
CONTROL_SETTINGS = settings(SETTINGS, max_examples=100)


@pytest.mark.parametrize("base", VALID_RULES, ids=lambda rule: rule["action"])
@CONTROL_SETTINGS
@given(field=st.sampled_from(RULE_FIELDS), value=odd_values)
def test_a_fault_rule_with_any_field(emulator: EmulatorThread,
                                     server_errors: list[logging.LogRecord],
                                     base: dict[str, Any], field: str, value: Any) -> None:
    """A rule is refused with a 400 naming the field, or accepted and then works when a
    request meets it: never a 500, never an error inside the emulator."""
    rule = {**base, field: value}
    if field == "delay_ms" and isinstance(value, int) and 100 < value <= MAX_DELAY_MS:
        rule[field] = 100  # accepted, and short; 10**30 goes as it is (a 400)
    _post_control(emulator, "/_emulator/faults", [rule], server_errors)


@CONTROL_SETTINGS
@given(offset=st.one_of(st.integers(-MAX_CLOCK_OFFSET_MS - 5, MAX_CLOCK_OFFSET_MS + 5),
                        odd_values, st.sampled_from([10**400, -(10**400), "1e999"])))
def test_any_clock_offset(emulator: EmulatorThread, server_errors: list[logging.LogRecord],
                          offset: Any) -> None:
    _post_control(emulator, "/_emulator/clock", {"offset_ms": offset}, server_errors)


@pytest.mark.slow
@CONTROL_SETTINGS
@given(body=json_values, path=st.sampled_from(["/_emulator/faults", "/_emulator/clock",
                                               "/_emulator/apps"]))
def test_any_body_to_the_control_api(emulator: EmulatorThread,
                                     server_errors: list[logging.LogRecord], path: str,
                                     body: Any) -> None:
    _post_control(emulator, path, body, server_errors)


def _post_control(emulator: EmulatorThread, path: str, body: Any,
                  server_errors: list[logging.LogRecord]) -> None:
    control = EmulatorControl(emulator.url)
    with Wire(emulator.url) as wire:
        try:
            reply = wire.send("POST", path, json.dumps(body).encode(), sign=False)
            assert reply.status in (200, 400), (reply.status, reply.text[:200])
            if reply.status == 400:
                assert reply.json["message"]
            else:  # accepted: meet it (a drop or a short delay is fine)
                with contextlib.suppress(requests.ConnectionError, requests.Timeout):
                    wire.send("POST", OPERATIONS["accounts.getList"].path, b"{}", timeout=0.5)
            assert _bugs(server_errors) == [], body
        finally:
            control.clear_faults()
            control.clear_apps()
            control.set_clock(0)
        # the emulator answers its API normally afterwards
        assert wire.send("POST", OPERATIONS["accounts.getList"].path, b"{}").status == 200


def test_signed_requests_still_work_after_the_fuzz(emulator: EmulatorThread) -> None:
    """The emulator the fuzz used is one that answers correctly (the fuzz could not pass by
    answering everything with an error)."""
    wire = Wire(emulator.url)
    try:
        reply = wire.send("POST", OPERATIONS["getList"].path,
                          json.dumps({"search": {"accountId": ACCOUNT_ID}}).encode())
        assert reply.status == 200 and reply.json["contents"] == []
        unsigned = wire.send("POST", OPERATIONS["getList"].path, b"{}", sign=False)
        assert unsigned.status == 401
        wrong = wire.send("POST", OPERATIONS["getList"].path, b"{}", sign=False, headers={
            "x-ncp-apigw-timestamp": "1", "x-ncp-iam-access-key": TEST_ACCESS_KEY,
            "x-ncp-apigw-signature-v2": TEST_SECRET_KEY})
        assert wrong.status == 401 and TEST_SECRET_KEY not in wrong.text
    finally:
        wire.close()
