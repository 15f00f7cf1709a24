"""The server extension under load: 200 concurrent requests over the sidebar's read routes
while the DataForest API is slow. Every answer is right, and the service sees what one refresh
costs, not one request per browser request (identical reads in flight are shared, then cached).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY, SecretSink
from .server_process import JupyterServer

CONCURRENT = 200
UPSTREAM_DELAY_MS = 300  # every API call is slow, so all 200 arrive while the first is in flight
ROUTES = [
    "ncp-df/status",
    "ncp-df/accounts",
    f"ncp-df/workspaces?account={ACCOUNT_ID}",
    "ncp-df/images?framework=tensorflow",
    f"ncp-df/schema?account={ACCOUNT_ID}",
]
WORKSPACES = 12
CONFIG = {"docker": {"image": "pytorch:2.3.0-cuda12.1", "command": "python train.py"},
          "resource": {"gpuModel": "H100", "gpuCount": 2}, "queueName": "gpu-x"}


@pytest.fixture
def busy_emulator() -> Iterator[EmulatorThread]:
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        sample_workspaces=True) as emulator:
        yield emulator


@pytest.fixture
def server(busy_emulator: EmulatorThread, tmp_path: Path,
           secret_sink: SecretSink) -> Iterator[JupyterServer]:
    env = {**busy_emulator.endpoint.env(), "NCP_DF_CONFIG_FILE": str(tmp_path / "none")}
    running = JupyterServer(tmp_path, env, "--DataForestServerApp.cache_seconds=120").start()
    try:
        yield running
    finally:
        running.stop()
        secret_sink("jupyter-server.log", running.log())


async def fire(server: JupyterServer, paths: list[str]) -> list[tuple[str, int, Any]]:
    """All at once, each on its own connection, as many browser tabs would."""
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector, headers=server.headers,
                                     timeout=aiohttp.ClientTimeout(total=60)) as session:

        async def one(path: str) -> tuple[str, int, Any]:
            async with session.get(server.url + path) as response:
                return path, response.status, await response.json(content_type=None)

        return await asyncio.gather(*(one(path) for path in paths))


def upstream_calls(control: EmulatorControl) -> Counter[str]:
    return Counter(r["operation"] for r in control.requests())


def check_answer(path: str, status: int, body: Any, workspace_names: set[str]) -> None:
    assert status == 200, (path, status, body)
    if path.startswith("ncp-df/workspaces"):
        assert {w["name"] for w in body["workspaces"]} == workspace_names
        assert all(w["configuration"] for w in body["workspaces"])
    elif path.startswith("ncp-df/accounts"):
        assert ACCOUNT_ID in {a["id"] for a in body["accounts"]}
    elif path.startswith("ncp-df/images"):
        assert "tensorflow:2.15.0-gpu" in body["images"]
    elif path.startswith("ncp-df/schema"):
        text = str(body)
        assert "H100" in text and "gpu-x" in text  # dropdowns filled from the service
    else:
        assert body["credentials"]["configured"] is True


@pytest.mark.slow
def test_200_concurrent_requests_no_errors_no_stampede(busy_emulator: EmulatorThread,
                                                       server: JupyterServer,
                                                       secret_sink: SecretSink) -> None:
    control = EmulatorControl(busy_emulator.url)
    with BlockingClient(**busy_emulator.endpoint.client_kwargs()) as client:
        for i in range(WORKSPACES - 3):  # 3 sample workspaces are there already
            client.create_workspace(ACCOUNT_ID, f"load{i}", CONFIG)
    names = {w["name"] for w in control.state()["workspaces"]}
    assert len(names) == WORKSPACES
    before = upstream_calls(control)
    control.set_faults([{"operation": "*", "action": "delay", "delay_ms": UPSTREAM_DELAY_MS}])

    paths = [ROUTES[i % len(ROUTES)] for i in range(CONCURRENT)]
    answers = asyncio.run(fire(server, paths))
    for path, status, body in answers:
        check_answer(path, status, body, names)
    secret_sink("answers.json", [{"path": p, "status": s, "body": b} for p, s, b in answers])

    calls = upstream_calls(control) - before
    # What one refresh of every route costs: one list of accounts, one list of workspaces, one
    # configuration per workspace, the image list per framework.
    assert calls["accounts.getList"] == 1, calls
    assert calls["getList"] == 1, calls
    assert calls["getConfigurationList"] == WORKSPACES, calls
    assert 1 <= calls["getDockerImageList"] <= 2, calls
    assert sum(calls.values()) <= WORKSPACES + 4 < CONCURRENT

    # A second wave within the cache time costs the service nothing.
    again = asyncio.run(fire(server, paths))
    assert [status for _, status, _ in again] == [200] * CONCURRENT
    assert upstream_calls(control) - before == calls

