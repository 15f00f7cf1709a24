"""The sidebar refreshes by itself while it is shown, pauses while hidden, and reports failures."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Request, expect

from ncp_df_jupyter.emulator import EmulatorControl

from .lab import JupyterLab
from .sidebar_page import open_lab, open_sidebar, toolbar_button

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETTINGS = "lab/api/settings/@ncp-df/jupyter:plugin"
INTERVAL_MS = 2000  # the shortest the settings schema allows


@pytest.fixture
def fast_refresh(lab: JupyterLab) -> Iterator[None]:
    """The user's preference: refresh every 2 s (restored afterwards)."""
    status, _ = lab.request("PUT", SETTINGS,
                            {"raw": json.dumps({"refreshInterval": INTERVAL_MS})})
    assert status == 204
    yield
    lab.request("PUT", SETTINGS, {"raw": "{}"})


def list_requests(page: Page) -> list[float]:
    """Times at which the page asks for the workspace list."""
    seen: list[float] = []

    def on_request(request: Request) -> None:
        if "/ncp-df/workspaces?" in request.url:
            seen.append(time.monotonic())

    page.on("request", on_request)
    return seen


def wait_for_count(page: Page, seen: list[float], count: int, within_ms: float) -> None:
    """Let the page run until ``count`` list requests were seen (or ``within_ms`` passed): a busy
    machine may start the timer late, so the test waits for the requests, not for a time."""
    deadline = time.monotonic() + within_ms / 1000
    while len(seen) < count and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def test_refreshes_while_shown_and_pauses_while_hidden(page: Page, lab: JupyterLab, emu,
                                                       fast_refresh) -> None:
    seen = list_requests(page)
    open_lab(page, lab)
    open_sidebar(page)
    wait_for_count(page, seen, 3, INTERVAL_MS * 6)
    assert len(seen) >= 3  # shown: the first load, then one every 2 s
    gaps = [later - earlier for earlier, later in itertools.pairwise(seen)]
    assert min(gaps[1:]) >= INTERVAL_MS / 1000 * 0.8, gaps  # polled at the interval, no faster

    page.get_by_role("tab", name="File Browser (Ctrl+Shift+F)").click()
    expect(page.locator("#ncp-df-sidebar")).to_be_hidden()
    page.wait_for_timeout(300)  # a request in flight when hiding may still land
    hidden_at = len(seen)
    page.wait_for_timeout(INTERVAL_MS * 2.5)
    assert len(seen) == hidden_at  # hidden: no polling at all

    open_sidebar(page)
    wait_for_count(page, seen, hidden_at + 1, INTERVAL_MS * 0.9)
    assert len(seen) == hidden_at + 1  # shown again: refreshed at once (before the interval)


def test_a_failing_service_is_reported_and_recovers(page: Page, lab: JupyterLab, emu) -> None:
    control = EmulatorControl(emu.url)
    open_lab(page, lab)
    panel = open_sidebar(page)
    expect(panel.get_by_text("This account has no workspaces yet")).to_be_visible()

    control.set_faults([{"operation": "getList", "status": 503}])
    toolbar_button(panel, "Refresh").click()
    alert = panel.get_by_role("alert")
    # What to do first, the gateway's own words under it, the operation behind Details.
    expect(alert).to_contain_text("DataForest failed to answer. Try again in a moment")
    expect(alert).to_contain_text("DataForest said: Endpoint Error")
    expect(alert).not_to_contain_text("getList")
    alert.get_by_role("button", name="Details").click()
    expect(alert).to_contain_text("getList")
    expect(alert).to_contain_text("503")
    expect(alert).to_contain_text("DataForest getList failed at the API gateway with HTTP 503")

    control.clear_faults()
    toolbar_button(panel, "Refresh").click()
    expect(alert).to_have_count(0)
    expect(panel.get_by_text("This account has no workspaces yet")).to_be_visible()
