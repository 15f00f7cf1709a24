"""The workspace form in JupyterLab: the core's groups, labels and defaults; rows that can be
added and removed; a dropdown plus "Other…"; Start from; Edit configuration; Esc and Ctrl+Enter;
and no "already used" for the name it has just created.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

from ...conftest import ACCOUNT_ID
from .lab import JupyterLab
from .sidebar_page import (
    choose,
    expected_defaults,
    expected_layout,
    fill,
    form_defaults,
    form_layout,
    new_workspace_form,
    open_details,
    open_lab,
    open_sidebar,
    workspace_row,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def samples(emu: EmulatorThread) -> dict[str, str]:
    with BlockingClient(**emu.endpoint.client_kwargs()) as client:
        return {name: client.create_workspace(ACCOUNT_ID, name, config, description).id
                for name, description, config in SAMPLE_WORKSPACES}


def stored(control: EmulatorControl) -> dict[str, dict]:
    return {w["name"]: w for w in control.state()["workspaces"]}


def test_the_form_is_the_cores_description(page: Page, lab: JupyterLab, emu) -> None:
    open_lab(page, lab)
    form = new_workspace_form(page, open_sidebar(page))
    assert form_layout(form) == expected_layout()
    assert form_defaults(form) == expected_defaults()
    assert form_defaults(form)["configuration.resource.gpuModel"] == "V100"
    expect(form.get_by_label("Name", exact=True)).to_be_focused()


def test_rows_are_added_and_removed_and_sent(page: Page, lab: JupyterLab, emu) -> None:
    control = EmulatorControl(emu.url)
    open_lab(page, lab)
    form = new_workspace_form(page, open_sidebar(page))
    add = form.get_by_role("button", name="Add variable", exact=True)
    # A real button with JupyterLab's icon and its label, not a blank sliver.
    box = add.bounding_box()
    assert box is not None and box["width"] >= 60 and box["height"] >= 20, box
    expect(add.locator("svg")).to_have_count(1)

    add.click()
    add.click()
    fill(form, "Variable, row 1", "DROP_ME")
    fill(form, "Variable, row 2", "MODE")
    fill(form, "Value, row 2", "train")
    trash = form.get_by_role("button", name="Remove row 1 of Environment variables")
    expect(trash.locator("svg")).to_have_count(1)
    trash.click()
    expect(form.get_by_label("Variable, row 1", exact=True)).to_have_value("MODE")
    expect(form.get_by_label("Variable, row 2", exact=True)).to_have_count(0)

    form.get_by_role("button", name="Add port", exact=True).click()
    fill(form, "Port, row 1", "70000")  # a bad row is explained under it
    port = form.get_by_label("Port, row 1", exact=True)
    expect(port).to_have_attribute("aria-invalid", "true")
    expect(port).to_have_accessible_description("must be a TCP port number from 1 to 65535")
    fill(form, "Port, row 1", "8888")
    expect(port).not_to_have_attribute("aria-invalid", "true")
    form.get_by_role("button", name="Add input", exact=True).click()
    inputs = form.get_by_role("group", name="Inputs (HDFS → container)")
    fill(inputs, "HDFS path, row 1", "/user/df-demo/in")
    fill(inputs, "Container path, row 1", "/data/in")
    form.get_by_role("button", name="Add output", exact=True).click()
    # An output row reads the way its data goes: container path, then HDFS path.
    outputs = form.locator('[data-field="configuration.data.output"] input[type=text]')
    assert [outputs.nth(i).get_attribute("aria-label") for i in range(2)] == [
        "Container path, row 1", "HDFS path, row 1"]
    output = form.get_by_role("group", name="Outputs (container → HDFS)")
    fill(output, "Container path, row 1", "/data/out")
    fill(output, "HDFS path, row 1", "/user/df-demo/out")

    fill(form, "Name", "with-rows")
    fill(form, "Command", "jupyter lab")
    choose(form, "GPU model", "H100")  # not offered: through "Other…"
    create = form.get_by_role("button", name="Create", exact=True)
    expect(create).to_be_enabled()
    create.click()
    expect(form).to_have_count(0)
    config = stored(control)["with-rows"]["configuration"]
    assert config["docker"]["env"] == {"MODE": "train"}
    assert config["docker"]["exposeTcpPorts"] == [8888]
    assert config["data"]["input"] == [{"hdfs": "/user/df-demo/in", "path": "/data/in"}]
    assert config["data"]["output"] == [
        {"hdfs": "/user/df-demo/out", "path": "/data/out", "overwrite": False}]
    assert config["resource"]["gpuModel"] == "H100"


def test_start_from_fills_the_form_but_not_the_name(page: Page, lab: JupyterLab, emu,
                                                   samples) -> None:
    open_lab(page, lab)
    panel = open_sidebar(page)
    form = new_workspace_form(page, panel)
    form.get_by_role("combobox", name="Start from", exact=True).select_option(label="llm-finetune")
    expect(form.get_by_role("combobox", name="Queue", exact=True)).to_have_value("gpu-large")
    expect(form.get_by_role("combobox", name="GPU model", exact=True)).to_have_value("A100")
    expect(form.get_by_label("GPU count", exact=True)).to_have_value("4")
    expect(form.get_by_label("Docker image", exact=True)).to_have_value("pytorch:2.3.0-cuda12.1")
    expect(form.get_by_label("Name", exact=True)).to_have_value("")
    page.keyboard.press("Escape")  # Esc cancels
    expect(form).to_have_count(0)

    # From a workspace's row: New from this.
    row = workspace_row(panel, "mnist-train")
    open_details(row, "mnist-train")
    row.get_by_role("button", name="New workspace from mnist-train").click()
    form = page.locator(".ncp-df-form")
    expect(form.get_by_role("combobox", name="Start from", exact=True)).to_have_value(
        samples["mnist-train"])
    expect(form.get_by_role("combobox", name="GPU model", exact=True)).to_have_value("T4")


def test_edit_configuration_saves_with_ctrl_enter(page: Page, lab: JupyterLab, emu,
                                                 samples) -> None:
    control = EmulatorControl(emu.url)
    open_lab(page, lab)
    panel = open_sidebar(page)
    row = workspace_row(panel, "mnist-train")
    open_details(row, "mnist-train")
    row.get_by_role("button", name="Edit the configuration of mnist-train").click()
    expect(page.get_by_role("tab", name="Edit mnist-train")).to_be_visible()
    form = page.locator(".ncp-df-form")
    name = form.get_by_label("Name", exact=True)
    expect(name).to_have_value("mnist-train")
    expect(name).to_be_disabled()  # the workspace is chosen: only its configuration changes
    expect(form.get_by_role("combobox", name="Start from")).to_have_count(0)
    count = form.get_by_label("GPU count", exact=True)
    expect(count).to_have_value("1")
    count.fill("2")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("Saved the configuration of mnist-train.")).to_be_visible()
    expect(form).to_have_count(0)
    config = stored(control)["mnist-train"]["configuration"]
    assert config["resource"]["gpuCount"] == 2
    assert config["docker"]["image"] == "tensorflow:2.15.0-gpu"  # the rest as it was
    assert control.count("setConfiguration") == 1
    expect(row).to_contain_text("T4\u00d72")


def test_after_a_create_the_name_is_not_called_taken(page: Page, lab: JupyterLab, emu) -> None:
    checks: list[tuple[str, bool]] = []
    created = {"done": False}

    def on_request(request: Request) -> None:
        if "/ncp-df/names/" in request.url:
            checks.append((request.url.split("?")[0].rsplit("/", 1)[-1], created["done"]))
        if request.method == "POST" and request.url.endswith("/ncp-df/workspaces"):
            created["done"] = True

    page.on("request", on_request)
    open_lab(page, lab)
    panel = open_sidebar(page)
    form = new_workspace_form(page, panel)
    fill(form, "Name", "made-once")
    fill(form, "Command", "jupyter lab")
    create = form.get_by_role("button", name="Create", exact=True)
    expect(create).to_be_enabled()
    form.get_by_label("Command", exact=True).press("Control+Enter")  # from where one types
    expect(workspace_row(panel, "made-once")).to_be_visible()
    expect(form).to_have_count(0)
    expect(page.get_by_text("already used")).to_have_count(0)
    assert ("made-once", False) in checks  # it was checked before the create...
    assert [c for c in checks if c[1]] == []  # ...and never after it
