"""What one attempt of a signed request came to, and what that means for the call.

- ``Answer``: an HTTP answer (status, body, headers, when it was sent and when it came);
- ``TransportFailure``: no answer at all (timed out, no connection, dropped), and whether the
  request may have reached the service;
- ``TooLarge``: an answer longer than the transport reads (it was not read);
- ``Failed``: an attempt that did not succeed: the error it makes, how it may be retried, and
  whether the service may have acted on it (so that a create is looked up, not resent).
``failed_answer`` reads an answer that is not a success (a redirect, a refusal, a 5xx).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from .errors import (
    DataForestError,
    NetworkError,
    ServiceError,
    ThrottledError,
    answer_too_large,
    error_from_response,
    out_of_time,
    redirect_refused,
)
from .plain_text import plain_text
from .protocol import TRACE_ID_HEADERS
from .retry import FailureKind

if TYPE_CHECKING:
    from .deadline import Deadline

RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
# Where an integer may be past 64 bits (orjson would read it as a float), json reads it: an
# answer with 19 digits in a row. Found by mapping every digit to "0" and anything else to " "
# (bytes.translate runs at memory speed; a regular expression would cost more than orjson).
_DIGITS_ONLY = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19


def trace_id(headers: Mapping[str, str]) -> str | None:
    """The answer's trace id, made printable: it reaches log lines as well as errors."""
    for name in TRACE_ID_HEADERS:
        value = headers.get(name)
        if value:
            return plain_text(value)
    return None


@dataclass
class Answer:
    status: int
    body: bytes
    headers: Mapping[str, str]
    sent_at: float  # wall clock, seconds
    received_at: float

    @property
    def trace_id(self) -> str | None:
        return trace_id(self.headers)

    def succeeded(self, payload: dict[str, Any]) -> bool:
        """A 2xx whose JSON object does not say ``"success": false``."""
        return 200 <= self.status < 300 and payload.get("success") is not False


class TransportFailure(Exception):
    """No HTTP answer. ``sent`` tells whether the request may have reached the service."""

    def __init__(self, kind: FailureKind, sent: bool, reason: str, retryable: bool = True) -> None:
        super().__init__(reason)
        self.kind = kind
        self.sent = sent
        self.reason = reason
        self.retryable = retryable

    def failed(self) -> Failed:
        return Failed(self.kind if self.retryable else None, self.sent, failure=self)

    def to_error(self, operation: str, elapsed: float, attempts: int) -> DataForestError:
        if self.kind is FailureKind.TIMEOUT:
            return out_of_time(operation, elapsed, attempts)
        return NetworkError(f"DataForest {operation} could not reach the service: {self.reason}.",
                            operation=operation)


class TooLarge(Exception):
    """The answer is longer than the transport reads; what its status was."""

    def __init__(self, status: int, headers: Mapping[str, str]) -> None:
        super().__init__(status)
        self.status = status
        self.trace_id = trace_id(headers)

    def failed(self, operation: str, limit: int) -> Failed:
        # Not worth repeating; a 2xx (or a 5xx) may still have done what was asked.
        return Failed(None, not 300 <= self.status < 500,
                      answer_too_large(operation, self.status, limit, self.trace_id))


@dataclass
class Failed:
    """One attempt that did not succeed, and what it tells about the next one."""

    kind: FailureKind | None  # how it may be retried; None: not at all
    maybe_happened: bool  # the service may have acted on the request
    error: DataForestError | None = None  # what the answer said; None: see ``failure``
    failure: TransportFailure | None = None  # why no answer came
    retry_after: float | None = None  # the service's Retry-After hint, seconds
    answer: Answer | None = None  # None: no HTTP answer at all

    def final_error(self, operation: str, deadline: Deadline, attempts: int) -> DataForestError:
        """The error to raise when no retry follows, timed when it is raised."""
        if self.error is not None:
            return self.error
        assert self.failure is not None
        return self.failure.to_error(operation, deadline.elapsed(), attempts)

    def worth_resolving(self, after_uncertain: bool) -> bool:
        """Whether to ask if the request happened after all: this attempt's fate is unknown, or
        a definite refusal followed one that was (e.g. "name already used" because the first
        create did happen)."""
        return self.maybe_happened or (after_uncertain and self.kind is None)


def json_object(body: bytes) -> dict[str, Any] | None:
    """The answer's JSON object; None when it is empty, not JSON or not an object. Read by
    orjson (an answer is read on every call), unless json would read it otherwise: orjson
    refuses NaN and lone surrogates, and reads an integer past 64 bits as a float (an id sent
    as a long number would lose digits), so those answers, and any with 19 digits in a row,
    are read by json."""
    if not body:
        return None
    if _LONG_RUN not in body.translate(_DIGITS_ONLY):
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError:
            pass  # json has the last word
        else:
            return value if isinstance(value, dict) else None
    try:
        # NCP answers UTF-8 JSON; decoding first spares json its encoding detection.
        value = json.loads(body.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError included
        return None
    return value if isinstance(value, dict) else None


def failed_answer(operation: str, endpoint: str, answer: Answer,
                  payload: dict[str, Any] | None) -> Failed:
    """An answer that is not a success, as a Failed attempt."""
    if 300 <= answer.status < 400:  # never followed (see errors.redirect_refused)
        return Failed(None, False, redirect_refused(
            operation, answer.status, endpoint, answer.headers.get("Location"), answer.trace_id),
            answer=answer)
    error = _answer_error(operation, answer, payload)
    # The gateway answers 429 before forwarding, so only a 5xx may hide a change.
    return Failed(_failure_kind(error), answer.status >= 500, error,
                  retry_after=getattr(error, "retry_after", None), answer=answer)


def _answer_error(operation: str, answer: Answer,
                  payload: dict[str, Any] | None) -> DataForestError:
    if 200 <= answer.status < 300 and payload is None:
        return ServiceError(
            f"DataForest {operation} answered HTTP {answer.status} with something that is not a "
            "JSON object.", operation=operation, status=answer.status, trace_id=answer.trace_id)
    return error_from_response(operation, answer.status, answer.body, answer.headers,
                               answer.trace_id)


def _failure_kind(error: DataForestError) -> FailureKind | None:
    if isinstance(error, ThrottledError):
        return FailureKind.THROTTLING
    if isinstance(error, ServiceError) and error.status in RETRYABLE_STATUSES:
        return FailureKind.TRANSIENT
    return None
