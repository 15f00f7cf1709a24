"""The sidebar in Jupyter Notebook 7: a DataForest menu shows the panel (Notebook hides its left
area), and New workspace opens the same form, with the same fields and defaults, in a dialog
(Notebook's main area holds its one page and ignores other widgets).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ncp_df_jupyter.emulator import EmulatorControl

from .conftest import ARTIFACTS
from .lab import JupyterLab
from .sidebar_page import (
    PANEL,
    dialog,
    expected_defaults,
    expected_layout,
    fill,
    form_defaults,
    form_layout,
    toolbar_button,
    workspace_row,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def open_tree(page: Page, notebook: JupyterLab) -> None:
    page.goto(f"{notebook.url}tree?token={notebook.token}", wait_until="domcontentloaded")
    expect(page.get_by_role("menuitem", name="DataForest")).to_be_visible(timeout=60_000)


def show_panel_from_the_menu(page: Page):
    page.get_by_role("menuitem", name="DataForest").click()
    menu = page.locator(".lm-Menu")
    expect(menu.get_by_role("menuitem", name="New DataForest Workspace")).to_be_visible()
    menu.get_by_role("menuitem", name="Show DataForest Workspaces").click()
    panel = page.locator(PANEL)
    expect(panel.get_by_role("heading", name="DataForest")).to_be_visible()
    return panel


def test_the_menu_shows_the_panel_and_the_form_opens_in_a_dialog(
        page: Page, notebook: JupyterLab, emu) -> None:
    control = EmulatorControl(emu.url)
    open_tree(page, notebook)
    panel = show_panel_from_the_menu(page)
    expect(panel.get_by_text("This account has no workspaces yet")).to_be_visible()

    toolbar_button(panel, "New workspace").click()
    form = dialog(page).locator(".ncp-df-form")
    name = form.get_by_label("Name", exact=True)
    expect(name).to_be_focused()
    expect(dialog(page).locator(".jp-Dialog-header")).to_contain_text("New workspace")
    # The same form as in JupyterLab: the core's groups, labels and defaults.
    assert form_layout(form) == expected_layout()
    assert form_defaults(form) == expected_defaults()

    name.fill("from-notebook")
    name.press("Enter")  # a dialog's Enter must not close the form (or lose what was typed)
    expect(form).to_be_visible()
    fill(form, "Command", "jupyter lab")
    form.get_by_role("button", name="Add variable").click()
    fill(form, "Variable, row 1", "MODE")
    fill(form, "Value, row 1", "nb7")
    create = form.get_by_role("button", name="Create", exact=True)
    expect(create).to_be_enabled()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "notebook7-form.png"))
    form.get_by_label("Command", exact=True).press("Control+Enter")
    expect(dialog(page)).to_have_count(0)
    expect(workspace_row(panel, "from-notebook")).to_be_visible()
    made = {w["name"]: w for w in control.state()["workspaces"]}["from-notebook"]
    assert made["configuration"]["docker"]["env"] == {"MODE": "nb7"}
    page.screenshot(path=str(ARTIFACTS / "notebook7-panel.png"))


def test_the_menus_new_workspace_and_esc(page: Page, notebook: JupyterLab, emu) -> None:
    open_tree(page, notebook)
    page.get_by_role("menuitem", name="DataForest").click()
    page.locator(".lm-Menu").get_by_role("menuitem", name="New DataForest Workspace").click()
    form = dialog(page).locator(".ncp-df-form")
    expect(form.get_by_label("Name", exact=True)).to_be_visible()
    page.keyboard.press("Escape")  # Esc cancels
    expect(dialog(page)).to_have_count(0)
