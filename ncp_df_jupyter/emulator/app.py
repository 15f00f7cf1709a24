"""HTTP face of the emulator: the gateway's wire protocol, plus a control API for tests.

API: ``POST /api/v2/aiworkspaces/{op}``, ``POST /api/v2/aiapps/{op}`` and
``POST /api/v2/accounts/getList``, signature v2 checked first, then fault rules, then the
operation. Unknown paths get the gateway's 404 body. ``GET /logs/<appId>/<containerId>``: a
container's log (text/plain, unsigned, as a logUrl outside the gateway would be). What it does
where the pages are silent, and the modes that change it: behaviour.py.

Control (unauthenticated, loopback only): ``POST /_emulator/reset``, ``GET /_emulator/requests``,
``POST|GET|DELETE /_emulator/faults``, ``POST|GET /_emulator/behaviour``,
``POST /_emulator/clock``, ``GET /_emulator/state``,
``POST|GET|DELETE /_emulator/apps`` (how apps submitted afterwards run), ``GET /_emulator/health``.
"""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from ..core.protocol import (
    DF_INVALID,
    DF_UNEXPECTED,
    GATEWAY_ERRORS,
    OPERATIONS_BY_PATH,
    GatewayError,
)
from .app_runs import BadAppBehaviour
from .apps import LOG_PATH
from .behaviour import BadBehaviour
from .faults import BadRule, FaultRule
from .guard import control_guard, is_loopback_address
from .service import Emulator

log = logging.getLogger("ncp_df_jupyter.emulator")
EMULATOR_KEY = web.AppKey("emulator", Emulator)
MAX_BODY_BYTES = 1024 * 1024
MAX_CLOCK_OFFSET_MS = 10 * 365 * 24 * 3600 * 1000
_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


class _Dropped(Exception):
    """The connection was cut on purpose; nothing is answered."""


class _HttpDates:
    """The Date header of the current second, formatted once per second (formatdate is slow)."""

    def __init__(self) -> None:
        self._second = -1
        self._text = ""

    def __call__(self, now_ms: int) -> str:
        second = now_ms // 1000
        if second != self._second:
            self._text = email.utils.formatdate(second, usegmt=True)
            self._second = second
        return self._text


_http_date = _HttpDates()
# Trace ids: a random prefix per process and a counter - unique, and no syscall per answer.
_TRACE_PREFIX = secrets.token_hex(4)
_trace_counter = itertools.count(1)


def _gateway(status: int, code: str | None = None, details: str = "") -> web.Response:
    entry: GatewayError | None = None
    for candidate in GATEWAY_ERRORS:
        if (code is not None and candidate.code == code) or (code is None and
                                                               candidate.status == status):
            entry = candidate
            break
    if entry is None:
        entry = GatewayError(status, "900", "Unexpected Error")
    body = {"error": {"errorCode": entry.code, "message": entry.message, "details": details}}
    return web.json_response(body, status=status)


def fault_response(status: int, retry_after: float | None,
                   message: str | None = None) -> web.Response:
    """The body NCP would send with ``status``: gateway, DataForest or classic shape;
    ``message``, when given, in place of the service's usual words."""
    if status == 429:
        response = _gateway(429, "410", message or "")
        if retry_after is not None:
            response.headers["Retry-After"] = f"{retry_after:g}"
        return response
    if status in (401, 413, 503, 504):
        return _gateway(status, details=message or "")
    if status == 502:  # the classic API error shape, so clients meet all three
        return web.json_response({"responseError": {
            "returnCode": "1000",
            "returnMessage": message or "Please try your call again later."}}, status=502)
    messages = {400: DF_INVALID, 403: "not allowed to access", 404: "no such element"}
    said = message or messages.get(status, DF_UNEXPECTED)
    return web.json_response({"success": False, "message": said}, status=status)


def _cut(request: web.Request) -> None:
    if request.transport is not None:
        request.transport.close()
    raise _Dropped


async def api(request: web.Request) -> web.StreamResponse:
    emulator = request.app[EMULATOR_KEY]
    op = OPERATIONS_BY_PATH.get(request.path)
    if op is None or request.method != "POST":
        emulator.record(None, request.path, 404)
        return _gateway(404, "300", "URL not found.")  # the gateway's details, as seen
    if emulator.public_url is None and _HOST.fullmatch(request.host):
        emulator.public_url = f"{request.scheme}://{request.host}"  # for logUrl
    failure = emulator.keys.check(request.method, request.raw_path, request.headers,
                                  emulator.now_ms())
    if failure is not None:
        emulator.record(op.key, request.path, 401)
        return _gateway(401, "200", failure)

    # The body is read before any delay: a slow backend has the request in hand already.
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        emulator.record(op.key, request.path, 413)
        return _gateway(413, "430", f"The body is larger than {MAX_BODY_BYTES} bytes.")
    except ConnectionError:
        emulator.record(op.key, request.path, None, "client went away")
        raise _Dropped from None

    rule = emulator.faults.pick(op.key)
    action = rule.action if rule else None
    if rule is not None and action == "status":
        emulator.record(op.key, request.path, rule.status, action)
        return fault_response(rule.status, rule.retry_after, rule.message)
    if rule is not None and action == "drop":
        emulator.record(op.key, request.path, None, action)
        _cut(request)
    if rule is not None and action == "delay":
        await asyncio.sleep(rule.delay_ms / 1000)

    try:
        body: Any = json.loads(raw) if raw else {}
    except ValueError:
        emulator.record(op.key, request.path, 400)
        return web.json_response(
            {"success": False, "message": f"{DF_INVALID}: the body is not valid JSON"}, status=400)

    status, encoded = emulator.respond(op, body)
    if rule is not None and action == "drop_after_commit":
        emulator.record(op.key, request.path, None, action)
        _cut(request)
    if rule is not None and action == "delay_after_commit":
        await asyncio.sleep(rule.delay_ms / 1000)
    emulator.record(op.key, request.path, status, action)
    return web.Response(body=encoded, status=status, content_type="application/json",
                        charset="utf-8")


@web.middleware
async def gateway_middleware(
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
    """Trace id and the emulator's own clock on every answer; never an HTML error page."""
    emulator = request.app[EMULATOR_KEY]
    response: web.StreamResponse
    try:
        response = await handler(request)
    except _Dropped:
        raise asyncio.CancelledError from None  # the transport is closed; answer nothing
    except web.HTTPException as exc:
        if request.path.startswith("/_emulator/") or exc.status < 400:
            raise
        response = _gateway(exc.status)
    except Exception:
        log.exception("emulator bug while serving %s", request.path)
        response = web.json_response({"success": False, "message": DF_UNEXPECTED}, status=500)
    response.headers["x-ncp-trace-id"] = f"{_TRACE_PREFIX}{next(_trace_counter) & 0xFFFFFFFF:08x}"
    response.headers["Date"] = _http_date(emulator.now_ms())
    return response


def _loopback_only(request: web.Request) -> None:
    # control_guard (guard.py) has checked every control request already; this stays as the
    # handlers' own last word on the peer.
    if not is_loopback_address(request.remote or ""):
        raise web.HTTPForbidden(text="the emulator's control API answers loopback only")


async def control_reset(request: web.Request) -> web.Response:
    _loopback_only(request)
    request.app[EMULATOR_KEY].reset()
    return web.json_response({"ok": True})


async def control_requests(request: web.Request) -> web.Response:
    _loopback_only(request)
    emulator = request.app[EMULATOR_KEY]
    wanted = request.query.get("operation")
    seen = [r for r in emulator.requests if wanted is None or r["operation"] == wanted]
    return web.json_response({"total": len(seen), "requests": seen})


async def control_faults(request: web.Request) -> web.Response:
    _loopback_only(request)
    faults = request.app[EMULATOR_KEY].faults
    if request.method == "DELETE":
        faults.clear()
    elif request.method == "POST":
        try:
            body = await request.json()
            if not isinstance(body, list):
                raise BadRule("the body must be a JSON list of rules")
            rules = [FaultRule.parse(i, item) for i, item in enumerate(body)]
            seed = request.query.get("seed")
            faults.replace(rules, int(seed) if seed is not None else None)
        except (BadRule, ValueError, TypeError) as exc:
            return web.json_response({"message": str(exc)}, status=400)
    return web.json_response({"rules": [r.to_json() for r in faults.rules()]})


async def control_behaviour(request: web.Request) -> web.Response:
    _loopback_only(request)
    emulator = request.app[EMULATOR_KEY]
    if request.method == "POST":
        try:
            emulator.set_behaviour(await request.json())
        except (BadBehaviour, ValueError) as exc:
            return web.json_response({"message": str(exc)}, status=400)
    return web.json_response(emulator.behaviour.to_json())


async def control_clock(request: web.Request) -> web.Response:
    _loopback_only(request)
    emulator = request.app[EMULATOR_KEY]
    try:
        body = await request.json()
        offset = int(body["offset_ms"])
    except (ValueError, TypeError, KeyError, OverflowError):
        return web.json_response({"message": "the body must be {\"offset_ms\": <integer>}"},
                                 status=400)
    if abs(offset) > MAX_CLOCK_OFFSET_MS:  # beyond that, dates cannot be written any more
        return web.json_response({"message": "offset_ms must be within ten years "
                                             f"(±{MAX_CLOCK_OFFSET_MS} ms)"}, status=400)
    emulator.clock_offset_ms = offset
    return web.json_response({"offset_ms": emulator.clock_offset_ms, "now_ms": emulator.now_ms()})


async def control_state(request: web.Request) -> web.Response:
    _loopback_only(request)
    return web.json_response(request.app[EMULATOR_KEY].snapshot())


async def control_apps(request: web.Request) -> web.Response:
    _loopback_only(request)
    emulator = request.app[EMULATOR_KEY]
    if request.method == "DELETE":
        emulator.app_behaviours.clear()
    elif request.method == "POST":
        try:
            emulator.set_app_behaviour(await request.json())
        except (BadAppBehaviour, ValueError, TypeError) as exc:
            return web.json_response({"message": str(exc)}, status=400)
    return web.json_response({"behaviours": emulator.app_behaviour_json()})


async def container_log(request: web.Request) -> web.Response:
    text = request.app[EMULATOR_KEY].container_log(request.match_info["app_id"],
                                                   request.match_info["container_id"])
    if text is None:
        return web.Response(status=404, text="No such container log.\n")
    return web.Response(text=text, content_type="text/plain", charset="utf-8")


async def control_health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def create_app(emulator: Emulator | None = None) -> web.Application:
    # control_guard: loopback Host names only, no foreign Origin, JSON for changes (guard.py).
    app = web.Application(middlewares=[gateway_middleware, control_guard],
                          client_max_size=MAX_BODY_BYTES)
    app[EMULATOR_KEY] = emulator or Emulator()
    app.router.add_post("/_emulator/reset", control_reset)
    app.router.add_get("/_emulator/requests", control_requests)
    app.router.add_route("*", "/_emulator/faults", control_faults)
    app.router.add_route("*", "/_emulator/behaviour", control_behaviour)
    app.router.add_post("/_emulator/clock", control_clock)
    app.router.add_get("/_emulator/state", control_state)
    app.router.add_get("/_emulator/health", control_health)
    app.router.add_route("*", "/_emulator/apps", control_apps)
    app.router.add_get(LOG_PATH + "/{app_id}/{container_id}", container_log)
    app.router.add_route("*", "/{tail:.*}", api)
    return app
