"""What a 128 MB answer costs the client: the peak memory of the process that receives it.

A stand-in endpoint on 127.0.0.1 (a thread of this process) answers every request with a 200
whose JSON object is 128 MB long, streamed in 64 KiB chunks (so the server holds none of it).
Each measurement is a fresh Python process running the client, so only the client's memory is
counted: its peak resident size (ru_maxrss) during the call, minus its peak just before (after a
warm-up call to a small answer, so imports, the session and the connection pool are counted
before).

- response_cap_peak_mb: the client as shipped (max_response_bytes 8 MiB): the answer is refused
  after the first 8 MiB, unread;
- response_cap_ms: how long that refusal takes;
- response_uncapped_peak_mb: the same client with max_response_bytes raised to 1 GiB, so the
  whole answer is read and parsed: what every 128 MB answer cost before the cap.

    python benchmarks/bench_response_cap.py [--quick] [--json PATH]
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aiohttp import web
from common import ACCESS_KEY, SECRET_KEY, main

SIZE = 128 << 20
CHUNK = 64 << 10

CLIENT = """
import asyncio, json, resource, sys, time
from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.errors import DataForestError

small, huge, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
options = {{"max_response_bytes": cap}} if cap else {{}}

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

async def call(url):
    async with DataForestClient({access!r}, {secret!r}, url, timeout=120,
                                retry=RetryPolicy(max_attempts=1), **options) as client:
        try:
            payload = await client._request("accounts.getList", {{}})
            return "read", len(json.dumps(payload))
        except DataForestError as exc:
            return "refused", str(exc)

asyncio.run(call(small))
before = peak_mb()
started = time.perf_counter()
outcome = asyncio.run(call(huge))
took = (time.perf_counter() - started) * 1000
print(json.dumps({{"before_mb": before, "peak_mb": peak_mb(), "ms": took, "outcome": outcome}}))
"""


def _app(size: int) -> web.Application:
    async def answer(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        head = b'{"success": true, "contents": [], "total": 0, "pad": "'
        try:
            await response.write(head)
            left = max(0, size - len(head) - 2)
            while left > 0:
                piece = min(CHUNK, left)
                await response.write(b"x" * piece)
                left -= piece
            await response.write(b'"}')
        except (ConnectionError, RuntimeError):
            pass  # the client hung up
        return response

    app = web.Application()
    app.router.add_post("/{tail:.*}", answer)
    return app


@contextmanager
def stand_ins() -> Iterator[tuple[str, str]]:
    """(a small answer's URL, the 128 MB answer's URL), served from one background thread."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    runners: list[web.AppRunner] = []

    async def start(size: int) -> str:
        runner = web.AppRunner(_app(size), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    try:
        small = asyncio.run_coroutine_threadsafe(start(1024), loop).result(10)
        huge = asyncio.run_coroutine_threadsafe(start(SIZE), loop).result(10)
        yield small, huge
    finally:
        for runner in runners:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@dataclass(frozen=True)
class Measured:
    grew_mb: float  # the peak during the call above the peak before it
    ms: float
    outcome: str  # "read" or "refused"


def measure(small: str, huge: str, cap: int) -> Measured:
    """One fresh client process; ``cap`` 0: the client's default max_response_bytes."""
    script = CLIENT.format(access=ACCESS_KEY, secret=SECRET_KEY)
    done = subprocess.run([sys.executable, "-c", script, small, huge, str(cap)],
                          capture_output=True, text=True, check=True, timeout=300)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return Measured(found["peak_mb"] - found["before_mb"], found["ms"], found["outcome"][0])


def run(quick: bool = False) -> dict[str, float | None]:
    with stand_ins() as (small, huge):
        capped = measure(small, huge, 0)
        uncapped = measure(small, huge, 1 << 30)
    if (capped.outcome, uncapped.outcome) != ("refused", "read"):
        raise RuntimeError(f"unexpected outcomes: {capped}, {uncapped}")
    return {"response_cap_peak_mb": capped.grew_mb, "response_cap_ms": capped.ms,
            "response_uncapped_peak_mb": uncapped.grew_mb}


if __name__ == "__main__":
    sys.exit(main(run, __doc__))
