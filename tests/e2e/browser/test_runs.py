"""The sidebar's Runs section in a real JupyterLab and Chromium, against the emulator.

A run submitted through the DataForest API shows up and its state changes without Refresh; Kill
asks first and the run ends KILLED; the log viewer shows the emulator's log lines; Run on a
workspace starts one and its end is announced; and what the section costs upstream per minute
with 10 runs shown, counted from the emulator's request log.
"""

from __future__ import annotations

import collections
import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

from ...conftest import ACCOUNT_ID
from .conftest import ARTIFACTS
from .lab import JupyterLab
from .sidebar_page import dialog, open_details, open_lab, open_sidebar, workspace_row

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETTINGS = "lab/api/settings/@ncp-df/jupyter:plugin"
INTERVAL_MS = 2000  # the shortest refresh interval the settings schema allows
LOG_LINES = ["epoch 1/3 loss=0.91", "epoch 2/3 loss=0.52", "epoch 3/3 loss=0.33 <done>"]


@pytest.fixture
def fast_refresh(lab: JupyterLab) -> Iterator[None]:
    """The user's preference: refresh every 2 s (restored afterwards)."""
    status, _ = lab.request("PUT", SETTINGS,
                            {"raw": json.dumps({"refreshInterval": INTERVAL_MS})})
    assert status == 204
    yield
    lab.request("PUT", SETTINGS, {"raw": "{}"})


@pytest.fixture
def workspace(emu: EmulatorThread) -> Iterator[str]:
    """A workspace made through the DataForest API; apps behave as set per test (reset after)."""
    _, _, config = SAMPLE_WORKSPACES[1]
    with BlockingClient(**emu.endpoint.client_kwargs()) as client:
        workspace_id = client.create_workspace(ACCOUNT_ID, "trainer", config).id
    yield workspace_id
    EmulatorControl(emu.url).clear_apps()


def submit(emu: EmulatorThread, workspace_id: str, prefix: str = "train") -> tuple[str, str]:
    """Submit an app through the DataForest API (not the sidebar); its id and name."""
    with BlockingClient(**emu.endpoint.client_kwargs()) as client:
        app = client.submit_app(workspace_id, prefix)
    assert app.name is not None
    return app.id, app.name


def open_runs(page: Page, lab: JupyterLab) -> Locator:
    """JupyterLab with the panel open and its Runs section expanded; the section."""
    open_lab(page, lab)
    panel = open_sidebar(page)
    title = panel.locator(".lm-AccordionPanel-title", has_text="Runs")
    if title.get_attribute("aria-expanded") != "true":
        # Lumino's titles are laid out with `contain: strict`, which Playwright's hit check
        # misreads as outside the viewport: the click goes to the title's node itself.
        title.dispatch_event("click")
    expect(title).to_have_attribute("aria-expanded", "true")
    return page.locator("#ncp-df-runs")


def run_row(section: Locator, name: str) -> Locator:
    return section.get_by_role("list", name="AI apps").get_by_role(
        "listitem", name=name, exact=True)


def badge(row: Locator) -> Locator:
    return row.locator(".ncp-df-outcome")


def test_a_run_submitted_elsewhere_shows_up_and_changes_state(
        page: Page, lab: JupyterLab, emu, workspace: str, fast_refresh) -> None:
    control = EmulatorControl(emu.url)
    control.set_apps(accept_ms=3000, run_ms=4000, log_lines=LOG_LINES)
    section = open_runs(page, lab)
    expect(section.get_by_text("This account has no AI apps yet")).to_be_visible()

    app_id, name = submit(emu, workspace)
    row = run_row(section, name)
    expect(badge(row)).to_have_text("Waiting")  # no Refresh pressed: the poll brings it
    expect(row).to_contain_text("trainer")  # the workspace it runs from
    expect(badge(row)).to_have_text("Running", timeout=20_000)
    elapsed = row.locator(".ncp-df-elapsed")
    expect(elapsed).to_have_text(re.compile(r"^\d+ s$"))
    page.screenshot(path=str(ARTIFACTS / "runs-running.png"),
                    clip={"x": 0, "y": 0, "width": 340, "height": 640})
    expect(badge(row)).to_have_text("Succeeded", timeout=20_000)
    # Opened: its fields with zoned times and its container with Open log.
    row.get_by_role("button", name=f"Details of {name}").click()
    details = row.get_by_role("definition")
    expect(row).to_contain_text(app_id)
    expect(details.filter(has_text=re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d KST$")).first
           ).to_be_visible()
    expect(row.get_by_role("listitem", name="worker-0")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "runs-details.png"),
                    clip={"x": 0, "y": 0, "width": 340, "height": 720})


def test_kill_asks_and_the_run_ends_killed(page: Page, lab: JupyterLab, emu, workspace: str,
                                           fast_refresh) -> None:
    control = EmulatorControl(emu.url)
    control.set_apps(accept_ms=500, run_ms=600_000)
    _, name = submit(emu, workspace, "longrun")
    section = open_runs(page, lab)
    row = run_row(section, name)
    expect(badge(row)).to_have_text("Running", timeout=20_000)

    row.get_by_role("button", name=f"Kill {name}").click()
    ask = dialog(page)
    expect(ask).to_contain_text(f"Kill the AI app {name}")
    expect(ask).to_contain_text("trainer")
    page.screenshot(path=str(ARTIFACTS / "runs-kill-dialog.png"))
    ask.get_by_role("button", name="Cancel").click()
    expect(ask).to_have_count(0)
    assert control.count("apps.kill") == 0  # Cancel kills nothing

    row.get_by_role("button", name=f"Kill {name}").click()
    dialog(page).get_by_role("button", name=f"Kill {name}").click()
    expect(badge(row)).to_have_text("Killed")
    assert control.count("apps.kill") == 1
    state = {a["name"]: a for a in control.state()["apps"]}
    assert state[name]["state"] == "KILLED", state[name]
    expect(row.get_by_role("button", name=f"Kill {name}")).to_be_disabled()


def test_the_log_viewer_follows_the_emulators_log(page: Page, lab: JupyterLab, emu,
                                                  workspace: str, fast_refresh) -> None:
    control = EmulatorControl(emu.url)
    control.set_apps(accept_ms=500, run_ms=8000, log_lines=LOG_LINES)
    _, name = submit(emu, workspace, "logs")
    section = open_runs(page, lab)
    row = run_row(section, name)
    expect(badge(row)).to_have_text("Running", timeout=20_000)
    row.get_by_role("button", name=f"Details of {name}").click()
    row.get_by_role("button", name=f"Open the log of worker-0 of {name}").click()

    log = page.locator(".ncp-df-log-panel")
    expect(log.get_by_role("status")).to_contain_text("following")
    text = log.get_by_label(f"Log of {name} / worker-0")
    expect(text).to_contain_text(LOG_LINES[0])
    # It follows: the last line arrives without a click, then it says the run ended.
    expect(text).to_contain_text(LOG_LINES[2], timeout=20_000)
    expect(log.get_by_role("status")).to_contain_text("ended", timeout=20_000)
    assert text.evaluate("el => el.querySelector('b') === null")  # the service's text as text
    page.screenshot(path=str(ARTIFACTS / "runs-log-viewer.png"))


def test_run_on_a_workspace_starts_one_and_its_end_is_announced(
        page: Page, lab: JupyterLab, emu, workspace: str, fast_refresh) -> None:
    control = EmulatorControl(emu.url)
    control.set_apps(accept_ms=1000, run_ms=3000)
    open_lab(page, lab)
    panel = open_sidebar(page)
    ws = workspace_row(panel, "trainer")
    open_details(ws, "trainer")
    ws.get_by_role("button", name="Run an AI app from the configuration of trainer").click()
    ask = dialog(page)
    expect(ask).to_contain_text("Run the configuration of workspace trainer")
    ask.get_by_role("textbox").fill("nightly")
    ask.get_by_role("button", name="Run").click()

    section = page.locator("#ncp-df-runs")
    expect(section).to_be_visible()  # the Runs section opened by itself
    rows = section.get_by_role("list", name="AI apps").get_by_role("listitem")
    expect(rows.first).to_have_attribute("aria-label", re.compile(r"^nightly-"))
    submitted = control.requests("apps.submit")
    assert len(submitted) == 1
    toast = page.locator(".Toastify__toast", has_text="has ended")
    expect(toast).to_contain_text(re.compile(r"AI app nightly-\w+ has ended: Succeeded\."),
                                  timeout=30_000)
    expect(toast).to_be_in_viewport(ratio=1)
    page.wait_for_timeout(800)  # the toast has slid in
    page.screenshot(path=str(ARTIFACTS / "runs-finished-notification.png"))


def test_the_runs_in_korean(page: Page, korean: JupyterLab, emu, workspace: str,
                            fast_refresh) -> None:
    control = EmulatorControl(emu.url)
    control.set_apps(accept_ms=500, run_ms=600_000)
    _, name = submit(emu, workspace, "korean")
    open_lab(page, korean)
    panel = open_sidebar(page)
    title = panel.locator(".lm-AccordionPanel-title", has_text="실행 목록")
    expect(title).to_have_attribute("aria-label", "실행 목록 섹션")
    title.dispatch_event("click")
    row = page.locator("#ncp-df-runs").get_by_role("list", name="AI 앱").get_by_role(
        "listitem", name=name, exact=True)
    expect(badge(row)).to_have_text("실행 중", timeout=20_000)
    expect(row.locator(".ncp-df-elapsed")).to_have_text(re.compile(r"^\d+초$|^\d+분 \d\d초$"))
    expect(row.get_by_role("button", name=f"{name} 중지")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "runs-korean.png"),
                    clip={"x": 0, "y": 0, "width": 340, "height": 640})


def test_upstream_calls_per_minute_with_ten_runs_shown(page: Page, lab: JupyterLab, emu,
                                                       workspace: str) -> None:
    """The default refresh interval (10 s), 10 runs, one of them opened; counted for 30 s."""
    control = EmulatorControl(emu.url)
    control.set_apps(accept_ms=500, run_ms=600_000)
    names = [submit(emu, workspace, f"run{i}")[1] for i in range(10)]
    section = open_runs(page, lab)
    expect(section.get_by_role("list", name="AI apps").get_by_role("listitem")
           ).to_have_count(10)
    opened = run_row(section, names[0])
    opened.get_by_role("button", name=f"Details of {names[0]}").click()
    expect(opened.get_by_role("listitem", name="worker-0")).to_be_visible()
    page.wait_for_timeout(1000)

    start = control.requests()[-1]["at"]
    window_s = 30
    page.wait_for_timeout(window_s * 1000)
    seen = [r for r in control.requests() if r["at"] > start]
    by_operation = collections.Counter(r["operation"] for r in seen)
    per_minute = {op: count * 60 / window_s for op, count in sorted(by_operation.items())}
    print(f"\nupstream calls per minute, sidebar with 10 runs shown (one opened), "
          f"default refresh: {per_minute} (total {sum(per_minute.values()):.0f})")
    # One list call per tick for all the runs (10 s): about 6 a minute, never one per run.
    assert per_minute.get("apps.getList", 0) <= 8, per_minute
    assert per_minute.get("apps.getDetail", 0) <= 2, per_minute  # its row did not change
