"""Signature v2: published vectors, an independent openssl computation, the URI as sent, and a
round-trip property against the emulator's own verification."""

from __future__ import annotations

import asyncio
import os
import subprocess

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from ncp_df_jupyter.core.errors import ServiceError
from ncp_df_jupyter.core.protocol import (
    GATEWAY_AUTH_INVALID,
    HEADER_ACCESS_KEY,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    MAX_CLOCK_SKEW_MS,
)
from ncp_df_jupyter.core.retry import RetryPolicy
from ncp_df_jupyter.core.signing import Signer, sign, string_to_sign
from ncp_df_jupyter.emulator.auth import KeyRing

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import new_client

SPEC_ACCESS = "TESTACCESSKEY0000001"
SPEC_SECRET = "TESTSECRETKEY000000000000000000000000001"
SPEC_STAMP = "1700000000000"


@pytest.mark.parametrize(("method", "uri", "expected"), [
    ("POST", "/api/v2/aiworkspaces/getList", "spl7ftapAsZxwqPUanLM/X0qnZGPe8yyE5lZ8qn7kCc="),
    ("GET", "/photos/puppy.jpg?query1=&query2", "so0DR9hOtAUDE6Gj7B8iONV4KSFcsmPX7fE2D6P9nKA="),
])
def test_published_vectors(method: str, uri: str, expected: str) -> None:
    assert sign(method, uri, SPEC_STAMP, SPEC_ACCESS, SPEC_SECRET) == expected
    assert Signer(SPEC_ACCESS, SPEC_SECRET).signature(method, uri, SPEC_STAMP) == expected


def test_string_to_sign_layout() -> None:
    assert string_to_sign("post", "/a?b=c", "1700000000000", "AK") == (
        "POST /a?b=c\n1700000000000\nAK")


def _openssl_signature(message: str, key: str) -> str:
    """HMAC-SHA256 + base64 computed by the openssl and base64 command line tools."""
    result = subprocess.run(
        ["sh", "-c", 'printf "%s" "$STS" | openssl dgst -sha256 -hmac "$KEY" -binary | base64'],
        env={**os.environ, "STS": message, "KEY": key}, capture_output=True, text=True,
        check=True, timeout=30)
    return result.stdout.strip()


@pytest.mark.parametrize(("method", "uri", "stamp", "access", "secret"), [
    ("POST", "/api/v2/aiworkspaces/create", "1712345678901", TEST_ACCESS_KEY, TEST_SECRET_KEY),
    ("POST", "/api/v2/accounts/getList", "1699999999999", "AKIDX", "s3cr3t=with/odd+chars"),
    ("GET", "/gw~x/a%20b/c?q=%7E&r=a+b", "1700000000123", "K", "한국어-secret"),
])
def test_matches_openssl(method: str, uri: str, stamp: str, access: str, secret: str) -> None:
    expected = _openssl_signature(f"{method} {uri}\n{stamp}\n{access}", secret)
    assert len(expected) == 44
    assert sign(method, uri, stamp, access, secret) == expected
    assert Signer(access, secret).headers(method, uri, int(stamp)) == {
        HEADER_TIMESTAMP: stamp, HEADER_ACCESS_KEY: access, HEADER_SIGNATURE: expected}


# -- the URI that is signed is the URI that is sent -------------------------------------------


class _Verifier:
    """A tiny gateway: recomputes the signature from request.raw_path (what arrived on the wire)
    with the emulator's KeyRing and records every request."""

    def __init__(self, fail_first: int = 0) -> None:
        self.keys = KeyRing({TEST_ACCESS_KEY: TEST_SECRET_KEY})
        self.fail_first = fail_first
        self.seen: list[dict[str, str | None]] = []

    async def handle(self, request: web.Request) -> web.Response:
        import time

        verdict = self.keys.check(request.method, request.raw_path, request.headers,
                                  int(time.time() * 1000))
        self.seen.append({"raw_path": request.raw_path, "verdict": verdict,
                          **{h: request.headers.get(h) for h in
                             (HEADER_TIMESTAMP, HEADER_SIGNATURE, HEADER_ACCESS_KEY)}})
        if verdict is not None:
            return web.json_response({"error": {"errorCode": "200", "message":
                                                "Authentication Failed", "details": verdict}},
                                     status=401)
        if len(self.seen) <= self.fail_first:
            await asyncio.sleep(0.005)  # so that retries get visibly later timestamps
            return web.json_response({"error": {"errorCode": "500", "message": "Endpoint Error",
                                                "details": ""}}, status=503)
        return web.json_response({"success": True, "total": 1, "contents": [
            {"id": "Acc1", "name": "df001", "disabled": False}]})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app


async def test_client_signs_the_path_as_sent_after_requoting() -> None:
    verifier = _Verifier()
    async with TestServer(verifier.app(), host="127.0.0.1") as server:
        # An endpoint with a path prefix yarl re-quotes: %7E becomes "~", a space becomes %20.
        endpoint = str(server.make_url("")).rstrip("/") + "/gw%7Eprefix/my dir"
        async with new_client(endpoint) as client:
            accounts = await client.list_accounts()
    assert [a.name for a in accounts] == ["df001"]
    (seen,) = verifier.seen
    assert seen["verdict"] is None
    assert seen["raw_path"] == "/gw~prefix/my%20dir/api/v2/accounts/getList"
    # Signing the text we were given (not the re-quoted one) would have been refused.
    naive = "/gw%7Eprefix/my dir/api/v2/accounts/getList"
    headers = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY).headers("POST", naive, 1700000000000)
    assert verifier.keys.check("POST", seen["raw_path"] or "", headers,
                               1700000000000) == GATEWAY_AUTH_INVALID


async def test_signing_raw_path_qs_of_the_sent_url_includes_the_query() -> None:
    """The recipe the client follows (sign url.raw_path_qs of the URL object that is sent) holds
    for a query string with characters yarl re-quotes."""
    import time

    import aiohttp

    verifier = _Verifier()
    async with TestServer(verifier.app(), host="127.0.0.1") as server:
        url = URL(str(server.make_url("")).rstrip("/") + "/photos/pup%7Ey.jpg?query1=&q 2=a~b")
        headers = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY).headers(
            "GET", url.raw_path_qs, int(time.time() * 1000))
        async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as r:
            assert r.status == 200
    (seen,) = verifier.seen
    assert seen["verdict"] is None
    assert "?" in (seen["raw_path"] or "")
    assert seen["raw_path"] == url.raw_path_qs


async def test_every_attempt_is_signed_afresh() -> None:
    verifier = _Verifier(fail_first=2)
    async with TestServer(verifier.app(), host="127.0.0.1") as server, new_client(
            str(server.make_url("")).rstrip("/")) as client:
        await client.list_accounts()
    assert len(verifier.seen) == 3
    assert all(s["verdict"] is None for s in verifier.seen)
    stamps = [s[HEADER_TIMESTAMP] or "" for s in verifier.seen]
    assert len(set(stamps)) == 3 and stamps == sorted(stamps)
    assert len({s[HEADER_SIGNATURE] for s in verifier.seen}) == 3
    assert all(len(s) == 13 for s in stamps)


async def test_attempts_exhausted_against_the_verifier_still_fail_cleanly() -> None:
    verifier = _Verifier(fail_first=10)
    async with TestServer(verifier.app(), host="127.0.0.1") as server, new_client(
            str(server.make_url("")).rstrip("/"), retry=RetryPolicy.fast(max_attempts=2)) as client:
        with pytest.raises(ServiceError):
            await client.list_accounts()
    assert len(verifier.seen) == 2


# -- round trip with the emulator's verification ----------------------------------------------

_printable = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1,
                     max_size=40)
_uri = st.text(st.characters(codec="utf-8"), max_size=60).map(lambda s: "/" + s)
_method = st.from_regex(r"[A-Z]{1,8}", fullmatch=True)
_stamp = st.integers(min_value=0, max_value=10**13 - 1)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(method=_method, uri=_uri, stamp=_stamp, access=_printable, secret=_printable,
       other=st.data())
def test_sign_round_trips_through_the_keyring(method: str, uri: str, stamp: int, access: str,
                                              secret: str, other: st.DataObject) -> None:
    keys = KeyRing({access: secret})
    signature = sign(method, uri, str(stamp), access, secret)
    headers = {HEADER_TIMESTAMP: str(stamp), HEADER_ACCESS_KEY: access,
               HEADER_SIGNATURE: signature}
    assert Signer(access, secret).headers(method, uri, stamp) == headers
    assert keys.check(method, uri, headers, stamp) is None

    # Change exactly one input: the signature changes and the KeyRing refuses the request.
    which = other.draw(st.sampled_from(["method", "uri", "stamp", "access", "secret"]))
    args = {"method": method, "uri": uri, "stamp": stamp, "access": access, "secret": secret}
    if which == "method":
        args["method"] = other.draw(_method.filter(lambda m: m != method))
    elif which == "uri":
        args["uri"] = other.draw(_uri.filter(lambda u: u != uri))
    elif which == "stamp":
        args["stamp"] = other.draw(st.integers(max(0, stamp - MAX_CLOCK_SKEW_MS + 1),
                                               stamp + MAX_CLOCK_SKEW_MS - 1).filter(
            lambda s: s != stamp))
    elif which == "access":
        args["access"] = other.draw(_printable.filter(lambda a: a != access))
    else:
        args["secret"] = other.draw(_printable.filter(lambda s: s != secret))
    changed = sign(str(args["method"]), str(args["uri"]), str(args["stamp"]),
                   str(args["access"]), str(args["secret"]))
    assert changed != signature
    # Presented with the original request, the changed signature is refused, whichever input
    # changed (a different secret, access key, method, URI or timestamp).
    assert keys.check(method, uri, {**headers, HEADER_SIGNATURE: changed}, stamp) == (
        GATEWAY_AUTH_INVALID)
