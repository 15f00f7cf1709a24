"""Run a widget's requests on the portal and apply their results without the kernel's help.

Widget callbacks must return at once (the kernel keeps running cells while a request is in
flight), and ``wait()`` must work both in plain Python and inside a notebook cell, where the main
thread is the one waiting. So results are applied in the future's done-callback, on the portal
thread, under the widget's lock: nothing here needs the kernel's event loop.

The form and the browser each own one ``Background`` (composition, not a base class). It also
says what is in flight, in words (``doing``), and how long it has been waiting: after
``SLOW_SECONDS`` the widget is updated again so its indicator can say so, with the time the
client gives a call in all (``budget``), which is when the wait ends in an error.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import html
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.caching import CachingClient
from ..core.errors import DataForestError
from ..kernel.connection import Connection
from ..kernel.i18n import _

if TYPE_CHECKING:
    from .status import Status

T = TypeVar("T")
log = logging.getLogger("ncp_df_jupyter.widgets")

Work = Callable[[CachingClient], Awaitable[T]]

# After this long a request in flight is "still waiting" (the indicator says for how long).
SLOW_SECONDS = 3.0


def doing(label: str) -> str:
    """What a request in flight does, in words ("loading the accounts"), translated."""
    phrases = {
        "accounts": _("loading the accounts"),
        "workspaces": _("loading the workspaces"),
        "images": _("loading the image list"),
        "workspace": _("loading the workspace"),
        "choices": _("loading the GPU models and queues in use"),
        "start from": _("loading the configuration to start from"),
        "name check": _("checking the name"),
        "create": _("creating the workspace"),
        "save": _("saving the configuration"),
        "delete": _("deleting the workspace"),
        "detail": _("loading the workspace's detail"),
        "submit": _("submitting the AI app"),
        "kill": _("killing the AI app"),
    }
    return phrases.get(label, label)


class Background:
    """The requests in flight for one widget, its lock, and the place their results are applied.

    Expected failures (DataForestError) and bugs (logged with their traceback) are shown on
    ``status(label)``, the status line beside what the request is for, looked up when they
    happen: a widget sends its first requests before it has built its widgets. ``on_settled()``
    runs after every result (e.g. to enable or disable a button), and once more when a request
    has waited ``SLOW_SECONDS``. Results, failures and ``on_settled`` are all applied under
    ``lock``.
    """

    def __init__(self, connection: Connection, status: Callable[[str], Status],
                 on_settled: Callable[[], None]) -> None:
        self.connection = connection
        self.lock = threading.RLock()
        self._status = status
        self._on_settled = on_settled
        self._quiet = 0
        self._idle = threading.Condition()
        self._pending: dict[concurrent.futures.Future[Any], str] = {}
        self._started: dict[concurrent.futures.Future[Any], float] = {}

    @property
    def budget(self) -> float | None:
        """The seconds the client gives one call in all, retries included."""
        timeout = getattr(self.connection.client.aio, "timeout", None)
        return float(timeout) if isinstance(timeout, (int, float)) else None

    def run(self, label: str, work: Work[T], apply: Callable[[T], None], *,
            on_error: Callable[[DataForestError], None] | None = None
            ) -> concurrent.futures.Future[T]:
        """Start ``work(cache)`` on the portal; ``apply(result)`` runs when it is done."""
        future = self.connection.submit(work)
        with self._idle:
            self._pending[future] = label
            self._started[future] = time.monotonic()
        future.add_done_callback(lambda done: self._finish(label, done, apply, on_error))
        loop = self.connection.client.portal.loop
        loop.call_soon_threadsafe(loop.call_later, SLOW_SECONDS, self._still_waiting, future)
        return future

    def _still_waiting(self, future: concurrent.futures.Future[Any]) -> None:
        """On the portal, SLOW_SECONDS after a request started: let the widget say so."""
        with self._idle:
            if future not in self._pending:
                return
        try:
            with self.lock:
                self._on_settled()
        except Exception:
            log.exception("ncp_df_jupyter bug while updating the widget during a request")

    def waited(self) -> float:
        """Seconds the oldest request in flight has been waiting (0 when none is)."""
        with self._idle:
            oldest = min(self._started.values(), default=None)
        return 0.0 if oldest is None else time.monotonic() - oldest

    def _finish(self, label: str, future: concurrent.futures.Future[T],
                apply: Callable[[T], None],
                on_error: Callable[[DataForestError], None] | None) -> None:
        portal = self.connection.client.portal
        if not portal.in_portal_thread():
            # A future that was already done (a cached answer, a cancel) calls back in the
            # caller's thread, which may be a constructor still holding the lock: apply it on
            # the portal thread like every other result.
            portal.loop.call_soon_threadsafe(self._finish, label, future, apply, on_error)
            return
        try:
            with self.lock:
                try:
                    if future.cancelled():
                        return  # superseded (e.g. a name check for an older name)
                    error = future.exception()
                    if error is None:
                        apply(future.result())
                    elif isinstance(error, DataForestError):
                        (on_error or self._status(label).error)(error)
                    else:
                        log.error("ncp_df_jupyter bug while %s", label, exc_info=error)
                        self._status(label).bug(doing(label))
                except Exception:
                    log.exception("ncp_df_jupyter bug while applying the result of %s", label)
                    self._status(label).bug(doing(label))
        finally:
            with self._idle:
                self._pending.pop(future, None)
                self._started.pop(future, None)
            try:
                with self.lock:
                    self._on_settled()
            except Exception:
                log.exception("ncp_df_jupyter bug while updating the widget after %s", label)
            with self._idle:
                self._idle.notify_all()

    @property
    def pending(self) -> list[str]:
        """Labels of the requests in flight, e.g. ["workspaces", "images"]."""
        with self._idle:
            return sorted(self._pending.values())

    def indicator_html(self) -> str:
        """The progress indicator: what is in flight in words, and after SLOW_SECONDS how long
        it has waited of the time it has (empty when nothing is in flight)."""
        labels = self.pending
        if not labels:
            return ""
        text = _("{doing}...").format(doing="; ".join(dict.fromkeys(map(doing, labels))))
        waited, budget = self.waited(), self.budget
        if waited >= SLOW_SECONDS:
            if budget:
                note = _("still waiting after {waited} s; DataForest gets {budget} s in all")
            else:
                note = _("still waiting after {waited} s")
            text = f"{text} ({note.format(waited=int(waited), budget=f'{budget or 0:g}')})"
        return (f"<span role='status' style='color:var(--jp-ui-font-color2,#777)'>\u23f3 "
                f"{html.escape(text[:1].upper() + text[1:])}</span>")

    def busy_with(self, labels: frozenset[str] | set[str]) -> bool:
        with self._idle:
            return any(label in labels for label in self._pending.values())

    def wait(self, timeout: float | None = 10.0) -> None:
        """Block until nothing is in flight; TimeoutError (naming what is left) otherwise."""
        if self.connection.client.portal.in_portal_thread():
            raise RuntimeError("wait() from the portal's own thread would wait forever.")
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutError(
                        f"still waiting after {timeout:g} s for: "
                        f"{', '.join(sorted(self._pending.values()))}.")
                # Short slices keep Ctrl-C responsive in a notebook.
                self._idle.wait(0.2 if left is None else min(left, 0.2))

    # -- changing widgets without their observers reacting ---------------------------------------

    @property
    def quiet(self) -> bool:
        """True while the widget itself is changing its widgets (observers should not react)."""
        return self._quiet > 0

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Programmatic changes: ``quiet`` is True meanwhile."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1
