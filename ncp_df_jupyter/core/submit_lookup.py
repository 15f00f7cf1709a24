"""Which AI app did an unanswered submit start, if any? Found in the apps list, never by
submitting again (submit is not idempotent and the API has no idempotency key).

Before sending, the client notes a ``SubmitMark``: the workspace's name, the name prefix, the
ids already listed for the account, and the service's time. After a lost answer, a candidate is
an app of that workspace whose name starts with the prefix, that was not listed before, and that
was submitted since the mark (with a margin for clocks). One candidate is the answer; several
cannot be told apart and none may still appear (a slow service), so both raise
``SubmitOutcomeUnknownError`` after a few looks, naming the candidates.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .deadline import pause
from .errors import (
    DataForestError,
    NetworkError,
    RequestTimeoutError,
    ServiceError,
    SubmitOutcomeUnknownError,
    ThrottledError,
)
from .models import App
from .retry import RetryPolicy
from .transport import SKEW_THRESHOLD_MS

log = logging.getLogger("ncp_df_jupyter.client")

# The transport corrects clocks only when they are this far off, so the service's startedAt may
# be this far from our idea of the service's time; plus a few seconds for the trip itself.
CLOCK_MARGIN_MS = SKEW_THRESHOLD_MS + 5_000
# How long after the first look a slow service gets to list the app: looks at 0, 0.5, 1.5, 3.5
# and 7.5 s with the default policy (scaled by its transient base, so tests run fast).
_SETTLE_FACTOR = 5


@dataclass(frozen=True)
class SubmitMark:
    """What is known just before a submit is sent, to tell its app from the others."""

    account_id: str | None
    workspace_name: str | None
    name_prefix: str
    known_ids: frozenset[str] | None  # listed just before; None when the list failed
    since: dt.datetime  # the service's time just before sending, less CLOCK_MARGIN_MS

    @classmethod
    def now(cls, account_id: str | None, workspace_name: str | None, name_prefix: str,
            known: Sequence[App] | None, clock_offset_ms: int) -> SubmitMark:
        service_ms = time.time() * 1000 + clock_offset_ms - CLOCK_MARGIN_MS
        since = dt.datetime.fromtimestamp(service_ms / 1000, tz=dt.timezone.utc)
        ids = None if known is None else frozenset(app.id for app in known)
        return cls(account_id, workspace_name, name_prefix, ids, since)


def candidates(apps: Sequence[App], mark: SubmitMark) -> list[App]:
    """The listed apps the marked submit may have started. A field the service left out
    cannot rule an app out."""
    found = []
    for app in apps:
        if mark.known_ids is not None and app.id in mark.known_ids:
            continue
        if app.workspace_name is not None and mark.workspace_name is not None and (
                app.workspace_name != mark.workspace_name):
            continue
        if app.name is not None and not app.name.startswith(mark.name_prefix):
            continue
        started = app.started
        if started is not None and started < mark.since:
            continue
        found.append(app)
    return found


def _describe(apps: Sequence[App]) -> str:
    return ", ".join(f"{app.label} {app.shown_state}" for app in apps)


async def find_submitted(mark: SubmitMark, list_apps: Callable[[str], Awaitable[list[App]]],
                         policy: RetryPolicy) -> dict[str, Any]:
    """The answer the lost submit would have given (its app, from the list), or
    ``SubmitOutcomeUnknownError``. Never returns None: the caller must not send it again."""
    what = (f"DataForest apps.submit of {mark.name_prefix!r} in workspace "
            f"{mark.workspace_name or '(unknown)'}")
    again = (f"it was not sent again: check list_apps({mark.account_id!r}) before submitting "
             "again")
    if mark.account_id is None:
        raise SubmitOutcomeUnknownError(
            f"{what} went unanswered and its workspace's account is unknown, so the apps list "
            f"cannot be read; {again}.", operation="apps.submit")
    last: DataForestError | None = None
    for look in range(1, policy.reconcile_attempts + 1):
        if look > 1:
            # within the submit's budget, like every wait between its requests
            await pause(policy.transient_base * _SETTLE_FACTOR * 2 ** (look - 2))
        try:
            listed = await list_apps(mark.account_id)
        except (ServiceError, NetworkError, RequestTimeoutError, ThrottledError) as exc:
            last = exc
            continue
        except DataForestError as exc:
            last = exc
            break
        last = None
        found = candidates(listed, mark)
        if len(found) == 1:
            log.info("submit of %r went unanswered but had started app %s", mark.name_prefix,
                     found[0].id)
            return {**found[0].to_api(), "success": True}
        if found:
            raise SubmitOutcomeUnknownError(
                f"{what} went unanswered and {len(found)} apps it may have started were found "
                f"({_describe(found)}); {again}.", candidates=found, operation="apps.submit")
    if last is not None:
        raise SubmitOutcomeUnknownError(
            f"{what} went unanswered and checking whether it started failed too ({last}); "
            f"{again}.", operation="apps.submit") from None
    raise SubmitOutcomeUnknownError(
        f"{what} went unanswered and no app of it was listed afterwards, so it most likely did "
        f"not start (a slow service may still start it); {again}.", operation="apps.submit")
