"""The time budget of one call: the client's ``timeout`` bounds all of it.

A call (a read; a create with its retries, backoff sleeps and the look-ups that find out whether
an unanswered attempt happened; a composition such as ``describe_workspaces``) runs under one
:class:`Deadline`, kept in a context variable for the task that makes the call:

- ``SignedTransport.call`` opens ``call_budget(timeout)``: a new deadline when no call is in
  progress, else the one of the call in progress, so every request made *inside* a call (a
  create's look-up, a ``resolve_uncertain``) spends the same budget, with no argument passed;
- each attempt gets ``min(attempt timeout, what is left)``, and a retry whose backoff would end
  past the deadline is not made (the last failure is raised, with the real time spent);
- a composition of several requests opens ``call_budget`` itself (``DataForestClient.budget()``)
  so that all its requests share one budget; tasks it starts (``asyncio.gather``) inherit it,
  since asyncio copies the context into every new task;
- code that waits between requests of one call uses ``pause`` rather than ``asyncio.sleep``, so
  the wait ends with the budget.

Waits that are not a call (``wait_app``'s polling, bounded by its own ``timeout``) must not open a
budget around their polls: each poll is a call of its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar, Token

# The shortest limit an attempt is given: aiohttp reads a limit of 0 as no limit at all.
MIN_ATTEMPT_S = 0.001


class Deadline:
    """When the call in progress must end, on the monotonic clock."""

    __slots__ = ("_clock", "budget", "started")

    def __init__(self, budget: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = max(0.0, budget)
        self._clock = clock
        self.started = clock()

    def __repr__(self) -> str:
        return f"Deadline(budget={self.budget:g} s, elapsed={self.elapsed():.3f} s)"

    def elapsed(self) -> float:
        return self._clock() - self.started

    def remaining(self) -> float:
        return max(0.0, self.budget - self.elapsed())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def limit(self, per_attempt: float) -> float:
        """How long the next attempt may take: its own limit, within what is left; never 0,
        which aiohttp would read as no limit at all."""
        return max(MIN_ATTEMPT_S, min(per_attempt, self.remaining()))


_CURRENT: ContextVar[Deadline | None] = ContextVar("ncp_df_jupyter_deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the call in progress in this task, if any."""
    return _CURRENT.get()


class _Budget:
    """``call_budget``'s context manager: a class rather than a generator, since every call of
    the client enters one (a generator-based one costs a few microseconds more each time)."""

    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._token: Token[Deadline | None] | None = None

    def __enter__(self) -> Deadline:
        running = _CURRENT.get()
        if running is not None:
            return running
        deadline = Deadline(self._seconds)
        self._token = _CURRENT.set(deadline)
        return deadline

    def __exit__(self, *exc_info: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)
            self._token = None


def call_budget(seconds: float) -> AbstractContextManager[Deadline]:
    """The call in progress's deadline, or a new one of ``seconds`` for the call starting here."""
    return _Budget(seconds)


async def pause(seconds: float) -> None:
    """``asyncio.sleep(seconds)``, cut short where the call in progress's budget ends."""
    running = _CURRENT.get()
    if running is not None:
        seconds = min(seconds, running.remaining())
    await asyncio.sleep(max(0.0, seconds))
