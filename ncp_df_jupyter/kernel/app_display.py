"""How AI apps look in the notebook faces: the ``%df_apps`` table, the card of one app (with its
containers and log links), a log, and the words and badge of a state (the run monitor's too).

As in display.py: values stay the core's objects (a list of App, an AppDetail, a str), text
output passes every value through ``plain_text``, HTML escapes it, and every string a person
reads is translated (kernel/i18n.py). Times are the viewer's, with their zone (core/times.py).
A logUrl is the service's data: it becomes a link only when it is an http(s) URL.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from ..core.models import App, AppContainer, AppDetail
from ..core.times import display_time
from .display import Row, _Table, fields_html, fields_text, text_table
from .i18n import _, ngettext

_WEB_URL = re.compile(r"https?://", re.IGNORECASE)
# Badge colours by outcome (App.outcome), in JupyterLab's palette with fallbacks.
BADGE_COLOURS = {
    "waiting": "var(--jp-ui-font-color2, #666)",
    "running": "var(--jp-brand-color1, #1976d2)",
    "succeeded": "var(--jp-success-color1, #2e7d32)",
    "failed": "var(--jp-error-color1, #c62828)",
    "killed": "var(--jp-warn-color1, #ef6c00)",
    "ended": "var(--jp-ui-font-color2, #666)",
}


def elapsed_text(ms: int | None) -> str:
    """``42 s``, ``3 min 07 s``, ``2 h 05 min``; "" when unknown."""
    if ms is None:
        return ""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    if minutes:
        return _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=seconds)
    return _("{seconds} s").format(seconds=seconds)


def state_text(app: App) -> str:
    """``RUNNING``, ``FINISHED (SUCCEEDED)``, ``KILLED``: the state, with the final status when
    it adds something (the service's words, shown as they came)."""
    state = app.state or _("unknown")
    final = app.final_status
    if not final or final in ("UNDEFINED", state):
        return state
    return f"{state} ({final})"


def badge_html(app: App) -> str:
    """The state as a coloured badge (escaped: the state is the service's text)."""
    colour = BADGE_COLOURS.get(app.outcome, BADGE_COLOURS["ended"])
    return (f"<span class='ncp-df-badge ncp-df-{app.outcome}' style='display:inline-block;"
            f"padding:0 6px;border-radius:8px;color:white;background:{colour}'>"
            f"{html.escape(state_text(app))}</span>")


def link_html(url: str | None, label: str) -> str:
    """An http(s) URL as a link opening in a new tab; anything else as escaped text."""
    if not url:
        return ""
    if not _WEB_URL.match(url):
        return html.escape(url)
    return (f"<a href='{html.escape(url, quote=True)}' target='_blank' "
            f"rel='noopener noreferrer'>{html.escape(label)}</a>")


class AppTable(_Table):
    """``%df_apps``: AI apps of an account, newest first (a list of App)."""

    def __init__(self, apps: Iterable[App], where: str, running_only: bool = False) -> None:
        super().__init__(apps)
        self.where = where
        self.running_only = running_only
        self.headers = (_("name"), _("id"), _("workspace"), _("state"), _("final status"),
                        _("started"), _("elapsed"))

    def rows(self) -> list[Row]:
        return [(a.name or "", a.id, a.workspace_name or "", a.state or "",
                 a.final_status or "", display_time(a.started_at),
                 elapsed_text(a.elapsed_ms_at())) for a in self]

    def caption(self) -> str:
        count = len(self)
        text = (ngettext("{count} running app in {where}", "{count} running apps in {where}",
                         count) if self.running_only else
                ngettext("{count} app in {where}", "{count} apps in {where}", count))
        return text.format(count=count, where=self.where)

    def empty_text(self) -> str:
        if self.running_only:
            return _("No app is running in {where}.").format(where=self.where)
        return _("No AI apps in {where} yet; %df_submit WS runs one.").format(where=self.where)

    def ids(self) -> list[str]:
        return [a.id for a in self]


def app_fields(app: App) -> list[tuple[str, str]]:
    """The facts of one app, as its card shows them (empty ones left out)."""
    fields = [
        (_("name"), app.name or ""), (_("id"), app.id), (_("YARN id"), app.app_id or ""),
        (_("workspace"), app.workspace_name or ""), (_("account"), app.account_name or ""),
        (_("queue"), app.queue_name or ""), (_("state"), state_text(app)),
        (_("started"), display_time(app.started_at)),
        (_("finished"), display_time(app.finished_at)),
        (_("elapsed"), elapsed_text(app.elapsed_ms_at())),
    ]
    return [(label, value) for label, value in fields if value]


def _container_headers() -> Row:
    return (_("container"), _("component"), _("status"), _("image"), _("created"), _("log"))


def _container_row(container: AppContainer) -> list[str]:
    return [container.name, container.component or "", container.status or "",
            container.docker_image or "", display_time(container.created_at)]


def app_text(app: App) -> str:
    text = fields_text(app_fields(app))
    containers = app.containers if isinstance(app, AppDetail) else None
    if containers:
        rows = [(*_container_row(c), c.log_url or "") for c in containers]
        text += "\n\n" + text_table(_container_headers(), rows)
    elif isinstance(app, AppDetail):
        text += "\n" + _("No containers yet: they start when the app runs.")
    return text


def app_html(app: App) -> str:
    fields = [(label, value) for label, value in app_fields(app) if label != _("state")]
    badge = f"<p style='margin:2px 0'>{badge_html(app)}</p>"
    body = badge + fields_html(fields)
    containers = app.containers if isinstance(app, AppDetail) else None
    if containers:
        # Cells are escaped by html_table; the log cell is built (and escaped) here.
        rows = [(*map(html.escape, _container_row(c)), link_html(c.log_url, _("open log")))
                for c in containers]
        head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>"
                       for h in _container_headers())
        cells = "".join("<tr>" + "".join(f"<td style='text-align:left'>{cell}</td>"
                                         for cell in row) + "</tr>" for row in rows)
        body += (f"<table class='ncp-df-table'><thead><tr>{head}</tr></thead>"
                 f"<tbody>{cells}</tbody></table>")
    elif isinstance(app, AppDetail):
        none_yet = _("No containers yet: they start when the app runs.")
        body += f"<p>{html.escape(none_yet)}</p>"
    return f"<div class='ncp-df-app'>{body}</div>"


class AppLog(str):
    """A container's log as ``%df_logs`` returns it: a str that shows itself as the log."""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self) if self else _("(the log is empty so far)"))

    def _repr_html_(self) -> str:
        if not self:
            empty = _("(the log is empty so far)")
            return f"<p>{html.escape(empty)}</p>"
        return f"<pre class='ncp-df-log'>{html.escape(str(self))}</pre>"


def change_line(app: App, seen: dt.datetime | None = None) -> str:
    """What ``--wait`` prints when it sees a change (at ``seen``, default now):
    ``2026-12-01 15:04 KST  train-x1y2z3  RUNNING``."""
    when = display_time((seen or dt.datetime.now(dt.timezone.utc)).isoformat())
    return "  ".join(part for part in (when, app.name or app.id, state_text(app)) if part)


def _text(app: App, printer: Any, cycle: bool) -> None:
    printer.text(app_text(app))


_FORMATTERS: dict[type[Any], tuple[Callable[..., None], Callable[[Any], str]]] = {
    App: (_text, app_html),
    AppDetail: (_text, app_html),
}


def register_formatters(shell: Any) -> None:
    formatters = shell.display_formatter.formatters
    for kind, (text, rich) in _FORMATTERS.items():
        formatters["text/plain"].for_type(kind, text)
        formatters["text/html"].for_type(kind, rich)


def unregister_formatters(shell: Any) -> None:
    formatters = shell.display_formatter.formatters
    for kind in _FORMATTERS:
        for mime in ("text/plain", "text/html"):
            formatters[mime].pop(kind, None)


__all__ = ["AppLog", "AppTable", "app_html", "app_text", "badge_html", "change_line",
           "elapsed_text", "link_html", "state_text"]
