"""What the sidebar's AI App runs list costs the service while it refreshes.

- apps_poll_upstream_calls_per_interval: DataForest calls (of any operation, counted by the
  emulator) per refresh of a runs list showing 10 runs, one of them expanded, while the runs
  move through ACCEPTED, RUNNING and FINISHED. The limit: one apps getList per refresh, plus
  one getDetail of the expanded run when its row changed (any field but the elapsed time), so
  1 + (the expanded run's changes) / (refreshes): <= 1.2 here. Polling each run's detail would
  cost 11.

How one refresh reaches the service is a ``RunsSource``: here ``CoreRuns``, the core's
CachingClient (what the server extension's apps routes put in front of the client); a source
that GETs those routes would measure the same with ``calls_per_refresh``. What the refresh does
with the answers (the expanded run's detail only on a change of its row) is the rule of the
sidebar's RunsModel (src/runs.ts); the sidebar itself in Chromium is counted by
tests/e2e/browser/test_runs.py. Time is scaled down (a refresh every REFRESH_S instead of the
sidebar's default 10 s, the cache kept for the same share of it as the server's 5 s of 10 s),
so a run takes a few seconds.

    python benchmarks/bench_apps_poll.py [--quick] [--json PATH]
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Mapping
from typing import Any, Protocol

from common import ACCESS_KEY, SECRET_KEY, main

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.caching import CachingClient
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

RUNS = 10
REFRESH_S = 0.25
# The server keeps answers 5 s and the sidebar refreshes every 10 s: the same share here.
CACHE_S = REFRESH_S * 5 / 10


class RunsSource(Protocol):
    """Where one refresh of the runs list gets its rows and the expanded run's detail."""

    async def runs(self) -> list[Mapping[str, Any]]: ...

    async def run(self, app_id: str) -> Mapping[str, Any]: ...


class CoreRuns:
    """The runs list through the core's CachingClient (as the server extension holds it)."""

    def __init__(self, cache: CachingClient, account_id: str) -> None:
        self.cache, self.account_id = cache, account_id

    async def runs(self) -> list[Mapping[str, Any]]:
        return [app.to_api() for app in await self.cache.list_apps(self.account_id)]

    async def run(self, app_id: str) -> Mapping[str, Any]:
        return (await self.cache.get_app(app_id)).to_api()


def _changed_mark(row: Mapping[str, Any]) -> str:
    """What makes an expanded run's detail worth fetching again: any field of its row but the
    elapsed time the server computes for each answer (the sidebar's ``rowKey``, src/runs.ts)."""
    return json.dumps({k: v for k, v in row.items() if k != "elapsedMillis"}, sort_keys=True,
                      default=str)


async def calls_per_refresh(source: RunsSource, control: EmulatorControl, expanded: str,
                            refreshes: int) -> float:
    """Upstream calls per refresh of ``source``'s runs list with run ``expanded`` open."""
    before = len(control.requests())
    seen: str | None = None  # the row's mark when its detail was last read
    started = time.monotonic()
    for tick in range(refreshes):
        await asyncio.sleep(max(0.0, started + tick * REFRESH_S - time.monotonic()))
        rows = await source.runs()
        if len(rows) != RUNS:
            raise RuntimeError(f"the runs list shows {len(rows)} runs, not {RUNS}")
        row = next(r for r in rows if r.get("id") == expanded)
        if _changed_mark(row) != seen:
            await source.run(expanded)
            seen = _changed_mark(row)
    return (len(control.requests()) - before) / refreshes


async def submit_runs(client: DataForestClient, control: EmulatorControl) -> list[str]:
    """RUNS runs of one workspace, each a little longer than the last; the ids, first first."""
    name, _, config = SAMPLE_WORKSPACES[0]
    workspace = await client.create_workspace(DEMO_ACCOUNT_ID, name, config)
    ids = []
    for i in range(RUNS):
        prefix = f"run{i:02d}"
        control.set_apps(name_prefix=prefix, accept_ms=int(REFRESH_S * 2000),
                         run_ms=int(REFRESH_S * 1000 * (4 + 2 * i)))
        ids.append((await client.submit_app(workspace.id, prefix)).id)
    return ids


async def measure(refreshes: int) -> dict[str, float | None]:
    with EmulatorThread(access_key=ACCESS_KEY, secret_key=SECRET_KEY) as emulator:
        control = EmulatorControl(emulator.url)
        async with DataForestClient(**emulator.endpoint.client_kwargs()) as client:
            ids = await submit_runs(client, control)
            source = CoreRuns(CachingClient(client, ttl=CACHE_S), DEMO_ACCOUNT_ID)
            # The third run: it is accepted, runs and finishes within the refreshes.
            per_refresh = await calls_per_refresh(source, control, ids[2], refreshes)
    return {"apps_poll_upstream_calls_per_interval": per_refresh}


def run(quick: bool = False) -> dict[str, float | None]:
    return asyncio.run(measure(refreshes=20 if quick else 40))


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
