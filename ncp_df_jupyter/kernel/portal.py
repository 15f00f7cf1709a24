"""Run the async client from code that is not async: scripts, magics and widget callbacks.

A notebook kernel already runs an event loop on its main thread, so ``asyncio.run`` fails there
and an aiohttp session cannot move between loops. The portal is one daemon thread running one
event loop that owns the sessions of the sync faces (the pattern of fsspec and jupyter_core):

- ``call(coro)`` blocks the caller until the result is there (magics, scripts);
- ``submit(coro)`` returns a ``concurrent.futures.Future`` at once (widget callbacks), so the
  kernel keeps running other cells while a request is in flight.
No nest_asyncio, no loop patching. ``BlockingClient`` (blocking.py) is the client on it.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
A = TypeVar("A")


class Portal:
    """One background I/O thread with its own event loop."""

    def __init__(self, name: str = "ncp-df-io") -> None:
        self._name = name
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                ready = threading.Event()
                loop = asyncio.new_event_loop()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                thread = threading.Thread(target=run, name=self._name, daemon=True)
                thread.start()
                ready.wait()
                self._loop, self._thread = loop, thread
            return self._loop

    def in_portal_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Schedule ``coro`` on the portal's loop; returns at once."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run ``coro`` on the portal's loop and wait for its result."""
        if self.in_portal_thread():
            coro.close()
            raise RuntimeError("Portal.call() from the portal's own thread would wait forever; "
                               "await the coroutine instead.")
        future = self.submit(coro)
        try:
            return future.result(timeout)
        except BaseException:
            future.cancel()  # e.g. KeyboardInterrupt in a notebook: stop the request too
            raise

    def submit_with(self, work: Callable[[A], Awaitable[T]], arg: A
                    ) -> concurrent.futures.Future[T]:
        """``submit(work(arg))``, with ``work(arg)`` called on the portal's loop (so an aiohttp
        session it makes belongs to that loop)."""

        async def run() -> T:
            return await work(arg)

        return self.submit(run())

    def call_with(self, work: Callable[[A], Awaitable[T]], arg: A) -> T:
        """``call(work(arg))``, with ``work(arg)`` called on the portal's loop."""

        async def run() -> T:
            return await work(arg)

        return self.call(run())

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            if not thread.is_alive():
                loop.close()


_default: Portal | None = None
_default_lock = threading.Lock()


def get_portal() -> Portal:
    """The process-wide portal shared by magics and widgets (started on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Portal()
            atexit.register(_default.close)
        return _default


def _forget_after_fork() -> None:
    # A forked child has no portal thread; start a fresh one there when needed.
    global _default
    _default = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
