"""What the AI app routes do, in terms of the core (mixed into ``WorkspaceService``).

Reads go through the service's CachingClient, so the sidebar's list call every few seconds, from
any number of tabs, costs DataForest one getList per account per ``cache_seconds``; a submit
or a kill drops the cached app reads. Every app is answered in the API's shape
(``App.to_api()``; a detail's ``containers`` is the API's map) with three fields the core
computes, so that no face restates them: ``finished`` (it will not change again), ``outcome``
(waiting, running, succeeded, failed, killed or ended: the badge) and ``elapsedMillis`` (the
service's, or computed from its times as of the answer for list rows, which carry none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.apps import default_name_prefix
from ..core.errors import NotFoundError, ValidationError
from ..core.models import App
from ..core.schema import rules
from ..core.times import newest_first

if TYPE_CHECKING:
    from ..core.caching import CachingClient


def app_json(app: App) -> dict[str, Any]:
    """An app as the REST API answers it (see the module)."""
    body = app.to_api()
    body.update(finished=app.is_finished, outcome=app.outcome,
                elapsedMillis=app.elapsed_ms_at())
    return body


class AppService:
    """The ``/ncp-df/apps`` routes; ``cache`` is the WorkspaceService's caching client."""

    if TYPE_CHECKING:
        @property
        def cache(self) -> CachingClient: ...

    async def apps(self, account_id: str | None, workspace_id: str | None,
                   fresh: bool = False) -> dict[str, Any]:
        """The account's apps, newest first (finished ones included); ``workspace_id``: only
        those run from that workspace. ``fresh`` drops the cached app reads first."""
        from .service import require_account  # the one check of the account parameter

        account_id = require_account(account_id)
        if workspace_id:
            rules.check("id", workspace_id, "workspace")
        if fresh:
            self.cache.invalidate_apps()
        rows = await self.cache.list_apps(account_id, workspace_id or None)
        return {"accountId": account_id, "workspaceId": workspace_id or None,
                "apps": [app_json(app) for app in newest_first(rows, lambda a: a.started_at)]}

    async def submit(self, body: Any) -> dict[str, Any]:
        """Run an app from ``aiWorkspaceId`` (``namePrefix``: default from the workspace's
        name; ``configuration``: overrides of its configuration, in the API's shape)."""
        if not isinstance(body, dict):
            raise ValidationError("The request body must be a JSON object.",
                                  rule="must be a JSON object")
        if body.get("aiWorkspaceId") is None:
            raise rules.refusal([rules.Problem("aiWorkspaceId", "is required", missing=True)])
        rules.check("id", body["aiWorkspaceId"], "aiWorkspaceId")
        workspace_id = str(body["aiWorkspaceId"])
        prefix = body.get("namePrefix")
        if prefix is None:
            prefix = default_name_prefix((await self.cache.get_workspace(workspace_id)).name)
        app = await self.cache.submit_app(workspace_id, prefix, body.get("configuration"))
        return app_json(app)

    async def app(self, app_id: str) -> dict[str, Any]:
        return app_json(await self.cache.get_app(app_id))

    async def kill(self, app_id: str) -> dict[str, Any]:
        """Kill the app; the answer is the app read again afterwards."""
        await self.cache.kill_app(app_id)
        return app_json(await self.cache.get_app(app_id))

    async def log(self, app_id: str, container_name: str) -> dict[str, Any]:
        """The log of one container, read now from its logUrl (never kept: it grows; readers
        at the same moment share one read). A log the server cannot read is an AppLogError,
        answered with ``url`` (to open in the browser) and ``needsLogin``."""
        app = await self.cache.get_app(app_id)
        if not app.containers:
            raise NotFoundError(f"app {app.label} has no containers yet (it is "
                                f"{app.shown_state}); its log starts when it runs.",
                                operation="apps.getDetail")
        try:
            container = app.log_container(container_name)
        except ValidationError as exc:
            raise NotFoundError(str(exc), operation="apps.getDetail") from None
        if container is None or not container.log_url:
            raise NotFoundError(f"container {container_name!r} of app {app.label} has no log "
                                "URL yet.", operation="apps.getDetail")
        text = await self.cache.app_log(container)
        return {"id": app.id, "container": container.name, "logUrl": container.log_url,
                "log": text, "state": app.state, "finished": app.is_finished}
