"""WorkspaceBrowser against the emulator: table, refresh, detail, edit and delete."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ncp_df_jupyter.core.models import (
    Configuration,
    ConfigurationEntry,
    Docker,
    Resource,
    WorkspaceDetail,
)
from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.kernel import command_line
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.widgets import WorkspaceBrowser
from ncp_df_jupyter.widgets.table import columns, detail_html

from ..conftest import ACCOUNT_ID, TEST_SECRET_KEY
from .conftest import config

MakeBrowser = Callable[..., WorkspaceBrowser]


def table_text(browser: WorkspaceBrowser) -> list[list[str]]:
    """The table's cells as text, one list per line (header first)."""
    cells = []
    for cell in browser.table.children:
        if isinstance(cell, widgets.Button):
            cells.append(cell.description)
        else:
            text = cell.value
            while "<" in text:  # strip tags
                start = text.index("<")
                text = text[:start] + text[text.index(">", start) + 1:]
            cells.append(text)
    width = len(columns())
    return [cells[i:i + width] for i in range(0, len(cells), width)]


def test_table_rows_and_refresh(make_browser: MakeBrowser, blocking: BlockingClient,
                                control: EmulatorControl) -> None:
    blocking.create_workspace(ACCOUNT_ID, "beta", config(gpu_model="A100", gpu_count=2,
                                                         queue="gpu-large"), "second")
    blocking.create_workspace(ACCOUNT_ID, "alpha", config(), "first")
    browser = make_browser(account_id=ACCOUNT_ID).wait()
    lines = table_text(browser)
    assert lines[0] == list(columns())
    assert [line[:4] for line in lines[1:]] == [  # newest first, as every face
        ["alpha", "tensorflow:2.15.0-gpu", "T4 x 1", "gpu"],
        ["beta", "tensorflow:2.15.0-gpu", "A100 x 2", "gpu-large"]]
    assert [line[5] for line in lines[1:]] == ["first", "second"]
    # created, as "YYYY-MM-DD hh:mm ZONE" in the kernel's zone
    assert all(line[4][:4].isdigit() and line[4].split()[-1].isalpha() for line in lines[1:])

    blocking.create_workspace(ACCOUNT_ID, "gamma", config())  # made elsewhere (a magic)
    lists_before = control.count("getList")
    browser.refresh_button.click()
    browser.wait()
    assert control.count("getList") == lists_before + 1  # refresh asks the service again
    assert [r.name for r in browser.rows] == ["gamma", "alpha", "beta"]


def test_select_shows_detail_and_configuration(make_browser: MakeBrowser,
                                               blocking: BlockingClient) -> None:
    created = blocking.create_workspace(ACCOUNT_ID, "alpha", config(gpu_model="T4"), "first")
    browser = make_browser().wait()  # account: the key's first usable account
    assert browser.account.value == ACCOUNT_ID
    assert browser.edit_button.disabled and browser.delete_button.disabled
    name_button = next(c for c in browser.table.children if isinstance(c, widgets.Button))
    name_button.click()
    browser.wait()
    assert browser.selected == created.id
    assert browser.selected_detail is not None and browser.selected_detail.name == "alpha"
    assert created.id in browser.detail.value and "first" in browser.detail.value
    assert "python train.py" in browser.detail.value and "gpuModel" in browser.detail.value
    assert not browser.edit_button.disabled and not browser.delete_button.disabled
    assert name_button.button_style == "" and browser.table.children[len(columns())].button_style
    assert TEST_SECRET_KEY not in browser.detail.value


def test_edit_opens_the_form_prefilled_and_saves_with_set_configuration(
        make_browser: MakeBrowser, blocking: BlockingClient,
        control: EmulatorControl) -> None:
    created = blocking.create_workspace(ACCOUNT_ID, "alpha", config(gpu_model="T4"))
    browser = make_browser(account_id=ACCOUNT_ID).wait()
    browser.select("alpha")
    browser.edit_button.click()
    browser.wait()
    form = browser.form
    assert form is not None and form in browser.editor.children
    assert form.ready and form.name.value == "alpha" and form.name.disabled
    assert form.gpu_model.value == "T4" and form.create_button.description == "Save configuration"
    assert not form.create_button.disabled, form.field_messages
    line = form.to_magic()
    assert line.startswith("%df_set_config alpha --account df-demo ")
    parsed = command_line.parse_line(line.removeprefix("%df_set_config "),
                                command_line.set_config_parser())
    assert command_line.apply_options(parsed).to_api() == form.configuration()

    form.gpu_count.value = 3
    form.command.value = "python train.py --resume"
    form.create_button.click()
    browser.wait()

    assert control.count("setConfiguration") == 1 and control.count("create") == 1  # setup
    stored = next(w for w in control.state()["workspaces"] if w["id"] == created.id)
    assert stored["configuration"]["resource"]["gpuCount"] == 3
    assert stored["configuration"]["docker"]["command"] == "python train.py --resume"
    assert "Saved the configuration of alpha" in form.status.text
    assert next(r for r in browser.rows if r.name == "alpha").gpus == "T4 x 3"  # refreshed


def test_delete_asks_first_and_deletes_only_when_confirmed(
        make_browser: MakeBrowser, blocking: BlockingClient,
        control: EmulatorControl) -> None:
    blocking.create_workspace(ACCOUNT_ID, "keep", config())
    doomed = blocking.create_workspace(ACCOUNT_ID, "doomed", config())
    browser = make_browser(account_id=ACCOUNT_ID).wait()
    browser.select("doomed")
    browser.wait()

    browser.delete_button.click()
    browser.wait()
    assert browser.confirmation.layout.display != "none"
    assert "doomed" in browser.confirm_question.value
    assert control.count("delete") == 0  # asking sends nothing

    browser.cancel_delete_button.click()
    assert browser.confirmation.layout.display == "none"
    browser.confirm_delete()  # without asking again: refused
    assert control.count("delete") == 0 and "Nothing was deleted" in browser.status.text

    browser.delete_button.click()
    browser.confirm_delete_button.click()
    browser.wait()
    assert control.count("delete") == 1
    assert [w["name"] for w in control.state()["workspaces"]] == ["keep"]
    assert [r.name for r in browser.rows] == ["keep"]
    assert browser.selected is None and doomed.id in browser.status.text


def test_a_failed_list_is_said_under_the_refresh_button(make_browser: MakeBrowser,
                                                         control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getConfigurationList", "action": "status",
                         "status": 403}])
    browser = make_browser(account_id=ACCOUNT_ID)
    browser.wait()
    assert browser.list_status.text == "" and browser.rows == []  # nothing to read
    control.clear_faults()
    control.set_faults([{"operation": "getList", "action": "status", "status": 403}])
    browser.refresh()
    browser.wait()
    status = browser.list_status
    assert status.kind == "error" and "not allowed to access" in status.text
    assert status.text.startswith("This key has no permission")  # what a person can do first
    assert ("Operation", "getList") in status.details and "\n" not in status.text
    assert browser.status.text == ""  # not at the bottom, ~870 px below the button (issue 13)
    # Right under the toolbar row that holds the Refresh button.
    toolbar = next(i for i, c in enumerate(browser.children)
                   if browser.refresh_button in getattr(c, "children", ()))
    assert browser.children[toolbar + 1] is status


def test_a_list_that_failed_to_refresh_is_marked_as_from_earlier(
        make_browser: MakeBrowser, blocking: BlockingClient, control: EmulatorControl) -> None:
    blocking.create_workspace(ACCOUNT_ID, "alpha", config())
    browser = make_browser(account_id=ACCOUNT_ID).wait()
    assert "1 workspace)" in browser.title.value
    control.set_faults([{"operation": "getList", "action": "status", "status": 500}])
    browser.refresh()
    browser.wait()
    assert [r.name for r in browser.rows] == ["alpha"]  # still shown ...
    assert "may be out of date" in browser.list_status.text  # ... and said to be stale
    assert browser.list_status.text.startswith("DataForest failed to answer.")
    control.clear_faults()
    browser.refresh()
    browser.wait()
    assert browser.list_status.text == ""


def test_detail_leaves_out_what_is_not_set() -> None:
    partial = Configuration(docker=Docker(image="tensorflow:2.15.0-gpu", command="x"),
                            resource=Resource(gpu_model="V100"))
    shown = detail_html(WorkspaceDetail(id="Ws1", name="partial",
                                        configurations=[ConfigurationEntry(partial)]))
    assert "V100" in shown and "None" not in shown and "MB" not in shown
