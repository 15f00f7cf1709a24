"""Stand-ins for a misbehaving endpoint, each a real aiohttp server on 127.0.0.1 (its own thread):
one that never answers, one that drips its answer a byte at a time, one that redirects, one that
sends far too much, one that answers whatever a test gives it. Each keeps the requests it got
(path and headers), so a test can tell what reached it.

And a FIFO where ~/.ncloud/configure should be, released should anything block on it.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

from ncp_df_jupyter.core.protocol import HEADER_SIGNATURE

from .support import AppThread

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
POLL_S = 0.02  # how often a hanging handler looks whether the server is closing


class StandIn(AppThread):
    """An endpoint answering every POST with ``behaviour``; ``requests`` holds what came."""

    def __init__(self, behaviour: Callable[[StandIn, web.Request], Awaitable[web.StreamResponse]]
                 ) -> None:
        self.requests: list[dict[str, Any]] = []
        self.closing = False
        self.bytes_sent = 0  # by the handlers that count it (too_much)

        async def handle(request: web.Request) -> web.StreamResponse:
            self.requests.append({"path": request.path, "headers": {
                name.lower(): value for name, value in request.headers.items()}})
            return await behaviour(self, request)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        super().__init__(app)

    def __enter__(self) -> StandIn:
        super().__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.closing = True  # lets hanging handlers end, so the server stops at once
        super().__exit__(*exc_info)

    def signatures(self) -> list[str]:
        return [r["headers"][HEADER_SIGNATURE] for r in self.requests
                if HEADER_SIGNATURE in r["headers"]]

    async def wait_until_closing(self) -> None:
        while not self.closing:
            await asyncio.sleep(POLL_S)


def never_answers() -> StandIn:
    """Accepts the request and never answers it."""

    async def behaviour(server: StandIn, request: web.Request) -> web.StreamResponse:
        await server.wait_until_closing()
        return web.Response(status=503)

    return StandIn(behaviour)


def answers_late(delays: list[float]) -> StandIn:
    """Request n waits delays[n] seconds (the last delay for every later one), then answers a
    successful empty list."""

    async def behaviour(server: StandIn, request: web.Request) -> web.StreamResponse:
        delay = delays[min(len(server.requests), len(delays)) - 1]
        waited = 0.0
        while waited < delay and not server.closing:
            await asyncio.sleep(POLL_S)
            waited += POLL_S
        return web.json_response({"success": True, "contents": [], "total": 0})

    return StandIn(behaviour)


def drips(every: float = 0.05) -> StandIn:
    """Answers 200 at once, then sends its body one byte every ``every`` seconds, forever."""

    async def behaviour(server: StandIn, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        try:
            await response.write(b"{")
            while not server.closing:
                await asyncio.sleep(every)
                await response.write(b" ")
        except (ConnectionError, RuntimeError):
            pass  # the client hung up
        return response

    return StandIn(behaviour)


def redirects(status: int, location: str) -> StandIn:
    """Answers every request with a redirect to ``location``."""

    async def behaviour(server: StandIn, request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})

    return StandIn(behaviour)


def too_much(size: int, *, declare_length: bool = False, gzipped: bool = False) -> StandIn:
    """A 200 answer of ``size`` bytes: a JSON object padded with spaces, streamed in chunks
    (``declare_length``: with its Content-Length; ``gzipped``: sent compressed, so a few KiB on
    the wire unpack to ``size``). ``bytes_sent`` counts what the server managed to write."""
    chunk = 1 << 16

    async def behaviour(server: StandIn, request: web.Request) -> web.StreamResponse:
        headers = {"Content-Type": "application/json"}
        if gzipped:
            body = gzip.compress(b'{"success": true, "contents": []' + b" " * (size - 33) + b"}")
            headers.update({"Content-Encoding": "gzip", "Content-Length": str(len(body))})
            return web.Response(body=body, headers=headers)
        if declare_length:
            headers["Content-Length"] = str(size)
        response = web.StreamResponse(headers=headers)
        await response.prepare(request)
        try:
            await response.write(b'{"success": true, "contents": []')
            left = size - 33
            while left > 0 and not server.closing:
                piece = min(chunk, left)
                await response.write(b" " * piece)
                server.bytes_sent += piece
                left -= piece
            await response.write(b"}")
        except (ConnectionError, RuntimeError):
            pass  # the client hung up: what it did not read was never sent
        return response

    return StandIn(behaviour)


def answers(status: int, body: Any, headers: dict[str, str] | None = None) -> StandIn:
    """Answers every request with ``status`` and ``body`` (JSON unless it is bytes)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()

    async def behaviour(server: StandIn, request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, body=data, headers={
            "Content-Type": "application/json", **(headers or {})})

    return StandIn(behaviour)


@contextmanager
def fifo_released_after(path: Path, seconds: float) -> Iterator[Callable[[], bool]]:
    """A FIFO at ``path``. Should a reader block on it, a writer opens it after ``seconds`` (and
    closes it: the reader gets end of file), so a regression fails instead of hanging; yields
    whether that was needed."""
    os.mkfifo(path)
    stop = threading.Event()
    released = threading.Event()

    def release() -> None:
        if stop.wait(seconds):
            return
        while not stop.is_set():
            try:  # succeeds only while a reader has it open
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
                released.set()
            except OSError:
                pass
            stop.wait(0.02)

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield released.is_set
    finally:
        stop.set()
        thread.join(seconds + 5)
