"""What a sidebar's Runs section costs the service: upstream calls per minute with 10 runs shown.

- runs_upstream_per_min_1tab / _5tabs: DataForest apps.getList and apps.getDetail calls per
  minute while browser tabs show the runs of one account holding 10 running apps, each tab
  asking the server for the list (GET /ncp-df/apps?account=...) every second and for the detail
  of one expanded run (GET /ncp-df/apps/{id}) every second: one tab, then five (staggered within
  each second). Identical reads are coalesced and cached for the server's cache time (5 s), so
  both should be about 2 x 60 / 5 = 24, whatever the number of runs or tabs.

A real ``jupyter server`` (subprocess, token auth, the extension's default settings) talks to an
emulator on loopback.

    python benchmarks/bench_runs.py [--quick] [--json PATH]

``--quick`` shortens each phase from 30 s to 6 s (rougher: a minute is extrapolated).
"""

from __future__ import annotations

import asyncio
import sys
import time

from common import ACCESS_KEY, SECRET_KEY, jupyter_server, main

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

RUNS = 10
TABS = 5
UPSTREAM = ("apps.getList", "apps.getDetail")


async def tabs_showing_runs(url: str, token: str, app_id: str, tabs: int, seconds: float
                            ) -> None:
    """``tabs`` sidebars asking every second for the list and for one expanded run."""
    import aiohttp

    started = time.monotonic()
    headers = {"Authorization": f"token {token}"}
    reads = (f"{url}ncp-df/apps?account={DEMO_ACCOUNT_ID}", f"{url}ncp-df/apps/{app_id}")

    async def tab(offset: float) -> None:
        async with aiohttp.ClientSession(headers=headers) as session:
            tick = 0
            while (due := started + offset + tick) < started + seconds:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                for read in reads:
                    async with session.get(read) as response:
                        assert response.status == 200, await response.text()
                        await response.read()
                tick += 1

    await asyncio.gather(*(tab(i / tabs * 0.8) for i in range(tabs)))


def upstream(control: EmulatorControl) -> int:
    return sum(control.count(operation) for operation in UPSTREAM)


def run(quick: bool = False) -> dict[str, float | None]:
    seconds = 6.0 if quick else 30.0
    with EmulatorThread(access_key=ACCESS_KEY, secret_key=SECRET_KEY) as emulator:
        control = EmulatorControl(emulator.url)
        control.set_apps(accept_ms=0, run_ms=3_600_000)  # running for the whole benchmark
        with BlockingClient(**emulator.endpoint.client_kwargs()) as client:
            name, _, config = SAMPLE_WORKSPACES[0]
            workspace = client.create_workspace(DEMO_ACCOUNT_ID, name, config)
            apps = [client.submit_app(workspace.id, "bench") for _ in range(RUNS)]
        with jupyter_server(emulator.endpoint.env()) as (url, token):
            per_minute: dict[int, float] = {}
            for tabs in (1, TABS):
                time.sleep(5.5)  # past the cache time: each phase starts with nothing cached
                before = upstream(control)
                asyncio.run(tabs_showing_runs(url, token, apps[0].id, tabs, seconds))
                per_minute[tabs] = round((upstream(control) - before) * 60 / seconds, 1)
    return {"runs_upstream_per_min_1tab": per_minute[1],
            "runs_upstream_per_min_5tabs": per_minute[TABS]}


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
