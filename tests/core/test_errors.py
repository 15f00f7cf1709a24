"""Every error shape NCP answers with, mapped to the right exception and one clear sentence."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ncp_df_jupyter import RetryPolicy
from ncp_df_jupyter.core.errors import (
    AuthenticationError,
    DataForestError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    QuotaExceededError,
    RequestTimeoutError,
    ServiceError,
    ThrottledError,
    ValidationError,
    error_from_response,
)
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import LOCKED_ACCOUNT_ID

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import free_port, minimal_config, new_client


def assert_one_sentence(error: DataForestError, operation: str, *parts: str) -> None:
    text = str(error)
    assert text.startswith(f"DataForest {operation} ")
    assert text.endswith(".") and not text.endswith("..")
    assert "\n" not in text
    for part in parts:  # a closing full stop of the service's message merges with the sentence's
        assert part.rstrip(".") in text, (part, text)


# -- from the emulator's fault rules ----------------------------------------------------------

@pytest.mark.parametrize(("status", "cls", "service_message"), [
    (401, AuthenticationError, "Authentication Failed"),
    (403, ForbiddenError, "not allowed to access"),
    (404, NotFoundError, "no such element"),
    (400, ValidationError, "invalid request parameters"),
    (413, DataForestError, "Request Entity Too Large"),
    (429, ThrottledError, "Throttle Limited"),
    (500, ServiceError, "unexpected error"),
    (502, ServiceError, "Please try your call again later."),
    (503, ServiceError, "Endpoint Error"),
    (504, ServiceError, "Endpoint Timeout"),
])
async def test_fault_status_maps_to_exception(emulator: EmulatorThread, control: EmulatorControl,
                                              status: int, cls: type[DataForestError],
                                              service_message: str) -> None:
    control.set_faults([{"operation": "getList", "action": "status", "status": status,
                         "retry_after": 7}])
    async with new_client(emulator.url, retry=RetryPolicy.fast(max_attempts=1)) as client:
        with pytest.raises(DataForestError) as caught:
            await client.list_workspaces(ACCOUNT_ID)
    error = caught.value
    assert type(error) is cls
    assert error.status == status and error.operation == "getList"
    assert error.trace_id and len(error.trace_id) == 16
    assert error.service_message is not None and service_message in error.service_message
    assert_one_sentence(error, "getList", service_message, error.trace_id)
    if cls is ThrottledError:
        assert error.retry_after == 7.0  # type: ignore[attr-defined]
    assert control.count("getList") == 1


async def test_quota_from_the_emulator(control: EmulatorControl) -> None:
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        max_workspaces=2) as small:
        async with new_client(small.url) as client:
            await client.create_workspace(ACCOUNT_ID, "one", minimal_config())
            await client.create_workspace(ACCOUNT_ID, "two", minimal_config())
            with pytest.raises(QuotaExceededError) as caught:
                await client.create_workspace(ACCOUNT_ID, "three", minimal_config())
        assert [w["name"] for w in EmulatorControl(small.url).state()["workspaces"]] == [
            "one", "two"]
    assert caught.value.service_message == "exceeded limit on resource quota"
    assert_one_sentence(caught.value, "create", "exceeded limit on resource quota")


async def test_disabled_account_is_forbidden(emulator: EmulatorThread) -> None:
    async with new_client(emulator.url) as client:
        with pytest.raises(ForbiddenError) as caught:
            await client.list_workspaces(LOCKED_ACCOUNT_ID)
        with pytest.raises(ForbiddenError):
            await client.create_workspace(LOCKED_ACCOUNT_ID, "x", minimal_config())
    assert_one_sentence(caught.value, "getList", "not allowed to access")


async def test_unknown_account_is_not_found(emulator: EmulatorThread) -> None:
    async with new_client(emulator.url) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.check_available_name("Z" * 22, "abc")
    assert_one_sentence(caught.value, "checkAvailableName", "no such element",
                        caught.value.trace_id or "?")


async def test_wrong_secret_is_an_authentication_error(emulator: EmulatorThread) -> None:
    async with new_client(emulator.url, secret_key="not-the-secret") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.list_accounts()
    assert caught.value.code == "200"
    assert_one_sentence(caught.value, "accounts.getList", "Invalid authentication information.",
                        "clock")


async def test_timeout(emulator: EmulatorThread, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getList", "action": "delay", "delay_ms": 600}])
    async with new_client(emulator.url, timeout=0.2,
                          retry=RetryPolicy.fast(max_attempts=1)) as client:
        with pytest.raises(RequestTimeoutError) as caught:
            await client.list_workspaces(ACCOUNT_ID)
    assert isinstance(caught.value, TimeoutError)
    assert_one_sentence(caught.value, "getList")
    # the time really taken: the 0.2 s budget, and a little more on a loaded machine
    assert re.search(r"no answer within 0\.[2-9] s", str(caught.value)), str(caught.value)


async def test_connection_refused_is_a_network_error() -> None:
    port = free_port()
    async with new_client(f"http://127.0.0.1:{port}") as client:
        with pytest.raises(NetworkError) as caught:
            await client.list_accounts()
    assert isinstance(caught.value, ConnectionError)
    assert_one_sentence(caught.value, "accounts.getList", f"127.0.0.1:{port}")


async def test_dropped_connection_is_a_network_error(emulator: EmulatorThread,
                                                     control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getDetail", "action": "drop"}])
    async with new_client(emulator.url) as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_workspace("A" * 22)
    assert_one_sentence(caught.value, "getDetail", "closed")
    assert control.count("getDetail") == 3


# -- shapes the emulator never produces -------------------------------------------------------

def _gateway(code: Any, message: str = "msg", details: str | None = "det") -> bytes:
    error: dict[str, Any] = {"errorCode": code, "message": message}
    if details is not None:
        error["details"] = details
    return json.dumps({"error": error}).encode()


def _df(message: str) -> bytes:
    return json.dumps({"success": False, "message": message}).encode()


def _classic(code: str, message: str) -> bytes:
    return json.dumps({"responseError": {"returnCode": code, "returnMessage": message}}).encode()


HTML = b"<html><body><h1>502 Bad Gateway</h1></body></html>"

SHAPES: list[tuple[str, int, bytes, type[DataForestError]]] = [
    ("gw-401-200-text", 401, _gateway("200", "Authentication Failed"), AuthenticationError),
    ("gw-401-200-number", 401, _gateway(200, "Authentication Failed"), AuthenticationError),
    ("gw-401-no-code", 401, _gateway(None), AuthenticationError),
    ("gw-401-210-text", 401, _gateway("210", "Permission Denied"), ForbiddenError),
    ("gw-401-210-number", 401, _gateway(210, "Permission Denied"), ForbiddenError),
    ("gw-403-unlisted-code", 403, _gateway("999", "Forbidden"), ForbiddenError),
    ("gw-404-300", 404, _gateway("300", "Not Found Exception"), NotFoundError),
    ("gw-429-400-quota-text", 429, _gateway("400", "Quota Exceeded"), QuotaExceededError),
    ("gw-429-400-quota-number", 429, _gateway(400, "Quota Exceeded"), QuotaExceededError),
    ("gw-429-410", 429, _gateway("410", "Throttle Limited"), ThrottledError),
    ("gw-429-420-number", 429, _gateway(420, "Rate Limited"), ThrottledError),
    ("gw-503-500", 503, _gateway("500", "Endpoint Error"), ServiceError),
    ("gw-504-510-number", 504, _gateway(510, "Endpoint Timeout"), ServiceError),
    ("gw-500-900", 500, _gateway("900", "Unexpected Error", None), ServiceError),
    ("gw-400-100", 400, _gateway("100", "Bad Request Exception"), DataForestError),
    ("df-400-quota", 400, _df("exceeded limit on resource quota"), QuotaExceededError),
    ("df-400-invalid", 400, _df("invalid request parameters"), ValidationError),
    ("df-401", 401, _df("unauthorized"), AuthenticationError),
    ("df-403", 403, _df("not allowed to access"), ForbiddenError),
    ("df-404", 404, _df("no such element"), NotFoundError),
    ("df-429", 429, _df("too many requests"), ThrottledError),
    ("df-500", 500, _df("unexpected error"), ServiceError),
    ("classic-401", 401, _classic("800", "Unauthorized"), AuthenticationError),
    ("classic-403", 403, _classic("801", "Not allowed"), ForbiddenError),
    ("classic-404", 404, _classic("802", "Not found"), NotFoundError),
    ("classic-429", 429, _classic("803", "Too many"), ThrottledError),
    ("classic-502", 502, _classic("1000", "Please try your call again later."), ServiceError),
    ("html-401", 401, HTML, AuthenticationError),
    ("html-403", 403, HTML, ForbiddenError),
    ("html-404", 404, HTML, NotFoundError),
    ("html-429", 429, HTML, ThrottledError),
    ("html-502", 502, HTML, ServiceError),
    ("html-400", 400, HTML, DataForestError),
    ("empty-503", 503, b"", ServiceError),
    ("empty-401", 401, b"", AuthenticationError),
    ("json-list-500", 500, b"[1, 2]", ServiceError),
]


@pytest.mark.parametrize(("status", "body", "cls"), [s[1:] for s in SHAPES],
                         ids=[s[0] for s in SHAPES])
def test_error_from_response_shapes(status: int, body: bytes, cls: type[DataForestError]) -> None:
    error = error_from_response("getList", status, body, {"Retry-After": "3"}, "trace-123")
    assert type(error) is cls
    assert error.status == status and error.operation == "getList"
    assert error.trace_id == "trace-123"
    assert_one_sentence(error, "getList", "trace id trace-123")
    if body.startswith(b"{"):
        assert error.service_message and error.service_message.rstrip(".") in str(error)
    if cls is ThrottledError:
        assert error.retry_after == 3.0  # type: ignore[attr-defined]


def test_gateway_code_is_kept_as_text() -> None:
    for code in ("410", 410):
        error = error_from_response("create", 429, _gateway(code), {}, None)
        assert error.code == "410"


def test_gateway_message_and_details_both_reach_the_user() -> None:
    error = error_from_response("getList", 401, _gateway(
        "200", "Authentication Failed", "Authentication information are missing."), {}, "t1")
    assert error.service_message == (
        "Authentication Failed: Authentication information are missing.")
    assert error.service_message in str(error)


def test_retry_after_forms() -> None:
    def retry_after(value: str) -> float | None:
        error = error_from_response("getList", 429, _gateway("410"), {"Retry-After": value}, None)
        assert isinstance(error, ThrottledError)
        return error.retry_after

    assert retry_after("0.5") == 0.5
    assert retry_after("-3") == 0.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
    assert error_from_response("x", 429, _gateway("410"), {}, None).retry_after is None  # type: ignore[attr-defined]


def test_service_validation_message_names_the_field() -> None:
    body = _df("invalid request parameter (configuration.docker.image, 'x'). Must look like it.")
    error = error_from_response("create", 400, body, {}, None)
    assert isinstance(error, ValidationError)
    assert error.field == "configuration.docker.image"
    # without a trace id the sentence still ends with exactly one full stop
    assert_one_sentence(error, "create", "configuration.docker.image")


def test_messages_without_trace_id_are_one_sentence() -> None:
    for status, body, _cls in [s[1:] for s in SHAPES]:
        assert_one_sentence(error_from_response("delete", status, body, {}, None), "delete")


@pytest.fixture
def many_errors() -> Iterator[list[DataForestError]]:
    yield [error_from_response("getList", s[1], s[2], {}, "t") for s in SHAPES]


def test_every_error_is_a_dataforest_error(many_errors: list[DataForestError]) -> None:
    assert all(isinstance(e, DataForestError) and isinstance(e, Exception) for e in many_errors)
    assert {type(e) for e in many_errors} >= {AuthenticationError, ForbiddenError, NotFoundError,
                                              ThrottledError, QuotaExceededError, ServiceError,
                                              ValidationError}
