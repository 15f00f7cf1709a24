"""A workspace whose name, as DataForest answers it, holds code: the sidebar lists it, and its
"Insert code" names it by its id; run in the kernel, that code shows the workspace and runs
nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ncp_df_jupyter.emulator import EmulatorThread

from ...conftest import ACCOUNT_ID
from ...hostile_text import plant_workspace
from .lab import JupyterLab
from .sidebar_page import open_lab, open_sidebar, workspace_row
from .test_sidebar import NOTEBOOK, code_style

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["code_style"]  # the fixture, shared with test_sidebar.py


def test_insert_code_for_a_name_holding_code(page: Page, lab: JupyterLab, emu: EmulatorThread,
                                             code_style: str, tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    name = f'Shared {{__import__("os").system("touch {canary}")}} $HOME'
    planted = plant_workspace(emu.emulator, name=name)
    notebook_name = f"hostile-{code_style}.ipynb"
    status, _ = lab.request("PUT", f"api/contents/{notebook_name}",
                            {"type": "notebook", "format": "json", "content": NOTEBOOK})
    assert status in (200, 201)
    open_lab(page, lab, f"lab/tree/{notebook_name}")
    notebook = page.locator(".jp-NotebookPanel")
    expect(notebook.locator(".jp-Notebook-cell").first).to_be_visible(timeout=30_000)
    panel = open_sidebar(page)
    workspace_row(panel, name).get_by_role("button", name="Insert code").click()

    cell = notebook.locator(".jp-CodeCell").first
    if code_style == "python":
        expect(cell).to_contain_text(f'# DataForest workspace "{planted.workspace_id}"')
        expect(cell).to_contain_text(f'get_workspace("{planted.workspace_id}")')
    else:
        expect(cell).to_contain_text(f"%df_show {planted.workspace_id} --account {ACCOUNT_ID}")
    expect(cell).not_to_contain_text("__import__")
    expect(page.locator("#jp-main-statusbar")).to_contain_text("| Idle", timeout=60_000)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output")
    expect(output.first).to_contain_text("tensorflow:2.15.0-gpu", timeout=60_000)
    expect(output.first).not_to_contain_text("Error")
    assert not canary.exists()
