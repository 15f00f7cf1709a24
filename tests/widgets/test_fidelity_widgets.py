"""The form and the browser against a service that differs from the emulator's defaults
(emulator/behaviour.py), through their public surface only."""

from __future__ import annotations

from collections.abc import Callable

from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.emulator.behaviour import SERVICE_FIELDS
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.widgets import CreateWorkspaceForm, WorkspaceBrowser

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG, minimal_config

MakeForm = Callable[..., CreateWorkspaceForm]


def stored(control: EmulatorControl, workspace_id: str) -> dict:
    return next(w for w in control.state()["workspaces"]
                if w["id"] == workspace_id)["configuration"]


def test_the_edit_form_keeps_what_it_cannot_show(make_form: MakeForm, blocking: BlockingClient,
                                                 control: EmulatorControl) -> None:
    control.set_behaviour(extra_fields=True)
    created = blocking.create_workspace(ACCOUNT_ID, "rich", {
        "docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab"},
        "resource": {"gpuModel": "T4", "gpuCount": 1},
        "data": {"input": [{"hdfs": "/user/in", "path": "/data/in"}]}})
    before = stored(control, created.id)
    assert before["resource"]["gpuMemoryMb"] == SERVICE_FIELDS["resource"]["gpuMemoryMb"]

    form = make_form(workspace_id=created.id)
    form.wait()
    assert form.ready and form.gpu_count.value == 1
    form.gpu_count.value = 2
    assert not form.create_button.disabled, form.field_messages
    form.create_button.click()
    form.wait()
    assert "Saved the configuration of rich" in form.status.text
    # every unknown field kept; the form's own defaults (cpuCount, memoryMb) never added
    assert stored(control, created.id) == {**before, "resource": {**before["resource"],
                                                                  "gpuCount": 2}}


def test_the_form_fills_from_a_service_that_sends_nulls_and_loose_types(
        make_form: MakeForm, blocking: BlockingClient, control: EmulatorControl) -> None:
    created = blocking.create_workspace(ACCOUNT_ID, "source", GOOD_CONFIG)
    control.set_behaviour(nulls=True, loose_types=True)
    form = make_form()
    form.wait()
    form.start_from.value = created.id
    form.wait()
    assert (form.memory_mb.value, form.ports.value) == (15360, [8888])
    assert form.configuration() == GOOD_CONFIG


def test_workdir_is_marked_as_possibly_ignored(make_form: MakeForm) -> None:
    form = make_form()
    form.wait()
    # The schema's help text says so, under the field (as in the sidebar's form).
    shown = form.view.help_widgets["workdir"].value
    assert "may ignore" in shown and "removed from the workspace API" in shown
    assert "workdir" not in form.configuration()["docker"]  # never sent unless set


def test_the_browser_lists_a_loosely_typed_account(blocking: BlockingClient,
                                                   control: EmulatorControl,
                                                   make_browser: Callable[..., WorkspaceBrowser]
                                                   ) -> None:
    blocking.create_workspace(ACCOUNT_ID, "loose", GOOD_CONFIG)
    blocking.create_workspace(ACCOUNT_ID, "plain", minimal_config())
    control.set_behaviour(loose_types=True, nulls=True)
    browser = make_browser(account_id=ACCOUNT_ID).wait()
    assert [(r.name, r.gpus) for r in browser.rows] == [("plain", ""), ("loose", "T4 x 1")]
    browser.select("loose")
    browser.wait()
    assert "15360" in browser.detail.value and "T4 x 1" in browser.detail.value
