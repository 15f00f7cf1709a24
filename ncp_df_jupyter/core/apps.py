"""The AI Apps operations of ``DataForestClient``: submit, list, detail, kill, and waiting for
an app and reading its logs on top of them.

``AppOperations`` is mixed into the client (core/client.py), which supplies ``_request`` (check,
then send through the signed transport) and ``get_workspace``. A submit is never sent twice:
see ``submit_app`` and core/submit_lookup.py.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from . import app_follow, app_logs, request_bodies
from .deadline import Deadline
from .dry_run import DryRun
from .errors import (
    AppWaitTimeoutError,
    DataForestError,
    NetworkError,
    NotFoundError,
    RequestTimeoutError,
    ServiceError,
    ThrottledError,
    ValidationError,
)
from .models import (
    App,
    AppContainer,
    AppDetail,
    Configuration,
    ConfigurationLike,
    WorkspaceDetail,
    contents_of,
)
from .protocol import OPERATIONS
from .schema import rules
from .submit_lookup import SubmitMark, find_submitted

if TYPE_CHECKING:
    from .retry import RetryPolicy
    from .transport import Resolver

log = logging.getLogger("ncp_df_jupyter.client")

# wait_app polls after 1 s, then 1.5 times longer each time nothing changed, up to 10 s; a
# change of state starts again at 1 s.
POLL_FIRST_S = 1.0
POLL_MAX_S = 10.0
POLL_GROWTH = 1.5
# Polls in a row that may fail (after the transport's own retries) before wait_app gives up.
MAX_FAILED_POLLS = 5
_TRANSIENT = (ServiceError, NetworkError, RequestTimeoutError, ThrottledError)
_SUBMIT = OPERATIONS["apps.submit"]

# What on_change returns is ignored, unless it is awaitable (a coroutine function's): awaited.
OnChange = Callable[[AppDetail], object]


class AppOperations:
    """AI Apps: ``submit_app``, ``list_apps``, ``get_app``, ``kill_app``, ``wait_app``,
    ``app_log``, ``follow_log``, ``find_app``."""

    endpoint: str
    retry: RetryPolicy

    if TYPE_CHECKING:
        @property
        def clock_offset_ms(self) -> int: ...

        def budget(self) -> AbstractContextManager[Deadline]: ...

        async def _request(self, key: str, body: Mapping[str, Any], *,
                           resolve_uncertain: Resolver | None = None,
                           passed_through: frozenset[str] = frozenset()) -> dict[str, Any]: ...

        async def get_workspace(self, workspace_id: str) -> WorkspaceDetail: ...

    # -- submit -----------------------------------------------------------------------------------

    async def submit_request(self, workspace_id: str, name_prefix: str,
                             configuration: ConfigurationLike | None = None,
                             workspace: WorkspaceDetail | None = None) -> dict[str, Any]:
        """The body ``submit_app`` would send (reading the workspace's current configuration
        unless ``configuration`` is a whole ``Configuration``), checked by the rules."""
        body, _passed = await self._submit_body(workspace_id, name_prefix, configuration,
                                                workspace)
        return body

    async def _submit_body(self, workspace_id: str, name_prefix: str,
                           configuration: ConfigurationLike | None,
                           workspace: WorkspaceDetail | None) -> tuple[dict[str, Any],
                                                                       frozenset[str]]:
        """The checked body, and the paths in it that came from the service as sent (fields
        this release does not know, kept in a Configuration's ``extra``): they pass the rules,
        while a field a person wrote in the overrides is still checked."""
        _check_names(workspace_id, name_prefix)
        base = None
        if not isinstance(configuration, Configuration):
            workspace = workspace or await self.get_workspace(workspace_id)
            base = workspace.configuration
            if base is None and configuration is None:
                raise ValidationError(
                    f"workspace {workspace.name or workspace_id} has no configuration to run; "
                    "pass one as configuration.", field="configuration", rule="is required")
        body = request_bodies.submit_request(workspace_id, name_prefix, configuration, base)
        sent_as_read = configuration if isinstance(configuration, Configuration) else base
        passed = frozenset(
            path for path in (sent_as_read.extra_paths("") if sent_as_read else ())
            if path.split(".", 1)[0] in body)  # a submit carries docker, resource, data
        rules.check(_SUBMIT.request_schema, body, passed_through=passed)
        return body, passed

    async def dry_run_submit(self, workspace_id: str, name_prefix: str,
                             configuration: ConfigurationLike | None = None) -> DryRun:
        """What ``submit_app`` would send, and the same request as an openssl-signed curl
        command; nothing is submitted (the workspace is read when its configuration is used)."""
        body = await self.submit_request(workspace_id, name_prefix, configuration)
        return DryRun.checked(_SUBMIT.key, self.endpoint, body)

    async def submit_app(self, workspace_id: str, name_prefix: str,
                         configuration: ConfigurationLike | None = None) -> AppDetail:
        """submit: run an AI app from a workspace; returns it (ACCEPTED, as a rule).

        ``configuration``: None runs the workspace's current configuration; a ``Configuration``
        is sent as it is; a dict holds overrides merged onto the workspace's configuration
        (``{"resource": {"gpuCount": 4}}``). Never submits twice: an attempt whose answer is
        lost is looked for in ``list_apps`` (same workspace, name starting with the prefix,
        new since the call) instead of being repeated; when that cannot tell,
        ``SubmitOutcomeUnknownError`` lists the candidates.
        """
        _check_names(workspace_id, name_prefix)
        with self.budget():  # the reads before, the submit and any look-up share ``timeout``
            workspace = await self.get_workspace(workspace_id)  # its name and account
            body, passed = await self._submit_body(workspace_id, name_prefix, configuration,
                                                   workspace)
            mark = await self._mark(workspace, name_prefix)

            async def find_it() -> dict[str, Any]:
                return await find_submitted(mark, self._list_account_apps, self.retry)

            payload = await self._request(_SUBMIT.key, body, resolve_uncertain=find_it,
                                          passed_through=passed)
        if not payload.get("id"):
            raise ServiceError("DataForest apps.submit answered success without the new app's "
                               "id.", operation=_SUBMIT.key)
        # The submit answer names no workspace (a list row does): the one it ran from.
        return AppDetail.from_api({"workspaceName": workspace.name, **payload})

    async def _mark(self, workspace: WorkspaceDetail, name_prefix: str) -> SubmitMark:
        """The apps listed just before the submit, so its app can be told from them later; a
        failed list only weakens that (to the time since the call)."""
        known: list[App] | None = None
        if workspace.account_id:
            try:
                known = await self._list_account_apps(workspace.account_id)
            except DataForestError as exc:
                log.info("could not list apps before a submit (%s); a lost answer will be "
                         "looked for by time only", exc)
        return SubmitMark.now(workspace.account_id, workspace.name, name_prefix, known,
                              self.clock_offset_ms)

    # -- reads ------------------------------------------------------------------------------------

    async def _list_account_apps(self, account_id: str) -> list[App]:
        payload = await self._request("apps.getList", {"search": {"accountId": account_id}})
        return [App.from_api(item) for item in contents_of(payload.get("contents"))]

    async def list_apps(self, account_id: str, workspace_id: str | None = None) -> list[App]:
        """getList: the AI apps of an account, finished ones included (the API has no paging);
        with ``workspace_id``, those run from that workspace (matched by its name, since list
        rows carry no workspace id)."""
        if workspace_id is None:
            return await self._list_account_apps(account_id)
        rules.check("id", workspace_id, "workspace_id")
        workspace = await self.get_workspace(workspace_id)
        if workspace.account_id and workspace.account_id != account_id:
            raise ValidationError(
                f"workspace_id {workspace_id} belongs to account {workspace.account_id}, not "
                f"{account_id}.", field="workspace_id", rule="must be a workspace of the account")
        apps = await self._list_account_apps(account_id)
        return [app for app in apps if app.workspace_name == workspace.name]

    async def get_app(self, app_id: str) -> AppDetail:
        """getDetail: one AI app with its containers."""
        payload = await self._request("apps.getDetail", {"id": app_id})
        return AppDetail.from_api({"id": app_id, **payload} if not payload.get("id") else payload)

    # -- kill -------------------------------------------------------------------------------------

    async def kill_app(self, app_id: str) -> None:
        """kill: stop an AI app. Retried like a read (killing twice is harmless); killing an app
        that has already finished is not an error."""
        try:
            await self._request("apps.kill", {"id": app_id})
        except ValidationError as refused:
            if refused.status is None:
                raise  # our own check: nothing was sent
            # UNCONFIRMED how the service answers a kill of a finished app: a refusal is fine
            # once the app is finished.
            try:
                finished = (await self.get_app(app_id)).is_finished
            except DataForestError:
                raise refused from None
            if not finished:
                raise

    # -- waiting and logs -------------------------------------------------------------------------

    async def wait_app(self, app_id: str, timeout: float | None = None,
                       on_change: OnChange | None = None, *, poll_first: float = POLL_FIRST_S,
                       poll_max: float = POLL_MAX_S) -> AppDetail:
        """Poll ``get_app`` until the app is FINISHED, FAILED or KILLED and return that detail.

        Polls after ``poll_first`` seconds, each time 1.5 times longer while nothing changes, up
        to ``poll_max``. ``on_change(detail)`` (a function or a coroutine function) is called
        with the first answer and on every change of state or final status. A few failed polls
        are waited out; ``AppWaitTimeoutError`` after ``timeout`` seconds names the app and its
        last state.
        """
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + max(0.0, timeout)
        seen: tuple[str | None, str | None] | None = None
        last: AppDetail | None = None
        failures, delay = 0, poll_first
        while True:
            try:
                detail = await self.get_app(app_id)
            except _TRANSIENT as exc:
                failures += 1
                if failures >= MAX_FAILED_POLLS:
                    raise
                log.info("wait_app(%s): a poll failed (%s); polling on", app_id, exc)
            else:
                failures, last = 0, detail
                if (detail.state, detail.final_status) != seen:
                    seen, delay = (detail.state, detail.final_status), poll_first
                    await _call(on_change, detail)
                else:
                    delay = min(delay * POLL_GROWTH, poll_max)
                if detail.is_finished:
                    return detail
            if deadline is not None:
                left = deadline - loop.time()
                if left <= 0:
                    raise _wait_timeout(app_id, timeout or 0.0, last)
                delay = min(delay, left)
            await asyncio.sleep(delay)

    async def app_log(self, container: AppContainer | str, *,
                      timeout: float = app_logs.DEFAULT_TIMEOUT_S,
                      max_bytes: int = app_logs.DEFAULT_MAX_BYTES) -> str:
        """The log of a container (an ``AppContainer`` of ``get_app``, or its logUrl), read
        unsigned from its logUrl: its last ``max_bytes`` at most, as printable text.
        ``AppLogError`` when it cannot be read, saying so when the page needs the DataForest
        login."""
        url = container if isinstance(container, str) else container.log_url
        if not url:
            name = container if isinstance(container, str) else container.name
            raise ValidationError(f"container {name!r} has no logUrl yet (its app may not be "
                                  "running yet).", field="logUrl", rule="is required")
        return await app_logs.fetch_log(url, timeout=timeout, max_bytes=max_bytes)

    def follow_log(self, app_id: str, container: str | None = None, *,
                   every: float = app_follow.LOG_EVERY_S, timeout: float | None = None,
                   on_change: OnChange | None = None) -> AsyncIterator[app_follow.LogUpdate]:
        """``async for update in client.follow_log(app_id):`` the app's state and log until
        it has ended: on every change and every ``every`` seconds while it runs
        (core/app_follow.py). The state comes from ``wait_app``, the log from ``app_log``."""
        return app_follow.follow_log(self, app_id, container, every=every, timeout=timeout,
                                     on_change=on_change)

    async def find_app(self, account_id: str, id_or_name: str) -> App:
        """An AI app of the account by its id, its name or its YARN application id."""
        return await find_app(self, account_id, id_or_name)


class AppReader(Protocol):
    """What ``find_app`` needs: the client, or the caching client in front of it."""

    async def list_apps(self, account_id: str, workspace_id: str | None = None) -> list[App]: ...


async def find_app(reader: AppReader, account_id: str, id_or_name: str) -> App:
    """An app of the account by id, by name or by YARN application id (``application_...``),
    or NotFoundError; a name two apps share is a ValidationError naming their ids."""
    apps = await reader.list_apps(account_id)
    for app in apps:
        if id_or_name == app.id:
            return app
    named = [app for app in apps if id_or_name in (app.name, app.app_id)]
    if len(named) > 1:
        ids = ", ".join(app.id for app in named)
        raise ValidationError(f"{len(named)} apps of account {account_id} are named "
                              f"{id_or_name!r} (ids {ids}); name one by its id.",
                              field="app", rule="must name one app")
    if named:
        return named[0]
    raise NotFoundError(f"No AI app named or with id {id_or_name!r} in account {account_id}.",
                        operation="apps.getList")


def default_name_prefix(workspace_name: str | None) -> str:
    """The namePrefix of a run when none is given: the workspace's name cut to the rule's
    length and made to follow it (lowercase; other characters become hyphens; a letter first;
    no hyphen at the end), or "app" when nothing of the name is left."""
    rule = rules.definition("namePrefix")
    shortest, longest = int(rule["minLength"]), int(rule["maxLength"])
    prefix = re.sub(r"[^a-z0-9-]", "-", (workspace_name or "").lower())
    prefix = re.sub(r"^[^a-z]+", "", prefix)[:longest].rstrip("-")
    if len(prefix) < shortest or rules.problems("namePrefix", prefix):
        return "app"
    return prefix


def _check_names(workspace_id: str, name_prefix: str) -> None:
    """The two arguments of a submit, checked before anything is read or sent."""
    rules.check("id", workspace_id, "aiWorkspaceId")
    rules.check("namePrefix", name_prefix, "namePrefix")


async def _call(on_change: OnChange | None, detail: AppDetail) -> None:
    if on_change is not None:
        result = on_change(detail)
        if inspect.isawaitable(result):
            await result


def _wait_timeout(app_id: str, timeout: float, last: AppDetail | None) -> AppWaitTimeoutError:
    if last is None:
        return AppWaitTimeoutError(
            f"DataForest app {app_id} could not be read within {timeout:g} s of waiting; call "
            "wait_app again, or check the connection.", app=None, operation="apps.getDetail")
    return AppWaitTimeoutError(
        f"DataForest app {last.label} is still {last.shown_state} after "
        f"{timeout:g} s of waiting; call wait_app again to wait longer, or kill_app to stop it.",
        app=last, operation="apps.getDetail")
