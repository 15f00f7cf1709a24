"""Run the async client from code that is not async: scripts, magics and widget callbacks.

A notebook kernel already runs an event loop on its main thread, so ``asyncio.run`` fails there
and an aiohttp session cannot move between loops. The portal is one daemon thread running one
event loop that owns the sessions of the sync faces (the pattern of fsspec and jupyter_core):

- ``call(coro)`` blocks the caller until the result is there (magics, scripts);
- ``submit(coro)`` returns a ``concurrent.futures.Future`` at once (widget callbacks), so the
  kernel keeps running other cells while a request is in flight.
No nest_asyncio, no loop patching.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from .client import DataForestClient
from .models import (
    Account,
    Choices,
    ConfigurationEntry,
    Workspace,
    WorkspaceDetail,
    WorkspaceSummary,
)
from .retry import RetryPolicy
from .spec import ConfigurationLike

T = TypeVar("T")


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


class BlockingClient:
    """The same operations as :class:`DataForestClient`, callable without ``await``.

    Safe inside a running event loop (a notebook cell): the requests run on the portal thread.
    ``submit`` is the non-blocking door for widget callbacks.
    """

    def __init__(
        self,
        access_key: str | None = None,
        secret_key: str | None = None,
        endpoint: str | None = None,
        profile: str | None = None,
        timeout: float = 30.0,
        *,
        retry: RetryPolicy | None = None,
        portal: Portal | None = None,
        client: DataForestClient | None = None,
    ) -> None:
        self.portal = portal or get_portal()
        self.aio = client or DataForestClient(access_key, secret_key, endpoint, profile, timeout,
                                              retry=retry)

    def __repr__(self) -> str:
        return f"BlockingClient({self.aio!r})"

    def __enter__(self) -> BlockingClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def endpoint(self) -> str:
        return self.aio.endpoint

    def close(self) -> None:
        if self.portal.in_portal_thread():
            return
        self.portal.call(self.aio.close())

    def submit(self, work: Callable[[DataForestClient], Awaitable[T]]
               ) -> concurrent.futures.Future[T]:
        """Run ``work(async_client)`` on the portal without waiting, e.g.
        ``client.submit(lambda c: c.list_workspaces(account_id))``."""

        async def run() -> T:
            return await work(self.aio)

        return self.portal.submit(run())

    def run(self, work: Callable[[DataForestClient], Awaitable[T]]) -> T:
        """Like ``submit`` but waits for the result."""

        async def run() -> T:
            return await work(self.aio)

        return self.portal.call(run())

    def list_accounts(self) -> list[Account]:
        return self.portal.call(self.aio.list_accounts())

    def check_available_name(self, account_id: str, name: str) -> bool:
        return self.portal.call(self.aio.check_available_name(account_id, name))

    def create_workspace(self, account_id: str, name: str, configuration: ConfigurationLike,
                         description: str | None = None) -> WorkspaceDetail:
        return self.portal.call(
            self.aio.create_workspace(account_id, name, configuration, description))

    def list_workspaces(self, account_id: str) -> list[Workspace]:
        return self.portal.call(self.aio.list_workspaces(account_id))

    def get_workspace(self, workspace_id: str) -> WorkspaceDetail:
        return self.portal.call(self.aio.get_workspace(workspace_id))

    def get_configurations(self, workspace_id: str) -> list[ConfigurationEntry]:
        return self.portal.call(self.aio.get_configurations(workspace_id))

    def set_configuration(self, workspace_id: str, configuration: ConfigurationLike) -> None:
        self.portal.call(self.aio.set_configuration(workspace_id, configuration))

    def list_docker_images(self, type_name: str) -> dict[str, list[str]]:
        return self.portal.call(self.aio.list_docker_images(type_name))

    def delete_workspace(self, workspace_id: str) -> None:
        self.portal.call(self.aio.delete_workspace(workspace_id))

    def describe_workspaces(self, account_id: str) -> list[WorkspaceSummary]:
        return self.portal.call(self.aio.describe_workspaces(account_id))

    def choices(self, account_id: str) -> Choices:
        return self.portal.call(self.aio.choices(account_id))

    def find_workspace(self, account_id: str, id_or_name: str) -> Workspace:
        return self.portal.call(self.aio.find_workspace(account_id, id_or_name))
