"""Text from the service is data: control characters in its messages (ESC sequences, CR/LF, C1
controls, bidirectional overrides) reach no error sentence verbatim, in any of NCP's three error
shapes; they are shown as visible escapes, and the rest of the text (Korean included) is kept.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from ncp_df_jupyter import RetryPolicy
from ncp_df_jupyter.core.errors import DataForestError
from ncp_df_jupyter.core.plain_text import plain_text as printable

from ..stand_ins import answers
from ..support import new_client

# A terminal title, a screen clear, a carriage return over the line, a forged log line, a
# right-to-left override and a C1 CSI: everything that could act on a terminal or a log.
HOSTILE = ("권한 없음 \x1b]0;pwned\x07\x1b[2J\rDataForest create succeeded\n"
           "2026-01-01 INFO forged line \u202eexe.txt\x9b31m\u2028end")
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

SHAPES: list[tuple[int, dict[str, Any]]] = [
    (401, {"error": {"errorCode": "200", "message": HOSTILE, "details": HOSTILE}}),
    (400, {"error": {"errorCode": f"9{HOSTILE}", "message": "Bad"}}),
    (400, {"success": False, "message": HOSTILE}),
    (403, {"success": False, "message": HOSTILE}),
    (500, {"success": False, "message": HOSTILE}),
    (502, {"responseError": {"returnCode": HOSTILE, "returnMessage": HOSTILE}}),
]


@pytest.mark.parametrize(("status", "body"), SHAPES,
                         ids=[f"{s}-{next(iter(b))}" for s, b in SHAPES])
async def test_no_control_character_reaches_an_error(status: int, body: dict[str, Any]) -> None:
    with answers(status, body) as server:
        async with new_client(server.url, retry=RetryPolicy.fast(max_attempts=1)) as client:
            with pytest.raises(DataForestError) as caught:
                await asyncio.wait_for(client.list_accounts(), 10)
    error = caught.value
    shown = [str(error), repr(error), error.service_message or "", error.code or "",
             getattr(error, "rule", None) or ""]
    for text in shown:
        assert not UNSAFE.search(text), text
    sentence = str(error)
    assert "\n" not in sentence and sentence.endswith(".")
    if "Bad" not in sentence:  # the shapes that carry HOSTILE in the message
        assert "권한 없음" in sentence  # the text itself is kept
        assert "\\x1b]0;pwned\\x07" in sentence and "\\u202e" in sentence  # as visible escapes


def test_printable_keeps_text_and_is_idempotent() -> None:
    once = printable(HOSTILE)
    assert printable(once) == once
    assert once.startswith("권한 없음 \\x1b]0;pwned\\x07\\x1b[2J\\rDataForest")
    korean = "이미지 tensorflow:2.15.0-gpu, GPU 8개 (대기열: gpu)"
    assert printable(korean) == korean


def test_every_error_is_printable_whoever_builds_it() -> None:
    error = DataForestError(f"DataForest delete of workspace {HOSTILE} failed.",
                            service_message=HOSTILE, trace_id="\x1b[31mabc")
    for text in (str(error), error.service_message, error.trace_id, error.message):
        assert text is not None and not UNSAFE.search(text)


async def test_a_trace_id_header_is_data_too(caplog: pytest.LogCaptureFixture) -> None:
    # C1 controls and bidi overrides pass HTTP's header rules (as obs-text), so they can come.
    headers = {"x-ncp-trace-id": "abc\x9b31m\u202edef"}
    with answers(404, {"success": False, "message": "no such element"}, headers) as server:
        async with new_client(server.url, retry=RetryPolicy.fast(max_attempts=1)) as client:
            with caplog.at_level("DEBUG", logger="ncp_df_jupyter.client"), pytest.raises(
                    DataForestError) as caught:
                await asyncio.wait_for(client.get_workspace("ws0000000001"), 10)
    assert "(trace id abc\\x9b31m\\u202edef)." in str(caught.value)
    assert caught.value.trace_id == "abc\\x9b31m\\u202edef"
    logged = [r.getMessage() for r in caplog.records if "trace id" in r.getMessage()]
    assert logged and not any(UNSAFE.search(line) for line in logged)
