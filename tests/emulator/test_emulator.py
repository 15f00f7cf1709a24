"""The emulator speaks the gateway's protocol: auth, routing, bodies, state rules.

Requests here are built by hand (signed with signing.Signer, sent with aiohttp), not by our client.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import pytest

from ncp_df_jupyter.core.protocol import (
    HEADER_ACCESS_KEY,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    MAX_CLOCK_SKEW_MS,
    OPERATIONS,
)
from ncp_df_jupyter.core.signing import Signer
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.auth import KeyRing
from ncp_df_jupyter.emulator.seed import LOCKED_ACCOUNT_ID

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import GOOD_CONFIG, minimal_config, send_raw

MISSING = {"error": {"errorCode": "200", "message": "Authentication Failed",
                     "details": "Authentication information are missing."}}
INVALID = {"error": {"errorCode": "200", "message": "Authentication Failed",
                     "details": "Invalid authentication information."}}


def _create_body(name: str = "ws", account: str = ACCOUNT_ID) -> dict[str, object]:
    return {"accountId": account, "name": name, "configuration": minimal_config()}


# -- authentication -----------------------------------------------------------------------------

@pytest.mark.parametrize("drop", [(), (HEADER_TIMESTAMP,), (HEADER_ACCESS_KEY,),
                                  (HEADER_SIGNATURE,), (HEADER_TIMESTAMP, HEADER_SIGNATURE)],
                         ids=lambda d: "+".join(d) or "all")
async def test_missing_auth_headers(emulator: EmulatorThread, control: EmulatorControl,
                                    drop: tuple[str, ...]) -> None:
    headers = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY).headers(
        "POST", OPERATIONS["accounts.getList"].path, int(time.time() * 1000))
    if drop:
        kept = {k: v for k, v in headers.items() if k not in drop}
        status, body, _ = await send_raw(emulator.url, "accounts.getList", {}, sign=False,
                                         headers=kept)
    else:
        status, body, _ = await send_raw(emulator.url, "accounts.getList", {}, sign=False)
    assert (status, body) == (401, MISSING)
    assert control.requests()[0]["status"] == 401


@pytest.mark.parametrize("case", ["bad-key", "bad-signature", "bad-secret", "wrong-path",
                                  "not-digits", "past-5m", "future-5m-and-a-bit"])
async def test_invalid_auth(emulator: EmulatorThread, control: EmulatorControl,
                            case: str) -> None:
    now = int(time.time() * 1000)
    signer = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY)
    kwargs: dict[str, Any] = {}
    if case == "bad-key":
        kwargs["signer"] = Signer("UNKNOWNKEY0000000001", TEST_SECRET_KEY)
    elif case == "bad-signature":
        kwargs["headers"] = {HEADER_SIGNATURE: "A" * 43 + "="}
    elif case == "bad-secret":
        kwargs["signer"] = Signer(TEST_ACCESS_KEY, "another-secret")
    elif case == "wrong-path":  # signed for one operation, sent to another
        headers = signer.headers("POST", OPERATIONS["getList"].path, now)
        kwargs.update(sign=False, headers=headers)
    elif case == "not-digits":
        kwargs["headers"] = {HEADER_TIMESTAMP: "17e11"}
    elif case == "past-5m":
        kwargs["stamp_ms"] = now - MAX_CLOCK_SKEW_MS
    elif case == "future-5m-and-a-bit":
        kwargs["stamp_ms"] = now + MAX_CLOCK_SKEW_MS + 1_000
    status, body, _ = await send_raw(emulator.url, "accounts.getList", {}, **kwargs)
    assert (status, body) == (401, INVALID)


@pytest.mark.parametrize("skew_ms", [-(4 * 60 + 59) * 1000, (4 * 60 + 59) * 1000])
async def test_four_minutes_59_seconds_is_accepted(emulator: EmulatorThread,
                                                   skew_ms: int) -> None:
    status, body, _ = await send_raw(emulator.url, "accounts.getList", {},
                                     stamp_ms=int(time.time() * 1000) + skew_ms)
    assert status == 200 and body["success"] is True


def test_keyring_boundaries_exactly() -> None:
    keys = KeyRing({TEST_ACCESS_KEY: TEST_SECRET_KEY})
    signer = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY)
    now = 1_700_000_000_000
    for skew, verdict in [(0, None), (MAX_CLOCK_SKEW_MS - 1, None),
                          (-(MAX_CLOCK_SKEW_MS - 1), None),
                          (MAX_CLOCK_SKEW_MS, "Invalid authentication information."),
                          (-MAX_CLOCK_SKEW_MS, "Invalid authentication information.")]:
        headers = signer.headers("POST", "/api/v2/x", now + skew)
        assert keys.check("POST", "/api/v2/x", headers, now) == verdict, skew
    assert TEST_SECRET_KEY not in repr(keys)


async def test_emulator_clock_decides(emulator: EmulatorThread,
                                      control: EmulatorControl) -> None:
    control.set_clock(6 * 60 * 1000)
    status, body, headers = await send_raw(emulator.url, "accounts.getList", {})
    assert (status, body) == (401, INVALID)
    server_time = email.utils.parsedate_to_datetime(headers["Date"]).timestamp()
    assert server_time - time.time() > 5 * 60  # the Date header tells the gateway's time


# -- routing and bodies --------------------------------------------------------------------------

async def test_unknown_path(emulator: EmulatorThread) -> None:
    status, body, headers = await send_raw(emulator.url, "getList", {},
                                           path="/api/v2/aiworkspaces/start")
    assert status == 404
    assert body == {"error": {"errorCode": "300", "message": "Not Found Exception",
                              "details": "URL not found."}}  # the gateway's words
    assert "Date" in headers and "x-ncp-trace-id" in headers


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_other_methods_on_known_path(emulator: EmulatorThread, method: str) -> None:
    status, body, _ = await send_raw(emulator.url, "getList", {}, method=method)
    assert status == 404 and body["error"]["errorCode"] == "300"


async def test_date_header_on_every_answer(emulator: EmulatorThread) -> None:
    variants: list[dict[str, Any]] = [{}, {"sign": False}, {"raw": b"{"}]
    for kwargs in variants:
        _, _, headers = await send_raw(emulator.url, "accounts.getList", {}, **kwargs)
        parsed = email.utils.parsedate_to_datetime(headers["Date"]).timestamp()
        assert abs(parsed - time.time()) < 5


@pytest.mark.parametrize("raw", [b"{", b"{'a': 1}", b"\xff\xfe", b"not json at all"])
async def test_malformed_json_is_400(emulator: EmulatorThread, raw: bytes) -> None:
    status, body, _ = await send_raw(emulator.url, "create", None, raw=raw)
    assert status == 400
    assert body["success"] is False and body["message"].startswith("invalid request parameters")


@pytest.mark.parametrize("raw", [b"[]", b"\"text\"", b"3", b"null", b"true"])
async def test_body_not_an_object_is_400(emulator: EmulatorThread, raw: bytes) -> None:
    status, body, _ = await send_raw(emulator.url, "getDetail", None, raw=raw)
    assert status == 400
    assert body["success"] is False and body["message"].startswith("invalid request parameter")


async def test_empty_body_is_an_empty_object(emulator: EmulatorThread) -> None:
    status, body, _ = await send_raw(emulator.url, "accounts.getList", None, raw=b"")
    assert status == 200 and body["total"] == 2
    status, body, _ = await send_raw(emulator.url, "getDetail", None, raw=b"")
    assert status == 400
    assert body["message"] == "invalid request parameter (id, 'null'). Is required"


async def test_oversized_body(emulator: EmulatorThread) -> None:
    status, body, _ = await send_raw(emulator.url, "create", None,
                                     raw=b'{"x": "' + b"a" * (1024 * 1024 + 10) + b'"}')
    assert status == 413 and body["error"]["errorCode"] == "430"


# -- state rules -------------------------------------------------------------------------------

@pytest.mark.parametrize("operation", ["getDetail", "getConfigurationList", "delete"])
async def test_unknown_id(emulator: EmulatorThread, operation: str) -> None:
    status, body, _ = await send_raw(emulator.url, operation, {"id": "Z" * 22})
    assert (status, body) == (404, {"success": False, "message": "no such element"})


async def test_unknown_account(emulator: EmulatorThread) -> None:
    status, body, _ = await send_raw(emulator.url, "getList", {"search": {"accountId": "Z" * 22}})
    assert (status, body) == (404, {"success": False, "message": "no such element"})


async def test_names_are_unique_per_account(emulator: EmulatorThread,
                                            control: EmulatorControl) -> None:
    status, body, _ = await send_raw(emulator.url, "create", _create_body("dup"))
    assert status == 200 and body["success"] is True and len(body["id"]) == 22
    status, body, _ = await send_raw(emulator.url, "checkAvailableName",
                                     {"accountId": ACCOUNT_ID, "name": "dup"})
    assert (status, body["availableName"]) == (200, False)
    status, body, _ = await send_raw(emulator.url, "create", _create_body("dup"))
    assert status == 400 and body["message"].startswith("invalid request parameter (name, 'dup')")
    assert len(control.state()["workspaces"]) == 1


async def test_disabled_account_is_403(emulator: EmulatorThread) -> None:
    for operation, body in [("create", _create_body("x", LOCKED_ACCOUNT_ID)),
                            ("getList", {"search": {"accountId": LOCKED_ACCOUNT_ID}}),
                            ("checkAvailableName", {"accountId": LOCKED_ACCOUNT_ID,
                                                    "name": "x"})]:
        status, answer, _ = await send_raw(emulator.url, operation, body)
        assert (status, answer) == (403, {"success": False, "message": "not allowed to access"})


async def test_quota() -> None:
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        max_workspaces=1) as small:
        assert (await send_raw(small.url, "create", _create_body("a")))[0] == 200
        status, body, _ = await send_raw(small.url, "create", _create_body("b"))
        assert (status, body) == (400, {"success": False,
                                        "message": "exceeded limit on resource quota"})
        # the quota is per account and frees up after a delete
        workspace_id = EmulatorControl(small.url).state()["workspaces"][0]["id"]
        assert (await send_raw(small.url, "delete", {"id": workspace_id}))[0] == 200
        assert (await send_raw(small.url, "create", _create_body("b")))[0] == 200


async def test_answers_carry_the_documented_fields(emulator: EmulatorThread) -> None:
    _, created, _ = await send_raw(emulator.url, "create", {**_create_body("shape"),
                                                            "description": "d",
                                                            "configuration": GOOD_CONFIG})
    _, listed, _ = await send_raw(emulator.url, "getList", {"search": {"accountId": ACCOUNT_ID}})
    assert listed["total"] == 1
    assert set(listed["contents"][0]) == {"id", "name", "accountName", "description", "disabled",
                                          "imageVersion", "createdAt", "modifiedAt"}
    _, detail, _ = await send_raw(emulator.url, "getDetail", {"id": created["id"]})
    assert detail["contents"][0]["configuration"] == GOOD_CONFIG
    assert detail["accountId"] == ACCOUNT_ID and detail["success"] is True
    _, configs, _ = await send_raw(emulator.url, "getConfigurationList", {"id": created["id"]})
    assert configs["total"] == 1 and configs["contents"][0]["configuration"] == GOOD_CONFIG
    _, images, _ = await send_raw(emulator.url, "getDockerImageList",
                                  {"search": {"typeName": "pytorch"}})
    assert images["success"] is True and isinstance(images["dockerImages"], dict)
    _, deleted, _ = await send_raw(emulator.url, "delete", {"id": created["id"]})
    assert deleted == {"success": True, "message": "success", "id": created["id"]}


async def test_reset_and_request_log(emulator: EmulatorThread, control: EmulatorControl) -> None:
    await send_raw(emulator.url, "create", _create_body("gone"))
    control.set_faults([{"operation": "getList", "action": "status", "status": 503}])
    control.set_clock(1000)
    assert [r["operation"] for r in control.requests()] == ["create"]
    control.reset()
    assert control.state()["workspaces"] == [] and control.requests() == []
    status, _, _ = await send_raw(emulator.url, "getList", {"search": {"accountId": ACCOUNT_ID}})
    assert status == 200  # faults and clock were reset too
    assert control.healthy()


def test_bad_fault_rules_are_refused(control: EmulatorControl) -> None:
    import urllib.error

    for rule in ({"action": "explode"}, {"operation": "nope"}, {"status": 200},
                 {"delay_ms": -1}, {"times": 0}, {"probability": 2}, {"colour": "red"}):
        with pytest.raises(urllib.error.HTTPError) as caught:
            control.set_faults([rule])
        assert caught.value.code == 400


async def test_fault_probability_and_times(emulator: EmulatorThread,
                                           control: EmulatorControl) -> None:
    control.set_faults([{"operation": "accounts.getList", "action": "status", "status": 503,
                         "probability": 0.5}], seed=7)
    statuses = [(await send_raw(emulator.url, "accounts.getList", {}))[0] for _ in range(40)]
    assert set(statuses) == {200, 503}
    control.set_faults([{"operation": "accounts.getList", "action": "status", "status": 503,
                         "times": 2}])
    statuses = [(await send_raw(emulator.url, "accounts.getList", {}))[0] for _ in range(4)]
    assert statuses == [503, 503, 200, 200]
