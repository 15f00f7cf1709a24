"""Signature v2 checking, as the API gateway does it (spec sections 8 and 9).

For the test suite's secret scan, the signatures the emulator accepts can be recorded (off by
default): into ``SEEN_SIGNATURES`` when a test run sets it to a set, else (emulators in other
processes) appended one per line to the file named by the environment variable
``NCP_DF_EMULATOR_SIGNATURE_LOG``. The scan then proves none of them reached a log or an output.
"""

from __future__ import annotations

import hmac
import os
import re
import threading
from collections.abc import Mapping

from ..core.protocol import (
    GATEWAY_AUTH_INVALID,
    GATEWAY_AUTH_MISSING,
    HEADER_ACCESS_KEY,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    MAX_CLOCK_SKEW_MS,
)
from ..core.signing import Signer

SIGNATURE_LOG_ENV = "NCP_DF_EMULATOR_SIGNATURE_LOG"
# Tests only: a set here collects every signature value any KeyRing of this process accepts.
SEEN_SIGNATURES: set[str] | None = None
_log_lock = threading.Lock()
# Milliseconds since the epoch in ASCII digits: str.isdigit() also takes "\u00b2" (which int()
# refuses) and Arabic-Indic digits (which int() reads).
_TIMESTAMP = re.compile(r"[0-9]{1,16}")


class KeyRing:
    """The key pairs the emulator accepts; secrets stay inside their signers."""

    def __init__(self, pairs: Mapping[str, str]) -> None:
        self._signers = {access: Signer(access, secret) for access, secret in pairs.items()}
        self._signature_log = os.environ.get(SIGNATURE_LOG_ENV) or None

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
        if signer is None or not _TIMESTAMP.fullmatch(stamp):
            return GATEWAY_AUTH_INVALID
        if abs(now_ms - int(stamp)) >= MAX_CLOCK_SKEW_MS:
            return GATEWAY_AUTH_INVALID
        # The gateway verifies against the request target as received, query included.
        expected = signer.signature(method, raw_path_qs, stamp)
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return GATEWAY_AUTH_INVALID
        if SEEN_SIGNATURES is not None or self._signature_log:
            self._remember(signature)
        return None

    def _remember(self, signature: str) -> None:
        if SEEN_SIGNATURES is not None:  # the process that set it keeps the record itself
            SEEN_SIGNATURES.add(signature)
        elif self._signature_log:
            # One short line per write in append mode: lines of several processes never mix.
            with _log_lock, open(self._signature_log, "a", encoding="ascii") as log:
                log.write(signature + "\n")
