"""The connection the notebook faces share in one kernel.

``%df_connect`` / ``%df_profile`` choose it; the form, the browser and the magics use it when
they are not given a client. It pairs a :class:`BlockingClient` (requests on the portal thread)
with a :class:`CachingClient` on the same loop, so a form and a magic asking for the same
account's workspaces moments apart cost the service one request.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import threading
import weakref
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ..core.caching import CachingClient
from .blocking import BlockingClient

T = TypeVar("T")

DEFAULT_CACHE_SECONDS = 5.0


class Connection:
    """A BlockingClient and the cache in front of it."""

    def __init__(self, client: BlockingClient,
                 cache_seconds: float = DEFAULT_CACHE_SECONDS) -> None:
        self.client = client
        self.cache = CachingClient(client.aio, ttl=cache_seconds)

    def __repr__(self) -> str:
        return f"Connection({self.client.aio!r})"

    def submit(self, work: Callable[[CachingClient], Awaitable[T]]) -> concurrent.futures.Future[T]:
        """Run ``work(cache)`` on the portal without waiting (widget callbacks)."""
        return self.client.portal.submit_with(work, self.cache)

    def run(self, work: Callable[[CachingClient], Awaitable[T]]) -> T:
        """Run ``work(cache)`` on the portal and wait for it (magics, scripts)."""
        return self.client.portal.call_with(work, self.cache)

    def close(self) -> None:
        self.client.close()


_lock = threading.Lock()
_current: Connection | None = None
_closes_at_exit = False


def connect(endpoint: str | None = None, profile: str | None = None, *,
            access_key: str | None = None, secret_key: str | None = None,
            timeout: float = 30.0, cache_seconds: float = DEFAULT_CACHE_SECONDS) -> Connection:
    """Make (and remember) the kernel's connection; credentials are resolved now."""
    global _current, _closes_at_exit
    connection = Connection(BlockingClient(access_key, secret_key, endpoint, profile, timeout),
                            cache_seconds)
    with _lock:
        previous, _current = _current, connection
        if not _closes_at_exit:
            # Registered after the portal's own exit hook, so it runs first (atexit is LIFO):
            # the session closes while its loop still runs, without "Unclosed client session".
            atexit.register(forget)
            _closes_at_exit = True
    if previous is not None:
        previous.close()
    return connection


def current() -> Connection:
    """The kernel's connection, made from the environment / ~/.ncloud/configure on first use."""
    with _lock:
        existing = _current
    return existing if existing is not None else connect()


# One Connection (so one cache) per BlockingClient handed to the faces, for as long as the
# client lives: a form and a browser given the same client share what they read.
_wrapped: weakref.WeakKeyDictionary[BlockingClient, Connection] = weakref.WeakKeyDictionary()


def wrap(client: BlockingClient | Connection | None) -> Connection:
    """The Connection to use for a face given an optional client."""
    if client is None:
        return current()
    if isinstance(client, Connection):
        return client
    with _lock:
        connection = _wrapped.get(client)
        if connection is None:
            connection = _wrapped[client] = Connection(client)
    return connection


def forget() -> None:
    """Drop the kernel's connection (tests, or after changing credentials by hand)."""
    global _current
    with _lock:
        previous, _current = _current, None
    if previous is not None:
        previous.close()
