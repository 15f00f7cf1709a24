"""``BlockingClient``: the async client's operations, callable without ``await``.

Each operation is the :class:`DataForestClient` method of the same name run on the portal's
thread (``_blocking`` below), so the list of operations is written once, in the client.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

from ..core.client import DataForestClient
from ..core.retry import RetryPolicy
from ..core.tls import CaBundle
from ..core.transport import DEFAULT_MAX_RESPONSE_BYTES
from .portal import Portal, get_portal

T = TypeVar("T")
P = ParamSpec("P")


def _blocking(method: Callable[Concatenate[DataForestClient, P], Coroutine[Any, Any, T]]
              ) -> Callable[Concatenate[BlockingClient, P], T]:
    """The async ``method`` as a blocking one: same arguments, same result, same docstring."""

    def call(self: BlockingClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.portal.call(method(self.aio, *args, **kwargs))

    call.__name__ = method.__name__
    call.__qualname__ = f"BlockingClient.{method.__name__}"
    call.__doc__ = method.__doc__
    return call


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
        attempt_timeout: float | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        ca_bundle: CaBundle | None = None,
    ) -> None:
        self.portal = portal or get_portal()
        self.aio = client or DataForestClient(
            access_key, secret_key, endpoint, profile, timeout, retry=retry,
            attempt_timeout=attempt_timeout, max_response_bytes=max_response_bytes,
            ca_bundle=ca_bundle)

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
        return self.portal.submit_with(work, self.aio)

    def run(self, work: Callable[[DataForestClient], Awaitable[T]]) -> T:
        """Like ``submit`` but waits for the result."""
        return self.portal.call_with(work, self.aio)

    list_accounts = _blocking(DataForestClient.list_accounts)
    check_available_name = _blocking(DataForestClient.check_available_name)
    create_workspace = _blocking(DataForestClient.create_workspace)
    list_workspaces = _blocking(DataForestClient.list_workspaces)
    get_workspace = _blocking(DataForestClient.get_workspace)
    get_configurations = _blocking(DataForestClient.get_configurations)
    set_configuration = _blocking(DataForestClient.set_configuration)
    list_docker_images = _blocking(DataForestClient.list_docker_images)
    delete_workspace = _blocking(DataForestClient.delete_workspace)
    describe_workspaces = _blocking(DataForestClient.describe_workspaces)
    choices = _blocking(DataForestClient.choices)
    find_workspace = _blocking(DataForestClient.find_workspace)
    # AI Apps (wait_app's on_change runs on the portal thread: keep it short)
    submit_app = _blocking(DataForestClient.submit_app)
    dry_run_submit = _blocking(DataForestClient.dry_run_submit)
    list_apps = _blocking(DataForestClient.list_apps)
    get_app = _blocking(DataForestClient.get_app)
    kill_app = _blocking(DataForestClient.kill_app)
    wait_app = _blocking(DataForestClient.wait_app)
    app_log = _blocking(DataForestClient.app_log)
