"""A short-lived cache in front of the client, with identical concurrent reads coalesced.

Five browser tabs refreshing the sidebar, or a form asking for the same account twice, cost the
service one request: the first caller's request is shared by everyone who asks for the same
thing while it is in flight, and its answer is reused for ``ttl`` seconds. Errors are not cached.
Writes go straight to the service and drop what they make stale.

One CachingClient belongs to one event loop (the server's, or the portal's).
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any, TypeVar

from . import models
from .app_follow import LOG_EVERY_S, LogUpdate
from .apps import OnChange, find_app
from .client import DataForestClient, describe, find_workspace
from .dry_run import DryRun
from .models import (
    Account,
    App,
    AppContainer,
    AppDetail,
    Choices,
    ConfigurationEntry,
    ConfigurationLike,
    Workspace,
    WorkspaceDetail,
    WorkspaceSummary,
    dropdown_choices,
)
from .schema import rules

T = TypeVar("T")


class CachingClient:
    def __init__(self, client: DataForestClient, ttl: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.ttl = ttl
        self._clock = clock
        self._done: dict[Hashable, tuple[float, Any]] = {}
        self._in_flight: dict[Hashable, asyncio.Future[Any]] = {}

    def __repr__(self) -> str:
        return f"CachingClient({self.client!r}, ttl={self.ttl})"

    async def _cached(self, key: Hashable, fetch: Callable[[], Awaitable[T]], *,
                      keep: bool = True) -> T:
        """``fetch()``'s answer, shared with every caller asking while it is in flight, and
        reused for ``ttl`` seconds unless ``keep`` is False (only coalesced)."""
        hit = self._done.get(key)
        if hit is not None and self._clock() - hit[0] < self.ttl:
            value: T = hit[1]
            return value
        task = self._in_flight.get(key)
        if task is None:
            # The request runs as its own task, so a caller that gives up (a closed browser
            # tab) cancels only its own wait, never the answer the other callers share.
            task = asyncio.ensure_future(fetch())
            self._in_flight[key] = task
            task.add_done_callback(functools.partial(self._settle, key, keep))
        shared: T = await asyncio.shield(task)
        return shared

    def _settle(self, key: Hashable, keep: bool, task: asyncio.Future[Any]) -> None:
        """Keep a finished request's answer, unless a write made it stale while in flight."""
        failed = task.cancelled() or task.exception() is not None  # also marks it retrieved
        if self._in_flight.get(key) is not task:
            return
        del self._in_flight[key]
        if keep and not failed:
            self._done[key] = (self._clock(), task.result())

    def invalidate(self, *, account_id: str | None = None, workspace_id: str | None = None) -> None:
        """Forget cached reads made stale by a write (everything when no id is given), and let
        reads still in flight answer their callers without being kept."""
        for cache in (self._done, self._in_flight):
            for key in list(cache):
                parts = key if isinstance(key, tuple) else (key,)
                # Lists and configurations are dropped on any write: a configuration key names
                # its workspace, not its account, and a refresh of an account must be whole.
                if (account_id is None and workspace_id is None) or account_id in parts[1:] or (
                        workspace_id in parts[1:]) or parts[0] in ("workspaces", "describe",
                                                                   "configurations"):
                    del cache[key]

    # -- reads ------------------------------------------------------------------------------------

    async def list_accounts(self) -> list[Account]:
        return await self._cached(("accounts",), self.client.list_accounts)

    async def list_workspaces(self, account_id: str) -> list[Workspace]:
        return await self._cached(("workspaces", account_id),
                                  lambda: self.client.list_workspaces(account_id))

    async def get_workspace(self, workspace_id: str) -> WorkspaceDetail:
        return await self._cached(("detail", workspace_id),
                                  lambda: self.client.get_workspace(workspace_id))

    async def get_configurations(self, workspace_id: str) -> list[ConfigurationEntry]:
        return await self._cached(("configurations", workspace_id),
                                  lambda: self.client.get_configurations(workspace_id))

    async def list_docker_images(self, type_name: str) -> dict[str, list[str]]:
        return await self._cached(("images", type_name),
                                  lambda: self.client.list_docker_images(type_name))

    async def check_available_name(self, account_id: str, name: str) -> bool:
        return await self._cached(("name", account_id, name),
                                  lambda: self.client.check_available_name(account_id, name))

    async def describe_workspaces(self, account_id: str) -> list[WorkspaceSummary]:
        return await self._cached(("describe", account_id), lambda: describe(
            self, account_id, self.client.describe_concurrency))

    async def image_choices(self, frameworks: list[str] | None = None) -> dict[str, list[str]]:
        """Image references per framework (all of them by default), each list fetched once."""
        wanted = frameworks or rules.frameworks()
        lists = await asyncio.gather(*(self.list_docker_images(f) for f in wanted))
        return {f: models.image_choices(images) for f, images in zip(wanted, lists, strict=True)}

    async def find_workspace(self, account_id: str, id_or_name: str) -> Workspace:
        return await find_workspace(self, account_id, id_or_name)

    async def choices(self, account_id: str) -> Choices:
        summaries = await self.describe_workspaces(account_id)
        return dropdown_choices(s.configuration for s in summaries)

    async def list_apps(self, account_id: str, workspace_id: str | None = None) -> list[App]:
        return await self._cached(("apps", account_id, workspace_id),
                                  lambda: self.client.list_apps(account_id, workspace_id))

    async def get_app(self, app_id: str) -> AppDetail:
        return await self._cached(("app", app_id), lambda: self.client.get_app(app_id))

    async def wait_app(self, app_id: str, timeout: float | None = None,
                       on_change: OnChange | None = None) -> AppDetail:
        """Polls the service itself (never the cache), then drops the app's cached reads."""
        try:
            return await self.client.wait_app(app_id, timeout, on_change)
        finally:
            self.invalidate_apps()

    async def app_log(self, container: AppContainer | str) -> str:
        """Logs grow: never kept, but readers of the same log at the same moment (two browser
        tabs following a run) share one read."""
        url = container if isinstance(container, str) else container.log_url
        return await self._cached(("log", url), lambda: self.client.app_log(container),
                                  keep=False)

    async def follow_log(self, app_id: str, container: str | None = None, *,
                         every: float = LOG_EVERY_S, timeout: float | None = None,
                         on_change: OnChange | None = None) -> AsyncIterator[LogUpdate]:
        """The client's follow loop (it polls the service itself, never the cache); the app's
        cached reads are dropped once it has ended."""
        try:
            async for update in self.client.follow_log(app_id, container, every=every,
                                                       timeout=timeout, on_change=on_change):
                yield update
        finally:
            self.invalidate_apps()

    async def find_app(self, account_id: str, id_or_name: str) -> App:
        return await find_app(self, account_id, id_or_name)

    async def submit_request(self, workspace_id: str, name_prefix: str,
                             configuration: ConfigurationLike | None = None) -> dict[str, Any]:
        """The checked body ``submit_app`` would send, the workspace read through the cache (a
        face checks first, then announces and submits)."""
        workspace = None
        if not isinstance(configuration, models.Configuration):
            workspace = await self.get_workspace(workspace_id)
        return await self.client.submit_request(workspace_id, name_prefix, configuration,
                                                workspace)

    async def dry_run_submit(self, workspace_id: str, name_prefix: str,
                             configuration: ConfigurationLike | None = None) -> DryRun:
        return await self.client.dry_run_submit(workspace_id, name_prefix, configuration)

    # -- writes -----------------------------------------------------------------------------------

    async def create_workspace(self, account_id: str, name: str, configuration: ConfigurationLike,
                               description: str | None = None) -> WorkspaceDetail:
        try:
            return await self.client.create_workspace(account_id, name, configuration,
                                                      description)
        finally:
            self.invalidate(account_id=account_id)

    async def set_configuration(self, workspace_id: str, configuration: ConfigurationLike) -> None:
        try:
            await self.client.set_configuration(workspace_id, configuration)
        finally:
            self.invalidate(workspace_id=workspace_id)

    async def delete_workspace(self, workspace_id: str) -> None:
        try:
            await self.client.delete_workspace(workspace_id)
        finally:
            self.invalidate(workspace_id=workspace_id)

    async def submit_app(self, workspace_id: str, name_prefix: str,
                         configuration: ConfigurationLike | None = None) -> AppDetail:
        try:
            return await self.client.submit_app(workspace_id, name_prefix, configuration)
        finally:
            self.invalidate_apps()

    async def kill_app(self, app_id: str) -> None:
        try:
            await self.client.kill_app(app_id)
        finally:
            self.invalidate_apps()

    def invalidate_apps(self) -> None:
        """Forget every cached apps list and app detail (reads in flight answer uncached)."""
        for cache in (self._done, self._in_flight):
            for key in [k for k in cache if isinstance(k, tuple) and k[0] in ("apps", "app")]:
                del cache[key]
