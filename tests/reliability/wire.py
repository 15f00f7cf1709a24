"""Requests built by hand (not by our client) for fuzzing the emulator: a keep-alive session that
signs like the documentation's recipe, or sends whatever auth headers it is given.

Also the error shapes NCP documents, to check every answer against.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import requests

from ncp_df_jupyter.core.protocol import GATEWAY_ERRORS
from ncp_df_jupyter.core.signing import Signer

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY


@dataclass
class Reply:
    status: int
    text: str
    headers: dict[str, str]

    @property
    def json(self) -> Any:
        return json.loads(self.text)


class Wire:
    def __init__(self, url: str) -> None:
        self.url = url
        self.session = requests.Session()
        self.signer = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Wire:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, method: str, target: str, body: bytes, *, sign: bool = True,
             headers: dict[str, str] | None = None, timeout: float = 10) -> Reply:
        """``target`` is the path with any query, exactly as signed and sent; the body is said
        to be JSON (as the documentation's recipe does, and as the emulator's control API
        requires of a change) unless ``headers`` say otherwise."""
        sent: dict[str, str] = {"Content-Type": "application/json"}
        if sign:
            sent.update(self.signer.headers(method, target, int(time.time() * 1000)))
        sent.update(headers or {})
        response = self.session.request(method, self.url + target, data=body, headers=sent,
                                        timeout=timeout)
        return Reply(response.status_code, response.text, dict(response.headers))


GATEWAY_CODES = {(e.status, e.code) for e in GATEWAY_ERRORS}


def shape_problem(reply: Reply) -> str | None:
    """None when the answer is one NCP documents: success, or an error in the gateway's or
    DataForest's shape with a status that shape uses; else what is wrong with it."""
    if reply.status >= 500:
        return f"HTTP {reply.status}"
    if "x-ncp-trace-id" not in {k.lower() for k in reply.headers} or "Date" not in reply.headers:
        return "no trace id or Date header"
    try:
        body = reply.json
    except ValueError:
        return f"not JSON: {reply.text[:80]!r}"
    if not isinstance(body, dict):
        return f"not a JSON object: {reply.text[:80]!r}"
    if reply.status == 200:
        return None if body.get("success") is True else f"200 without success: {body}"
    if "error" in body:
        error = body["error"]
        if not (isinstance(error, dict) and set(error) == {"errorCode", "message", "details"}
                and all(isinstance(v, str) for v in error.values())):
            return f"bad gateway error body: {body}"
        if (reply.status, error["errorCode"]) not in GATEWAY_CODES:
            return f"undocumented gateway error {reply.status}/{error['errorCode']}"
        return None
    if set(body) == {"success", "message"} and body["success"] is False:
        if reply.status not in (400, 403, 404) or not isinstance(body["message"], str) or not (
                body["message"]):
            return f"bad DataForest error: HTTP {reply.status} {body}"
        return None
    return f"undocumented body: HTTP {reply.status} {body}"
