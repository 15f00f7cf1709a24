"""Run a widget's requests on the portal and apply their results without the kernel's help.

Widget callbacks must return at once (the kernel keeps running cells while a request is in
flight), and ``wait()`` must work both in plain Python and inside a notebook cell, where the main
thread is the one waiting. So results are applied in the future's done-callback, on the portal
thread, under the widget's lock: nothing here needs the kernel's event loop.
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

if TYPE_CHECKING:
    import ipywidgets as widgets

    from .status import Status

T = TypeVar("T")
W = TypeVar("W", bound="BackgroundWidget")
log = logging.getLogger("ncp_df_jupyter.widgets")

Work = Callable[[CachingClient], Awaitable[T]]


class Background:
    """The requests in flight for one widget, and the place their results are applied.

    ``on_error(label, error)`` receives expected failures (DataForestError); ``on_bug(label)``
    is called after a bug was logged with its traceback; ``on_settled()`` runs after every
    result (e.g. to enable or disable a button). All three run under ``lock``.
    """

    def __init__(self, connection: Connection, lock: threading.RLock,
                 on_error: Callable[[str, DataForestError], None],
                 on_bug: Callable[[str], None],
                 on_settled: Callable[[], None]) -> None:
        self.connection = connection
        self._lock = lock
        self._on_error = on_error
        self._on_bug = on_bug
        self._on_settled = on_settled
        self._idle = threading.Condition()
        self._pending: dict[concurrent.futures.Future[Any], str] = {}

    def run(self, label: str, work: Work[T], apply: Callable[[T], None], *,
            on_error: Callable[[DataForestError], None] | None = None
            ) -> concurrent.futures.Future[T]:
        """Start ``work(cache)`` on the portal; ``apply(result)`` runs when it is done."""
        future = self.connection.submit(work)
        with self._idle:
            self._pending[future] = label
        future.add_done_callback(lambda done: self._finish(label, done, apply, on_error))
        return future

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
            with self._lock:
                try:
                    if future.cancelled():
                        return  # superseded (e.g. a name check for an older name)
                    error = future.exception()
                    if error is None:
                        apply(future.result())
                    elif isinstance(error, DataForestError):
                        (on_error or (lambda e: self._on_error(label, e)))(error)
                    else:
                        log.error("ncp_df_jupyter bug while %s", label, exc_info=error)
                        self._on_bug(label)
                except Exception:
                    log.exception("ncp_df_jupyter bug while applying the result of %s", label)
                    self._on_bug(label)
        finally:
            with self._idle:
                self._pending.pop(future, None)
            try:
                with self._lock:
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


class BackgroundWidget:
    """What the form and the browser share: their lock, the requests in flight, the loading
    indicator, one way to change widgets without their observers reacting (``_quietly``), and
    the status line for failures. ``_start_background(connection)`` comes first in ``__init__``;
    subclasses define ``_settled()`` (run after every result) and the widgets ``status`` and
    ``loading_indicator``."""

    connection: Connection
    status: Status
    loading_indicator: widgets.HTML
    _lock: threading.RLock
    _tasks: Background
    _quiet: int

    def _start_background(self, connection: Connection) -> None:
        self.connection = connection
        self._lock = threading.RLock()
        self._quiet = 0
        self._tasks = Background(connection, self._lock, self._failed, self._bug, self._settled)

    @property
    def loading(self) -> bool:
        """True while any request is in flight (what ``wait()`` waits for)."""
        return bool(self._tasks.pending)

    @property
    def pending(self) -> list[str]:
        """What is in flight, e.g. ["choices", "name check"]."""
        return self._tasks.pending

    def wait(self: W, timeout: float | None = 10.0) -> W:
        """Block until no request is in flight (TimeoutError otherwise)."""
        self._tasks.wait(timeout)
        return self

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Programmatic changes: observers stay quiet while ``_quiet`` is set."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _show_pending(self) -> None:
        pending = self._tasks.pending
        self.loading_indicator.value = (
            f"<span style='color:var(--jp-ui-font-color2,#777)'>\u23f3 loading "
            f"{html.escape(', '.join(pending))}</span>" if pending else "")

    def _settled(self) -> None:
        raise NotImplementedError

    def _failed(self, label: str, error: DataForestError) -> None:
        self.status.error(error)

    def _bug(self, label: str) -> None:
        self.status.bug(label)
