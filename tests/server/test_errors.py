"""Failures reach the browser as {"message": one sentence} with a fitting status, never a page.

The service's failures are made by the emulator's fault rules and by real refusals (wrong key,
locked account, unknown id); nothing in the extension or the client is patched.
"""

from __future__ import annotations

import pytest

from ncp_df_jupyter.core.errors import (
    AuthenticationError,
    CreateOutcomeUnknownError,
    CredentialsError,
    DataForestError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    QuotaExceededError,
    RequestTimeoutError,
    ServiceError,
    ThrottledError,
    ValidationError,
)
from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.emulator.seed import LOCKED_ACCOUNT_ID
from ncp_df_jupyter.server.errors import BUG_MESSAGE, ErrorContext, answer_for

from ..conftest import ACCOUNT_ID
from .workspaces import new_workspace

NAME_RULE = rules.definition("workspaceName")["x-message"]["pattern"]


def one_sentence(message: str) -> bool:
    return bool(message) and message.endswith((".", "?")) and "\n" not in message and (
        "Traceback" not in message)


def assert_json_error(answer, status: int) -> None:
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"].startswith("application/json")
    assert one_sentence(answer.message), answer.message


# -- 400: bad input, named, and nothing sent ---------------------------------------------------

def test_a_bad_name_is_refused_before_anything_is_sent(api, control: EmulatorControl) -> None:
    answer = api("POST", "workspaces", body=new_workspace("Bad_Name"))
    assert_json_error(answer, 400)
    assert answer.body["field"] == "name"
    assert NAME_RULE in answer.message and answer.message.startswith("name ")
    assert answer.body["problems"] == [{"field": "name", "message": answer.message}]
    assert control.count("create") == 0


def test_every_broken_rule_is_listed(api, control: EmulatorControl) -> None:
    body = new_workspace("ok-name")
    body["configuration"]["resource"]["gpuCount"] = 9
    body["configuration"]["docker"]["image"] = "Not An Image"
    answer = api("POST", "workspaces", body=body)
    assert_json_error(answer, 400)
    fields = [p["field"] for p in answer.body["problems"]]
    assert fields == ["configuration.docker.image", "configuration.resource.gpuCount"]
    assert answer.body["field"] == "configuration.docker.image"
    assert control.count("create") == 0


@pytest.mark.parametrize(("raw", "says"), [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (b"", "must be a JSON object"),
])
def test_a_body_that_is_not_a_json_object(api, raw: bytes, says: str) -> None:
    answer = api("POST", "workspaces", raw=raw)
    assert_json_error(answer, 400)
    assert says in answer.message


@pytest.mark.parametrize(("path", "params", "field"), [
    (("workspaces",), {}, "account"),
    (("workspaces",), {"account": "not/an id!"}, "account"),
    (("workspaces", "bad id!"), {}, "id"),
    (("workspaces", "x" * 30, "configuration"), {}, "id"),
    (("images",), {"framework": "keras"}, "framework"),
    (("schema",), {"account": "nope nope"}, "account"),
    (("names", ACCOUNT_ID, "Upper"), {}, "name"),
])
def test_bad_parameters_name_the_field(api, control, path, params, field) -> None:
    answer = api("GET", *path, params=params)
    assert_json_error(answer, 400)
    assert answer.body["field"] == field and answer.message.startswith(field)
    assert control.requests() == []  # refused before any request went upstream


def test_a_configuration_change_is_checked(api, control: EmulatorControl) -> None:
    created = api("POST", "workspaces", body=new_workspace("cfg")).body["id"]
    missing = api("PUT", "workspaces", created, "configuration", body={"docker": {}})
    assert_json_error(missing, 400)
    assert missing.body["field"] == "configuration"
    config = new_workspace()["configuration"]
    config["resource"]["gpuCount"] = 0
    bad = api("PUT", "workspaces", created, "configuration", body={"configuration": config})
    assert_json_error(bad, 400)
    assert bad.body["field"] == "configuration.resource.gpuCount"
    assert rules.definition("resource")["properties"]["gpuCount"]["x-message"] in bad.message
    assert control.count("setConfiguration") == 0


def test_a_name_already_used_is_the_services_refusal(api) -> None:
    assert api("POST", "workspaces", body=new_workspace("twice")).status == 201
    again = api("POST", "workspaces", body=new_workspace("twice"))
    assert_json_error(again, 400)
    assert again.body["field"] == "name" and "already used" in again.message


# -- credentials ------------------------------------------------------------------------------

def test_a_wrong_secret_key_is_401(api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", "made-up-wrong-secret-0123456789")
    answer = api("GET", "accounts")
    assert_json_error(answer, 401)
    assert answer.body["error"] == "AuthenticationError"
    assert "Authentication Failed" in answer.message  # the gateway's own words
    assert "made-up-wrong-secret" not in answer.text


def test_missing_credentials_say_how_to_fix_and_recover_without_restart(
        api, monkeypatch: pytest.MonkeyPatch, emu_env) -> None:
    for name in ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    status = api("GET", "status")
    assert status.status == 200
    credentials = status.body["credentials"]
    assert credentials["configured"] is False and credentials["accessKey"] is None
    assert "NCLOUD_ACCESS_KEY_ID" in credentials["problem"]
    assert "~/.ncloud/configure" in credentials["problem"]

    refused = api("GET", "accounts")
    assert_json_error(refused, 401)
    assert refused.body["error"] == "CredentialsError"

    for name, value in emu_env.endpoint.env().items():
        monkeypatch.setenv(name, value)
    assert api("GET", "accounts").status == 200
    assert api("GET", "status").body["credentials"]["configured"] is True


# -- the service's refusals and failures ------------------------------------------------------

def test_an_account_without_permission_is_403(api) -> None:
    answer = api("GET", "workspaces", params={"account": LOCKED_ACCOUNT_ID})
    assert_json_error(answer, 403)
    assert "not allowed to access" in answer.message


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_an_unknown_workspace_is_404(api, method: str) -> None:
    answer = api(method, "workspaces", "NoSuchWorkspace0000001")
    assert_json_error(answer, 404)
    assert "no such element" in answer.message


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_an_unknown_route_is_a_json_404(api, method: str) -> None:
    answer = api(method, "no", "such", "route")
    assert_json_error(answer, 404)
    assert "no DataForest route" in answer.message


def test_throttling_is_429_with_retry_after(api, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getList", "status": 429, "retry_after": 3}])
    answer = api("GET", "workspaces", params={"account": ACCOUNT_ID})
    assert_json_error(answer, 429)
    assert answer.headers["Retry-After"] == "3"
    assert "Throttle Limited" in answer.message


@pytest.mark.parametrize(("status", "said"), [
    (503, "Endpoint Error"),  # the gateway's body
    (502, "Please try your call again later"),  # the classic API body
    (500, "unexpected error"),  # DataForest's own body
])
def test_service_failures_are_502_with_the_services_words(api, control, status, said) -> None:
    control.set_faults([{"operation": "accounts.getList", "status": status}])
    answer = api("GET", "accounts")
    assert_json_error(answer, 502)
    assert said in answer.message


@pytest.mark.parametrize("server_settings", [
    {"request_timeout": 0.3, "max_attempts": 1, "cache_seconds": 5.0}])
def test_a_service_that_does_not_answer_is_504(api, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "accounts.getList", "action": "delay", "delay_ms": 1500}])
    answer = api("GET", "accounts")
    assert_json_error(answer, 504)
    # The wait a person is told is the server's own budget (request_timeout).
    assert answer.message.startswith("DataForest did not answer within 0.3 s.")
    assert answer.body["messageArgs"] == {"seconds": "0.3"}
    assert answer.body["details"]["operation"] == "accounts.getList"
    assert "no answer within" in answer.body["details"]["sentence"]


def test_errors_are_not_cached(api, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "accounts.getList", "status": 503, "times": 1}])
    assert api("GET", "accounts").status == 502
    assert api("GET", "accounts").status == 200


@pytest.mark.parametrize("server_settings", [
    {"endpoint": "http://127.0.0.1:9", "max_attempts": 1}])  # the discard port: nobody listens
def test_an_unreachable_service_is_502(api) -> None:
    answer = api("GET", "accounts")
    assert_json_error(answer, 502)
    assert answer.body["error"] == "NetworkError"
    # What to do first: the emulator on this machine is the likely one to have stopped.
    assert answer.message == (
        "Cannot reach DataForest at 127.0.0.1:9: is `ncp-df demo` still running?")
    assert answer.body["messageId"] == (
        "Cannot reach DataForest at {host}: is `ncp-df demo` still running?")
    assert answer.body["messageArgs"] == {"host": "127.0.0.1:9"}
    assert answer.body["details"]["kind"] == "NetworkError"
    assert "could not reach the service" in answer.body["details"]["sentence"]


# -- the mapping itself, for the kinds the emulator cannot easily produce ----------------------

@pytest.mark.parametrize(("error", "status"), [
    (ValidationError("name must be short.", field="name"), 400),
    (CredentialsError("No NCP credentials were found."), 401),
    (AuthenticationError("refused."), 401),
    (ForbiddenError("refused."), 403),
    (NotFoundError("gone."), 404),
    (ThrottledError("slow down.", retry_after=0.2), 429),
    (QuotaExceededError("quota used up."), 429),
    (RequestTimeoutError("no answer."), 504),
    (ServiceError("failed."), 502),
    (NetworkError("unreachable."), 502),
    (CreateOutcomeUnknownError("unknown."), 502),
    (DataForestError("refused with HTTP 413."), 502),
])
def test_status_of_each_expected_error(error: DataForestError, status: int) -> None:
    answer = answer_for(error)
    assert answer.status == status
    assert one_sentence(answer.body["message"])
    # The core's own sentence stays, behind the person-first one.
    assert answer.body["details"]["sentence"] == str(error)
    assert answer.body["details"]["kind"] == type(error).__name__
    if isinstance(error, (ValidationError, CredentialsError)):
        # they say how to fix it already: the field, or the three ways to give a key pair
        assert answer.body["message"] == str(error) and "messageId" not in answer.body
    else:
        msgid, args = answer.body["messageId"], answer.body["messageArgs"]
        assert answer.body["message"] == msgid.format(**args)
    if isinstance(error, ThrottledError):
        assert answer.headers == {"Retry-After": "1"}


def test_the_services_words_follow_the_lead_and_the_real_endpoint_is_named() -> None:
    error = ServiceError("DataForest getList failed with HTTP 503 (Endpoint Error) (trace id T1).",
                         operation="getList", status=503, service_message="Endpoint Error.",
                         trace_id="T1")
    answer = answer_for(error, context=ErrorContext("https://df.apigw.ntruss.com", 30.0))
    assert answer.body["message"].endswith(" DataForest said: Endpoint Error.")
    assert answer.body["details"] == {
        "kind": "ServiceError", "operation": "getList", "status": 503, "traceId": "T1",
        "said": "Endpoint Error.", "sentence": str(error)}
    unreachable = answer_for(NetworkError("refused.", operation="getList"),
                             context=ErrorContext("https://df.apigw.ntruss.com", 30.0))
    assert unreachable.body["message"] == (
        "Cannot reach DataForest at df.apigw.ntruss.com. Check the network of the Jupyter "
        "server, then try again.")
    late = answer_for(RequestTimeoutError("no answer."), context=ErrorContext(None, 30.0))
    assert late.body["message"].startswith("DataForest did not answer within 30 s.")


def test_a_bug_is_a_generic_500_without_details() -> None:
    answer = answer_for(KeyError("internal detail"))
    assert (answer.status, answer.body["message"]) == (500, BUG_MESSAGE)
    assert "internal detail" not in str(answer.body)
