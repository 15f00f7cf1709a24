"""Where the client's microseconds go on one call (getDetail), end to end.

Not a part of benchmarks/run.py (its numbers are for people reading a profile, not targets):

    python benchmarks/profile_client.py [--calls N] [--tls]

Three views of the same call:

1. CPU per call, measured: ``time.process_time()`` of this process over N sequential calls
   against an emulator in another process (so the emulator's work is not counted), for our
   client and for plain aiohttp sending the same bytes (one pre-computed signature, no parsing),
   in interleaved rounds, the best round of each (a shared machine only ever adds time). The
   difference is what the client adds to a call.
2. CPU per stage, each stage alone in a tight loop over the real answer of that emulator:
   checking the input against the schema, encoding the body, signing, the deadline bookkeeping,
   decoding the answer, building the result objects. What is left of the difference of (1) after
   these is the client's share of aiohttp's work (its per-request options, the capped read)
   and the garbage collector's (timeit turns it off; a real call's allocations pay for it).
3. Function calls per request (cProfile's count, Python and C): the same on any machine, so it
   compares a change before and after where CPU times, on a shared machine, barely can; with the
   functions our client calls more often than plain aiohttp does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import pstats
import sys
import time
import timeit
from collections.abc import Awaitable, Callable
from typing import Any

from common import ACCESS_KEY, SECRET_KEY, emulator_process, tls_emulator_process

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core import deadline, outcomes
from ncp_df_jupyter.core.models import WorkspaceDetail
from ncp_df_jupyter.core.protocol import OPERATIONS
from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.core.signing import Signer
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID

CONFIG = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab"},
          "resource": {"gpuModel": "T4", "gpuCount": 1}, "queueName": "gpu"}
DETAIL = OPERATIONS["getDetail"]


ROUNDS = 10
TOP = 15
COUNTED_CALLS = 200


async def calls_made(worker: Callable[[], Awaitable[Any]]) -> dict[str, float]:
    """Function calls per call of ``worker`` (cProfile's count), by function."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(COUNTED_CALLS):
        await worker()
    profile.disable()
    counts: dict[str, float] = {}
    for (path, line, name), row in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
        where = path.rsplit("site-packages/", 1)[-1].rsplit("ncp_df_jupyter/", 1)[-1]
        counts[f"{where}:{line}({name})"] = row[1] / COUNTED_CALLS
    return counts


async def cpu_per_call(worker: Callable[[], Awaitable[Any]], calls: int) -> float:
    """Microseconds of this process's CPU per call of ``worker``, one call at a time."""
    for _ in range(min(200, calls)):  # warm: connections, caches
        await worker()
    started = time.process_time()
    for _ in range(calls):
        await worker()
    return (time.process_time() - started) / calls * 1e6


def per_stage(answer: bytes, workspace_id: str) -> dict[str, float]:
    """Microseconds of each stage of the client's own work, alone."""
    body = {"id": workspace_id}
    signer = Signer(ACCESS_KEY, SECRET_KEY)
    encode = json.JSONEncoder(separators=(",", ":")).encode
    payload = outcomes.json_object(answer)
    assert payload is not None

    def budget() -> None:
        with deadline.call_budget(30.0) as running:
            running.limit(10.0)

    stages: dict[str, Callable[[], object]] = {
        "check the input against the schema": lambda: rules.check(DETAIL.request_schema, body),
        "encode the request body (JSON)": lambda: encode(body).encode(),
        "sign (signature v2 headers)": lambda: signer.headers("POST", DETAIL.path,
                                                              int(time.time() * 1000)),
        "deadline: call budget + attempt limit": budget,
        "decode the answer (JSON)": lambda: outcomes.json_object(answer),
        "build the result (WorkspaceDetail)": lambda: WorkspaceDetail.from_api(payload),
    }
    out: dict[str, float] = {}
    for name, stage in stages.items():
        timer = timeit.Timer(stage)
        loops, _ = timer.autorange()
        best = min(timer.repeat(5, loops)) / loops
        out[name] = best * 1e6
    return out


async def measure(calls: int, tls: bool) -> None:
    import ssl

    import aiohttp

    with contextlib.ExitStack() as stack:
        if tls:
            url, ca_file, _pid = stack.enter_context(tls_emulator_process())
        else:
            url, ca_file = stack.enter_context(emulator_process()), None
        kwargs: dict[str, Any] = {"ca_bundle": ca_file} if ca_file else {}
        ssl_context = ssl.create_default_context(cafile=ca_file) if ca_file else True
        async with DataForestClient(endpoint=url, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                                    **kwargs) as client:
            workspace = await client.create_workspace(DEMO_ACCOUNT_ID, "profile", CONFIG)
            signer = Signer(ACCESS_KEY, SECRET_KEY)
            fixed = {**signer.headers("POST", DETAIL.path, int(time.time() * 1000)),
                     "Content-Type": "application/json"}
            data = json.dumps({"id": workspace.id}).encode()
            connector = aiohttp.TCPConnector(limit=32, ssl=ssl_context)
            async with aiohttp.ClientSession(connector=connector) as session:

                async def raw() -> bytes:
                    async with session.post(url + DETAIL.path, data=data,
                                            headers=fixed) as response:
                        return await response.read()

                async def ours() -> WorkspaceDetail:
                    return await client.get_workspace(workspace.id)

                answer = await raw()
                # Interleaved rounds, the best of each: the machine may be shared.
                raw_us, ours_us = [], []
                for _ in range(ROUNDS):
                    raw_us.append(await cpu_per_call(raw, calls // ROUNDS))
                    ours_us.append(await cpu_per_call(ours, calls // ROUNDS))
                counted = {"raw": await calls_made(raw), "ours": await calls_made(ours)}
    raw_cpu, ours_cpu = min(raw_us), min(ours_us)
    stages = per_stage(answer, workspace.id)
    print(f"CPU per getDetail call, this process only ({calls} calls, the best of {ROUNDS} rounds"
          f"{', TLS' if tls else ''}):")
    print(f"  {'plain aiohttp (same bytes, no signing, no parsing)':48s} {raw_cpu:7.1f} us")
    print(f"  {'our client':48s} {ours_cpu:7.1f} us")
    print(f"  {'what the client adds':48s} {ours_cpu - raw_cpu:7.1f} us")
    print("\nThe client's own stages, each alone:")
    for name, us in stages.items():
        print(f"  {name:48s} {us:7.1f} us")
    rest = ours_cpu - raw_cpu - sum(stages.values())
    print(f"  {'the rest (aiohttp options, read, bookkeeping, gc)':48s} {rest:7.1f} us")
    raw_calls, ours_calls = (sum(counted[k].values()) for k in ("raw", "ours"))
    print(f"\nFunction calls per request: plain aiohttp {raw_calls:.0f}, our client "
          f"{ours_calls:.0f} (+{ours_calls - raw_calls:.0f}); ours more often than aiohttp's:")
    more = {name: n - counted["raw"].get(name, 0.0) for name, n in counted["ours"].items()}
    for name, extra in sorted(more.items(), key=lambda item: -item[1])[:TOP]:
        if extra >= 0.5:
            print(f"  {extra:5.0f}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--tls", action="store_true", help="over TLS (the emulator's --tls)")
    args = parser.parse_args()
    asyncio.run(measure(args.calls, args.tls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
