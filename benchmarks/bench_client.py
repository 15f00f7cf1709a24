"""Client throughput against the emulator on loopback, side by side with what a user would write.

- client_rps_c1 / client_rps_c32: our DataForestClient.get_workspace (getDetail), 1 and 32 at once;
- baseline_rps: the recipe of NCP's documentation: requests.post with a hand-made signature,
  one call after another;
- raw_rps_c1 / raw_rps_c32: plain aiohttp, one pre-computed signature, no parsing: the
  near-limit reference;
- emulator_rps: signed getList of an account holding 100 workspaces, 32 at once.
The emulator runs in its own process, as the real service would.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl
from ncp_df_jupyter.signing import Signer

ACCESS_KEY = "BENCHACCESSKEY000001"
SECRET_KEY = "bench-secret-key-made-up-for-benchmarks"
CONFIG = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab"},
          "resource": {"gpuModel": "T4", "gpuCount": 1}, "queueName": "gpu"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def emulator_process() -> Iterator[str]:
    """An emulator in a subprocess; yields its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ncp_df_jupyter.cli", "emulator", "--port", str(port),
         "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        control = EmulatorControl(url, timeout=1)
        deadline = time.monotonic() + 30
        while not control.healthy():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


async def rate(worker: Callable[[], Awaitable[Any]], concurrency: int, seconds: float) -> float:
    """Calls per second of ``worker`` run by ``concurrency`` loops for about ``seconds``."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def loop() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await worker()
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(concurrency)))
    return done / (time.perf_counter() - started)


def baseline_rate(url: str, workspace_id: str, seconds: float) -> float:
    """What NCP's documentation shows: requests + the signature recipe, one call at a time."""
    import requests

    def make_signature(method: str, uri: str, timestamp: str) -> str:
        message = f"{method} {uri}\n{timestamp}\n{ACCESS_KEY}"
        digest = hmac.new(SECRET_KEY.encode(), message.encode(), hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    uri = "/api/v2/aiworkspaces/getDetail"
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        timestamp = str(int(time.time() * 1000))
        headers = {"Content-Type": "application/json",
                   "x-ncp-apigw-timestamp": timestamp, "x-ncp-iam-access-key": ACCESS_KEY,
                   "x-ncp-apigw-signature-v2": make_signature("POST", uri, timestamp)}
        response = requests.post(url + uri, headers=headers, data=json.dumps({"id": workspace_id}))
        response.json()
        done += 1
    return done / (time.perf_counter() - started)


async def measure(seconds: float) -> dict[str, float]:
    import aiohttp

    results: dict[str, float] = {}
    with emulator_process() as url:
        async with DataForestClient(endpoint=url, access_key=ACCESS_KEY,
                                    secret_key=SECRET_KEY) as client:
            workspace = await client.create_workspace(DEMO_ACCOUNT_ID, "bench", CONFIG)
            for i in range(99):
                await client.create_workspace(DEMO_ACCOUNT_ID, f"bench-{i}", CONFIG)
            await client.get_workspace(workspace.id)  # warm the connection

            async def ours() -> None:
                await client.get_workspace(workspace.id)

            results["client_rps_c1"] = await rate(ours, 1, seconds)
            results["client_rps_c32"] = await rate(ours, 32, seconds)

        body = json.dumps({"id": workspace.id}).encode()
        detail_url = url + "/api/v2/aiworkspaces/getDetail"
        signer = Signer(ACCESS_KEY, SECRET_KEY)
        fixed = {**signer.headers("POST", "/api/v2/aiworkspaces/getDetail",
                                  int(time.time() * 1000)),
                 "Content-Type": "application/json"}
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as session:

            async def raw() -> None:
                async with session.post(detail_url, data=body, headers=fixed) as response:
                    await response.read()

            await raw()
            results["raw_rps_c1"] = await rate(raw, 1, seconds)
            results["raw_rps_c32"] = await rate(raw, 32, seconds)

            list_body = json.dumps({"search": {"accountId": DEMO_ACCOUNT_ID}}).encode()
            list_path = "/api/v2/aiworkspaces/getList"

            async def signed_list() -> None:
                headers = signer.headers("POST", list_path, int(time.time() * 1000))
                headers["Content-Type"] = "application/json"
                async with session.post(url + list_path, data=list_body,
                                        headers=headers) as response:
                    await response.read()

            results["emulator_rps"] = await rate(signed_list, 32, seconds)

        results["baseline_rps"] = await asyncio.to_thread(baseline_rate, url, workspace.id,
                                                          seconds)
    return results


def run(quick: bool = False) -> dict[str, float]:
    return asyncio.run(measure(0.7 if quick else 3.0))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key:>16}: {value:,.0f}")
