"""Every exception the package raises on purpose, and the reading of NCP error bodies.

``str(error)`` is always one sentence a person can act on, naming the operation or the field.
No exception ever holds a secret key, a signature or a request header. Text that came from the
service (its messages, codes, trace ids, a redirect's host) is data: every message and attribute
of these exceptions goes through ``plain_text`` (core/plain_text.py), so printing an error can
never drive a terminal or forge a log line, whoever built it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from .plain_text import plain_text
from .protocol import DF_FORBIDDEN, DF_NOT_FOUND, DF_QUOTA, GATEWAY_ERRORS_BY_CODE


def _plain_or_none(text: str | None) -> str | None:
    return None if text is None else plain_text(text)


class DataForestError(Exception):
    """Base of every expected failure (bad input, credentials, service errors, timeouts)."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status: int | None = None,
        code: str | None = None,
        service_message: str | None = None,
        trace_id: str | None = None,
    ) -> None:
        message = plain_text(message)
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.status = status
        self.code = _plain_or_none(code)
        self.service_message = _plain_or_none(service_message)
        self.trace_id = _plain_or_none(trace_id)

    def __str__(self) -> str:
        return self.message


class ValidationError(DataForestError, ValueError):
    """Input that breaks a rule of the workspace model: nothing was sent, or the service
    refused it."""

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None,
                 problems: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field = _plain_or_none(field)
        self.rule = _plain_or_none(rule)
        # every broken rule (core.schema.rules.Problem objects) when the check found several
        self.problems = list(problems)


class CredentialsError(DataForestError):
    """No usable access key / secret key pair could be found."""


class AuthenticationError(DataForestError):
    """The API gateway refused the signature or the key (HTTP 401, errorCode 200)."""


class ForbiddenError(DataForestError):
    """The key may not use this API or resource (403, or gateway 401 errorCode 210)."""


class NotFoundError(DataForestError):
    """The workspace, account or path does not exist (404)."""


class ThrottledError(DataForestError):
    """Too many requests (429 Throttle Limited / Rate Limited)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class QuotaExceededError(DataForestError):
    """A quota is used up: the resource quota of the account, or the gateway's call quota."""


class ServiceError(DataForestError):
    """The service failed (5xx) or answered something that cannot be read."""


class RequestTimeoutError(DataForestError, TimeoutError):
    """No answer within the client's timeout."""


class NetworkError(DataForestError, ConnectionError):
    """The connection could not be made or broke before an answer arrived."""


class CreateOutcomeUnknownError(DataForestError):
    """A create may or may not have happened and checking for it failed too."""


class SubmitOutcomeUnknownError(DataForestError):
    """An AI app submit went unanswered and the apps list could not say which app, if any, it
    started. It was not sent again; ``candidates`` holds the apps it may have started (core
    ``App`` objects; empty when none was found)."""

    def __init__(self, message: str, *, candidates: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.candidates = list(candidates)


class AppWaitTimeoutError(DataForestError, TimeoutError):
    """``wait_app`` gave up before the app finished; ``app`` is the last detail it saw."""

    def __init__(self, message: str, *, app: Any = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.app = app


class AppLogError(DataForestError):
    """A container's log could not be read from its logUrl; ``url`` is that URL and
    ``needs_login`` tells whether the page asked for the DataForest login."""

    def __init__(self, message: str, *, url: str | None = None, needs_login: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.url = url
        self.needs_login = needs_login


def short(value: object, limit: int = 60) -> str:
    """repr of a user value, cut so that one sentence stays one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _with_trace(sentence: str, trace_id: str | None) -> str:
    sentence = sentence.rstrip(".")  # the service's own message may end with a full stop
    return f"{sentence} (trace id {trace_id})." if trace_id else f"{sentence}."


def _code(value: Any) -> str | None:
    """An error code as text: NCP sends "200" or 200, and sometimes null."""
    text = "" if value is None else str(value).strip()
    return text or None


_FIELD_IN_MESSAGE = re.compile(r"invalid request parameter \(([A-Za-z0-9_.\[\]]+)")


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare from API gateways, ignored


# What a status means when the body says nothing more specific (each reader says when that is).
_BY_STATUS: dict[int, type[DataForestError]] = {
    401: AuthenticationError, 403: ForbiddenError, 404: NotFoundError, 429: ThrottledError}

# What a reader found: the exception class, the sentence after "DataForest <operation> ", and
# the attributes the body gave (code, service_message, field, rule).
_Reading = tuple[type[DataForestError], str, dict[str, Any]]


def error_from_response(
    operation: str, status: int, body: bytes, headers: Mapping[str, str], trace_id: str | None
) -> DataForestError:
    """Turn a non-2xx (or success:false) answer into the matching exception.

    NCP answers in three shapes, told apart by the body, not the status: the API gateway's
    {"error": {errorCode, message, details}}, DataForest's {"success": false, "message"} and the
    classic {"responseError": {returnCode, returnMessage}}.
    """
    cls, sentence, attributes = _read(status, body)
    if cls is ThrottledError:
        attributes["retry_after"] = parse_retry_after(headers)
    return cls(_with_trace(f"DataForest {operation} {sentence}", trace_id),
               operation=operation, status=status, trace_id=trace_id, **attributes)


def out_of_time(operation: str, elapsed: float, attempts: int) -> RequestTimeoutError:
    """The call's time (the client's timeout) is spent: how long it really took, in how many
    attempts (0: the call ran out before this operation could be sent)."""
    tries = f"{attempts} attempt{'' if attempts == 1 else 's'}" if attempts else "not sent"
    shown = f"{elapsed:.1f}" if elapsed >= 0.1 else f"{elapsed:.2f}"
    return RequestTimeoutError(
        f"DataForest {operation} got no answer within {shown} s ({tries}); the service may be "
        "slow or unreachable, try again or raise the client's timeout.", operation=operation)


def redirect_refused(operation: str, status: int, endpoint: str, location: str | None,
                     trace_id: str | None) -> ServiceError:
    """A 3xx answer: never followed (it would carry the signed headers, and for 307/308 the
    body, to whatever host it names), so it is an error naming our endpoint and where it led."""
    return ServiceError(_with_trace(
        f"DataForest {operation} was redirected (HTTP {status}) {_redirect_target(location)}; "
        f"redirects are not followed, so nothing was sent there: check that the endpoint "
        f"{endpoint} is the DataForest API gateway", trace_id),
        operation=operation, status=status, trace_id=trace_id)


def _redirect_target(location: str | None) -> str:
    """Where a Location header points, as data: its host (never its user or password), or the
    path when it stays on the same host."""
    if not location:
        return "without saying where"
    try:
        parts = urlsplit(location)
        host = parts.hostname
        if host and parts.port is not None:
            host = f"{host}:{parts.port}"
    except ValueError:  # a port or an IPv6 address that cannot be read
        return f"to {short(location)}"
    return f"to host {short(host)}" if host else f"to {short(parts.path)} on the same host"


def answer_too_large(operation: str, status: int, limit: int,
                     trace_id: str | None) -> ServiceError:
    """An answer longer than the client reads (``max_response_bytes``); it was not read."""
    return ServiceError(_with_trace(
        f"DataForest {operation} answered HTTP {status} with more than {_size(limit)}, far more "
        "than a DataForest answer holds, so it was not read (the client's max_response_bytes "
        "sets that limit)", trace_id), operation=operation, status=status, trace_id=trace_id)


def _size(count: int) -> str:
    if count >= 1 << 20 and count % (1 << 20) == 0:
        return f"{count >> 20} MiB"
    if count >= 1 << 10 and count % (1 << 10) == 0:
        return f"{count >> 10} KiB"
    return f"{count} bytes"


def _read(status: int, body: bytes) -> _Reading:
    try:
        data: Any = json.loads(body) if body else None
    except ValueError:
        data = None
    if isinstance(data, dict):
        if isinstance(data.get("error"), dict):
            return _read_gateway(status, data["error"])
        if "success" in data:
            return _read_dataforest(status, data)
        if isinstance(data.get("responseError"), dict):
            return _read_classic(status, data["responseError"])
    return _read_not_ncp(status, body)


_GATEWAY_SENTENCES: dict[type[DataForestError], str] = {
    AuthenticationError: "was refused by the API gateway ({said}); check the access key and "
                         "secret key, and that this computer's clock is right",
    ForbiddenError: "was refused by the API gateway ({said}); this key has no permission for "
                    "the DataForest API",
    QuotaExceededError: "was refused by the API gateway ({said}); the API call quota is used up",
    ThrottledError: "was throttled by the API gateway ({said}); try again in a moment",
    NotFoundError: "was not found by the API gateway ({said}); check the endpoint URL",
    ServiceError: "failed at the API gateway with HTTP {status} ({said})",
    DataForestError: "was refused by the API gateway with HTTP {status} ({said})",
}


def _read_gateway(status: int, error: Mapping[str, Any]) -> _Reading:
    """The API gateway's {"error": {"errorCode", "message", "details"}}."""
    code = _code(error.get("errorCode"))
    known = GATEWAY_ERRORS_BY_CODE.get(code or "")
    said = str(error.get("message") or (known.message if known else "error"))
    details = str(error.get("details") or "").strip()
    if details:
        said = f"{said}: {details}"
    cls = _gateway_class(code, status)
    return (cls, _GATEWAY_SENTENCES[cls].format(said=said, status=status),
            {"code": code, "service_message": said})


def _gateway_class(code: str | None, status: int) -> type[DataForestError]:
    # First match wins. With the code/status pairs the gateway sends (protocol.GATEWAY_ERRORS)
    # the code decides; the status speaks only for an absent or unlisted code.
    if code == "200" or (code is None and status == 401):
        return AuthenticationError
    if code == "210" or status == 403:
        return ForbiddenError
    if code == "400":
        return QuotaExceededError
    if code in ("410", "420") or status == 429:
        return ThrottledError
    if code == "300" or status == 404:
        return NotFoundError
    return ServiceError if status >= 500 else DataForestError


_DATAFOREST_SENTENCES: dict[type[DataForestError], str] = {
    QuotaExceededError: "failed: {said}; delete a workspace or ask for a larger quota",
    ForbiddenError: "was refused: {said}; this key's user lacks permission for that account or "
                    "workspace",
    NotFoundError: "failed: {said} (no workspace or account with that id)",
    ThrottledError: "was throttled: {said}",
    AuthenticationError: "was refused: {said}; check the access key and secret key",
    ValidationError: "was rejected by the service: {said}",
    ServiceError: "failed on the service side with HTTP {status}: {said}",
}


def _read_dataforest(status: int, data: Mapping[str, Any]) -> _Reading:
    """DataForest's own {"success": false, "message": ...}."""
    said = str(data.get("message") or "").strip() or "no message"
    cls = _dataforest_class(said, status)
    attributes: dict[str, Any] = {"service_message": said}
    if cls is ValidationError:
        match = _FIELD_IN_MESSAGE.search(said)
        attributes.update(field=match.group(1) if match else None, rule=said)
    return cls, _DATAFOREST_SENTENCES[cls].format(said=said, status=status), attributes


def _dataforest_class(said: str, status: int) -> type[DataForestError]:
    # The service's documented messages decide before the status, except that a 403 outranks
    # "no such element".
    if said == DF_QUOTA:
        return QuotaExceededError
    if status == 403 or said == DF_FORBIDDEN:
        return ForbiddenError
    if said == DF_NOT_FOUND:
        return NotFoundError
    known = _BY_STATUS.get(status)
    if known is not None:
        return known
    return ValidationError if 400 <= status < 500 or status < 300 else ServiceError


def _read_classic(status: int, error: Mapping[str, Any]) -> _Reading:
    """The classic NCP API's {"responseError": {"returnCode", "returnMessage"}}."""
    code = _code(error.get("returnCode"))
    said = str(error.get("returnMessage") or "no message").strip()
    cls = _BY_STATUS.get(status) or (ServiceError if status >= 500 else DataForestError)
    sentence = (f"was throttled: {said}" if cls is ThrottledError
                else f"failed with HTTP {status} (code {code}): {said}")
    return cls, sentence, {"code": code, "service_message": said}


_NOT_NCP_SENTENCES: dict[type[DataForestError], str] = {
    AuthenticationError: "was refused with HTTP 401 and {kind}",
    ForbiddenError: "was refused with HTTP 403 and {kind}",
    NotFoundError: "got HTTP 404 and {kind}; check the endpoint URL",
    ThrottledError: "was throttled (HTTP 429)",
}


def _read_not_ncp(status: int, body: bytes) -> _Reading:
    """Not an NCP body at all (an HTML page from a proxy, an empty body...)."""
    kind = "an empty answer" if not body else "an answer that is not NCP JSON"
    cls = _BY_STATUS.get(status)
    if cls is not None:
        return cls, _NOT_NCP_SENTENCES[cls].format(kind=kind), {}
    cls = DataForestError if 400 <= status < 500 else ServiceError
    return cls, f"failed with HTTP {status} and {kind}", {}
