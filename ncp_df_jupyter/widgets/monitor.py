"""``RunMonitor``: one AI app followed live: its state badge, elapsed time, containers, the tail
of its log, and a Kill button that asks first.

The following is the core's (``follow_log``: ``wait_app`` for the state, the log re-read on
each change and every few seconds while it runs), run on the portal thread; each update is
applied there under the widget's lock, so the kernel stays free to run the next cells while the
monitor changes. Nothing here polls or retries.
"""

from __future__ import annotations

import concurrent.futures
import functools
import html
import logging
import threading
import time
from collections.abc import Callable

import ipywidgets as widgets

from ..core.app_follow import LOG_EVERY_S, LogUpdate
from ..core.caching import CachingClient
from ..core.errors import DataForestError
from ..core.models import App, AppDetail
from ..kernel import connection
from ..kernel.app_display import badge_html, elapsed_text, link_html, state_text
from ..kernel.blocking import BlockingClient
from ..kernel.i18n import _
from .background import Background
from .fields import descendants, row
from .status import ErrorContext, Status

TAIL_LINES = 20
log = logging.getLogger("ncp_df_jupyter.widgets")


class RunMonitor(widgets.VBox):
    """A live view of one AI app (an ``App``/``AppDetail``, or its id).

    ``app`` is the app as last read, ``states`` every state seen in order, ``log_text`` the log
    as last read; ``wait()`` blocks until the app has ended (or the follow failed: ``status``
    says why). ``client``: a BlockingClient or Connection (default: the kernel's).
    """

    def __init__(self, app: App | str, client: BlockingClient | connection.Connection | None
                 = None, *, every: float = LOG_EVERY_S, tail_lines: int = TAIL_LINES) -> None:
        super().__init__()
        self.connection = connection.wrap(client)
        self.app_id = app if isinstance(app, str) else app.id
        self.app: App | None = None if isinstance(app, str) else app
        # A detail names no workspace (the submit answer and list rows do): kept from them.
        self.workspace_name = self.app.workspace_name if self.app is not None else None
        self.states: list[str] = []
        self.log_text = ""
        self.every = every
        self.tail_lines = tail_lines
        self._tasks = Background(self.connection, lambda _label: self.status,
                                 self._update_buttons)
        self._ended = threading.Event()
        self._read = threading.Event()  # the app has been shown once (given or read)
        self._following: concurrent.futures.Future[None] | None = None
        self._generation = 0
        with self._tasks.lock:
            self._build()
            if self.app is not None:
                self._show_app(self.app)
            self._follow()

    # -- widgets ----------------------------------------------------------------------------------

    def _build(self) -> None:
        auto = widgets.Layout(width="auto")
        self.title = widgets.HTML("")
        self.badge = widgets.HTML("")
        self.elapsed = widgets.HTML("")
        self.containers = widgets.HTML("")
        self.log_tail = widgets.HTML("")
        self.kill_button = widgets.Button(description=_("Kill"), icon="stop",
                                          button_style="danger", layout=auto)
        self.confirm_question = widgets.HTML("")
        self.confirm_kill_button = widgets.Button(description=_("Yes, kill it"),
                                                  button_style="danger", layout=auto)
        self.cancel_kill_button = widgets.Button(description=_("Cancel"), layout=auto)
        self.follow_button = widgets.Button(description=_("Follow again"), icon="refresh",
                                            layout=widgets.Layout(width="auto", display="none"))
        self.confirmation = row(self.confirm_question, self.confirm_kill_button,
                                self.cancel_kill_button)
        self.confirmation.layout.display = "none"
        aio = self.connection.client.aio
        self.status = Status(ErrorContext(aio.endpoint, self._tasks.budget))
        self.kill_button.on_click(lambda _b: self.kill())
        self.confirm_kill_button.on_click(lambda _b: self.confirm_kill())
        self.cancel_kill_button.on_click(lambda _b: self.cancel_kill())
        self.follow_button.on_click(lambda _b: self.follow_again())
        self.children = [row(self.title, self.badge, self.elapsed), self.containers,
                         self.log_tail, row(self.kill_button, self.follow_button),
                         self.confirmation, self.status]
        title = _("AI app {id}").format(id=self.app_id)
        self.title.value = f"<b>{html.escape(title)}</b>"

    # -- public -----------------------------------------------------------------------------------

    @property
    def state(self) -> str | None:
        return self.app.state if self.app is not None else None

    @property
    def ended(self) -> bool:
        """True once the app has ended (or following it failed)."""
        return self._ended.is_set()

    def wait(self, timeout: float | None = 60.0) -> RunMonitor:
        """Block until the app has ended and its last update is shown, a kill in flight
        included (TimeoutError otherwise)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._ended.wait(left):
                state = self.state or _("not read yet")
                raise TimeoutError(f"app {self.app_id} had not ended after {timeout:g} s (it "
                                   f"is {state}).")
            self._tasks.wait(None if deadline is None else
                             max(0.0, deadline - time.monotonic()))
            if self._ended.is_set():  # a kill that ended meanwhile follows again first
                return self

    def wait_read(self, timeout: float | None = 60.0) -> RunMonitor:
        """Block until the monitor shows the app (given, or read once: a monitor made from an
        id knows only the id before), TimeoutError otherwise."""
        if not self._read.wait(timeout):
            raise TimeoutError(f"app {self.app_id} had not been read after {timeout:g} s.")
        return self

    def kill(self) -> None:
        """Ask (inside the widget) whether to kill the app; sends nothing."""
        with self._tasks.lock:
            if self.app is not None and self.app.is_finished:
                self.status.error(_("The app has already ended; there is nothing to kill."))
                return
            name = self.app.label if self.app is not None else self.app_id
            self.confirm_question.value = html.escape(
                _("Kill app {app}? Its containers stop at once.").format(app=name))
            self.confirmation.layout.display = "flex"

    def cancel_kill(self) -> None:
        self.confirmation.layout.display = "none"

    def confirm_kill(self) -> None:
        """Kill the app (after ``kill()`` asked), then follow it again from a fresh read."""
        with self._tasks.lock:
            if self.confirmation.layout.display == "none":
                self.status.error(_("Nothing was killed: press Kill first and confirm."))
                return
            self.cancel_kill()
            self.status.busy(_("Killing app {id}...").format(id=self.app_id))

            def killed(_none: None) -> None:
                self.status.ok(_("Asked DataForest to kill app {id}.").format(id=self.app_id))
                self._follow()  # a fresh read shows the end at once, not at the next poll

            self._tasks.run("kill", lambda c: c.kill_app(self.app_id), killed)
            self._update_buttons()

    def follow_again(self) -> None:
        """Follow the app again after following it failed (e.g. the connection broke)."""
        with self._tasks.lock:
            self.status.clear()
            self._follow()

    def close(self) -> None:
        """Stop following and close every widget of the monitor."""
        self._stop_following()
        for child in descendants(self):
            child.close()
        super().close()

    # -- following --------------------------------------------------------------------------------

    def _follow(self) -> None:
        """(Re)start following on the portal; the updates of an older follow are dropped."""
        self._stop_following()
        self._generation += 1
        generation = self._generation
        self._ended.clear()
        self.follow_button.layout.display = "none"

        async def follow(cache: CachingClient) -> None:
            try:
                async for update in cache.follow_log(self.app_id, every=self.every):
                    with self._tasks.lock:
                        if generation == self._generation:
                            self._apply(update)
            except DataForestError as exc:  # e.g. the service failed poll after poll
                self._follow_failed(generation, functools.partial(self.status.error, exc))
            except Exception:
                log.exception("ncp_df_jupyter bug while following app %s", self.app_id)
                self._follow_failed(generation, functools.partial(self.status.bug,
                                                                _("following the app")))
            finally:
                with self._tasks.lock:
                    if generation == self._generation:
                        self._ended.set()
                        self._update_buttons()

        self._following = self.connection.submit(follow)

    def _follow_failed(self, generation: int, show: Callable[[], None]) -> None:
        with self._tasks.lock:
            if generation == self._generation:
                show()
                self.follow_button.layout.display = "inline-flex"

    def _stop_following(self) -> None:
        following, self._following = self._following, None
        if following is not None:
            following.cancel()

    def _apply(self, update: LogUpdate) -> None:
        self._show_app(update.app)
        self.log_text = update.text
        if update.error is not None:
            link = link_html(update.error.url, _("open the log in a browser"))
            self.log_tail.value = (f"<p style='margin:2px 0'>{html.escape(str(update.error))}"
                                   f"{' ' + link if link else ''}</p>")
        elif update.text:
            tail = "\n".join(update.text.rstrip("\n").split("\n")[-self.tail_lines:])
            self.log_tail.value = ("<pre class='ncp-df-log' style='margin:2px 0;"
                                   f"max-height:20em;overflow:auto'>{html.escape(tail)}</pre>")
        elif update.container is None and not update.app.is_finished:
            later = _("The log starts when the app runs.")
            self.log_tail.value = f"<i>{html.escape(later)}</i>"
        if update.final:
            self.status.ok(_("The app ended {state} after {elapsed}.").format(
                state=state_text(update.app),
                elapsed=elapsed_text(update.app.elapsed_ms_at()) or "?"))

    def _show_app(self, app: App) -> None:
        self.app = app
        self._read.set()
        if app.state and (not self.states or self.states[-1] != app.state):
            self.states.append(app.state)
        workspace = self.workspace_name = app.workspace_name or self.workspace_name
        title = _("AI app {app}").format(app=app.label) + (
            " · " + _("workspace {name}").format(name=workspace) if workspace else "")
        self.title.value = f"<b>{html.escape(title)}</b>"
        self.badge.value = badge_html(app)
        elapsed = elapsed_text(app.elapsed_ms_at())
        self.elapsed.value = html.escape(_("elapsed {time}").format(time=elapsed)
                                         if elapsed else "")
        self.containers.value = _containers_html(app)
        self._update_buttons()

    def _update_buttons(self) -> None:
        finished = self.app is not None and self.app.is_finished
        self.kill_button.disabled = finished or "kill" in self._tasks.pending
        if finished:
            self.cancel_kill()


def _containers_html(app: App) -> str:
    containers = app.containers if isinstance(app, AppDetail) else []
    if not containers:
        return ""
    lines = []
    for container in containers:
        parts = [container.name, container.status or "", container.docker_image or ""]
        text = " · ".join(html.escape(part) for part in parts if part)
        link = link_html(container.log_url, _("open log"))
        lines.append(f"<div>{text}{' · ' + link if link else ''}</div>")
    return "".join(lines)

