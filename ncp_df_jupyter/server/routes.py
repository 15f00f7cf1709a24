"""URL patterns of the REST API, below the server's base URL (``<base_url>ncp-df/...``)."""

from __future__ import annotations

from tornado.web import RequestHandler

from . import handlers as h

NAMESPACE = "ncp-df"
_ID = r"([^/]+)"  # checked by the client (the core's id rule), so a bad id is a 400 naming it

ROUTES: list[tuple[str, type[RequestHandler]]] = [
    (rf"/{NAMESPACE}/status", h.StatusHandler),
    (rf"/{NAMESPACE}/accounts", h.AccountsHandler),
    (rf"/{NAMESPACE}/workspaces", h.WorkspacesHandler),
    (rf"/{NAMESPACE}/workspaces/{_ID}", h.WorkspaceHandler),
    (rf"/{NAMESPACE}/workspaces/{_ID}/configuration", h.ConfigurationHandler),
    (rf"/{NAMESPACE}/images", h.ImagesHandler),
    (rf"/{NAMESPACE}/names/{_ID}/{_ID}", h.NameHandler),
    (rf"/{NAMESPACE}/schema", h.SchemaHandler),
    (rf"/{NAMESPACE}/form", h.FormHandler),
    (rf"/{NAMESPACE}/apps", h.AppsHandler),
    (rf"/{NAMESPACE}/apps/{_ID}", h.AppHandler),
    (rf"/{NAMESPACE}/apps/{_ID}/kill", h.AppKillHandler),
    (rf"/{NAMESPACE}/apps/{_ID}/containers/{_ID}/log", h.AppLogHandler),
    (rf"/{NAMESPACE}/(.*)", h.NotFoundHandler),  # last: anything else is a JSON 404
]
