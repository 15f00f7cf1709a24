"""The quickstart in real JupyterLab and Chromium: the form renders with the service's values.

JupyterLab runs from /work/venv (its widget renderer comes with jupyterlab_widgets) with the
environment pointing at an emulator that holds the sample workspaces; Debian's Chromium is
driven by Playwright. Nothing here depends on the @ncp-df/jupyter sidebar extension.
"""

from __future__ import annotations

import concurrent.futures
import json
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ncp_df_jupyter.cli.demo import LabServer, demo_environment
from ncp_df_jupyter.emulator import EmulatorThread

from ...conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
WAIT_MS = 90_000


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[LabServer]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(REPO / "notebooks" / "quickstart.ipynb", root / "quickstart.ipynb")
    emulator = EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                              sample_workspaces=True).start()
    env = demo_environment(emulator.endpoint.env())
    # Independent of the developer's Jupyter config, settings and saved layouts.
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
        (tmp_path / sub).mkdir()
        env[name] = str(tmp_path / sub)
    # Answer "get notified about Jupyter news?" in advance, so no toast covers the page.
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}\n')
    server = LabServer(root, env, log_path=tmp_path / "jupyter.log",
                       python=str(Path(sys.executable).with_name("python")))
    try:
        server.start()
        server.wait_ready(90)
        yield server
    finally:
        server.stop()
        emulator.stop()


def wait_for_kernel(lab: LabServer, page: Any) -> None:
    """Until the notebook's kernel runs on the server and the page shows it idle (the page
    reads "idle" once before any kernel exists, so the server is asked first)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        status, body = lab.request("api/sessions")
        sessions = json.loads(body) if status == 200 else []
        if any(s["path"].endswith("quickstart.ipynb") and s["kernel"]["execution_state"] == "idle"
               for s in sessions):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError("the notebook's kernel did not start")
    from playwright.sync_api import expect

    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(
        1, timeout=WAIT_MS)


def test_quickstart_renders_the_form_with_the_service_values(lab: LabServer) -> None:
    # Playwright's sync API refuses to run where an asyncio loop runs; a thread of our own
    # has none, whatever an earlier test left behind on the main thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(drive_quickstart, lab).result()


def drive_quickstart(lab: LabServer) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(lab.url("lab/tree/quickstart.ipynb"), wait_until="domcontentloaded")
            notebook = page.locator(".jp-NotebookPanel")
            expect(notebook).to_be_visible(timeout=WAIT_MS)
            wait_for_kernel(lab, page)
            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
            # Should JupyterLab still ask which kernel to use, take the preselected Python 3.
            first = page.locator(".jp-Dialog, .widget-dropdown").first
            first.wait_for(timeout=WAIT_MS)
            if page.locator(".jp-Dialog").count():
                page.locator(".jp-Dialog .jp-mod-accept").click()

            # The GPU model dropdown offers A100, which only the service's workspaces use.
            gpu_model = page.locator(".widget-dropdown", has=page.get_by_text(
                "GPU model", exact=True)).locator("select")
            expect(gpu_model).to_have_count(1, timeout=WAIT_MS)
            expect(gpu_model.locator("option", has_text="A100")).to_have_count(
                1, timeout=WAIT_MS)
            # V100, T4 and A100, then "Other…" (which reveals a text box)
            expect(gpu_model.locator("option")).to_have_count(4)
            expect(gpu_model.locator("option").last).to_have_text("Other…")
            queue = page.locator(".widget-dropdown", has=page.get_by_text(
                "Queue", exact=True)).locator("select")
            expect(queue.locator("option", has_text="gpu-large")).to_have_count(1)
            # The cells after the form filled it in and created a workspace through it.
            expect(page.get_by_text("Created workspace quick-").first).to_be_visible(
                timeout=WAIT_MS)
            # The browser widget lists the sample workspaces.
            expect(page.locator(".widget-button", has_text="llm-finetune")).to_have_count(
                1, timeout=WAIT_MS)

            page.locator(".jp-Cell", has=gpu_model).scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "widgets-quickstart-form.png"))
            assert TEST_SECRET_KEY not in page.content()
        finally:
            browser.close()
