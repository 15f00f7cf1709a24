"""Helpers shared by the suites: raw signed requests, small servers on a background thread, ports.

Everything here talks HTTP over loopback; nothing replaces or patches our client.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.cli.demo import free_port as free_port
from ncp_df_jupyter.core.protocol import OPERATIONS
from ncp_df_jupyter.core.signing import Signer
from ncp_df_jupyter.emulator import Emulator, EmulatorControl
from ncp_df_jupyter.emulator.app import create_app

from .conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY

# A configuration every rule accepts; tests copy and break it one field at a time.
GOOD_CONFIG: dict[str, Any] = {
    "docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab",
               "args": "--ip=0.0.0.0", "workdir": "/home/work", "env": {"A": "1"},
               "exposeTcpPorts": [8888]},
    "queueName": "gpu",
    "resource": {"cpuCount": 4, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 15360},
    "data": {"input": [{"hdfs": "/user/x/in", "path": "/data/in"}],
             "output": [{"hdfs": "/user/x/out", "path": "/data/out", "overwrite": False}]},
}


def minimal_config(image: str = "tensorflow:2.15.0-gpu") -> dict[str, Any]:
    return {"docker": {"image": image, "command": "jupyter lab"}}


def wait_for_requests(control: EmulatorControl, operation: str, count: int,
                      timeout: float = 5.0) -> list[dict[str, Any]]:
    """The emulator logs a request when it has answered it; a delayed one shows up later."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        seen = control.requests(operation)
        if len(seen) >= count or time.monotonic() > deadline:
            return seen
        time.sleep(0.02)


def new_client(url: str, *, access_key: str = TEST_ACCESS_KEY, secret_key: str = TEST_SECRET_KEY,
               timeout: float = 5.0, retry: RetryPolicy | None = None) -> DataForestClient:
    return DataForestClient(access_key, secret_key, url, timeout=timeout,
                            retry=retry or RetryPolicy.fast())


async def send_raw(url: str, operation: str, body: Any, *, raw: bytes | None = None,
                   method: str = "POST", path: str | None = None,
                   signer: Signer | None = None, stamp_ms: int | None = None,
                   headers: dict[str, str] | None = None, sign: bool = True
                   ) -> tuple[int, Any, dict[str, str]]:
    """One request built by hand (not by our client): signed with signing.Signer, sent with aiohttp.

    Returns (status, JSON body or the text when it is not JSON, response headers).
    """
    import time

    from yarl import URL

    target = URL(url + (path if path is not None else OPERATIONS[operation].path))
    sent_headers = {"Content-Type": "application/json"}
    if sign:
        stamp = stamp_ms if stamp_ms is not None else int(time.time() * 1000)
        sent_headers.update((signer or Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY)).headers(
            method, target.raw_path_qs, stamp))
    sent_headers.update(headers or {})
    data = raw if raw is not None else json.dumps(body).encode()
    async with aiohttp.ClientSession() as session, session.request(
            method, target, data=data, headers=sent_headers) as response:
        text = await response.text()
        try:
            parsed: Any = json.loads(text)
        except ValueError:
            parsed = text
        return response.status, parsed, dict(response.headers)


class AppThread:
    """Any aiohttp application on 127.0.0.1:<free port>, served from its own thread and loop,
    so synchronous control calls from the test never block the server."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    def __enter__(self) -> AppThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


class RecordingEmulator(AppThread):
    """The real emulator app with one more middleware that keeps every request's auth headers,
    so tests know exactly which signature values went over the wire."""

    def __init__(self, **emulator_kwargs: Any) -> None:
        self.emulator = Emulator({TEST_ACCESS_KEY: TEST_SECRET_KEY}, **emulator_kwargs)
        self.seen_headers: list[dict[str, str]] = []
        app = create_app(self.emulator)

        @web.middleware
        async def record(request: web.Request,
                         handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                         ) -> web.StreamResponse:
            self.seen_headers.append(dict(request.headers))
            return await handler(request)

        app.middlewares.append(record)
        super().__init__(app)

    def __enter__(self) -> RecordingEmulator:
        super().__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        super().__exit__(*exc_info)
        self.emulator.store.close()

    @property
    def control(self) -> EmulatorControl:
        return EmulatorControl(self.url)

    def signatures(self) -> list[str]:
        return [h["x-ncp-apigw-signature-v2"] for h in self.seen_headers
                if "x-ncp-apigw-signature-v2" in h]


# -- AI apps ------------------------------------------------------------------------------------

# What apps do in tests unless a test says otherwise: accepted for 1 s, then running for 4 s.
APP_TIMES = {"accept_ms": 1_000, "run_ms": 4_000}


class EmulatorClock:
    """Moves the emulator's clock forward (``POST /_emulator/clock``) instead of sleeping, so
    app states change at once. Stays well inside the gateway's 300 s signature window."""

    def __init__(self, control: EmulatorControl) -> None:
        self.control = control
        self.offset_ms = 0

    def advance(self, ms: int) -> None:
        self.offset_ms += ms
        self.control.set_clock(self.offset_ms)

    def back(self, ms: int) -> None:
        self.advance(-ms)
