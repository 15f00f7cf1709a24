"""When and how long to wait before trying a request again (botocore's "standard" mode).

- at most ``max_attempts`` attempts (3);
- full-jitter exponential backoff: ``uniform(0, 1) * min(base * 2**(attempt - 1), cap)`` with a
  longer base for throttling (1 s) than for transient failures (0.1 s);
- a server ``Retry-After`` hint is honoured: ``max(backoff, min(hint, backoff + 5 s))``;
- a retry budget (token bucket) shared by all calls of one client, so an outage does not turn
  every call into three: a throttling retry costs 5 tokens, a transient one 14, a timeout 10;
  a success refunds what its retries cost (or 1 token when it needed none).
Whether a failure may be retried at all is the client's decision (it knows if a create may
already have happened); this module only says how long to wait and whether budget is left.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from enum import Enum


class FailureKind(Enum):
    THROTTLING = "throttling"
    TRANSIENT = "transient"
    TIMEOUT = "timeout"


_COST = {FailureKind.THROTTLING: 5, FailureKind.TRANSIENT: 14, FailureKind.TIMEOUT: 10}


class RetryBudget:
    """Token bucket of retries; thread-safe because one client may serve several callers."""

    def __init__(self, capacity: int = 500) -> None:
        self.capacity = capacity
        self._tokens = capacity
        self._lock = threading.Lock()

    @property
    def tokens(self) -> int:
        return self._tokens

    def acquire(self, kind: FailureKind) -> int:
        """Take the cost of one retry; returns it, or 0 when the budget is spent."""
        cost = _COST[kind]
        with self._lock:
            if self._tokens < cost:
                return 0
            self._tokens -= cost
            return cost

    def refund(self, amount: int) -> None:
        if self._tokens >= self.capacity:
            return  # the usual case, a full bucket: no lock on every successful call
        with self._lock:
            self._tokens = min(self.capacity, self._tokens + amount)


@dataclass
class RetryPolicy:
    max_attempts: int = 3
    transient_base: float = 0.1
    throttling_base: float = 1.0
    max_backoff: float = 20.0
    retry_after_grace: float = 5.0
    # How many lookups a create makes to find out whether an unanswered attempt happened.
    reconcile_attempts: int = 5
    budget: RetryBudget = field(default_factory=RetryBudget)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def delay(self, attempt: int, kind: FailureKind, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        base = self.throttling_base if kind is FailureKind.THROTTLING else self.transient_base
        backoff = self.rng.random() * min(base * 2.0 ** (attempt - 1), self.max_backoff)
        if retry_after is not None:
            return max(backoff, min(retry_after, backoff + self.retry_after_grace))
        return backoff

    @classmethod
    def fast(cls, max_attempts: int = 3) -> RetryPolicy:
        """Millisecond backoff, for tests and the emulator's chaos runs."""
        return cls(max_attempts=max_attempts, transient_base=0.001, throttling_base=0.002,
                   retry_after_grace=0.01)
