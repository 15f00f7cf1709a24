"""Signature v2 checking, as the API gateway does it (spec sections 8 and 9)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from ..protocol import (
    GATEWAY_AUTH_INVALID,
    GATEWAY_AUTH_MISSING,
    HEADER_ACCESS_KEY,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    MAX_CLOCK_SKEW_MS,
)
from ..signing import Signer


class KeyRing:
    """The key pairs the emulator accepts; secrets stay inside their signers."""

    def __init__(self, pairs: Mapping[str, str]) -> None:
        self._signers = {access: Signer(access, secret) for access, secret in pairs.items()}

    def __repr__(self) -> str:
        return f"KeyRing({len(self._signers)} key pair(s))"

    def check(self, method: str, raw_path_qs: str, headers: Mapping[str, str],
              now_ms: int) -> str | None:
        """None when the request is properly signed, else the gateway's ``details`` text."""
        stamp = headers.get(HEADER_TIMESTAMP)
        access = headers.get(HEADER_ACCESS_KEY)
        signature = headers.get(HEADER_SIGNATURE)
        if not stamp or not access or not signature:
            return GATEWAY_AUTH_MISSING
        signer = self._signers.get(access)
        if signer is None or not stamp.isdigit() or len(stamp) > 16:
            return GATEWAY_AUTH_INVALID
        if abs(now_ms - int(stamp)) >= MAX_CLOCK_SKEW_MS:
            return GATEWAY_AUTH_INVALID
        # The gateway verifies against the request target as received, query included.
        expected = signer.signature(method, raw_path_qs, stamp)
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return GATEWAY_AUTH_INVALID
        return None
