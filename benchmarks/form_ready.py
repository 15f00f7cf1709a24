"""How soon the create form is ready, against the same calls made one after another.

An emulator (in this process, on its own thread) holds an account with 20 workspaces and answers
every call after an injected delay (a fault rule: 100 ms per call, like a distant gateway).
Measured, with the cache cleared before every run:

- form_ready_ms: CreateWorkspaceForm(...) constructed -> ``ready`` (the first round: accounts
  getList, the account's getList and getDockerImageList, concurrently);
- form_sequential_ms: the calls a form needs, made one after another with a BlockingClient
  (accounts getList, getList, getConfigurationList x 20, getDockerImageList);
- round_trip_ms: one call (accounts getList).

Each run also waits for the second round (getConfigurationList of every workspace, with bounded
concurrency) and checks that the GPU models in use reached the dropdown.

    python benchmarks/form_ready.py [--quick] [--json PATH]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from common import main

from ncp_df_jupyter.core.caching import CachingClient
from ncp_df_jupyter.core.models import Configuration, Docker, Resource
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.kernel.connection import Connection
from ncp_df_jupyter.widgets import CreateWorkspaceForm

ACCESS_KEY = "BENCHACCESSKEY000002"
SECRET_KEY = "bench-secret-key-made-up-for-form-ready"
GPU_MODELS = ("V100", "T4", "A100", "H100")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


async def forget_cached(cache: CachingClient) -> None:
    cache.invalidate()  # on the portal loop, which owns the cache


def form_ready_ms(connection: Connection) -> float:
    """Milliseconds to ready of one fresh form, cache cleared first (its second round is
    waited for, and checked, after the clock stops)."""
    connection.run(forget_cached)
    started = time.perf_counter()
    form = CreateWorkspaceForm(connection, DEMO_ACCOUNT_ID)
    if not form.wait_ready(30):
        raise RuntimeError(f"the form did not get ready: {form.status.text}")
    ready = (time.perf_counter() - started) * 1000
    form.wait(60)
    values = [v for _label, v in form.gpu_model.options]
    if "H100" not in values:  # the second round really happened
        raise RuntimeError(f"the GPU models in use did not reach the dropdown: {values}")
    form.close()
    return ready


def sequential(client: BlockingClient) -> None:
    client.list_accounts()
    for row in client.list_workspaces(DEMO_ACCOUNT_ID):
        client.get_configurations(row.id)
    client.list_docker_images("tensorflow")


def measure(runs: int, workspaces: int, latency_ms: int) -> dict[str, list[float]]:
    """Per run: form ready, the same calls one after another, one round trip."""
    with EmulatorThread(access_key=ACCESS_KEY, secret_key=SECRET_KEY) as emulator:
        control = EmulatorControl(emulator.url)
        client = BlockingClient(**emulator.endpoint.client_kwargs(), timeout=30)
        for i in range(workspaces):
            config = Configuration(docker=Docker(image="tensorflow:2.15.0-gpu",
                                                 command="jupyter lab"),
                                   resource=Resource(gpu_model=GPU_MODELS[i % len(GPU_MODELS)],
                                                     gpu_count=1 + i % 4),
                                   queue_name="gpu")
            client.create_workspace(DEMO_ACCOUNT_ID, f"bench-{i:02d}", config)
        connection = Connection(client)
        form_ready_ms(connection)  # warm-up: imports, schema validators, connections
        sequential(client)
        control.set_faults([{"operation": "*", "action": "delay", "delay_ms": latency_ms}])

        found: dict[str, list[float]] = {"ready": [], "sequential": [], "round_trip": []}
        for _ in range(runs):
            found["ready"].append(form_ready_ms(connection))
            found["sequential"].append(timed(lambda: sequential(client)))
            found["round_trip"].append(timed(client.list_accounts))
        control.clear_faults()
        client.close()
    return found


def run(quick: bool = False) -> dict[str, float | None]:
    """The numbers benchmarks/run.py reports (medians)."""
    found = measure(runs=1 if quick else 5, workspaces=20, latency_ms=100)
    return {"form_ready_ms": statistics.median(found["ready"]),
            "form_sequential_ms": statistics.median(found["sequential"]),
            "round_trip_ms": statistics.median(found["round_trip"])}


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
