"""The DataForest sidebar in a real JupyterLab and Chromium, against the emulator.

Workspaces made elsewhere appear, the form creates one, a bad name is explained and blocks
Create, deleting asks first, and "Insert code" puts runnable code into a notebook. The form's
own behaviour is in test_form.py, the panel's layout and keys in test_panel.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

from ...conftest import ACCOUNT_ID
from .conftest import ARTIFACTS
from .lab import REPO, JupyterLab
from .sidebar_page import (
    choose,
    dialog,
    fill,
    new_workspace_form,
    open_details,
    open_lab,
    open_sidebar,
    toolbar_button,
    widen_sidebar,
    workspace_list,
    workspace_row,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAME_RULE = rules.definition("workspaceName")["x-message"]["pattern"]


@pytest.fixture
def samples(emu: EmulatorThread) -> dict[str, str]:
    """The demo's sample workspaces, made through the DataForest API (not the sidebar)."""
    ids = {}
    with BlockingClient(**emu.endpoint.client_kwargs()) as client:
        for name, description, config in SAMPLE_WORKSPACES:
            ids[name] = client.create_workspace(ACCOUNT_ID, name, config, description).id
    return ids


def stored(control: EmulatorControl) -> dict[str, dict]:
    return {w["name"]: w for w in control.state()["workspaces"]}


def test_workspaces_made_elsewhere_are_listed(page: Page, lab: JupyterLab, samples) -> None:
    open_lab(page, lab)
    panel = open_sidebar(page)
    row = workspace_row(panel, "llm-finetune")
    expect(row).to_contain_text("A100\u00d74")  # the GPU badge; the rest when opened
    expect(workspace_row(panel, "mnist-train")).to_contain_text("T4\u00d71")
    expect(panel.get_by_role("combobox", name="Account")).to_have_value(ACCOUNT_ID)
    expect(panel.get_by_text("3 workspaces", exact=True)).to_be_visible()
    # The tooltip of a compact row: image, GPUs, queue and when it was made, with its zone.
    tooltip = row.locator(".ncp-df-row").get_attribute("title") or ""
    assert "pytorch:2.3.0-cuda12.1" in tooltip and "gpu-large" in tooltip
    assert re.search(r"Created \d{4}-\d\d-\d\d \d\d:\d\d KST", tooltip), tooltip

    panel.get_by_role("searchbox", name="Filter workspaces").fill("a100")
    expect(workspace_list(panel).get_by_role("listitem")).to_have_count(1)
    expect(panel.get_by_text("1 of 3 workspaces", exact=True)).to_be_visible()
    panel.get_by_role("searchbox", name="Filter workspaces").fill("")
    expect(workspace_list(panel).get_by_role("listitem")).to_have_count(3)

    open_details(row, "llm-finetune")
    expect(row).to_contain_text("pytorch:2.3.0-cuda12.1")
    expect(row).to_contain_text("gpu-large")
    row.get_by_role("button", name="Copy the id of llm-finetune").click()
    expect(page.get_by_text(f"Copied the id of llm-finetune: {samples['llm-finetune']}")
           ).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == samples["llm-finetune"]

    mnist = workspace_row(panel, "mnist-train")
    open_details(mnist, "mnist-train")
    expect(mnist.get_by_role("definition").first).to_have_text(samples["mnist-train"])
    expect(mnist).to_contain_text("30720")  # memory (MB), from the configuration
    expect(mnist).to_contain_text("/user/df-demo/datasets → /data/in")  # HDFS → container

    # The README's picture: the panel, a little wider than JupyterLab's default, one row open.
    row.get_by_role("button", name="Details of llm-finetune").click()
    panel.locator(".ncp-df-scroll").evaluate("el => el.scrollTo(0, 0)")
    widen_sidebar(page, 420)
    ARTIFACTS.mkdir(exist_ok=True)
    box = page.locator("#jp-left-stack").bounding_box()
    assert box is not None and box["width"] > 300
    clip = {"x": 0, "y": 0, "width": box["x"] + box["width"] + 8, "height": 720}
    page.screenshot(path=str(ARTIFACTS / "sidebar.png"), clip=clip)
    if os.environ.get("NCP_DF_UPDATE_DOCS") == "1":  # the committed copy changes only on request
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(ARTIFACTS / "sidebar.png", REPO / "docs" / "sidebar.png")


def test_refresh_shows_changes_made_elsewhere(page: Page, lab: JupyterLab, emu) -> None:
    open_lab(page, lab)
    panel = open_sidebar(page)
    expect(panel.get_by_text("This account has no workspaces yet")).to_be_visible()
    with BlockingClient(**emu.endpoint.client_kwargs()) as client:
        name, description, config = SAMPLE_WORKSPACES[0]
        client.create_workspace(ACCOUNT_ID, name, config, description)
    toolbar_button(panel, "Refresh").click()
    expect(workspace_row(panel, name)).to_be_visible()


def test_create_a_workspace_with_the_form(page: Page, lab: JupyterLab, emu, samples) -> None:
    control = EmulatorControl(emu.url)
    open_lab(page, lab)
    panel = open_sidebar(page)
    form = new_workspace_form(page, panel)
    create = form.get_by_role("button", name="Create", exact=True)
    expect(create).to_be_disabled()
    # Every control has the accessible name a person (or a screen reader) knows it by.
    for role, name in [("textbox", "Name"), ("textbox", "Description"),
                       ("combobox", "GPU model"), ("spinbutton", "GPU count"),
                       ("combobox", "Queue"), ("combobox", "Docker image"),
                       ("textbox", "Command"), ("combobox", "Account"),
                       ("combobox", "Framework"), ("combobox", "Start from"),
                       ("button", "Create"), ("button", "Cancel"),
                       ("button", "Add variable"), ("button", "Add port")]:
        expect(form.get_by_role(role, name=name, exact=True)).to_have_count(1)
    assert unnamed_controls(form.aria_snapshot()) == []
    assert unnamed_controls(panel.aria_snapshot()) == []

    # Dropdowns come from the service: A100 and gpu-large are in use in the account.
    assert "A100" in option_values(form, "GPU model")
    assert "gpu-large" in option_values(form, "Queue")
    assert "pytorch:2.3.0-cuda12.1" in image_choices(form)

    fill(form, "Name", "from-the-form")
    fill(form, "Description", "made in the browser test")
    choose(form, "Queue", "gpu-large")
    choose(form, "GPU model", "A100")
    fill(form, "GPU count", "2")
    fill(form, "Docker image", "pytorch:2.3.0-cuda12.1")
    fill(form, "Command", "jupyter lab --ip=0.0.0.0")
    expect(create).to_be_enabled()
    create.click()
    expect(page.get_by_text("Created DataForest workspace from-the-form")).to_be_visible()
    expect(workspace_row(panel, "from-the-form")).to_be_visible()
    made = stored(control)["from-the-form"]
    assert made["description"] == "made in the browser test"
    assert made["configuration"]["queueName"] == "gpu-large"
    assert made["configuration"]["resource"]["gpuModel"] == "A100"
    assert made["configuration"]["resource"]["gpuCount"] == 2
    assert made["configuration"]["docker"]["image"] == "pytorch:2.3.0-cuda12.1"
    assert made["configuration"]["docker"]["command"] == "jupyter lab --ip=0.0.0.0"
    assert control.count("create") == len(samples) + 1
    expect(form).to_have_count(0)  # the form tab closed itself


CONTROL = re.compile(
    r'^\s*- (button|textbox|combobox|spinbutton|searchbox|checkbox|listbox)\b(?!\s*")', re.M)


def unnamed_controls(aria_snapshot: str) -> list[str]:
    """Controls of an aria snapshot that have no accessible name."""
    return [m.group(0).strip() for m in CONTROL.finditer(aria_snapshot)]


def option_values(form, label: str) -> list[str]:
    """The values a dropdown offers."""
    field = form.get_by_role("combobox", name=label, exact=True)
    expect(field).to_be_visible()
    return field.evaluate("(el) => Array.from(el.options).map(o => o.value)")


def image_choices(form) -> list[str]:
    """The images the image box suggests (its datalist)."""
    field = form.get_by_label("Docker image", exact=True)
    assert field.get_attribute("list"), "the image box offers no choices"
    return field.evaluate("(el) => Array.from(el.list.options).map(o => o.value)")


def test_a_bad_name_is_explained_and_blocks_create(page: Page, lab: JupyterLab, emu, samples
                                                   ) -> None:
    control = EmulatorControl(emu.url)
    open_lab(page, lab)
    panel = open_sidebar(page)
    form = new_workspace_form(page, panel)
    create = form.get_by_role("button", name="Create", exact=True)
    fill(form, "Command", "jupyter lab")

    name = form.get_by_role("textbox", name="Name", exact=True)
    fill(form, "Name", "Bad_Name")
    # The rule's own words, tied to the input (its accessible description).
    expect(name).to_have_accessible_description(re.compile(re.escape(NAME_RULE)))
    expect(form.get_by_text(NAME_RULE, exact=True)).to_be_visible()
    expect(create).to_be_disabled()
    expect(form.get_by_role("status")).to_contain_text(f"Name {NAME_RULE}")

    fill(form, "Name", "mnist-train")  # valid, but taken in this account
    expect(name).to_have_accessible_description(re.compile("already used"))
    expect(create).to_be_disabled()

    fill(form, "Name", "fine-name")
    expect(name).not_to_have_accessible_description(re.compile("already used|must"))
    expect(create).to_be_enabled()
    assert control.count("create") == len(samples)  # nothing was ever sent


def test_delete_asks_first(page: Page, lab: JupyterLab, emu, samples) -> None:
    control = EmulatorControl(emu.url)
    open_lab(page, lab)
    panel = open_sidebar(page)
    row = workspace_row(panel, "eda-notebook")

    row.get_by_role("button", name="Delete eda-notebook").click()
    expect(dialog(page)).to_contain_text("eda-notebook")
    dialog(page).get_by_role("button", name="Cancel").click()
    expect(dialog(page)).to_have_count(0)
    assert "eda-notebook" in stored(control)

    row.get_by_role("button", name="Delete eda-notebook").click()
    dialog(page).get_by_role("button", name="Delete eda-notebook").click()
    expect(page.get_by_text("Deleted DataForest workspace eda-notebook")).to_be_visible()
    expect(row).to_have_count(0)
    assert "eda-notebook" not in stored(control)
    assert control.count("delete") == 1


NOTEBOOK = {
    "cells": [{"cell_type": "code", "metadata": {}, "source": "", "outputs": [],
               "execution_count": None}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@pytest.fixture(params=["python", "magics"])
def code_style(request: pytest.FixtureRequest, lab: JupyterLab) -> Iterator[str]:
    """The user's "Insert code as" preference (restored afterwards)."""
    settings = "lab/api/settings/@ncp-df/jupyter:plugin"
    status, _ = lab.request("PUT", settings,
                            {"raw": json.dumps({"insertCodeStyle": request.param})})
    assert status == 204
    yield request.param
    lab.request("PUT", settings, {"raw": "{}"})


def test_insert_code_into_a_notebook_and_run_it(page: Page, lab: JupyterLab, samples,
                                                code_style: str) -> None:
    name = f"insert-{code_style}.ipynb"
    status, _ = lab.request("PUT", f"api/contents/{name}",
                            {"type": "notebook", "format": "json", "content": NOTEBOOK})
    assert status in (200, 201)
    open_lab(page, lab, f"lab/tree/{name}")
    notebook = page.locator(".jp-NotebookPanel")
    expect(notebook).to_have_count(1)
    expect(page.get_by_role("tab", name=name)).to_be_visible(timeout=30_000)
    expect(notebook.locator(".jp-Notebook-cell").first).to_be_visible(timeout=30_000)
    panel = open_sidebar(page)
    workspace_row(panel, "mnist-train").get_by_role(
        "button", name="Insert code for mnist-train").click()

    cell = notebook.locator(".jp-CodeCell").first
    if code_style == "python":
        expect(cell).to_contain_text(f'get_workspace("{samples["mnist-train"]}")')
        expect(cell).to_contain_text("from ncp_df_jupyter import BlockingClient")
    else:
        expect(cell).to_contain_text("%load_ext ncp_df_jupyter")
        expect(cell).to_contain_text(f"%df_show mnist-train --account {ACCOUNT_ID}")
    # Run it once the kernel is up (a cell run before that is not queued).
    expect(page.locator("#jp-main-statusbar")).to_contain_text("| Idle", timeout=60_000)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    # The kernel runs it against the emulator with the server's credentials.
    output = cell.locator(".jp-OutputArea-output")
    expect(output.first).to_contain_text("tensorflow:2.15.0-gpu", timeout=60_000)
    expect(output.first).not_to_contain_text("Error")
