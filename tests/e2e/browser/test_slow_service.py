"""A hung and a dead DataForest, as the sidebar shows them: a progress indicator at once, "still
waiting" with the server's real time budget when an answer is slow, the list kept but marked as
old, then what to do; and for an emulator that has stopped, that it cannot be reached and why.

This module has its own emulator (it is stopped at the end) and its own JupyterLab, whose
DataForest calls give up after BUDGET seconds, one attempt each, so the whole wait is the budget.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

from ...conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from .conftest import ARTIFACTS, start_lab, stop_and_keep_log
from .lab import JupyterLab
from .sidebar_page import open_lab, open_sidebar, toolbar_button, workspace_list, workspace_row

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUDGET = 5  # seconds the server waits for one DataForest call (request_timeout)


@pytest.fixture(scope="module")
def own_emulator() -> Iterator[EmulatorThread]:
    emulator = EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY).start()
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture(scope="module")
def patient_lab(own_emulator: EmulatorThread, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[JupyterLab]:
    server = start_lab(tmp_path_factory.mktemp("lab-slow"), own_emulator, extra_args=(
        f"--DataForestServerApp.request_timeout={BUDGET}",
        "--DataForestServerApp.max_attempts=1"))
    try:
        yield server
    finally:
        stop_and_keep_log(server, "lab-slow-service")


@pytest.fixture
def control(own_emulator: EmulatorThread) -> Iterator[EmulatorControl]:
    control = EmulatorControl(own_emulator.url)
    control.reset()
    name, description, config = SAMPLE_WORKSPACES[0]
    with BlockingClient(**own_emulator.endpoint.client_kwargs()) as client:
        client.create_workspace(ACCOUNT_ID, name, config, description)
    yield control
    with contextlib.suppress(OSError):  # the dead-emulator test stopped it on purpose
        control.clear_faults()


def test_a_hung_service_shows_progress_then_waiting_then_what_to_do(
        page: Page, patient_lab: JupyterLab, control: EmulatorControl) -> None:
    open_lab(page, patient_lab)
    panel = open_sidebar(page)
    row = workspace_row(panel, SAMPLE_WORKSPACES[0][0])
    expect(row).to_be_visible()
    status = patient_lab.get("ncp-df/status")
    assert status["timeoutSeconds"] == BUDGET

    # DataForest stops answering (longer than the server waits).
    control.set_faults([{"operation": "getList", "action": "delay",
                         "delay_ms": (BUDGET + 3) * 1000}])
    toolbar_button(panel, "Refresh").click()
    progress = panel.get_by_role("progressbar", name="Loading workspaces")
    expect(progress).to_be_visible()  # at once, on every request
    expect(toolbar_button(panel, "Refresh")).to_be_disabled()  # the request is under way
    waiting = panel.get_by_text(
        f"Still waiting for DataForest… The server gives up on a call after {BUDGET} s.")
    expect(waiting).to_be_visible()
    expect(panel.get_by_role("alert")).to_have_count(0)  # still waiting, not failed yet
    expect(row).to_be_visible()  # the list stays while it waits
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sidebar-still-waiting.png"),
                    clip={"x": 0, "y": 0, "width": 320, "height": 400})

    # The wait it was told is the wait it gets: then what happened, and what to do.
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text(
        f"DataForest did not answer within {BUDGET} s. It may be slow or down; try again in "
        "a moment.", timeout=(BUDGET + 15) * 1000)
    expect(progress).to_have_count(0)
    expect(waiting).to_have_count(0)
    # The list shown is the last one known, marked as such.
    expect(row).to_be_visible()
    expect(workspace_list(panel)).to_have_class(re.compile("ncp-df-mod-stale"))
    expect(panel.get_by_text(re.compile(r"^Not updated since \d{4}-\d\d-\d\d \d\d:\d\d KST$"))
           ).to_be_visible()
    expect(alert).not_to_contain_text("getList")  # internals behind Details
    alert.get_by_role("button", name="Details").click()
    expect(alert).to_contain_text("getList")
    page.screenshot(path=str(ARTIFACTS / "sidebar-hung-service.png"),
                    clip={"x": 0, "y": 0, "width": 320, "height": 520})

    control.clear_faults()
    toolbar_button(panel, "Refresh").click()
    expect(alert).to_have_count(0)
    expect(workspace_list(panel)).not_to_have_class(re.compile("ncp-df-mod-stale"))


def test_a_dead_emulator_says_it_cannot_be_reached(
        page: Page, patient_lab: JupyterLab, control: EmulatorControl,
        own_emulator: EmulatorThread) -> None:
    open_lab(page, patient_lab)
    panel = open_sidebar(page)
    expect(workspace_row(panel, SAMPLE_WORKSPACES[0][0])).to_be_visible()
    host = own_emulator.url.split("://", 1)[1]
    own_emulator.stop()  # last test of the module: the emulator is gone for good

    toolbar_button(panel, "Refresh").click()
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text(
        f"Cannot reach DataForest at {host}: is ncp-df demo still running?")
    expect(alert.locator("code")).to_have_text("ncp-df demo")
    expect(panel.get_by_text(re.compile("^Not updated since"))).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "sidebar-dead-emulator.png"),
                    clip={"x": 0, "y": 0, "width": 320, "height": 520})
