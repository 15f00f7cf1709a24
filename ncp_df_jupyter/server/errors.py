"""What an HTTP client of /ncp-df/ sees when something fails: a status and JSON a person can act on.

An expected failure (the core's DataForestError family) is answered as::

    {"message": "Cannot reach DataForest at 127.0.0.1:8950: is `ncp-df demo` still running?",
     "error": "NetworkError",
     "messageId": "Cannot reach DataForest at {host}: is `ncp-df demo` still running?",
     "messageArgs": {"host": "127.0.0.1:8950"},
     "details": {"kind": "NetworkError", "operation": "accounts.getList", "status": null,
                 "traceId": null, "said": null, "sentence": "<the core's own sentence>"}}

``message`` leads with what a person can do (worded here, once, per kind of error, from the
exception's type and attributes; the core's classes are not reworded); ``messageId`` and
``messageArgs`` let the sidebar show it translated (the msgid is in the package's catalogue);
``details`` holds what the core knows (the operation, the HTTP status, the trace id, the
service's own words in ``said``, the core's sentence), which the sidebar keeps behind a
Details toggle. Validation and credentials errors keep the core's sentence as ``message``:
it already names the field or says how to provide a key pair. Anything else is a bug and gets
a generic sentence while its traceback goes to the server log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from tornado import web

from ..core.errors import (
    AppLogError,
    AppWaitTimeoutError,
    AuthenticationError,
    CreateOutcomeUnknownError,
    CredentialsError,
    DataForestError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    QuotaExceededError,
    RequestTimeoutError,
    ServiceError,
    SubmitOutcomeUnknownError,
    ThrottledError,
    ValidationError,
)
from ..core.msgids import N_

BUG_MESSAGE = ("The DataForest server extension failed unexpectedly; the Jupyter server's log "
               "has the details.")

# Most specific first: the first matching class decides the status.
_STATUS_BY_ERROR: tuple[tuple[type[DataForestError], int], ...] = (
    (ValidationError, 400),
    (CredentialsError, 401),
    (AuthenticationError, 401),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (ThrottledError, 429),
    # A used-up quota (of workspaces or of API calls): "resource exhausted", as gRPC maps it.
    (QuotaExceededError, 429),
    (RequestTimeoutError, 504),
    (ServiceError, 502),
    (NetworkError, 502),
    (CreateOutcomeUnknownError, 502),
    # AI apps: a submit that may have happened (its candidates are in the body), a wait that
    # ran out of time (the app goes on), a container log the server could not read.
    (SubmitOutcomeUnknownError, 502),
    (AppWaitTimeoutError, 504),
    (AppLogError, 502),
)


@dataclass
class ErrorAnswer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def status_for(error: DataForestError) -> int:
    for cls, status in _STATUS_BY_ERROR:
        if isinstance(error, cls):
            return status
    return 502  # another refusal of the service (e.g. a gateway status we do not know)


@dataclass(frozen=True)
class ErrorContext:
    """What the server knows beyond the exception: the endpoint it calls, its time budget."""

    endpoint: str | None = None
    timeout: float | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.endpoint or "").netloc or (self.endpoint or "DataForest")

    @property
    def local(self) -> bool:
        """Is the endpoint on this machine (an emulator, as `ncp-df demo` starts)?"""
        return urlsplit(self.endpoint or "").hostname in ("127.0.0.1", "localhost", "::1")


# Person-first leads, by kind (first match wins); None keeps the core's own sentence.
_LEADS: tuple[tuple[type[DataForestError], str | None], ...] = (
    (ValidationError, None),
    (CredentialsError, None),
    # AI apps: the core's sentences say what to do (open the log's URL, wait longer).
    (AppLogError, None),
    (AppWaitTimeoutError, None),
    (SubmitOutcomeUnknownError, N_("DataForest did not confirm the submit, and looking for the "
                                   "app failed too. Refresh the runs to see whether it started "
                                   "before you submit again.")),
    (AuthenticationError, N_("DataForest refused the key pair of the Jupyter server. Check the "
                             "access key and secret key it uses, and that its clock is right.")),
    (ForbiddenError, N_("This key has no permission for that in DataForest. Ask your NCP "
                        "administrator for access.")),
    (NotFoundError, N_("DataForest has no such workspace or account; it may have been "
                       "deleted.")),
    (ThrottledError, N_("DataForest is receiving too many requests. Wait a moment, then try "
                        "again.")),
    (QuotaExceededError, N_("A DataForest quota is used up. Delete a workspace you no longer "
                            "need, or ask for a larger quota.")),
    (RequestTimeoutError, N_("DataForest did not answer within {seconds} s. It may be slow or "
                             "down; try again in a moment.")),
    (CreateOutcomeUnknownError, N_("DataForest did not confirm the create, and looking for the "
                                   "workspace failed too. Refresh the list to see whether it "
                                   "was made before you try again.")),
    (ServiceError, N_("DataForest failed to answer. Try again in a moment; if it keeps "
                      "failing, the service may be down.")),
)
# An AI app the service does not know (its lead), or one the server found lacking (what it
# lacks, e.g. no containers yet: the core's sentence, which names it).
_NO_SUCH_APP = N_("DataForest has no such AI app; it may have been removed.")
_UNREACHABLE_LOCAL = N_("Cannot reach DataForest at {host}: is `ncp-df demo` still running?")
_UNREACHABLE = N_("Cannot reach DataForest at {host}. Check the network of the Jupyter "
                  "server, then try again.")
_REFUSED = N_("DataForest refused the request.")
# How the service's own words follow the lead (a msgid of the sidebar too).
SAID = N_("DataForest said: {said}")


def lead_for(error: DataForestError, context: ErrorContext) -> tuple[str, dict[str, str]] | None:
    """The person-first msgid for an error and its arguments; None keeps the core's sentence."""
    if isinstance(error, NetworkError):
        return (_UNREACHABLE_LOCAL if context.local else _UNREACHABLE), {"host": context.host}
    if isinstance(error, NotFoundError) and (error.operation or "").startswith("apps."):
        return None if error.status is None else (_NO_SUCH_APP, {})
    for cls, lead in _LEADS:
        if isinstance(error, cls):
            if lead is None:
                return None
            if isinstance(error, RequestTimeoutError):
                seconds = f"{context.timeout:g}" if context.timeout else "?"
                return lead, {"seconds": seconds}
            return lead, {}
    return _REFUSED, {}


def _details(error: DataForestError) -> dict[str, Any]:
    return {"kind": type(error).__name__, "operation": error.operation, "status": error.status,
            "traceId": error.trace_id, "said": error.service_message, "sentence": str(error)}


def _expected(error: DataForestError, context: ErrorContext) -> ErrorAnswer:
    body: dict[str, Any] = {"message": str(error), "error": type(error).__name__,
                            "details": _details(error)}
    lead = lead_for(error, context)
    if lead is not None:
        msgid, args = lead
        message = msgid.format(**args)
        if error.service_message:
            said = SAID.format(said=error.service_message.strip().rstrip("."))
            message = f"{message} {said}."
        body.update(message=message, messageId=msgid, messageArgs=args)
    headers: dict[str, str] = {}
    if isinstance(error, ValidationError):
        body["field"] = error.field
        body["problems"] = [{"field": p.path, "message": p.sentence()} for p in error.problems]
    if isinstance(error, ThrottledError) and error.retry_after is not None:
        headers["Retry-After"] = f"{max(1, round(error.retry_after))}"
    return ErrorAnswer(status_for(error), body, headers)


def answer_for(error: BaseException | None, status: int = 500,
               context: ErrorContext | None = None) -> ErrorAnswer:
    """The answer for an exception raised while serving a request (None: a bare ``status``)."""
    if isinstance(error, DataForestError):
        return _expected(error, context or ErrorContext())
    if isinstance(error, web.HTTPError):
        # The server's own refusals: not logged in (403), XSRF (403), unknown route (404)...
        code = error.status_code
        phrase = error.reason or _phrase(code)
        said = error.log_message % error.args if error.log_message and error.args else (
            error.log_message or phrase)
        return ErrorAnswer(code, {"message": _sentence(said), "error": phrase})
    if error is None:
        return ErrorAnswer(status, {"message": _sentence(_phrase(status)),
                                    "error": _phrase(status)})
    return ErrorAnswer(500, {"message": BUG_MESSAGE, "error": "InternalError"})


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _sentence(text: str) -> str:
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def app_error_fields(error: BaseException | None) -> dict[str, Any]:
    """What an AI app error adds to its answer: the log's ``url`` (to open in a browser) and
    ``needsLogin``; a lost submit's ``candidates`` (the apps it may have started); a wait's
    last ``app``. Service data as JSON values, never markup."""
    if isinstance(error, AppLogError):
        return {"url": error.url, "needsLogin": error.needs_login}
    if isinstance(error, SubmitOutcomeUnknownError):
        return {"candidates": [c.to_api() for c in error.candidates if hasattr(c, "to_api")]}
    if isinstance(error, AppWaitTimeoutError) and hasattr(error.app, "to_api"):
        return {"app": error.app.to_api()}
    return {}
