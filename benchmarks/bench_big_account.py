"""A big account: 2,000 workspaces listed with their configurations and the dropdowns filled.

- big_account_ms: ``client.describe_workspaces`` (getList, then getConfigurationList of every
  workspace at the client's bounded concurrency) plus ``dropdown_choices`` over the result;
  median of a few runs;
- big_account_peak_mb: the peak of Python memory allocated during that work (tracemalloc, in a
  separate run so tracing does not slow the timed ones).

The emulator runs in its own process; the workspaces are made through the client beforehand.

    python benchmarks/bench_big_account.py [--quick] [--json PATH]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ACCESS_KEY, SECRET_KEY, emulator_process, main

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.models import Choices, dropdown_choices
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID

WORKSPACES = 2000
GPU_MODELS = ("T4", "V100", "A100", "H100")
QUEUES = ("gpu", "gpu-large", "batch")


def config_for(i: int) -> dict[str, object]:
    return {"docker": {"image": f"tensorflow:2.{i % 16}.0-gpu", "command": "jupyter lab",
                       "env": {"RUN": str(i)}, "exposeTcpPorts": [8888]},
            "resource": {"gpuModel": GPU_MODELS[i % len(GPU_MODELS)], "gpuCount": i % 8 + 1,
                         "cpuCount": 4, "memoryMb": 15360},
            "queueName": QUEUES[i % len(QUEUES)]}


async def fill(client: DataForestClient) -> None:
    gate = asyncio.Semaphore(32)

    async def create(i: int) -> None:
        async with gate:
            await client.create_workspace(DEMO_ACCOUNT_ID, f"ws-{i}", config_for(i))

    await asyncio.gather(*(create(i) for i in range(WORKSPACES)))


async def list_and_choose(client: DataForestClient) -> Choices:
    summaries = await client.describe_workspaces(DEMO_ACCOUNT_ID)
    if len(summaries) != WORKSPACES:
        raise RuntimeError(f"described {len(summaries)} workspaces, expected {WORKSPACES}")
    return dropdown_choices(s.configuration for s in summaries)


async def measure(runs: int, quick: bool = False) -> dict[str, float | None]:
    with emulator_process() as url:
        async with DataForestClient(endpoint=url, access_key=ACCESS_KEY,
                                    secret_key=SECRET_KEY) as client:
            await fill(client)
            if not quick:
                await list_and_choose(client)  # warm: connections, the emulator's answers
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                choices = await list_and_choose(client)
                times.append((time.perf_counter() - started) * 1000)
            assert set(GPU_MODELS) <= set(choices.gpu_models), choices
            tracemalloc.start()
            try:
                await list_and_choose(client)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    return {"big_account_ms": statistics.median(times), "big_account_peak_mb": peak / 2**20}


def run(quick: bool = False) -> dict[str, float | None]:
    return asyncio.run(measure(1, quick=True) if quick else measure(3))


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
