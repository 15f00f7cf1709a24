"""Who may use the emulator's control API (``/_emulator/...``, unauthenticated by design).

Only this machine, and only on purpose:

- the peer is a loopback address (another host on the network cannot reach it);
- the ``Host`` header names a loopback address or ``localhost``: a web page that rebinds its own
  DNS name to 127.0.0.1 (DNS rebinding) still sends its own name, and is refused;
- an ``Origin`` header, when present, is the emulator's own (``http://<that host>``): a web page
  in the developer's browser sends its own origin with every cross-site request, and is refused;
- a change (``POST``, ``PUT``, ``PATCH``, ``DELETE``) says ``Content-Type: application/json``:
  a browser cannot send that cross-site without a CORS preflight, which the emulator never grants,
  so an HTML form or a ``text/plain`` fetch cannot reset the state or set fault rules.

``GET /_emulator/health`` stays open to anyone (it says ``{"ok": true}`` and nothing else), so a
container's health check works from outside. The signed API is not concerned.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable

from aiohttp import web

CONTROL_PREFIX = "/_emulator/"
OPEN_PATHS = frozenset({CONTROL_PREFIX + "health"})
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"


def _refused(status: int, message: str) -> web.Response:
    return web.json_response({"message": message}, status=status)


def is_loopback_address(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1 on a dual-stack socket
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))


def host_name(host_header: str) -> str:
    """The name part of a Host header: ``[::1]:8950`` -> ``::1``, ``localhost:80`` ->
    ``localhost``; lower case, without a trailing dot."""
    host = host_header.strip().lower()
    if host.startswith("["):
        name, _, _ = host[1:].partition("]")
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name.rstrip(".")


def is_loopback_host(host_header: str | None) -> bool:
    if not host_header:
        return False
    name = host_name(host_header)
    return name == "localhost" or is_loopback_address(name)


def refusal(request: web.Request) -> web.Response | None:
    """Why this control request is refused (the answer to send), or None when it may go on."""
    if not is_loopback_address(request.remote or ""):
        return _refused(403, "the emulator's control API answers loopback only")
    host = request.headers.get("Host")
    if not is_loopback_host(host):
        return _refused(403, "the emulator's control API answers only requests addressed to a "
                             "loopback name (Host: 127.0.0.1, localhost or [::1])")
    origin = request.headers.get("Origin")
    if origin is not None and origin.strip().lower() != f"{request.scheme}://{host}".lower():
        return _refused(403, "the emulator's control API refuses requests from web pages "
                             "(the Origin header is not the emulator's own)")
    if request.method in CHANGES and request.content_type != JSON:
        return _refused(415, "a change through the emulator's control API needs "
                             "Content-Type: application/json")
    return None


@web.middleware
async def control_guard(
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
    """Every control route passes :func:`refusal` first, whatever its handler does."""
    if request.path.startswith(CONTROL_PREFIX) and request.path not in OPEN_PATHS:
        refused = refusal(request)
        if refused is not None:
            return refused
    return await handler(request)
