"""Following an AI app: its state through ``wait_app`` and its log re-read as it grows.

``follow_log`` is the one follow loop of every face: ``%df_logs --follow`` prints what each
update adds, the run monitor widget shows the tail of each update's log and its elapsed time.
The state is polled by ``wait_app`` (its backoff, its failed-poll budget); the log, which lives
outside the API gateway (the container's logUrl, core/app_logs.py), is re-read on every change
of state and every ``every`` seconds while the app runs, and once more when it has ended.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from .errors import AppLogError
from .models import AppContainer, AppDetail

# Seconds between two reads of a running app's log (a change of state reads it at once).
LOG_EVERY_S = 3.0
# How much of the end of the previous log is looked for in the next one when its start was
# cut away (the last few lines: log lines usually carry a time, so they are told apart).
_OVERLAP_CHARS = 4096
_OVERLAP_LINES = 3


@dataclass(frozen=True)
class LogUpdate:
    """One step of a followed app: the app as last read, the container whose log is followed
    (None while it has none), the whole log as last read, what is new in it since the previous
    update, and why the log could not be read (the log is tried again after a change of
    state). ``final`` is True on the last update, once the app has ended."""

    app: AppDetail
    container: AppContainer | None
    text: str
    added: str
    error: AppLogError | None = None
    final: bool = False


def log_added(previous: str, text: str) -> str:
    """What ``text`` (a log read again) adds to ``previous``: its end when it starts with it;
    when its start was cut away (a log longer than the read limit), what follows the end of
    ``previous``; the whole of it when neither can be told."""
    if text.startswith(previous):
        return text[len(previous):]
    lines = previous[-_OVERLAP_CHARS:].splitlines(keepends=True)
    for count in range(min(_OVERLAP_LINES, len(lines)), 0, -1):  # the longest end found
        tail = "".join(lines[-count:])
        found = text.rfind(tail)
        if found >= 0:
            return text[found + len(tail):]
    return text


OnChange = Callable[[AppDetail], object]


class Follower(Protocol):
    """What ``follow_log`` needs of the client."""

    def wait_app(self, app_id: str, timeout: float | None = None,
                 on_change: OnChange | None = None) -> Awaitable[AppDetail]: ...

    def app_log(self, container: AppContainer | str) -> Awaitable[str]: ...


async def follow_log(client: Follower, app_id: str, container: str | None = None, *,
                     every: float = LOG_EVERY_S, timeout: float | None = None,
                     on_change: OnChange | None = None) -> AsyncIterator[LogUpdate]:
    """Updates of the app until it has ended: on every change of state, and every ``every``
    seconds while it runs (so a consumer can show the elapsed time and the log growing).
    ``container``: the one to follow (default: the first; ``ValidationError`` naming the
    containers there are when it has none of that name). ``on_change`` is ``wait_app``'s.
    ``wait_app``'s errors (``AppWaitTimeoutError`` after ``timeout`` s...) end the loop; a log
    that cannot be read does not (``LogUpdate.error``). Closing the generator stops the poll."""
    changes: asyncio.Queue[AppDetail] = asyncio.Queue()

    async def seen(detail: AppDetail) -> None:
        changes.put_nowait(detail)
        if on_change is not None:
            result = on_change(detail)
            if inspect.isawaitable(result):
                await result

    waiting = asyncio.ensure_future(client.wait_app(app_id, timeout, seen))
    latest: AppDetail | None = None
    text, log_failed = "", False
    try:
        while True:
            changed = await _next_change(changes, waiting, every)
            if changed is not None:
                latest, log_failed = changed, False  # a new state: the log is worth a try
            if waiting.done():
                latest = waiting.result()  # raises what ended the wait
            if latest is None:
                continue  # no answer yet (a poll failed and is being waited out)
            chosen = latest.log_container(container)
            added, error = "", None
            if chosen is not None and chosen.log_url and not log_failed:
                try:
                    new = await client.app_log(chosen)
                except AppLogError as exc:
                    error, log_failed = exc, True
                else:
                    added, text = log_added(text, new), new
            yield LogUpdate(latest, chosen, text, added, error, final=waiting.done())
            if waiting.done():
                return
    finally:
        if not waiting.done():
            waiting.cancel()  # the consumer stopped early: so does the polling
        elif not waiting.cancelled():
            waiting.exception()  # retrieved, so asyncio never reports it as lost


async def _next_change(changes: asyncio.Queue[AppDetail], waiting: asyncio.Future[AppDetail],
                       every: float) -> AppDetail | None:
    """The newest detail that changed, once one came, the wait ended or ``every`` s passed."""
    if changes.empty():
        getter = asyncio.ensure_future(changes.get())
        await asyncio.wait({getter, waiting}, timeout=every,
                           return_when=asyncio.FIRST_COMPLETED)
        if not getter.done():
            getter.cancel()  # an item it was about to take stays in the queue
        elif not getter.cancelled():
            changes.put_nowait(getter.result())
    latest = None
    while not changes.empty():
        latest = changes.get_nowait()
    return latest
