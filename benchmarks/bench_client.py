"""Client throughput against the emulator on loopback, side by side with what a user would write.

- client_rps_c1 / client_rps_c32: our DataForestClient.get_workspace (getDetail), 1 and 32 at once;
- baseline_rps: the recipe of NCP's documentation: requests.post with a hand-made signature,
  one call after another;
- raw_rps_c1 / raw_rps_c32: plain aiohttp, one pre-computed signature, no parsing: the
  near-limit reference;
- emulator_rps: signed getList of an account holding 100 workspaces, 32 at once.

The emulator runs in its own process, as the real service would. The machine may be shared, so
the measurements are taken in interleaved rounds (raw then ours, ours then raw, ...) and each
number is the median of its rounds: a burst of load elsewhere then hits both sides alike.

    python benchmarks/bench_client.py [--quick] [--json PATH]
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from common import ACCESS_KEY, SECRET_KEY, emulator_process, main

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.signing import Signer
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID

CONFIG = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab"},
          "resource": {"gpuModel": "T4", "gpuCount": 1}, "queueName": "gpu"}
DETAIL_PATH = "/api/v2/aiworkspaces/getDetail"
LIST_PATH = "/api/v2/aiworkspaces/getList"

Worker = Callable[[], Awaitable[Any]]


async def rate(worker: Worker, concurrency: int, seconds: float) -> float:
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

    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        timestamp = str(int(time.time() * 1000))
        headers = {"Content-Type": "application/json",
                   "x-ncp-apigw-timestamp": timestamp, "x-ncp-iam-access-key": ACCESS_KEY,
                   "x-ncp-apigw-signature-v2": make_signature("POST", DETAIL_PATH, timestamp)}
        response = requests.post(url + DETAIL_PATH, headers=headers,
                                 data=json.dumps({"id": workspace_id}))
        response.json()
        done += 1
    return done / (time.perf_counter() - started)


async def measure(rounds: int, seconds: float) -> dict[str, float]:
    import aiohttp

    samples: dict[str, list[float]] = {}

    def keep(key: str, value: float) -> None:
        samples.setdefault(key, []).append(value)

    with emulator_process() as url:
        async with DataForestClient(endpoint=url, access_key=ACCESS_KEY,
                                    secret_key=SECRET_KEY) as client:
            workspace = await client.create_workspace(DEMO_ACCOUNT_ID, "bench", CONFIG)
            gate = asyncio.Semaphore(16)

            async def create(i: int) -> None:
                async with gate:
                    await client.create_workspace(DEMO_ACCOUNT_ID, f"bench-{i}", CONFIG)

            await asyncio.gather(*(create(i) for i in range(99)))  # 100 in the account

            async def ours() -> None:
                await client.get_workspace(workspace.id)

            body = json.dumps({"id": workspace.id}).encode()
            signer = Signer(ACCESS_KEY, SECRET_KEY)
            # One signature for every raw call (valid for five minutes): no signing cost.
            fixed = {**signer.headers("POST", DETAIL_PATH, int(time.time() * 1000)),
                     "Content-Type": "application/json"}
            list_body = json.dumps({"search": {"accountId": DEMO_ACCOUNT_ID}}).encode()
            async with aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(limit=32)) as session:

                async def raw() -> None:
                    async with session.post(url + DETAIL_PATH, data=body,
                                            headers=fixed) as response:
                        await response.read()

                async def signed_list() -> None:
                    headers = signer.headers("POST", LIST_PATH, int(time.time() * 1000))
                    headers["Content-Type"] = "application/json"
                    async with session.post(url + LIST_PATH, data=list_body,
                                            headers=headers) as response:
                        await response.read()

                for worker in (ours, raw, signed_list):  # warm connections and caches
                    await rate(worker, 32, 0.1)
                for round_number in range(rounds):
                    # ABBA order: a drift in the machine's load favours neither side.
                    pair = [("raw", raw), ("client", ours)]
                    if round_number % 2:
                        pair.reverse()
                    for concurrency in (1, 32):
                        for name, worker in pair:
                            keep(f"{name}_rps_c{concurrency}",
                                 await rate(worker, concurrency, seconds))
                    keep("emulator_rps", await rate(signed_list, 32, seconds))
                    keep("baseline_rps", await asyncio.to_thread(
                        baseline_rate, url, workspace.id, seconds))
    return {key: statistics.median(values) for key, values in samples.items()}


def run(quick: bool = False) -> dict[str, float | None]:
    # Many short rounds rather than a few long ones: a burst of load on a shared machine lasts
    # about a second, and then spoils one round of each side rather than one side's number.
    rounds, seconds = (4, 0.15) if quick else (16, 0.25)
    results: dict[str, float | None] = dict(asyncio.run(measure(rounds, seconds)))
    return results


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
