"""Service text in the widgets' plain-text parts (button captions, dropdown labels, the status
line's text): control characters written as escapes; values sent back stay exact."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ncp_df_jupyter.emulator import EmulatorThread
from ncp_df_jupyter.widgets import CreateWorkspaceForm, WorkspaceBrowser

from ..conftest import ACCOUNT_ID
from ..hostile_text import HOSTILE_SHOWN, no_unsafe, plant_account, plant_workspace


def test_the_browser_shows_service_text_as_plain_text(
        make_browser: Callable[..., WorkspaceBrowser], emu: EmulatorThread) -> None:
    planted = plant_workspace(emu.emulator)
    plant_account(emu.emulator)
    browser = make_browser(account_id=ACCOUNT_ID).wait()
    buttons = [c for c in browser.table.children if isinstance(c, widgets.Button)]
    assert [b.description for b in buttons] == [HOSTILE_SHOWN]
    assert no_unsafe(buttons[0].tooltip, allowed="")
    assert all(no_unsafe(label, allowed="") for label, _ in browser.account.options)
    assert any(HOSTILE_SHOWN in label for label, _ in browser.account.options)
    browser.select(planted.workspace_id)
    browser.wait()
    assert HOSTILE_SHOWN not in browser.detail.value  # HTML: escaped markup, as it was
    browser.delete()
    browser.confirm_delete()
    browser.wait()
    assert browser.status.text == f"Deleted workspace {HOSTILE_SHOWN} (id {planted.workspace_id})."
    assert emu.emulator.store.workspace(planted.workspace_id) is None  # the exact id was sent


def test_the_forms_dropdowns_show_service_text_as_plain_text(
        make_form: Callable[..., CreateWorkspaceForm], emu: EmulatorThread) -> None:
    planted = plant_workspace(emu.emulator)
    account_id = plant_account(emu.emulator)
    form = make_form().wait()
    labels = dict((value, label) for label, value in form.start_from.options)
    assert labels[planted.workspace_id] == HOSTILE_SHOWN  # the value stays the exact id
    assert all(no_unsafe(label, allowed="") for label, _ in form.account.options)
    assert account_id in [value for _, value in form.account.options]
    form.start_from.value = planted.workspace_id
    form.wait()
    assert form.load_status.text == f"Loaded the configuration of {HOSTILE_SHOWN}."
