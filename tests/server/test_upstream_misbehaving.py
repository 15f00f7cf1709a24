"""The sidebar's routes of a real jupyter server in front of an endpoint that misbehaves (a
stand-in on 127.0.0.1): one that never answers costs a POST its request_timeout, not minutes; a
redirect is a 502 naming it, followed nowhere; a 128 MB answer is a 502; control characters in
the service's message do not reach the answer's sentence.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from ..conftest import ACCOUNT_ID
from ..stand_ins import StandIn, answers, never_answers, redirects, too_much
from .test_errors import assert_json_error
from .workspaces import new_workspace

TIMEOUT = 1.0
SLACK = 0.8


@pytest.fixture
def upstream(request: pytest.FixtureRequest) -> Iterator[StandIn]:
    with request.param() as server:
        yield server


@pytest.fixture
def server_settings(upstream: StandIn) -> dict[str, Any]:
    return {"endpoint": upstream.url, "request_timeout": TIMEOUT, "max_attempts": 3,
            "cache_seconds": 0.0}


@pytest.mark.parametrize("upstream", [never_answers], indirect=True)
def test_a_create_against_a_silent_service_ends_with_its_timeout(api, upstream: StandIn) -> None:
    started = time.monotonic()
    answer = api("POST", "workspaces", body=new_workspace())
    took = time.monotonic() - started
    assert_json_error(answer, 502)
    assert answer.body["error"] == "CreateOutcomeUnknownError"
    assert took <= TIMEOUT + SLACK
    started = time.monotonic()
    answer = api("GET", "accounts")
    took = time.monotonic() - started
    assert_json_error(answer, 504)
    # The lead names the budget a person was promised; the details the time really taken.
    assert "did not answer within 1 s" in answer.message
    assert re.search(r"no answer within [01]\.\d s \(3 attempts\)",
                     answer.body["details"]["sentence"])
    assert took <= TIMEOUT + SLACK


@pytest.mark.parametrize("upstream", [lambda: redirects(307, "http://127.0.0.1:9/steal")],
                         indirect=True)
def test_a_redirect_is_a_502_and_not_followed(api, upstream: StandIn) -> None:
    answer = api("GET", "workspaces", params={"account": ACCOUNT_ID})
    assert_json_error(answer, 502)
    sentence = answer.body["details"]["sentence"]  # the core's own words, behind Details
    assert "redirected (HTTP 307) to host '127.0.0.1:9'" in sentence
    assert upstream.url in sentence
    assert len(upstream.requests) == 1


@pytest.mark.parametrize("upstream", [lambda: too_much(128 << 20)], indirect=True)
def test_a_128_mb_answer_is_a_502(api, upstream: StandIn) -> None:
    answer = api("GET", "accounts")
    assert_json_error(answer, 502)
    assert "more than 8 MiB" in answer.body["details"]["sentence"]
    assert upstream.bytes_sent < 32 << 20


HOSTILE = "denied\x1b]0;pwned\x07\r\n[W 2026-01-01 ServerApp] forged \u202e"


@pytest.mark.parametrize("upstream", [lambda: answers(403, {"success": False,
                                                            "message": HOSTILE})],
                         indirect=True)
def test_control_characters_do_not_reach_the_sentence(api, upstream: StandIn) -> None:
    answer = api("GET", "accounts")
    assert_json_error(answer, 403)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", answer.message)
    assert "denied\\x1b]0;pwned\\x07\\r\\n[W 2026-01-01 ServerApp] forged \\u202e" in (
        answer.message)
