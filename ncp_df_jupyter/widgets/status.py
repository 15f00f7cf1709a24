"""The status lines of the widgets: progress, a result, or what failed and what a person can do.

A failure leads with what a person can do ("Cannot reach DataForest at 127.0.0.1:8950: is
`ncp-df demo` still running?"), then the service's own words; what only helps a report (the
kind of error, the operation, the HTTP status, the trace id, the core's own sentence) waits
behind a Details toggle. The wording is chosen here, once for the widgets, from the exception's
type and attributes (the server words its REST answers the same way in server/errors.py; the
core's classes are never reworded). Every sentence is a msgid of the package's catalogue.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import ipywidgets as widgets

from ..core.errors import (
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
    ThrottledError,
    ValidationError,
)
from ..core.plain_text import plain_text
from ..kernel.i18n import _

COLOURS = {
    "busy": "var(--jp-ui-font-color1, #333)",
    "ok": "var(--jp-success-color1, #2e7d32)",
    "error": "var(--jp-error-color1, #c62828)",
    "info": "var(--jp-ui-font-color2, #666)",
}
ICONS = {"busy": "\u23f3 ", "ok": "\u2714 ", "error": "\u2716 ", "info": ""}


@dataclass(frozen=True)
class ErrorContext:
    """What a widget knows beyond the exception: the endpoint it calls and its time budget."""

    endpoint: str | None = None
    timeout: float | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.endpoint or "").netloc or (self.endpoint or "DataForest")

    @property
    def local(self) -> bool:
        """Is the endpoint on this machine (an emulator, as `ncp-df demo` starts)?"""
        return urlsplit(self.endpoint or "").hostname in ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Explained:
    """An error as a person reads it: the lead, and the details behind the toggle."""

    text: str
    details: list[tuple[str, str]] = field(default_factory=list)


def _lead(error: DataForestError, context: ErrorContext) -> str | None:
    """The person-first sentence for an error (translated); None keeps the core's sentence,
    which already names the field or says what to do."""
    if isinstance(error, NetworkError):
        if context.local:
            text = _("Cannot reach DataForest at {host}: is `ncp-df demo` still running?")
        else:
            text = _("Cannot reach DataForest at {host}. Check this computer's network, then "
                     "try again.")
        return text.format(host=context.host)
    if isinstance(error, RequestTimeoutError):
        seconds = f"{context.timeout:g}" if context.timeout else "?"
        return _("DataForest did not answer within {seconds} s. It may be slow or down; try "
                 "again in a moment.").format(seconds=seconds)
    if isinstance(error, CredentialsError):
        return None
    if isinstance(error, ValidationError):
        # Refused by the service: the form's own checks passed, so it is the service's rule.
        return (_("DataForest refused the request.") if error.status is not None else None)
    if isinstance(error, NotFoundError) and error.status is None:
        return None  # our own look-up ("No workspace named ..."): its sentence says it all
    leads: tuple[tuple[type[DataForestError], str], ...] = (
        (AuthenticationError, _("DataForest refused the key pair. Check the access key and "
                                "secret key, and that this computer's clock is right.")),
        (ForbiddenError, _("This key has no permission for that in DataForest. Ask your NCP "
                           "administrator for access.")),
        (NotFoundError, _("DataForest has no such workspace or account; it may have been "
                          "deleted.")),
        (ThrottledError, _("DataForest is receiving too many requests. Wait a moment, then try "
                           "again.")),
        (QuotaExceededError, _("A DataForest quota is used up. Delete a workspace you no longer "
                               "need, or ask for a larger quota.")),
        (CreateOutcomeUnknownError, _("DataForest did not confirm the create, and looking for "
                                      "the workspace failed too. Refresh the list to see "
                                      "whether it was made before you try again.")),
        (ServiceError, _("DataForest failed to answer. Try again in a moment; if it keeps "
                         "failing, the service may be down.")),
    )
    return next((text for cls, text in leads if isinstance(error, cls)),
                _("DataForest refused the request."))


def explain(error: DataForestError, context: ErrorContext | None = None) -> Explained:
    """What a person reads of ``error``: the lead and the service's words, then the details."""
    context = context or ErrorContext()
    lead = _lead(error, context)
    if lead is None:
        text = str(error)
    else:
        text = lead
        said = (error.service_message or "").strip().rstrip(".")
        if said:
            words = _("DataForest said: {said}").format(said=said)
            text = f"{text} {words}."
    details = [(_("Error"), type(error).__name__)]
    if error.operation:
        details.append((_("Operation"), error.operation))
    if error.status is not None:
        details.append((_("HTTP status"), str(error.status)))
    if error.trace_id:
        details.append((_("Trace id"), error.trace_id))
    if lead is not None:
        details.append((_("Message"), str(error)))
    return Explained(text, details)


def details_html(details: list[tuple[str, str]]) -> str:
    """The Details toggle (closed), its rows selectable for a copy into a report."""
    if not details:
        return ""
    rows = "".join(f"<tr><th style='text-align:left; padding-right:8px'>{html.escape(label)}"
                   f"</th><td style='user-select:text'>{html.escape(plain_text(value))}</td></tr>"
                   for label, value in details)
    summary = html.escape(_("Details"))
    return (f"<details style='margin:2px 0 0 1.4em; font-size:90%'><summary style='cursor:"
            f"pointer'>{summary}</summary><table>{rows}</table></details>")


class Status(widgets.HTML):
    """An HTML line whose text is also kept as plain ``text`` (and ``details``) for scripts and
    tests (control characters of names and messages from the service shown escaped, as
    everywhere). ``context`` words the errors (the widget's endpoint and time budget)."""

    def __init__(self, context: ErrorContext | None = None) -> None:
        super().__init__(value="", layout=widgets.Layout(margin="2px 0 4px 0"))
        self.context = context or ErrorContext()
        self.text = ""
        self.kind = "info"
        self.details: list[tuple[str, str]] = []

    def show(self, kind: str, text: str, extra_html: str = "",
             details: list[tuple[str, str]] | None = None) -> None:
        text = plain_text(text)
        self.kind, self.text, self.details = kind, text, list(details or [])
        if not text:
            self.value = ""
            return
        self.value = (f'<div style="color:{COLOURS[kind]}">{ICONS[kind]}'
                      f"{html.escape(text)}</div>{extra_html}{details_html(self.details)}")

    def busy(self, text: str) -> None:
        self.show("busy", text)

    def ok(self, text: str, extra_html: str = "") -> None:
        self.show("ok", text, extra_html)

    def error(self, error: DataForestError | str, extra: str = "") -> None:
        """A failure: the person-first sentence, ``extra`` after it (e.g. that the list shown
        is from earlier), the details behind the toggle. A str is shown as it is."""
        if isinstance(error, DataForestError):
            explained = explain(error, self.context)
            self.show("error", f"{explained.text} {extra}".strip(), details=explained.details)
        else:
            self.show("error", f"{error} {extra}".strip())

    def bug(self, what: str) -> None:
        self.show("error", _("Something went wrong inside ncp_df_jupyter while {what}; the "
                             "details were logged (please report it).").format(what=what))

    def clear(self) -> None:
        self.show("info", "")
