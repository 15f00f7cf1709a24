"""Every exception the package raises on purpose, and the reading of NCP error bodies.

``str(error)`` is always one sentence a person can act on, naming the operation or the field.
No exception ever holds a secret key, a signature or a request header.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .protocol import DF_FORBIDDEN, DF_NOT_FOUND, DF_QUOTA, GATEWAY_ERRORS_BY_CODE


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
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.status = status
        self.code = code
        self.service_message = service_message
        self.trace_id = trace_id

    def __str__(self) -> str:
        return self.message


class ValidationError(DataForestError, ValueError):
    """Input that breaks a rule of the workspace model: nothing was sent, or the service
    refused it."""

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None,
                 problems: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field = field
        self.rule = rule
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


_CLASSIC_BY_STATUS: dict[int, type[DataForestError]] = {
    401: AuthenticationError, 403: ForbiddenError, 404: NotFoundError}


def error_from_response(
    operation: str, status: int, body: bytes, headers: Mapping[str, str], trace_id: str | None
) -> DataForestError:
    """Turn a non-2xx (or success:false) answer into the matching exception.

    NCP answers in three shapes, told apart by the body, not the status: the API gateway's
    {"error": {errorCode, message, details}}, DataForest's {"success": false, "message"} and the
    classic {"responseError": {returnCode, returnMessage}}.
    """
    try:
        data: Any = json.loads(body) if body else None
    except ValueError:
        data = None
    common: dict[str, Any] = {"operation": operation, "status": status, "trace_id": trace_id}
    prefix = f"DataForest {operation}"

    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        err = data["error"]
        code = _code(err.get("errorCode"))
        known = GATEWAY_ERRORS_BY_CODE.get(code or "")
        gw_message = str(err.get("message") or (known.message if known else "error"))
        details = str(err.get("details") or "").strip()
        said = f"{gw_message}: {details}" if details else gw_message
        common.update(code=code, service_message=said)
        if code == "200" or (code is None and status == 401):
            return AuthenticationError(_with_trace(
                f"{prefix} was refused by the API gateway ({said}); check the access key and "
                "secret key, and that this computer's clock is right", trace_id), **common)
        if code == "210" or status == 403:
            return ForbiddenError(_with_trace(
                f"{prefix} was refused by the API gateway ({said}); this key has no permission "
                "for the DataForest API", trace_id), **common)
        if code == "400":
            return QuotaExceededError(_with_trace(
                f"{prefix} was refused by the API gateway ({said}); the API call quota is "
                "used up", trace_id), **common)
        if code in ("410", "420") or status == 429:
            return ThrottledError(_with_trace(
                f"{prefix} was throttled by the API gateway ({said}); try again in a moment",
                trace_id), retry_after=parse_retry_after(headers), **common)
        if code == "300" or status == 404:
            return NotFoundError(_with_trace(
                f"{prefix} was not found by the API gateway ({said}); check the endpoint URL",
                trace_id), **common)
        if status >= 500:
            return ServiceError(_with_trace(
                f"{prefix} failed at the API gateway with HTTP {status} ({said})", trace_id),
                **common)
        return DataForestError(_with_trace(
            f"{prefix} was refused by the API gateway with HTTP {status} ({said})", trace_id),
            **common)

    if isinstance(data, dict) and "success" in data:
        said = str(data.get("message") or "").strip() or "no message"
        common["service_message"] = said
        if said == DF_QUOTA:
            return QuotaExceededError(_with_trace(
                f"{prefix} failed: {said}; delete a workspace or ask for a larger quota",
                trace_id), **common)
        if status == 403 or said == DF_FORBIDDEN:
            return ForbiddenError(_with_trace(
                f"{prefix} was refused: {said}; this key's user lacks permission for that "
                "account or workspace", trace_id), **common)
        if status == 404 or said == DF_NOT_FOUND:
            return NotFoundError(_with_trace(
                f"{prefix} failed: {said} (no workspace or account with that id)", trace_id),
                **common)
        if status == 429:
            return ThrottledError(_with_trace(
                f"{prefix} was throttled: {said}", trace_id),
                retry_after=parse_retry_after(headers), **common)
        if status == 401:
            return AuthenticationError(_with_trace(
                f"{prefix} was refused: {said}; check the access key and secret key", trace_id),
                **common)
        if 400 <= status < 500 or status < 300:
            match = _FIELD_IN_MESSAGE.search(said)
            return ValidationError(
                _with_trace(f"{prefix} was rejected by the service: {said}", trace_id),
                field=match.group(1) if match else None, rule=said, **common)
        return ServiceError(_with_trace(
            f"{prefix} failed on the service side with HTTP {status}: {said}", trace_id),
            **common)

    if isinstance(data, dict) and isinstance(data.get("responseError"), dict):
        err = data["responseError"]
        code = _code(err.get("returnCode"))
        said = str(err.get("returnMessage") or "no message").strip()
        common.update(code=code, service_message=said)
        if status == 429:
            return ThrottledError(_with_trace(f"{prefix} was throttled: {said}", trace_id),
                                  retry_after=parse_retry_after(headers), **common)
        cls = _CLASSIC_BY_STATUS.get(status, ServiceError if status >= 500 else DataForestError)
        return cls(_with_trace(
            f"{prefix} failed with HTTP {status} (code {code}): {said}", trace_id), **common)

    # Not an NCP body at all (an HTML page from a proxy, an empty body...).
    kind = "an empty answer" if not body else "an answer that is not NCP JSON"
    if status == 401:
        return AuthenticationError(_with_trace(
            f"{prefix} was refused with HTTP 401 and {kind}", trace_id), **common)
    if status == 403:
        return ForbiddenError(_with_trace(
            f"{prefix} was refused with HTTP 403 and {kind}", trace_id), **common)
    if status == 404:
        return NotFoundError(_with_trace(
            f"{prefix} got HTTP 404 and {kind}; check the endpoint URL", trace_id), **common)
    if status == 429:
        return ThrottledError(_with_trace(f"{prefix} was throttled (HTTP 429)", trace_id),
                              retry_after=parse_retry_after(headers), **common)
    if status >= 500 or status < 400:
        return ServiceError(_with_trace(
            f"{prefix} failed with HTTP {status} and {kind}", trace_id), **common)
    return DataForestError(_with_trace(
        f"{prefix} failed with HTTP {status} and {kind}", trace_id), **common)
