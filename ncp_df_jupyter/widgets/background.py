"""Run a widget's requests on the portal and apply their results without the kernel's help.

Widget callbacks must return at once (the kernel keeps running cells while a request is in
flight), and ``wait()`` must work both in plain Python and inside a notebook cell, where the main
thread is the one waiting. So results are applied in the future's done-callback, on the portal
thread, under the widget's lock: nothing here needs the kernel's event loop.

The form and the browser each own one ``Background`` (composition, not a base class).
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
    from .status import Status

T = TypeVar("T")
log = logging.getLogger("ncp_df_jupyter.widgets")

Work = Callable[[CachingClient], Awaitable[T]]


class Background:
    """The requests in flight for one widget, its lock, and the place their results are applied.

    Expected failures (DataForestError) and bugs (logged with their traceback) are shown on
    ``status()``, looked up when they happen: a widget sends its first requests before it has
    built its widgets. ``on_settled()`` runs after every result (e.g. to enable or disable a
    button). Results, failures and ``on_settled`` are all applied under ``lock``.
    """

    def __init__(self, connection: Connection, status: Callable[[], Status],
                 on_settled: Callable[[], None]) -> None:
        self.connection = connection
        self.lock = threading.RLock()
        self._status = status
        self._on_settled = on_settled
        self._quiet = 0
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
            with self.lock:
                try:
                    if future.cancelled():
                        return  # superseded (e.g. a name check for an older name)
                    error = future.exception()
                    if error is None:
                        apply(future.result())
                    elif isinstance(error, DataForestError):
                        (on_error or self._status().error)(error)
                    else:
                        log.error("ncp_df_jupyter bug while %s", label, exc_info=error)
                        self._status().bug(label)
                except Exception:
                    log.exception("ncp_df_jupyter bug while applying the result of %s", label)
                    self._status().bug(label)
        finally:
            with self._idle:
                self._pending.pop(future, None)
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


def pending_html(labels: list[str]) -> str:
    """The loading indicator's text: what is in flight, or nothing."""
    return (f"<span style='color:var(--jp-ui-font-color2,#777)'>\u23f3 loading "
            f"{html.escape(', '.join(labels))}</span>" if labels else "")

