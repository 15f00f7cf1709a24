"""How soon the create form is ready, against the same calls made one after another.

An emulator (in this process, on its own thread) holds an account with 20 workspaces and answers
every call after an injected delay (a fault rule: 100 ms per call, like a distant gateway).
Measured, with the cache cleared before every run:

- form_ready_ms: CreateWorkspaceForm(...) constructed -> ``ready`` (the first round: accounts
  getList, the account's getList and getDockerImageList, concurrently);
- form_complete_ms: constructed -> nothing in flight (the second round, getConfigurationList of
  every workspace with bounded concurrency, included);
- form_sequential_ms: the calls a form needs, made one after another with a BlockingClient
  (accounts getList, getList, getConfigurationList x 20, getDockerImageList);
- round_trip_ms: one call (accounts getList).

    python benchmarks/form_ready.py [--runs 5] [--workspaces 20] [--latency-ms 100] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ncp_df_jupyter import session
from ncp_df_jupyter.caching import CachingClient
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread
from ncp_df_jupyter.portal import BlockingClient
from ncp_df_jupyter.spec import Configuration, Docker, Resource
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


def form_times(connection: session.Connection) -> tuple[float, float]:
    """(ms to ready, ms to nothing in flight) of one fresh form, cache cleared first."""
    connection.run(forget_cached)
    started = time.perf_counter()
    form = CreateWorkspaceForm(connection, DEMO_ACCOUNT_ID)
    if not form.wait_ready(30):
        raise RuntimeError(f"the form did not get ready: {form.status.text}")
    ready = (time.perf_counter() - started) * 1000
    form.wait(60)
    complete = (time.perf_counter() - started) * 1000
    values = [v for _label, v in form.gpu_model.options]
    if "H100" not in values:  # the second round really happened
        raise RuntimeError(f"the GPU models in use did not reach the dropdown: {values}")
    form.close()
    return ready, complete


def sequential(client: BlockingClient) -> None:
    client.list_accounts()
    for row in client.list_workspaces(DEMO_ACCOUNT_ID):
        client.get_configurations(row.id)
    client.list_docker_images("tensorflow")


def summary(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def measure(runs: int, workspaces: int, latency_ms: int) -> dict[str, list[float]]:
    """Per run: form ready, form complete, the same calls one after another, one round trip."""
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
        connection = session.Connection(client)
        form_times(connection)  # warm-up: imports, schema validators, connections
        sequential(client)
        control.set_faults([{"operation": "*", "action": "delay", "delay_ms": latency_ms}])

        found: dict[str, list[float]] = {"ready": [], "complete": [], "sequential": [],
                                         "round_trip": []}
        for _ in range(runs):
            ready, complete = form_times(connection)
            found["ready"].append(ready)
            found["complete"].append(complete)
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
            "round_trip_ms": statistics.median(found["round_trip"]),
            "form_complete_ms": statistics.median(found["complete"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--json", metavar="PATH", help="also write the numbers here")
    args = parser.parse_args()

    found = measure(args.runs, args.workspaces, args.latency_ms)
    ready, complete, seq, trip = (found[k] for k in ("ready", "complete", "sequential",
                                                      "round_trip"))
    rows = [("form ready (construct -> ready)", ready),
            ("form complete (second round too)", complete),
            ("same calls one after another", seq),
            ("one round trip (accounts getList)", trip)]
    print(f"{args.workspaces} workspaces, {args.latency_ms} ms per call, {args.runs} runs "
          "(cache cleared before each)")
    print(f"{'':36} {'best ms':>9} {'median ms':>10}")
    for name, values in rows:
        best, median = summary(values)
        print(f"{name:36} {best:9.1f} {median:10.1f}")
    ready_m, seq_m, trip_m = (statistics.median(v) for v in (ready, seq, trip))
    print(f"ready / round trip  = {ready_m / trip_m:.2f}x (target <= 1.5x)")
    print(f"sequential / ready  = {seq_m / ready_m:.1f}x (target >= 2.5x)")
    if args.json:
        numbers = {"form_ready_ms": round(ready_m, 1), "form_sequential_ms": round(seq_m, 1),
                   "round_trip_ms": round(trip_m, 1),
                   "form_complete_ms": round(statistics.median(complete), 1),
                   "runs": args.runs, "workspaces": args.workspaces,
                   "latency_ms": args.latency_ms}
        Path(args.json).write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
