"""When the sidebar cannot work, it says why and how to fix it, instead of failing silently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ncp_df_jupyter.emulator import EmulatorThread

from ...conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from .conftest import start_lab, stop_and_keep_log
from .lab import JupyterLab
from .sidebar_page import open_lab, open_sidebar, toolbar_button

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def configure_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ncloud") / "configure"


@pytest.fixture(scope="module")
def lab_without_credentials(emulator_thread: EmulatorThread, configure_path: Path,
                            tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLab]:
    """The endpoint is set, but no key pair anywhere (the configure file does not exist yet)."""
    server = JupyterLab(tmp_path_factory.mktemp("lab-no-keys"), {
        "NCP_DF_ENDPOINT": emulator_thread.url, "NCP_DF_CONFIG_FILE": str(configure_path)},
        extra_args=("--DataForestServerApp.cache_seconds=0.2",)).start()
    try:
        yield server
    finally:
        stop_and_keep_log(server, "lab-without-credentials")


@pytest.fixture(scope="module")
def lab_without_server_extension(emulator_thread: EmulatorThread,
                                 tmp_path_factory: pytest.TempPathFactory
                                 ) -> Iterator[JupyterLab]:
    """The sidebar is installed but the server half is disabled."""
    server = start_lab(tmp_path_factory.mktemp("lab-no-ext"), emulator_thread,
                       server_extension=False)
    status, _ = server.request("GET", "ncp-df/status")
    assert status == 404  # the premise: no /ncp-df/ routes on this server
    try:
        yield server
    finally:
        stop_and_keep_log(server, "lab-without-server-extension")


def test_missing_server_extension_is_explained(page: Page, lab_without_server_extension
                                               ) -> None:
    open_lab(page, lab_without_server_extension)
    panel = open_sidebar(page)
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text("The DataForest server extension is not available")
    expect(alert).to_contain_text("pip install ncp-df-jupyter")
    expect(alert).to_contain_text("jupyter server extension list")
    expect(toolbar_button(panel, "New workspace")).to_be_disabled()


def test_missing_credentials_are_explained_and_fixed_without_restart(
        page: Page, lab_without_credentials: JupyterLab, configure_path: Path, emu) -> None:
    open_lab(page, lab_without_credentials)
    panel = open_sidebar(page)
    alert = panel.get_by_role("alert")
    expect(alert).to_contain_text("DataForest credentials are not usable")
    expect(alert).to_contain_text("NCLOUD_ACCESS_KEY_ID")
    expect(alert).to_contain_text("~/.ncloud/configure")
    expect(alert).to_contain_text(emu.url)  # which endpoint the server would call
    expect(toolbar_button(panel, "New workspace")).to_be_disabled()

    # The administrator mounts a configure file; Refresh picks it up.
    configure_path.write_text(f"[DEFAULT]\nncloud_access_key_id = {TEST_ACCESS_KEY}\n"
                              f"ncloud_secret_access_key = {TEST_SECRET_KEY}\n")
    configure_path.chmod(0o600)
    toolbar_button(panel, "Refresh").click()
    expect(panel.get_by_text("This account has no workspaces yet")).to_be_visible()
    expect(alert).to_have_count(0)
    expect(panel.locator("footer")).to_contain_text(TEST_ACCESS_KEY[:4] + "*")
    expect(toolbar_button(panel, "New workspace")).to_be_enabled()
