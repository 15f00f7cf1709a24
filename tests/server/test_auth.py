"""Every route is behind the server's login, and state-changing requests are XSRF-checked.

In the style of the extension template's check_auth.py: the handlers are inspected (every
implemented method carries tornado's @web.authenticated), the server is started with
allow_unauthenticated_access=False and must not warn about any of our routes, and requests
without a token, or from a logged-in browser session without the XSRF token, are refused.
"""

from __future__ import annotations

import json
import re
import warnings
from http.cookies import SimpleCookie
from typing import Any

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPResponse
from tornado.web import RequestHandler

from ncp_df_jupyter.server.routes import ROUTES

from ..conftest import ACCOUNT_ID
from .conftest import read
from .workspaces import new_workspace

SAMPLE_ID = "NoSuchWorkspace0000001"


def implemented_methods(handler: type[RequestHandler]) -> list[str]:
    return [m for m in handler.SUPPORTED_METHODS
            if getattr(handler, m.lower()) is not RequestHandler._unimplemented_method]


def is_login_required(method: Any) -> bool:
    """True for a method wrapped by tornado.web.authenticated (as jupyter_server checks it)."""
    code = getattr(method, "__code__", None)
    return (hasattr(method, "__wrapped__") and code is not None
            and code.co_filename.replace("\\", "/").endswith("tornado/web.py")
            and code.co_qualname.startswith("authenticated"))


def sample_path(pattern: str) -> str:
    """A concrete path for a route pattern: each group becomes a plausible id."""
    path = re.sub(r"\(\[\^/\]\+\)", SAMPLE_ID, pattern)
    return path.replace("(.*)", "anything").lstrip("/")


ROUTE_METHODS = [(pattern, method) for pattern, handler in ROUTES
                 for method in implemented_methods(handler) if method != "OPTIONS"]


def test_every_method_of_every_route_requires_login() -> None:
    unguarded = [f"{method} {pattern} ({handler.__name__})"
                 for pattern, handler in ROUTES
                 for method in implemented_methods(handler)
                 if method != "OPTIONS"  # CORS preflight, allowed unauthenticated by APIHandler
                 and not is_login_required(getattr(handler, method.lower()))]
    assert unguarded == []
    assert len(ROUTE_METHODS) >= 18  # the check saw the routes (it cannot pass vacuously)


def test_the_server_does_not_warn_about_our_routes(jp_configurable_serverapp,
                                                   jp_server_config) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = jp_configurable_serverapp(config=jp_server_config)
    assert app.allow_unauthenticated_access is False
    assert "ncp_df_jupyter" in app.extension_manager.extensions
    auth_warnings = [str(w.message) for w in caught if "authenticated" in str(w.message)]
    assert [w for w in auth_warnings if "ncp-df" in w or "DataForest" in w] == []


@pytest.mark.parametrize(("pattern", "method"), ROUTE_METHODS)
@pytest.mark.parametrize("authorization", ["", "token wrong-token"])
def test_requests_without_a_valid_token_are_refused(api, control, pattern, method,
                                                    authorization) -> None:
    body = new_workspace() if method in ("POST", "PUT") else None
    answer = api(method, *sample_path(pattern).split("/")[1:], body=body,
                 headers={"Authorization": authorization})
    assert answer.status == 403, (method, pattern, answer.body)
    assert answer.body["message"]  # JSON, not the login page
    assert control.requests() == []


class BrowserSession:
    """A logged-in browser: the login cookie and the _xsrf cookie, no token header."""

    def __init__(self, base: str, run: Any) -> None:
        self.base = base
        self.run = run
        self.cookies: dict[str, str] = {}

    def _remember(self, response: HTTPResponse) -> None:
        for header in response.headers.get_list("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value

    def fetch(self, method: str, path: str, *, body: str | None = None,
              headers: dict[str, str] | None = None) -> HTTPResponse:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                **(headers or {})}
        if body is None and method in ("POST", "PUT"):
            body = ""

        async def send() -> HTTPResponse:
            # force_instance: a client of the running (server's) loop, closed after use
            client = AsyncHTTPClient(force_instance=True)
            try:
                return await client.fetch(
                    self.base + path, method=method, body=body, headers=sent,
                    raise_error=False, follow_redirects=False, allow_nonstandard_methods=True)
            finally:
                client.close()

        response: HTTPResponse = self.run(send())
        self._remember(response)
        return response

    def log_in(self, token: str) -> None:
        self.fetch("GET", "login")
        xsrf = self.cookies["_xsrf"]
        response = self.fetch("POST", "login", body=f"_xsrf={xsrf}&password={token}",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.code == 302, response.code


@pytest.fixture
def browser(jp_serverapp, http_server, jp_http_port, jp_base_url, run) -> BrowserSession:
    session = BrowserSession(f"http://127.0.0.1:{jp_http_port}{jp_base_url}", run)
    session.log_in(jp_serverapp.identity_provider.token)
    return session


def test_a_logged_in_browser_reads_without_xsrf_token(browser: BrowserSession) -> None:
    answer = read(browser.fetch("GET", "ncp-df/accounts"))
    assert answer.status == 200 and answer.body["accounts"]


@pytest.mark.parametrize(("method", "path", "body", "then"), [
    ("POST", "ncp-df/workspaces", new_workspace("no-xsrf"), 201),
    ("PUT", f"ncp-df/workspaces/{SAMPLE_ID}/configuration",
     {"configuration": new_workspace()["configuration"]}, 404),
    ("DELETE", f"ncp-df/workspaces/{SAMPLE_ID}", None, 404),
    ("POST", "ncp-df/apps", {"aiWorkspaceId": SAMPLE_ID}, 404),
    ("POST", f"ncp-df/apps/{SAMPLE_ID}/kill", None, 404),
])
def test_state_changes_need_the_xsrf_token(browser: BrowserSession, control, method, path,
                                           body, then) -> None:
    data = None if body is None else json.dumps(body)
    refused = read(browser.fetch(method, path, body=data))
    assert refused.status == 403, refused.body
    assert "XSRF" in refused.message or "_xsrf" in refused.message
    assert control.requests() == []

    accepted = read(browser.fetch(method, path, body=data,
                                  headers={"X-XSRFToken": browser.cookies["_xsrf"]}))
    assert accepted.status != 403
    assert accepted.status == then, accepted.body


def test_the_xsrf_check_created_the_workspace_only_once(browser: BrowserSession, control) -> None:
    body = json.dumps(new_workspace("xsrf-once"))
    browser.fetch("POST", "ncp-df/workspaces", body=body)
    browser.fetch("POST", "ncp-df/workspaces", body=body,
                  headers={"X-XSRFToken": browser.cookies["_xsrf"]})
    names = [w["name"] for w in control.state()["workspaces"] if w["accountId"] == ACCOUNT_ID]
    assert names.count("xsrf-once") == 1
