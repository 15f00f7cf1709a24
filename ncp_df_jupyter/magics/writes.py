"""How a magic makes a change: announced once the client has checked the request, then timed.

The client checks every request against the workspace model before it sends anything; the magic
does not check again. A request the client refuses therefore fails with its one sentence and no
"Creating ..." line before it, and nothing is sent.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.plain_text import plain_text

if TYPE_CHECKING:
    from ..core.caching import CachingClient
    from ..kernel.connection import Connection

T = TypeVar("T")


def write(connection: Connection, doing: str,
          work: Callable[[CachingClient], Awaitable[T]]) -> tuple[T, float]:
    """Run ``work`` on the portal; print ``doing...`` once the client has checked the request;
    (result, seconds taken). Ctrl-C says the change may still happen."""
    checked: concurrent.futures.Future[None] = concurrent.futures.Future()

    async def check_then_send(cache: CachingClient) -> T:
        task = asyncio.ensure_future(work(cache))
        try:
            # One turn of the loop runs the task up to its first wait for the network; the
            # client checks the request before that, so a refused request has failed by now.
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            task.cancel()
            raise
        if not task.done():
            checked.set_result(None)
        return await task

    started = time.perf_counter()
    future = connection.submit(check_then_send)
    try:
        either: list[concurrent.futures.Future[Any]] = [checked, future]
        concurrent.futures.wait(either, return_when=concurrent.futures.FIRST_COMPLETED)
        if checked.done() or future.exception() is None:
            print(plain_text(f"{doing}..."), flush=True)
        result = future.result()
    except KeyboardInterrupt:
        future.cancel()
        print(plain_text(f"Interrupted: {doing[0].lower()}{doing[1:]} may still happen; check "
                         "with %df_list."), file=sys.stderr)
        raise
    return result, time.perf_counter() - started
