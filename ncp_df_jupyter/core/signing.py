"""NCP API Gateway signature v2 (spec section 8).

String to sign: ``METHOD + " " + URI + "\\n" + timestamp_ms + "\\n" + access_key``, where URI is
the path plus raw query exactly as sent; HMAC-SHA256 with the secret key; standard base64.
The body is not signed. A signature is a secret for five minutes (it can be replayed with any
body), so it is never logged or shown: in the headers it is a ``HiddenValue``, sent as the text
it is but shown masked by every repr (a dict of headers, aiohttp's, a traceback's locals).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from .protocol import HEADER_ACCESS_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP


def string_to_sign(method: str, uri: str, timestamp_ms: str, access_key: str) -> str:
    return f"{method.upper()} {uri}\n{timestamp_ms}\n{access_key}"


def sign(method: str, uri: str, timestamp_ms: str, access_key: str, secret_key: str) -> str:
    """The base64 signature of one request."""
    digest = hmac.new(
        secret_key.encode("utf-8"),
        string_to_sign(method, uri, timestamp_ms, access_key).encode("utf-8"),
        hashlib.sha256,
    ).digest()
    return base64.b64encode(digest).decode("ascii")


class HiddenValue(str):
    """A header value that hides itself from repr; ``str()`` and sending give the value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'<hidden>'"


class Signer:
    """Signs requests with one key pair; keeps the keyed HMAC state so each request is cheap."""

    __slots__ = ("_access_key", "_keyed")

    def __init__(self, access_key: str, secret_key: str) -> None:
        self._access_key = access_key
        self._keyed = hmac.new(secret_key.encode("utf-8"), digestmod=hashlib.sha256)

    def __repr__(self) -> str:
        return f"Signer(access_key={self._access_key[:4]}…)"

    def signature(self, method: str, uri: str, timestamp_ms: str) -> str:
        mac = self._keyed.copy()
        mac.update(string_to_sign(method, uri, timestamp_ms, self._access_key).encode("utf-8"))
        return base64.b64encode(mac.digest()).decode("ascii")

    def headers(self, method: str, uri: str, timestamp_ms: int) -> dict[str, str]:
        """The three auth headers; the timestamp value is the one that was signed."""
        stamp = str(timestamp_ms)
        return {
            HEADER_TIMESTAMP: stamp,
            HEADER_ACCESS_KEY: self._access_key,
            HEADER_SIGNATURE: HiddenValue(self.signature(method, uri, stamp)),
        }
