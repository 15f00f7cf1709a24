"""Start the emulator: in-process on an event loop, in a background thread, or from the CLI."""

from __future__ import annotations

import asyncio
import os
import threading
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from . import seed
from .app import create_app
from .service import DEFAULT_REQUEST_LOG_SIZE, Emulator
from .tls import EmulatorTLS, make_tls


@dataclass(frozen=True)
class Endpoint:
    """Where a running emulator listens and the key pair it accepts (the secret is masked)."""

    url: str
    access_key: str
    secret_key: str
    ca_bundle: str | None = None  # the CA file to trust, in TLS mode

    def __repr__(self) -> str:
        tls = f", ca_bundle={self.ca_bundle!r}" if self.ca_bundle else ""
        return (f"Endpoint(url={self.url!r}, access_key={self.access_key!r}, "
                f"secret_key=<hidden>{tls})")

    def env(self) -> dict[str, str]:
        """Environment variables that point ncp_df_jupyter (and a kernel) at this emulator."""
        env = {"NCP_DF_ENDPOINT": self.url, "NCLOUD_ACCESS_KEY_ID": self.access_key,
               "NCLOUD_SECRET_ACCESS_KEY": self.secret_key}
        if self.ca_bundle:
            env["NCP_DF_CA_BUNDLE"] = self.ca_bundle
        return env

    def client_kwargs(self) -> dict[str, Any]:
        kwargs = {"endpoint": self.url, "access_key": self.access_key,
                  "secret_key": self.secret_key}
        if self.ca_bundle:
            kwargs["ca_bundle"] = self.ca_bundle
        return kwargs


class EmulatorServer:
    """``async with EmulatorServer() as server:`` - an emulator on 127.0.0.1 and a free port.

    ``tls=True``: HTTPS with a certificate made at start (emulator/tls.py); ``ca_path`` is
    where its CA certificate is written (default: a temporary file, removed at stop)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *,
                 access_key: str = seed.DEMO_ACCESS_KEY, secret_key: str = seed.DEMO_SECRET_KEY,
                 state_path: str | None = None, sample_workspaces: bool = False,
                 max_workspaces: int | None = None,
                 request_log_size: int = DEFAULT_REQUEST_LOG_SIZE, tls: bool = False,
                 ca_path: str | os.PathLike[str] | None = None) -> None:
        self.host, self.port = host, port
        self._tls_wanted, self._ca_path = tls, ca_path
        self.tls: EmulatorTLS | None = None
        self._access_key, self._secret_key = access_key, secret_key
        self.emulator = Emulator({access_key: secret_key}, state_path,
                                 sample_workspaces=sample_workspaces,
                                 max_workspaces=max_workspaces,
                                 request_log_size=request_log_size)
        self._runner: web.AppRunner | None = None

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint(self.url, self._access_key, self._secret_key,
                        str(self.tls.ca_path) if self.tls else None)

    @property
    def url(self) -> str:
        scheme = "https" if self._tls_wanted else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    async def start(self) -> EmulatorServer:
        if self._tls_wanted and self.tls is None:
            self.tls = make_tls(self.host, self._ca_path)
        self._runner = web.AppRunner(create_app(self.emulator), access_log=None,
                                     handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True,
                           ssl_context=self.tls.server_context if self.tls else None)
        await site.start()
        if self.port == 0:  # an ephemeral port: ask the runner which one it got
            for address in self._runner.addresses:
                self.port = int(address[1])
                break
        if self.host not in ("0.0.0.0", "::"):  # else the first request's Host tells (app.py)
            self.emulator.public_url = self.url  # where logUrl points
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.emulator.store.close()
        if self.tls is not None:
            self.tls.remove()

    async def __aenter__(self) -> EmulatorServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


class EmulatorThread:
    """An emulator on its own thread and loop, for synchronous code (widgets, notebooks, demos).

        with EmulatorThread() as emu:
            client = BlockingClient(**emu.endpoint.client_kwargs())
    """

    def __init__(self, **kwargs: Any) -> None:
        self.server = EmulatorServer(**kwargs)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="ncp-df-emulator",
                                        daemon=True)

    @property
    def emulator(self) -> Emulator:
        return self.server.emulator

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> EmulatorThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(30)
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def __enter__(self) -> EmulatorThread:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


async def serve_forever(server: EmulatorServer, announce: bool = True,
                        show_secret: bool = False) -> None:
    await server.start()
    if announce:
        ep = server.endpoint
        secret = ep.secret_key if show_secret else "(the one you gave)"
        print(f"DataForest emulator listening on {ep.url}", flush=True)
        print(f"  access key: {ep.access_key}", flush=True)
        print(f"  secret key: {secret}", flush=True)
        print(f"  point clients at it: export NCP_DF_ENDPOINT={ep.url}", flush=True)
        if ep.ca_bundle:
            print(f"  CA certificate: {ep.ca_bundle}", flush=True)
            print(f"  trust it: export NCP_DF_CA_BUNDLE={ep.ca_bundle}", flush=True)
        if server.emulator.store.path:
            print(f"  state: {server.emulator.store.path}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()
