"""Fault injection rules (after LocalStack's chaos API): ordered, first match wins.

A rule: {"operation": op or "*", "action": "status"|"drop"|"drop_after_commit"|"delay"|
"delay_after_commit", "status": int, "delay_ms": int, "times": int, "probability": float,
"retry_after": seconds}. ``status`` answers with that status and NCP's matching error body without
doing the operation; ``drop`` cuts the connection without doing it; ``drop_after_commit`` does it,
then cuts; ``delay`` waits before doing it; ``delay_after_commit`` does it, then waits to answer.
``times`` limits how often a rule fires (then it is removed).

``operation`` is an operation key of core/protocol.py (``create``, ``apps.submit``...); the AI
Apps keys that cannot be mistaken for a workspace operation may be written bare: ``submit`` and
``kill`` (``apps.getList`` and ``apps.getDetail`` keep their group, as workspaces have their own).
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass
from typing import Any

from ..core.protocol import OPERATIONS

ACTIONS = ("status", "drop", "drop_after_commit", "delay", "delay_after_commit")
ALIASES = {"submit": "apps.submit", "kill": "apps.kill"}


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _finite(value: Any) -> bool:
    """A JSON number that is a usable float (not 10**400, NaN or infinity)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


# Longer than any timeout worth testing; a bigger delay (10**400 ms) could not even be slept.
MAX_DELAY_MS = 10 * 60 * 1000
MAX_RETRY_AFTER_S = 24 * 3600
MAX_MESSAGE = 2000


class BadRule(ValueError):
    """A fault rule that cannot be used; the message names the field."""


@dataclass
class FaultRule:
    operation: str = "*"
    action: str = "status"
    status: int = 503
    delay_ms: int = 0
    times: int | None = None
    probability: float = 1.0
    retry_after: float | None = None
    # For "status": the service's words in the answer, so a client meets whatever it may say.
    message: str | None = None

    @classmethod
    def parse(cls, index: int, body: Any) -> FaultRule:
        where = f"rule {index}"
        if not isinstance(body, dict):
            raise BadRule(f"{where} must be a JSON object")
        unknown = set(body) - {"operation", "action", "status", "delay_ms", "times",
                               "probability", "retry_after", "message"}
        if unknown:
            raise BadRule(f"{where} has unknown field(s): {', '.join(sorted(unknown))}")
        rule = cls(**body)
        if isinstance(rule.operation, str):
            rule.operation = ALIASES.get(rule.operation, rule.operation)
        if rule.operation != "*" and rule.operation not in OPERATIONS:
            raise BadRule(f"{where}.operation must be '*' or one of {', '.join(OPERATIONS)} "
                          f"(or {', '.join(ALIASES)})")
        if rule.action not in ACTIONS:
            raise BadRule(f"{where}.action must be one of {', '.join(ACTIONS)}")
        if not _whole(rule.status) or not 400 <= rule.status <= 599:
            raise BadRule(f"{where}.status must be an HTTP error status from 400 to 599")
        if not _whole(rule.delay_ms) or not 0 <= rule.delay_ms <= MAX_DELAY_MS:
            raise BadRule(f"{where}.delay_ms must be a whole number of milliseconds from 0 to "
                          f"{MAX_DELAY_MS}")
        if rule.times is not None and (not _whole(rule.times) or rule.times < 1):
            raise BadRule(f"{where}.times must be a whole number >= 1")
        if not _finite(rule.probability) or not 0 <= rule.probability <= 1:
            raise BadRule(f"{where}.probability must be a number from 0 to 1")
        if rule.retry_after is not None and (not _finite(rule.retry_after)
                                             or not 0 <= rule.retry_after <= MAX_RETRY_AFTER_S):
            raise BadRule(f"{where}.retry_after must be a number of seconds from 0 to "
                          f"{MAX_RETRY_AFTER_S}")
        if rule.message is not None and (not isinstance(rule.message, str)
                                         or len(rule.message) > MAX_MESSAGE):
            raise BadRule(f"{where}.message must be a text of at most {MAX_MESSAGE} characters")
        return rule

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Faults:
    def __init__(self, seed: int | None = None) -> None:
        self._rules: list[FaultRule] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def replace(self, rules: list[FaultRule], seed: int | None = None) -> None:
        with self._lock:
            self._rules = list(rules)
            if seed is not None:
                self._rng.seed(seed)

    def clear(self) -> None:
        self.replace([])

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def pick(self, operation: str) -> FaultRule | None:
        """The rule that fires for this request, if any (consumes one of its ``times``)."""
        with self._lock:
            for rule in self._rules:
                if rule.operation not in ("*", operation):
                    continue
                if rule.probability < 1 and self._rng.random() >= rule.probability:
                    continue
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                return rule
        return None
