"""The sidebar's form (in Chromium) and the notebook's form (ipywidgets, in a real JupyterLab
kernel) show the same groups and the same labels in the same order, and the same defaults: both
are drawn from the core's one form description."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS
from .lab import JupyterLab
from .notebook_page import notebook_form_layout, run_notebook, write_notebook
from .sidebar_page import (
    expected_layout,
    form_defaults,
    form_layout,
    new_workspace_form,
    open_lab,
    open_sidebar,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FORM_CELL = ("from ncp_df_jupyter.widgets import CreateWorkspaceForm\n"
             "form = CreateWorkspaceForm()\nform")


def test_the_sidebar_and_the_notebook_show_the_same_form(page: Page, lab: JupyterLab,
                                                         emu) -> None:
    open_lab(page, lab)
    sidebar_form = new_workspace_form(page, open_sidebar(page))
    sidebar = form_layout(sidebar_form)
    sidebar_defaults = form_defaults(sidebar_form)

    write_notebook(lab, "both-forms.ipynb", FORM_CELL)
    notebook = run_notebook(page, lab, "both-forms.ipynb")
    fields = notebook.locator(".ncp-df-form-field")
    expect(fields).to_have_count(sum(len(labels) for _g, labels in expected_layout()),
                                 timeout=90_000)
    output = notebook.locator(".jp-OutputArea-output", has=page.locator(".ncp-df-form-field"))
    assert notebook_form_layout(output) == sidebar == expected_layout()

    # The same defaults where both show a text: GPU model V100, queue gpu, the counts.
    gpu = output.locator(".widget-dropdown", has=page.get_by_text("GPU model", exact=True))
    expect(gpu.locator("select")).to_have_value("V100")
    assert sidebar_defaults["configuration.resource.gpuModel"] == "V100"
    memory = output.locator(".widget-inline-hbox", has=page.get_by_text("Memory (MB)",
                                                                        exact=True))
    expect(memory.locator("input")).to_have_value(
        sidebar_defaults["configuration.resource.memoryMb"])
    # "Other…" reveals a text box, as in the sidebar.
    gpu.locator("select").select_option(label="Other…")
    other = output.get_by_title("Other value of GPU model", exact=True)
    expect(other).to_be_visible()
    expect(output.get_by_title("Other value of Queue", exact=True)).to_be_hidden()
    # Rows are added with labelled buttons; a data row shows which way the data goes.
    # (Chromium counts Font Awesome's glyph into a button's name: the words are matched.)
    output.get_by_role("button", name="Add variable").click()
    expect(output.get_by_placeholder("Variable", exact=True)).to_be_visible()
    output.get_by_role("button", name="Add input").click()
    row = output.locator(".widget-hbox", has=page.get_by_placeholder("HDFS path")).last
    expect(row).to_contain_text("→")
    remove = row.get_by_role("button", name="Remove")
    expect(remove).to_have_attribute("title", "Remove row 1 of Inputs (HDFS → container)")
    page.screenshot(path=str(ARTIFACTS / "widgets-form-top.png"))
    row.scroll_into_view_if_needed()  # the fixture's screenshot shows the rows
