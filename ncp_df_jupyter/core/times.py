"""Times of the service, as every face shows and orders them.

One rule (the sidebar's ``when()`` in src/util.ts follows it too): a service time is converted
to the viewer's zone and shown with the zone, ``2026-12-01 15:53 KST``. In a kernel the viewer's
zone is the kernel's (``TZ``, else the system's). A stamp that is not a time is shown as it came
(it is data). One order: newest first, by creation time, undated rows last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

Zone = dt.tzinfo | str | None  # a tzinfo, an IANA name ("Asia/Seoul"), or None: the local zone


def moment(stamp: str | None) -> dt.datetime | None:
    """An ISO-8601 time of the service as an aware datetime (UTC when it names no zone: an
    UNCONFIRMED reading, noted in core/protocol.py, the sidebar's too); None when absent or
    unreadable."""
    if not stamp or not isinstance(stamp, str):
        return None
    try:
        found = dt.datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=dt.timezone.utc)


def _zone(zone: Zone) -> dt.tzinfo | None:
    if isinstance(zone, str):
        from zoneinfo import ZoneInfo  # only when a zone is named

        return ZoneInfo(zone)
    return zone


def display_time(stamp: str | None, zone: Zone = None) -> str:
    """``2026-12-01 15:53 KST``: the service's time in ``zone`` (default: the local one), with
    the zone's name; "" for no time; a stamp that is not a time as it came."""
    if not stamp:
        return ""
    found = moment(stamp)
    if found is None:
        return str(stamp)
    shown = found.astimezone(_zone(zone))  # astimezone(None): the local zone
    name = shown.tzname() or shown.strftime("%z")
    return f"{shown:%Y-%m-%d %H:%M} {name}".rstrip()


def _created(row: Any) -> str | None:
    """The creation time of a workspace row (Workspace, WorkspaceDetail or WorkspaceSummary)."""
    inner = getattr(row, "workspace", row)
    stamp = getattr(inner, "created_at", None)
    return stamp if isinstance(stamp, str) else None


def newest_first(rows: Iterable[T], created: Callable[[T], str | None] = _created) -> list[T]:
    """The one list order: newest first by creation time; rows without a readable time last.
    Stable: rows created at the same moment keep the service's order."""
    def order(item: tuple[int, T]) -> tuple[bool, float, int]:
        index, row = item
        when = moment(created(row))
        return when is None, -when.timestamp() if when is not None else 0.0, index

    return [row for _index, row in sorted(enumerate(rows), key=order)]
