"""%df_form and %df_browse show the widgets on the magics' connection; the form's to_magic()
line, run as a magic, sends exactly what the form would send."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl
from ncp_df_jupyter.kernel import connection

from .test_write_magics import stored

widgets = pytest.importorskip("ncp_df_jupyter.widgets", reason="the widgets are not written yet")


def test_form_magic_returns_the_form(ip: InteractiveShell) -> None:
    form = ip.run_line_magic("df_form", "")
    assert isinstance(form, widgets.CreateWorkspaceForm)
    assert form.connection is connection.current()
    form.wait()
    assert form.account.value == DEMO_ACCOUNT_ID


def test_form_magic_with_an_account(ip: InteractiveShell, control: EmulatorControl,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    form = ip.run_line_magic("df_form", "--account df-demo").wait()
    assert form.account.value == DEMO_ACCOUNT_ID
    assert ip.run_line_magic("df_form", "--account nobody") is None
    assert capsys.readouterr().err.startswith("%df_form: No account named or with id 'nobody'")


def test_browse_magic_returns_the_browser(ip: InteractiveShell) -> None:
    browser = ip.run_line_magic("df_browse", "--account df-demo")
    assert isinstance(browser, widgets.WorkspaceBrowser)
    assert browser.connection is connection.current()


def test_form_to_magic_round_trips_through_the_magic(ip: InteractiveShell,
                                                     control: EmulatorControl) -> None:
    form = ip.run_line_magic("df_form", "").wait()
    form.start_from.value = next(value for _, value in form.start_from.options
                                 if value and value != form.start_from.value)
    form.wait()
    form.name.value = "from-form"
    form.description.value = "made in the form, sent by the magic"
    form.gpu_count.value = 3
    form.args.value = "--epochs 3"
    form.wait()
    wanted = form.request_body()
    line = form.to_magic()
    plan = ip.run_cell(line + " --dry-run").result
    assert plan.body == wanted
    created = ip.run_cell(line).result
    assert created.name == "from-form"
    assert stored(control, "from-form") == wanted["configuration"]


def test_edit_form_to_magic_round_trips(ip: InteractiveShell, control: EmulatorControl) -> None:
    target = ip.run_line_magic("df_show", "llm-finetune")
    form = widgets.CreateWorkspaceForm(workspace_id=target.id).wait()
    form.gpu_count.value = 2
    form.env.value = {"ONLY": "this"}
    form.wait()
    wanted = form.request_body()
    line = form.to_magic()
    assert line.startswith("%df_set_config ")
    plan = ip.run_cell(line + " --dry-run").result
    assert plan.body == wanted
    ip.run_cell(line)
    assert stored(control, "llm-finetune") == wanted["configuration"]
