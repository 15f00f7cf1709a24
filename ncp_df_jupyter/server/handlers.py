"""The tornado handlers of /ncp-df/: thin, authenticated, JSON in and out.

Every method is ``@web.authenticated`` (the server's login) and ``@authorized`` (the server's
authorizer, resource ``ncp_df``); state-changing methods are XSRF-checked by jupyter_server for
cookie-authenticated requests. Every failure, including the server's own 403/404, is answered as
``{"message": what a person can do, "error": kind, ...}`` by :meth:`DataForestHandler.write_error`
(``errors.py`` says what else the body holds).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web

from ..core.errors import DataForestError
from ..core.plain_text import plain_text
from .errors import answer_for, app_error_fields
from .service import WorkspaceService

AUTH_RESOURCE = "ncp_df"
SERVICE_SETTING = "ncp_df_service"
# The deepest body the API documents is about five levels (configuration.data.input[0].hdfs);
# deeper ones are refused before anything walks them (a walk would need Python's stack).
MAX_BODY_DEPTH = 32


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` holds lists or objects more than ``limit`` levels deep (no recursion)."""
    level: list[Any] = [value]
    for _ in range(limit + 1):
        level = [child for item in level if isinstance(item, (list, dict))
                 for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return True


class DataForestHandler(ExtensionHandlerMixin, APIHandler):
    auth_resource = AUTH_RESOURCE

    @property
    def service(self) -> WorkspaceService:
        service: WorkspaceService = self.settings[SERVICE_SETTING]
        return service

    def reply(self, body: Any, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(body))

    def json_body(self) -> Any:
        """The request's JSON; a body that is not JSON, or nested too deeply, is a 400 naming
        the problem."""
        too_deep = web.HTTPError(400, "The request body is nested more than %d levels deep.",
                                 MAX_BODY_DEPTH, reason="Bad Request")
        try:
            body = json.loads(self.request.body or b"null")
        except ValueError:
            raise web.HTTPError(400, "The request body is not valid JSON.",
                                reason="Bad Request") from None
        except RecursionError:  # the parser's own limit, near a thousand levels
            raise too_deep from None
        if nested_deeper_than(body, MAX_BODY_DEPTH):
            raise too_deep
        return body

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc_info = kwargs.get("exc_info")
        service = self.settings.get(SERVICE_SETTING)
        context = service.error_context() if isinstance(service, WorkspaceService) else None
        answer = answer_for(exc_info[1] if exc_info else None, status_code, context)
        self.set_status(answer.status)
        answer.body.update(app_error_fields(exc_info[1] if exc_info else None))
        for name, value in answer.headers.items():
            self.set_header(name, value)
        self.finish(json.dumps(answer.body))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, DataForestError):
            # Expected: one line (the sentence never holds a secret), no traceback; what the
            # service said is shown as plain text, so it cannot forge lines or drive a terminal.
            self.log.warning("%s %s: %s", self.request.method, plain_text(self.request.path),
                             plain_text(value))
            return
        super().log_exception(typ, value, tb)


class StatusHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(self.service.status())


class AccountsHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(await self.service.accounts())


class WorkspacesHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        fresh = self.get_query_argument("fresh", "") in ("1", "true")
        self.reply(await self.service.workspaces(self.get_query_argument("account", None), fresh))

    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.reply(await self.service.create(self.json_body()), status=201)


class WorkspaceHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self, workspace_id: str) -> None:
        self.reply(await self.service.workspace(workspace_id))

    @web.authenticated
    @authorized
    async def delete(self, workspace_id: str) -> None:
        await self.service.delete(workspace_id)
        self.set_status(204)
        self.finish()


class ConfigurationHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self, workspace_id: str) -> None:
        self.reply(await self.service.configuration(workspace_id))

    @web.authenticated
    @authorized
    async def put(self, workspace_id: str) -> None:
        self.reply(await self.service.set_configuration(workspace_id, self.json_body()))


class ImagesHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(await self.service.images(self.get_query_argument("framework", None)))


class NameHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self, account_id: str, name: str) -> None:
        self.reply(await self.service.name_available(account_id, name))


class FormHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(await self.service.form(self.get_query_argument("account", None),
                                           self.get_query_argument("framework", None)))


class SchemaHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(await self.service.form_schema(self.get_query_argument("account", None),
                                                  self.get_query_argument("framework", None)))


# -- AI apps (the JSON shapes: server/app_service.py and docs/rest-api.md) -------------------


class AppsHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self) -> None:
        fresh = self.get_query_argument("fresh", "") in ("1", "true")
        self.reply(await self.service.apps(self.get_query_argument("account", None),
                                           self.get_query_argument("workspace", None), fresh))

    @web.authenticated
    @authorized
    async def post(self) -> None:
        self.reply(await self.service.submit(self.json_body()), status=201)


class AppHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self, app_id: str) -> None:
        self.reply(await self.service.app(app_id))


class AppKillHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def post(self, app_id: str) -> None:
        self.reply(await self.service.kill(app_id))


class AppLogHandler(DataForestHandler):
    @web.authenticated
    @authorized
    async def get(self, app_id: str, container: str) -> None:
        self.reply(await self.service.log(app_id, container))


def _no_such_route() -> Callable[..., Awaitable[None] | None]:
    """A handler method answering a JSON 404. A new one per HTTP method: jupyter_server's
    ``authorized`` settles a method's action (read, write) on its first request."""

    @web.authenticated
    @authorized
    async def method(self: DataForestHandler, path: str) -> None:
        raise web.HTTPError(404, "There is no DataForest route %s %s.", self.request.method,
                            self.request.path, reason="Not Found")

    return method


class NotFoundHandler(DataForestHandler):
    """Anything else under /ncp-df/: a JSON 404 instead of the server's HTML page."""

    get, post, put, delete = (_no_such_route() for _ in range(4))
