"""The emulator against odd or hostile input: its control API refuses web pages (a foreign
Origin, a rebound Host name, a form's content type), timestamps are ASCII digits or a 401, fault
numbers are bounded or a 400, and the request log stays small whatever it is sent.

Requests are built by hand with aiohttp, as a browser or a local process could send them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from ncp_df_jupyter.core.protocol import HEADER_ACCESS_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP
from ncp_df_jupyter.core.signing import Signer
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.faults import MAX_DELAY_MS
from ncp_df_jupyter.emulator.service import MAX_LOGGED_PATH

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import send_raw

INVALID = {"error": {"errorCode": "200", "message": "Authentication Failed",
                     "details": "Invalid authentication information."}}
A_FAULT = [{"operation": "getList", "action": "status", "status": 503}]


async def control_request(url: str, method: str, path: str, body: bytes = b"",
                          headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.request(
            method, url + path, data=body, headers=headers or {},
            timeout=aiohttp.ClientTimeout(total=10)) as response:
        text = await response.text()
        return response.status, json.loads(text) if text else None


def _port(emulator: EmulatorThread) -> str:
    return emulator.url.rsplit(":", 1)[1]


@pytest.fixture
def faulty(emulator: EmulatorThread, control: EmulatorControl) -> Iterator[EmulatorThread]:
    """The emulator with a fault rule set: state a web page would like to wipe."""
    control.set_faults(A_FAULT)
    yield emulator
    control.clear_faults()


def _untouched(emulator: EmulatorThread) -> bool:
    return [r.to_json()["operation"] for r in emulator.emulator.faults.rules()] == ["getList"]


# -- the control API and web pages ---------------------------------------------------------------

async def test_a_text_plain_post_from_a_foreign_origin_is_refused(faulty: EmulatorThread) -> None:
    """What a web page can send without a CORS preflight: refused, nothing reset."""
    for path, body in (("/_emulator/reset", b""), ("/_emulator/faults", b"[]"),
                       ("/_emulator/clock", b'{"offset_ms": 1}')):
        status, answer = await control_request(
            faulty.url, "POST", path, body,
            {"Content-Type": "text/plain", "Origin": "http://evil.example"})
        assert status == 403 and "Origin" in answer["message"], (path, answer)
    assert _untouched(faulty) and faulty.emulator.clock_offset_ms == 0


async def test_a_change_needs_a_json_content_type(faulty: EmulatorThread) -> None:
    """No Origin at all (a form posted by a page may send none) and not JSON: refused."""
    for content_type in ("text/plain", "application/x-www-form-urlencoded",
                         "multipart/form-data; boundary=x", None):
        headers = {"Content-Type": content_type} if content_type else {}
        status, answer = await control_request(faulty.url, "POST", "/_emulator/reset",
                                               b"", headers)
        assert status == 415 and "application/json" in answer["message"]
        status, _ = await control_request(faulty.url, "DELETE", "/_emulator/faults", b"",
                                          headers)
        assert status == 415
    assert _untouched(faulty)


async def test_json_from_a_foreign_origin_is_refused_too(faulty: EmulatorThread) -> None:
    for origin in ("http://evil.example", "null", f"http://localhost.evil.example:{_port(faulty)}",
                   f"https://127.0.0.1:{_port(faulty)}"):
        status, _ = await control_request(
            faulty.url, "POST", "/_emulator/reset", b"",
            {"Content-Type": "application/json", "Origin": origin})
        assert status == 403, origin
    assert _untouched(faulty)


async def test_reads_through_a_rebound_name_are_refused(faulty: EmulatorThread) -> None:
    """DNS rebinding: the page's own name, now pointing at 127.0.0.1, is in the Host header
    (and a same-origin GET sends no Origin)."""
    for path in ("/_emulator/state", "/_emulator/requests", "/_emulator/faults"):
        status, answer = await control_request(faulty.url, "GET", path,
                                               headers={"Host": f"evil.example:{_port(faulty)}"})
        assert status == 403 and "loopback name" in answer["message"], path
    for host in (f"localhost:{_port(faulty)}", f"127.0.0.1:{_port(faulty)}",
                 f"[::1]:{_port(faulty)}", "LOCALHOST"):
        status, _ = await control_request(faulty.url, "GET", "/_emulator/state",
                                          headers={"Host": host})
        assert status == 200, host


async def test_the_emulators_own_origin_and_the_health_check_pass(
        faulty: EmulatorThread) -> None:
    status, _ = await control_request(
        faulty.url, "POST", "/_emulator/faults", b"[]",
        {"Content-Type": "application/json; charset=utf-8", "Origin": faulty.url})
    assert status == 200 and faulty.emulator.faults.rules() == []
    status, answer = await control_request(faulty.url, "GET", "/_emulator/health",
                                           headers={"Host": "evil.example",
                                                    "Origin": "http://evil.example"})
    assert (status, answer) == (200, {"ok": True})  # says nothing, changes nothing


def test_the_control_client_still_does_everything(emulator: EmulatorThread,
                                                  control: EmulatorControl) -> None:
    assert control.healthy()
    assert control.set_faults(A_FAULT, seed=3)[0]["operation"] == "getList"
    control.set_clock(1234)
    assert emulator.emulator.clock_offset_ms == 1234
    assert control.state()["accounts"] and control.requests() == []
    control.clear_faults()
    assert emulator.emulator.faults.rules() == []
    control.set_faults(A_FAULT)
    control.reset()
    assert emulator.emulator.faults.rules() == [] and emulator.emulator.clock_offset_ms == 0


# -- numbers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("stamp", ["\u00b2", "\u00b9\u00b2\u00b3", "\u0661\u0662\u0663",
                                   "1\u00b2", "+12", "1_000", "12.5"])
async def test_a_timestamp_of_other_digits_is_the_gateways_401(emulator: EmulatorThread,
                                                              stamp: str) -> None:
    """"\u00b2".isdigit() is True and int() raises on it; Arabic-Indic digits are read by int()."""
    signer = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY)
    signed = signer.headers("POST", "/api/v2/accounts/getList", int(time.time() * 1000))
    headers = {HEADER_ACCESS_KEY: TEST_ACCESS_KEY, HEADER_TIMESTAMP: stamp,
               HEADER_SIGNATURE: signed[HEADER_SIGNATURE]}
    status, body, _ = await send_raw(emulator.url, "accounts.getList", {}, sign=False,
                                     headers=headers)
    assert (status, body) == (401, INVALID)


@pytest.mark.parametrize(("field", "value"), [
    ("delay_ms", 10**400), ("delay_ms", MAX_DELAY_MS + 1), ("delay_ms", 1e400),
    ("probability", 10**400), ("probability", float("nan")), ("retry_after", 10**400),
    ("retry_after", float("inf")), ("retry_after", 1e300),
], ids=lambda v: v if isinstance(v, str) else repr(v)[:12])
async def test_fault_numbers_out_of_bounds_are_a_400(emulator: EmulatorThread,
                                                     control: EmulatorControl, field: str,
                                                     value: Any) -> None:
    rule = {"operation": "getList", "action": "delay", "delay_ms": 10, field: value}
    body = json.dumps([rule]).encode()  # NaN and Infinity too, as Python's json reads them
    status, answer = await control_request(emulator.url, "POST", "/_emulator/faults", body,
                                           {"Content-Type": "application/json"})
    assert status == 400 and answer["message"].startswith(f"rule 0.{field} must be")
    assert emulator.emulator.faults.rules() == []
    assert control.count("getList") == 0


async def test_the_longest_delay_is_accepted(emulator: EmulatorThread,
                                             control: EmulatorControl) -> None:
    rules = control.set_faults([{"operation": "getList", "action": "delay",
                                 "delay_ms": MAX_DELAY_MS, "retry_after": 86400}])
    assert rules[0]["delay_ms"] == MAX_DELAY_MS


# -- the request log ------------------------------------------------------------------------------

async def test_the_request_log_is_a_bounded_ring_of_short_paths() -> None:
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        request_log_size=5) as emulator:
        control = EmulatorControl(emulator.url)
        for i in range(8):
            status, _, _ = await send_raw(emulator.url, "accounts.getList", {},
                                          path=f"/nowhere/{i}/" + "x" * 6000)
            assert status == 404
        seen = control.requests()
    assert len(seen) == 5
    assert [r["path"].split("/")[2] for r in seen] == ["3", "4", "5", "6", "7"]  # the latest
    assert all(len(r["path"]) == MAX_LOGGED_PATH and r["path"].endswith("\u2026")
               for r in seen)


async def test_a_status_fault_may_carry_the_services_words(emulator: EmulatorThread,
                                                           control: EmulatorControl) -> None:
    for status, where in ((400, ("message",)), (503, ("error", "details")),
                          (502, ("responseError", "returnMessage"))):
        control.set_faults([{"operation": "accounts.getList", "action": "status",
                             "status": status, "message": "words\x1b[31m"}])
        got, body, _ = await send_raw(emulator.url, "accounts.getList", {})
        for key in where:
            body = body[key]
        assert (got, body) == (status, "words\x1b[31m")
    for message in (7, ["x"], "x" * 2001):
        status, answer = await control_request(
            emulator.url, "POST", "/_emulator/faults",
            json.dumps([{"action": "status", "message": message}]).encode(),
            {"Content-Type": "application/json"})
        assert status == 400 and answer["message"].startswith("rule 0.message must be")
