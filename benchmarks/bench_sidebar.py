"""What the sidebar's REST API costs the service, and how fast it answers under load.

- sidebar_upstream_calls_1tab / _5tabs: DataForest getList calls made for one account while
  browser tabs refresh the sidebar (GET /ncp-df/workspaces?account=...) every second for 10 s:
  one tab, then five (staggered within each second, as real tabs are). Identical reads are
  coalesced and cached for the server's cache time, so the two numbers should be equal.
- sidebar_p50_ms / sidebar_p99_ms: latency of GET /ncp-df/workspaces with 50 requests always in
  flight (50 clients in a closed loop), cache misses included as they come.

A real ``jupyter server`` (subprocess, token auth, the extension's default settings) talks to an
emulator on loopback holding 10 workspaces in the account.

    python benchmarks/bench_sidebar.py [--quick] [--json PATH]

``--quick`` (a few seconds) shortens the refresh phases to 2 s and the latency run to 1 s.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import urllib.error
import urllib.request

from common import ACCESS_KEY, SECRET_KEY, jupyter_server, main

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

CONCURRENCY = 50
TABS = 5
WORKSPACES = 10


def forget_cached_lists(url: str, token: str, workspace_id: str) -> None:
    """Delete a spare workspace through the extension, which drops its cached lists."""
    request = urllib.request.Request(f"{url}ncp-df/workspaces/{workspace_id}", method="DELETE",
                                     headers={"Authorization": f"token {token}"})
    urllib.request.urlopen(request).close()


async def tabs_refreshing(url: str, token: str, tabs: int, seconds: float) -> None:
    """``tabs`` sidebars refreshing every second, each at its own offset within the second."""
    import aiohttp

    started = time.monotonic()
    headers = {"Authorization": f"token {token}"}
    workspaces = f"{url}ncp-df/workspaces?account={DEMO_ACCOUNT_ID}"

    async def tab(offset: float) -> None:
        async with aiohttp.ClientSession(headers=headers) as session:
            tick = 0
            while (due := started + offset + tick) < started + seconds:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                async with session.get(workspaces) as response:
                    assert response.status == 200, await response.text()
                    await response.read()
                tick += 1

    await asyncio.gather(*(tab(i / tabs * 0.8) for i in range(tabs)))


async def latencies(url: str, token: str, seconds: float) -> list[float]:
    """Milliseconds per GET /ncp-df/workspaces with CONCURRENCY requests always in flight."""
    import aiohttp

    found: list[float] = []
    workspaces = f"{url}ncp-df/workspaces?account={DEMO_ACCOUNT_ID}"
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector,
                                     headers={"Authorization": f"token {token}"}) as session:

        async def client() -> None:
            while time.monotonic() < deadline:
                began = time.perf_counter()
                async with session.get(workspaces) as response:
                    await response.read()
                    assert response.status == 200
                found.append((time.perf_counter() - began) * 1000)

        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
    return found


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(quick: bool = False) -> dict[str, float | None]:
    refresh_seconds, latency_seconds = (2.0, 1.0) if quick else (10.0, 5.0)
    with EmulatorThread(access_key=ACCESS_KEY, secret_key=SECRET_KEY) as emulator:
        control = EmulatorControl(emulator.url)
        with BlockingClient(**emulator.endpoint.client_kwargs()) as client:
            for i in range(WORKSPACES):
                name, _, config = SAMPLE_WORKSPACES[i % len(SAMPLE_WORKSPACES)]
                client.create_workspace(DEMO_ACCOUNT_ID, f"{name[:10]}-{i}", config)
            # deleted between the two phases, so the second starts with nothing cached
            spare = client.create_workspace(DEMO_ACCOUNT_ID, "spare", SAMPLE_WORKSPACES[0][2])
        with jupyter_server(emulator.endpoint.env()) as (url, token):
            calls: dict[int, int] = {}
            for tabs in (1, TABS):
                if calls:
                    forget_cached_lists(url, token, spare.id)
                before = control.count("getList")
                asyncio.run(tabs_refreshing(url, token, tabs, refresh_seconds))
                calls[tabs] = control.count("getList") - before
            measured = asyncio.run(latencies(url, token, latency_seconds))
    return {
        "sidebar_upstream_calls_1tab": calls[1],
        "sidebar_upstream_calls_5tabs": calls[TABS],
        "sidebar_p50_ms": round(statistics.median(measured), 2),
        "sidebar_p99_ms": round(percentile(measured, 0.99), 2),
    }


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
