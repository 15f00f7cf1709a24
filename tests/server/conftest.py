"""A real jupyter_server with the extension, talking to the test emulator over loopback HTTP.

pytest-jupyter's fixtures are imported here rather than named in ``pytest_plugins`` (pytest only
allows that in the top-level conftest). Its async fixtures run on its own event loop, while the
repository runs async tests with pytest-asyncio; so these tests are plain functions that drive
requests with ``api(...)``, which runs them on the server's loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import logging.config
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_jupyter.jupyter_server import *  # noqa: F403
from tornado.httpclient import HTTPResponse

from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import TEST_SECRET_KEY, SecretSink

SECRET_MARKERS = (TEST_SECRET_KEY,)


@dataclass
class Answer:
    status: int
    body: Any
    headers: Any
    text: str

    @property
    def message(self) -> str:
        return str(self.body.get("message")) if isinstance(self.body, dict) else ""


# Every answer read in the current test, saved for the run's secret scan at its end.
_answers_seen: list[dict[str, Any]] = []


@pytest.fixture(autouse=True)
def _answers_for_the_secret_scan(secret_sink: SecretSink) -> Iterator[None]:
    _answers_seen.clear()
    yield
    if _answers_seen:
        secret_sink("answers.json", list(_answers_seen))


def read(response: HTTPResponse) -> Answer:
    text = response.body.decode() if response.body else ""
    _answers_seen.append({"url": response.effective_url, "status": response.code,
                          "headers": dict(response.headers), "body": text})
    for secret in SECRET_MARKERS:  # no answer of the extension may ever hold the secret key
        assert secret not in text, f"the secret key leaked in {response.effective_url}"
        assert secret not in str(dict(response.headers)), "the secret key leaked in a header"
    body = json.loads(text) if text else None
    return Answer(response.code, body, response.headers, text)


@pytest.fixture(autouse=True)
def _keep_open_log_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process ServerApp configures logging with dictConfig, which closes every open
    handler, the run's session log (read by the secret scan) included; keep them open."""
    monkeypatch.setattr(logging.config, "_clearExistingHandlers", lambda: None)


@pytest.fixture
def server_settings() -> dict[str, Any]:
    """DataForestServerApp traitlets for one test (tests override this fixture or edit it)."""
    return {"cache_seconds": 5.0, "max_attempts": 1, "request_timeout": 5.0}


@pytest.fixture
def jp_server_config(emu_env: EmulatorThread, server_settings: dict[str, Any]) -> dict[str, Any]:
    return {
        "ServerApp": {
            # terminals off: their websocket handler is the server's only unauthenticated one
            "jpserver_extensions": {"ncp_df_jupyter": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
            "reraise_server_extension_failures": True,
        },
        "DataForestServerApp": {"endpoint": emu_env.url, **server_settings},
    }


@pytest.fixture
def control(emu_env: EmulatorThread, emu_control: EmulatorControl) -> EmulatorControl:
    """The shared emulator's control (the server tests talk to ``emu``, not ``emulator``)."""
    return emu_control


Api = Callable[..., Answer]


@pytest.fixture
def run(jp_asyncio_loop: asyncio.AbstractEventLoop) -> Callable[[Coroutine[Any, Any, Any]], Any]:
    """Run a coroutine on the server's loop (the server answers while it runs)."""
    # The current loop too: jp_fetch makes its future before the loop runs, and a test before
    # (asyncio.run in tests/reliability) may have left this thread without a current loop.
    asyncio.set_event_loop(jp_asyncio_loop)
    return jp_asyncio_loop.run_until_complete


@pytest.fixture
def answers(secret_sink: Callable[[str, Any], Any]) -> Iterator[list[dict[str, Any]]]:
    """Every answer a test got, handed to the run's secret scan afterwards."""
    seen: list[dict[str, Any]] = []
    yield seen
    if seen:
        secret_sink("answers.json", seen)


@pytest.fixture
def api(jp_fetch: Any, run: Callable[..., Any], answers: list[dict[str, Any]]) -> Api:
    """``api("GET", "workspaces", params=...)`` -> Answer; never raises for an HTTP status."""

    def call(method: str, *path: str, body: Any = None, raw: bytes | None = None,
             **kwargs: Any) -> Answer:
        data = raw if raw is not None else (None if body is None else json.dumps(body))
        if data is None and method in ("POST", "PUT"):
            data = b""
        response = run(jp_fetch("ncp-df", *path, method=method, body=data, raise_error=False,
                                allow_nonstandard_methods=True, **kwargs))
        answer = read(response)
        answers.append({"request": f"{method} {'/'.join(path)}", "status": answer.status,
                        "headers": dict(answer.headers), "body": answer.text})
        return answer

    return call


@pytest.fixture
def fetch_many(jp_fetch: Any, run: Callable[..., Any], answers: list[dict[str, Any]]
               ) -> Callable[..., list[Answer]]:
    """Send ``count`` identical GETs at once and read every answer."""

    def call(count: int, *path: str, **kwargs: Any) -> list[Answer]:
        async def together() -> list[HTTPResponse]:
            return await asyncio.gather(*(jp_fetch("ncp-df", *path, method="GET",
                                                   raise_error=False, **kwargs)
                                          for _ in range(count)))
        got = [read(r) for r in run(together())]
        answers.extend({"request": f"GET {'/'.join(path)}", "status": a.status,
                        "body": a.text} for a in got)
        return got

    return call
