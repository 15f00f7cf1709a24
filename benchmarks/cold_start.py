"""What one new Python process measures for bench_tls.py (run by it, never imported by run.py):

    python benchmarks/cold_start.py call    # the first list_accounts of a new client, then the next
    python benchmarks/cold_start.py form    # the create form of a fresh kernel session, to ready

It is configured only by its environment, as a kernel started by JupyterLab would be
(NCP_DF_ENDPOINT, the key pair, NCP_DF_CA_BUNDLE; BENCH_ACCOUNT_ID for the form), and prints one
JSON line. Everything it imports is imported before any interval starts (ncp_df_jupyter,
aiohttp, for the form the widgets), so its import and start-up CPU time is in no interval at all.
Each interval says:

- ``wall``: seconds on the clock (perf_counter);
- ``cpu``: seconds of CPU the process used meanwhile (process_time(): every thread, user and
  system): making the client and its SSL context, the handshake's cryptography, the call's own
  work; bench_tls.py subtracts it from ``wall``;
- ``queued``: seconds its threads waited in the run queue for a CPU meanwhile (what the second
  field of /proc/self/task/<tid>/schedstat grew by; 0 where that file does not exist): what a
  shared machine adds, reported beside the numbers, not subtracted.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

OWN_TASKS = Path("/proc/self/task")


def own_queued() -> dict[str, float]:
    """Seconds each thread of this process has waited in the run queue so far, by thread id
    (nothing where schedstat cannot be read)."""
    try:
        queued = {}
        for task in OWN_TASKS.iterdir():
            _run_ns, wait_ns, _slices = (task / "schedstat").read_text().split()
            queued[task.name] = int(wait_ns) / 1e9
        return queued
    except (OSError, ValueError):
        return {}


class Interval:
    """``with Interval() as spent:`` then ``spent.wall``, ``spent.cpu``, ``spent.queued``."""

    def __enter__(self) -> Interval:
        self._queued = own_queued()
        self.wall, self.cpu, self.queued = -time.perf_counter(), -time.process_time(), 0.0
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.wall += time.perf_counter()
        self.cpu += time.process_time()
        # A thread that ended meanwhile counts for nothing (rather than for less than nothing).
        self.queued = sum(value - self._queued.get(tid, 0.0)
                          for tid, value in own_queued().items())

    def to_json(self) -> dict[str, float]:
        return {"wall": self.wall, "cpu": self.cpu, "queued": self.queued}


def calls() -> dict[str, object]:
    import aiohttp  # noqa: F401  (what the first call would import: before the clock)

    from ncp_df_jupyter import DataForestClient
    from ncp_df_jupyter.core import client as _client  # noqa: F401

    async def both() -> dict[str, object]:
        with Interval() as cold:
            client = DataForestClient()  # from the environment, the CA bundle included
            accounts = await client.list_accounts()
        with Interval() as warm:
            await client.list_accounts()
        await client.close()
        return {"cold": cold.to_json(), "warm": warm.to_json(), "accounts": len(accounts)}

    return asyncio.run(both())


def form() -> dict[str, object]:
    import aiohttp  # noqa: F401

    from ncp_df_jupyter.kernel import connection
    from ncp_df_jupyter.kernel.portal import get_portal
    from ncp_df_jupyter.widgets import CreateWorkspaceForm

    get_portal()  # the kernel's I/O thread, started by any first use in a session
    account = os.environ["BENCH_ACCOUNT_ID"]
    with Interval() as ready:
        made = CreateWorkspaceForm(connection.current(), account)  # the kernel's connection
        ok = made.wait_ready(60)
    if not ok:
        raise RuntimeError(f"the form did not get ready: {made.status.text}")
    made.wait(60)
    made.close()
    connection.forget()
    return {"ready": ready.to_json()}


if __name__ == "__main__":
    what = {"call": calls, "form": form}[sys.argv[1]]
    print(json.dumps(what()), flush=True)
