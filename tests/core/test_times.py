"""The one rule for times (the viewer's zone, with its name) and the one list order (newest
first), as every Python face uses them."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from ncp_df_jupyter.core.models import Workspace, WorkspaceSummary
from ncp_df_jupyter.core.times import display_time, moment, newest_first


def test_a_service_time_is_shown_in_the_viewers_zone_with_its_name() -> None:
    # The same moment as the sidebar shows it: 06:53 UTC is 15:53 in Seoul.
    assert display_time("2026-12-01T06:53:10Z", "Asia/Seoul") == "2026-12-01 15:53 KST"
    assert display_time("2026-12-01T15:53:10+09:00", "UTC") == "2026-12-01 06:53 UTC"
    assert display_time("2026-12-01T15:53:10+09:00", dt.timezone.utc) == "2026-12-01 06:53 UTC"
    # Summer time is the zone's own business: its name changes with the date.
    assert display_time("2026-07-01T12:00:00Z", "Europe/Berlin") == "2026-07-01 14:00 CEST"
    assert display_time("2026-01-01T12:00:00Z", "Europe/Berlin") == "2026-01-01 13:00 CET"


def test_a_stamp_without_a_zone_is_read_as_utc_as_the_sidebar_reads_it() -> None:
    # the same vector as src/__tests__/util.spec.ts
    assert display_time("2026-12-01T06:53:00", "Asia/Seoul") == "2026-12-01 15:53 KST"
    assert display_time("2026-12-01T06:53:00.5", "UTC") == "2026-12-01 06:53 UTC"


def test_the_kernels_zone_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    try:
        assert display_time("2026-12-01T06:53:00.752Z") == "2026-12-01 15:53 KST"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_what_is_not_a_time_is_shown_as_it_came() -> None:
    assert display_time(None) == "" and display_time("") == ""
    assert display_time("yesterday at noon", "UTC") == "yesterday at noon"
    # No zone named: the core reads it as UTC (core/times.moment), the same everywhere.
    assert display_time("2026-12-01T06:53:00", "Asia/Seoul") == "2026-12-01 15:53 KST"
    assert moment("2026-12-01T06:53:00") == dt.datetime(2026, 12, 1, 6, 53,
                                                         tzinfo=dt.timezone.utc)
    assert moment("not a time") is None and moment(None) is None


def _row(name: str, created: str | None) -> WorkspaceSummary:
    return WorkspaceSummary(Workspace(id=f"id-{name}", name=name, created_at=created))


def test_newest_first_whatever_the_zones_undated_last_ties_in_the_services_order() -> None:
    rows = [_row("old", "2026-01-01T09:00:00+09:00"),
            _row("undated", None),
            _row("newest", "2026-03-01T00:00:00Z"),
            _row("garbled", "soon"),
            _row("same-a", "2026-02-01T09:00:00+09:00"),
            _row("same-b", "2026-02-01T00:00:00Z")]  # the same moment as same-a
    assert [r.name for r in newest_first(rows)] == [
        "newest", "same-a", "same-b", "old", "undated", "garbled"]
    # Plain rows (getList's) sort the same way; the input is not changed.
    plain = [r.workspace for r in rows]
    assert [w.name for w in newest_first(plain)] == [
        "newest", "same-a", "same-b", "old", "undated", "garbled"]
    assert plain[0].name == "old"
