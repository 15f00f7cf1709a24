"""TLS across a network of a fixed round trip: what a cold call, a warm call and the create form
cost, counted in round trips (what a user far from the gateway feels), beside the physical limit.

The emulator serves HTTPS (``ncp-df emulator --tls``, its own process, a certificate made at
start); a LatencyProxy (latency_proxy.py) in front of it makes every segment take RTT_MS / 2 each
way and a new connection pay TCP's handshake round trip. Clients trust the emulator's CA through
NCP_DF_CA_BUNDLE, as a kernel would.

- tls_rtt_ms: the proxy's round trip, measured: a one-byte echo on an open connection through a
  proxy of the same setting (median of the pings);
- tls_cold_call_rtts: a new Python process's first ``list_accounts`` (the client made from the
  environment, its first connection, TCP + TLS handshakes, the call), as (wall - cpu) / RTT
  over that interval: cold_start.py imports everything before the interval starts, so no
  import or start-up time is in it, and subtracts the CPU time the process used within it
  (process_time(), every thread); limit 3 = TCP 1 + TLS 1.3 1 + the request 1;
- tls_warm_call_rtts: the next ``list_accounts`` of the same client, the same way (limit 1);
- tls_form_ready_rtts: in a new process (a fresh kernel session: its imports done), the kernel's
  connection made from the environment and CreateWorkspaceForm(account) until ready, as wall /
  RTT: nothing subtracted, since the form builds its widgets while its first round is in flight
  (accounts, the account's workspaces, both image lists, concurrently, each on a new
  connection), so its CPU time overlaps the waiting; limit 3 (the same three round trips).
Each is the median over several new processes. References (not in the JSON), in ms: the round
trip the proxy was set to (tls_rtt_set_ms), the cold call's wall time, the CPU time subtracted
from it, the time the process waited for a CPU of this shared machine meanwhile (in the round
trips, not subtracted), and the form's wall time.

    python benchmarks/bench_tls.py [--quick] [--json PATH]
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from common import ACCESS_KEY, SECRET_KEY, main, tls_emulator_process
from latency_proxy import LatencyProxy

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID

HERE = Path(__file__).resolve().parent
RTT_MS = 40.0
WORKSPACES = 20
CONFIG = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab"},
          "resource": {"gpuModel": "T4", "gpuCount": 1}, "queueName": "gpu"}


async def seed(url: str, ca_file: str) -> None:
    """The account the form opens on holds WORKSPACES workspaces (made directly, no proxy)."""
    async with DataForestClient(endpoint=url, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                                ca_bundle=ca_file) as client:
        for i in range(WORKSPACES):
            await client.create_workspace(DEMO_ACCOUNT_ID, f"tls-{i:02d}", CONFIG)


async def echo_round_trip(rtt_s: float, pings: int) -> float:
    """Seconds of one round trip through a LatencyProxy of ``rtt_s`` (median of ``pings``)."""

    ended = asyncio.Event()

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(1024):
            writer.write(data)
            await writer.drain()
        writer.close()
        ended.set()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    times = []
    with LatencyProxy(port, rtt_s) as proxy:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(b"!")  # the first byte also waits out the connection's handshake
        await reader.readexactly(1)
        for _ in range(pings):
            started = time.perf_counter()
            writer.write(b".")
            await reader.readexactly(1)
            times.append(time.perf_counter() - started)
        writer.close()
        await asyncio.wait_for(ended.wait(), 10 * rtt_s + 5)  # the end crossed the proxy too
    server.close()
    rtt = statistics.median(times)
    if rtt < rtt_s:  # the proxy is what makes these numbers mean anything
        raise RuntimeError(f"the latency proxy's round trip is {rtt * 1000:.1f} ms, less than "
                           f"the {rtt_s * 1000:g} ms it was set to: its delay was not applied")
    return rtt


def in_new_process(what: str, env: dict[str, str]) -> dict[str, Any]:
    """cold_start.py ``what`` in a new Python process; its JSON line."""
    done = subprocess.run([sys.executable, str(HERE / "cold_start.py"), what], env=env,
                          capture_output=True, text=True, timeout=120)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"cold_start.py {what} failed: {done.stderr.strip()[-500:]}")
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def kernel_env(url: str, ca_file: str, config_dir: str) -> dict[str, str]:
    """The environment of a kernel pointed at ``url`` (nothing of ours from this one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NCLOUD_", "NCP_DF_"))}
    env.update(NCP_DF_ENDPOINT=url, NCLOUD_ACCESS_KEY_ID=ACCESS_KEY,
               NCLOUD_SECRET_ACCESS_KEY=SECRET_KEY, NCP_DF_CA_BUNDLE=ca_file,
               NCP_DF_CONFIG_FILE=str(Path(config_dir, "no-configure")),
               BENCH_ACCOUNT_ID=DEMO_ACCOUNT_ID)
    return env


def round_trips(spent: dict[str, float], rtt: float) -> float:
    """An interval less the process's CPU time in it, in round trips (see cold_start.py)."""
    return max(0.0, spent["wall"] - spent["cpu"]) / rtt


def measure(calls: int, forms: int, pings: int) -> dict[str, float | None]:
    rtt_s = RTT_MS / 1000
    with tls_emulator_process() as (url, ca_file, _pid), tempfile.TemporaryDirectory() as tmp:
        asyncio.run(seed(url, ca_file))
        rtt = asyncio.run(echo_round_trip(rtt_s, pings))
        with LatencyProxy(urlsplit(url).port or 443, rtt_s) as proxy:
            env = kernel_env(f"https://127.0.0.1:{proxy.port}", ca_file, tmp)
            cold = [in_new_process("call", env) for _ in range(calls)]
            if proxy.connections != calls:  # the warm call must have kept the connection
                raise RuntimeError(f"{calls} processes opened {proxy.connections} connections")
            ready = [in_new_process("form", env)["ready"] for _ in range(forms)]
    return {
        "tls_rtt_ms": rtt * 1000,
        "tls_rtt_set_ms": RTT_MS,
        "tls_cold_call_rtts": statistics.median(round_trips(c["cold"], rtt) for c in cold),
        "tls_warm_call_rtts": statistics.median(round_trips(c["warm"], rtt) for c in cold),
        "tls_form_ready_rtts": statistics.median(r["wall"] for r in ready) / rtt,
        "tls_cold_call_ms": statistics.median(c["cold"]["wall"] * 1000 for c in cold),
        "tls_cold_cpu_ms": statistics.median(c["cold"]["cpu"] * 1000 for c in cold),
        "tls_cold_queued_ms": statistics.median(c["cold"]["queued"] * 1000 for c in cold),
        "tls_form_ready_ms": statistics.median(r["wall"] * 1000 for r in ready),
    }


def run(quick: bool = False) -> dict[str, float | None]:
    return measure(calls=3 if quick else 7, forms=1 if quick else 3, pings=5 if quick else 15)


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
