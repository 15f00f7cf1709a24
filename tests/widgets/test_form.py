"""CreateWorkspaceForm against the emulator over loopback HTTP (headless ipywidgets)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from ncp_df_jupyter.core.models import Data, DataInput, DataOutput
from ncp_df_jupyter.core.retry import RetryPolicy
from ncp_df_jupyter.core.schema.rules import NAME_TAKEN
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import LOCKED_ACCOUNT_ID
from ncp_df_jupyter.kernel import command_line
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.kernel.connection import Connection
from ncp_df_jupyter.widgets import CreateWorkspaceForm
from ncp_df_jupyter.widgets.form.loading import FormLoader
from ncp_df_jupyter.widgets.form.view import no_start

from ..conftest import ACCOUNT_ID, TEST_SECRET_KEY
from .conftest import config

MakeForm = Callable[..., CreateWorkspaceForm]


def fill_valid(form: CreateWorkspaceForm, name: str = "train-one") -> None:
    form.name.value = name
    form.command.value = "python train.py --epochs 3"
    form.wait()


def operations(control: EmulatorControl) -> list[str]:
    return [r["operation"] for r in control.requests()]


def test_first_round_fills_the_form(make_form: MakeForm, control: EmulatorControl) -> None:
    form = make_form().wait()
    assert form.ready and not form.loading
    assert ("df-demo", ACCOUNT_ID) in form.account.options and form.account.value == ACCOUNT_ID
    assert form.start_from.options == (no_start(),)  # the emulator starts without workspaces
    assert form.image.value == "tensorflow:2.15.0-gpu"  # the service's first image
    assert "tensorflow:2.13.0-gpu" in form.image.options
    # Nothing filled in yet: Create stays disabled, with "required" beside the empty fields.
    assert form.create_button.disabled
    assert form.field_messages == {"name": "required", "command": "required"}
    assert sorted(operations(control)) == ["accounts.getList", "getDockerImageList", "getList"]


def test_create_sends_one_create_with_the_form_configuration(
        make_form: MakeForm, control: EmulatorControl) -> None:
    form = make_form().wait()
    fill_valid(form)
    form.description.value = "first try"
    form.gpu_model.value = "T4"
    form.gpu_count.value = 2
    form.queue.value = "gpu"
    form.workdir.value = "/home/work"
    form.env.add({"key": "EPOCHS", "value": "3"})
    form.ports.value = [8888, 6006]
    form.inputs.add({"hdfs": "/user/me/data", "path": "/data/in"})
    form.outputs.add({"hdfs": "/user/me/out", "path": "/data/out", "overwrite": True})
    form.user_package_uri.value = "/user/me/pkg.tar.gz"
    form.wait()
    assert not form.create_button.disabled, form.field_messages
    expected = form.configuration()

    form.create_button.click()
    assert form.status.kind == "busy"
    form.wait()

    assert control.count("create") == 1
    stored = control.state()["workspaces"]
    assert [(w["name"], w["description"]) for w in stored] == [("train-one", "first try")]
    assert stored[0]["configuration"] == expected
    assert expected["resource"]["gpuModel"] == "T4" and expected["resource"]["gpuCount"] == 2
    assert expected["docker"]["env"] == {"EPOCHS": "3"}
    assert expected["docker"]["exposeTcpPorts"] == [8888, 6006]
    assert expected["data"]["output"][0]["overwrite"] is True
    assert form.created is not None and form.created.id == stored[0]["id"]
    assert form.status.kind == "ok"
    assert "train-one" in form.status.text and stored[0]["id"] in form.status.text
    # "show as code" offers the equivalent magic; the new workspace joins "start from".
    assert form.show_code_button.layout.display != "none"
    assert "%df_create train-one" in form.code.value
    assert ("train-one", stored[0]["id"]) in form.start_from.options
    # The name is taken now, so a second click cannot create a twin; but it is taken by the
    # workspace just made, so the name is not marked "already used" (issue 13).
    assert "name" not in form.field_messages and form.create_button.disabled
    assert "just created" in form.create_button.tooltip
    assert NAME_TAKEN not in form.message_widgets["name"].value
    form.create_button.click()
    form.wait()
    assert control.count("create") == 1
    assert "just created" in form.status.text and "Nothing was sent" in form.status.text
    form.name.value = "train-two"  # another name: Create may be pressed again
    form.wait()
    assert not form.create_button.disabled, form.field_messages


def test_invalid_input_disables_create_and_sends_nothing(
        make_form: MakeForm, control: EmulatorControl) -> None:
    form = make_form().wait()
    fill_valid(form)
    form.gpu_count.value = 9
    form.image.value = "Not An Image"
    form.env.add({"key": "", "value": "orphan"})
    form.inputs.add({"hdfs": "/user/me/data", "path": ""})
    form.wait()
    messages = form.field_messages
    assert messages["gpu_count"] == "must be a whole number from 1 to 8"
    assert messages["image"].startswith("must look like name:tag")
    assert "variable name" in messages["env"]
    assert messages["inputs"] == "Container path must not be empty"
    # Each message sits beside its own field (and row).
    assert "from 1 to 8" in form.message_widgets["gpu_count"].value
    assert "Container path" in form.inputs.rows[0].message.value
    assert "variable name" in form.env.rows[0].message.value
    assert form.create_button.disabled

    form.create_button.click()  # a script may click a disabled button: still nothing is sent
    form.wait()
    assert control.count("create") == 0
    assert form.status.kind == "error" and "Nothing was sent" in form.status.text
    assert "GPU count" in form.status.text  # the fields named as the form labels them

    form.gpu_count.value = 2
    form.image.value = "tensorflow:2.13.0-gpu"
    form.env.remove(0)
    form.inputs.rows[0].inputs["path"].value = "/data/in"
    form.wait()
    assert form.field_messages == {} and not form.create_button.disabled


def test_a_bad_variable_name_is_shown_on_its_own_row(make_form: MakeForm) -> None:
    form = make_form().wait()
    fill_valid(form)
    form.env.add({"key": "GOOD", "value": "1"})
    form.env.add({"key": "A=B", "value": "2"})
    form.wait()
    assert "variable name" in form.field_messages["env"]
    assert form.env.rows[0].message.value == ""
    assert "variable name" in form.env.rows[1].message.value
    assert form.create_button.disabled


def test_start_from_loads_a_workspace_configuration_into_every_field(
        make_form: MakeForm, blocking: BlockingClient) -> None:
    source = config(image="pytorch:2.1.2-cuda11.8", gpu_model="A100", gpu_count=4,
                    queue="gpu-large")
    source.docker.env = {"A": "1", "B": "2"}
    source.docker.expose_tcp_ports = [8888]
    source.docker.workdir = "/w"
    source.user_package_uri = "/user/me/pkg.zip"
    source.data = Data(input=[DataInput("/in", "/data/in")],
                       output=[DataOutput("/out", "/data/out", True)])
    created = blocking.create_workspace(ACCOUNT_ID, "source", source)

    form = make_form().wait()
    assert ("source", created.id) in form.start_from.options
    form.start_from.value = created.id
    form.wait()

    assert form.framework.value == "pytorch"  # found from the service's pytorch images
    assert form.image.value == "pytorch:2.1.2-cuda11.8"
    assert "pytorch:2.3.0-cuda12.1" in form.image.options
    assert (form.gpu_model.value, form.gpu_count.value, form.queue.value) == (
        "A100", 4, "gpu-large")
    assert form.env.value == [("A", "1"), ("B", "2")]
    assert form.ports.value == [8888]
    assert form.inputs.value == [DataInput("/in", "/data/in")]
    assert form.outputs.value == [DataOutput("/out", "/data/out", True)]
    assert form.configuration()["docker"]["command"] == "python train.py"
    assert form.configuration()["userPackageUri"] == "/user/me/pkg.zip"
    assert "source" in form.load_status.text  # under the title, beside "Start from"


def test_service_error_reaches_status_as_one_sentence(
        make_form: MakeForm, control: EmulatorControl) -> None:
    form = make_form().wait()
    fill_valid(form)
    control.set_faults([{"operation": "create", "action": "status", "status": 403}])
    form.create_button.click()
    form.wait()
    text = form.status.text
    assert form.status.kind == "error"
    # What a person can do first, then the service's words; the operation behind Details.
    assert text.startswith("This key has no permission for that in DataForest.")
    assert text.endswith("DataForest said: not allowed to access.")
    assert ("Operation", "create") in form.status.details
    assert ("HTTP status", "403") in form.status.details
    assert "<details" in form.status.value and "\n" not in text and "Traceback" not in text
    assert TEST_SECRET_KEY not in form.status.value
    assert not form.create_button.disabled  # nothing was created: the user may try again


def test_refused_create_shows_the_service_message(make_form: MakeForm,
                                                  control: EmulatorControl) -> None:
    form = make_form().wait()
    fill_valid(form)
    control.set_faults([{"operation": "create", "action": "status", "status": 400}])
    form.create_button.click()
    form.wait()
    assert "invalid request parameters" in form.status.text


def test_to_magic_round_trips_through_the_options_parser(make_form: MakeForm) -> None:
    form = make_form().wait()
    fill_valid(form, "round-trip")
    form.description.value = "it's \"quoted\" text"
    form.args.value = "--epochs 3 --lr=0.1"
    form.gpu_model.value = "T4"
    form.memory_mb.value = 30720
    form.env.value = [("MODE", "a b"), ("EMPTY", "")]
    form.ports.value = [8888]
    form.inputs.value = [DataInput("/user/x:y/data", "/data/in")]
    form.outputs.value = [DataOutput("/user/out", "/data/out", True),
                          DataOutput("/user/out2", "/data/out2", False)]
    form.wait()
    line = form.to_magic()
    assert line.startswith("%df_create round-trip ")

    parsed = command_line.parse_line(line.removeprefix("%df_create "))
    assert parsed.name == "round-trip"
    assert parsed.description == form.description.value
    assert parsed.account == "df-demo"
    assert command_line.apply_options(parsed).to_api() == form.configuration()


def test_dropdowns_show_the_union_of_documented_and_used_values(
        sample_emulator: EmulatorThread, sample_env: EmulatorControl) -> None:
    client = BlockingClient(**sample_emulator.endpoint.client_kwargs(), retry=RetryPolicy.fast())
    try:
        form = CreateWorkspaceForm(Connection(client), ACCOUNT_ID)
        form.wait()
        models = [value for _label, value in form.gpu_model.options]
        queues = [value for _label, value in form.queue.options]
        assert models[:2] == ["V100", "T4"] and "A100" in models  # documented first, then used
        assert queues[0] == "gpu" and "gpu-large" in queues
        assert form.gpu_model.value == "V100" and form.queue.value == "gpu"  # untouched
        form.close()
    finally:
        client.close()


def test_second_round_never_moves_the_user_selection(
        make_form: MakeForm, blocking: BlockingClient, control: EmulatorControl) -> None:
    blocking.create_workspace(ACCOUNT_ID, "big", config(gpu_model="A100", queue="gpu-large"))
    control.set_faults([{"operation": "getConfigurationList", "action": "delay",
                         "delay_ms": 400}])
    form = make_form()
    deadline = time.monotonic() + 5
    while not form.ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert form.ready and "choices" in form.pending  # ready before the second round is back
    assert [v for _l, v in form.gpu_model.options] == ["V100", "T4"]
    form.gpu_model.value = "T4"
    form.wait()
    assert [v for _l, v in form.gpu_model.options] == ["V100", "T4", "A100"]
    assert form.gpu_model.value == "T4"


def test_dropdowns_are_never_empty(make_form: MakeForm, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getList", "action": "status", "status": 500}])
    form = make_form().wait()
    assert [v for _l, v in form.gpu_model.options] == ["V100", "T4"]
    assert [v for _l, v in form.queue.options] == ["gpu"]
    # The failure is shown under the title (what failed to load), the operation behind Details.
    assert form.load_status.kind == "error" and form.status.text == ""
    assert form.load_status.text.startswith("DataForest failed to answer.")
    assert ("Operation", "getList") in form.load_status.details
    assert not form.ready and form.create_button.disabled


def test_debounced_name_check_reports_a_taken_name(
        make_form: MakeForm, blocking: BlockingClient, control: EmulatorControl) -> None:
    blocking.create_workspace(ACCOUNT_ID, "taken", config())
    form = make_form().wait()
    form.name_check_delay = 0.3
    form.command.value = "python train.py"
    for typed in ("t", "ta", "tak", "take", "taken"):
        form.name.value = typed
    assert form.create_button.disabled  # not checked yet
    form.wait()
    assert control.count("checkAvailableName") == 1  # only the last name was asked about
    assert form.field_messages == {"name": NAME_TAKEN}
    assert form.create_button.disabled

    form.name.value = "free-name"
    form.wait()
    assert form.field_messages == {} and not form.create_button.disabled
    assert control.count("checkAvailableName") == 2


def test_locally_invalid_name_is_not_sent_for_checking(
        make_form: MakeForm, control: EmulatorControl) -> None:
    form = make_form().wait()
    form.name.value = "Bad_Name"
    form.wait()
    assert form.field_messages["name"].startswith("must start with a lowercase letter")
    assert control.count("checkAvailableName") == 0


def test_a_stale_workspace_list_is_ignored(
        make_form: MakeForm, blocking: BlockingClient, control: EmulatorControl) -> None:
    blocking.create_workspace(ACCOUNT_ID, "demo-only", config())
    control.set_faults([{"operation": "getList", "action": "delay", "delay_ms": 500,
                         "times": 1}])
    form = make_form()
    deadline = time.monotonic() + 5
    while len(form.account.options) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "workspaces" in form.pending
    form.account.value = LOCKED_ACCOUNT_ID  # the demo account's list is still on its way
    form.wait()
    assert form.start_from.options == (no_start(),)
    assert "not allowed to access" in form.load_status.text


def test_kernel_stays_free_while_creating(make_form: MakeForm,
                                          control: EmulatorControl) -> None:
    form = make_form().wait()
    fill_valid(form)
    control.set_faults([{"operation": "create", "action": "delay", "delay_ms": 800}])
    started = time.monotonic()
    form.create_button.click()
    returned = time.monotonic() - started
    assert form.loading and "create" in form.pending and form.create_button.disabled
    form.wait()
    assert returned < 0.5 <= time.monotonic() - started
    assert control.count("create") == 1 and form.status.kind == "ok"


def test_wait_raises_when_time_runs_out(make_form: MakeForm, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getDockerImageList", "action": "delay",
                         "delay_ms": 1500}])
    form = make_form()
    with pytest.raises(TimeoutError, match="images"):
        form.wait(0.3)


def test_without_account_id_the_first_usable_account_is_chosen(
        connection: Connection, control: EmulatorControl) -> None:
    form = CreateWorkspaceForm(connection)
    assert form.wait_ready(10) is True
    form.wait()
    assert form.account.value == ACCOUNT_ID  # df-locked has no permission, so df-demo
    requests = operations(control)
    # With no account given, the account's getList has to wait for the accounts.
    assert requests.index("accounts.getList") < requests.index("getList")
    form.close()


def test_reload_asks_the_service_again(make_form: MakeForm, blocking: BlockingClient,
                                       control: EmulatorControl) -> None:
    form = make_form().wait()
    blocking.create_workspace(ACCOUNT_ID, "made-later", config())
    form.reload()
    assert form.wait_ready(10)
    form.wait()
    assert control.count("accounts.getList") == 2
    assert "made-later" in [label for label, _v in form.start_from.options]


def test_a_bug_is_logged_with_its_traceback_and_shown_as_one_sentence(
        connection: Connection, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(self: FormLoader, *args: object) -> None:
        raise RuntimeError("a bug in the second round")

    monkeypatch.setattr(FormLoader, "_choices_loaded", broken)
    form = CreateWorkspaceForm(connection, ACCOUNT_ID)
    form.wait()
    status = form.load_status  # the second round loads the form: its failure is at the top
    assert status.kind == "error"
    assert status.text.startswith("Something went wrong inside ncp_df_jupyter while loading the "
                                  "GPU models and queues in use")
    assert "RuntimeError" not in status.value and "Traceback" not in status.value
    logged = [r for r in caplog.records if r.name == "ncp_df_jupyter.widgets"]
    assert logged and logged[0].exc_info is not None
    assert "a bug in the second round" in str(logged[0].exc_info[1])
    assert form.ready  # the bug was in the second round: the form still works
    form.close()


def _all_text(widget: object) -> str:
    parts = [repr(getattr(widget, name, "")) for name in
             ("value", "description", "placeholder", "tooltip", "options", "label")]
    for child in getattr(widget, "children", ()):
        parts.append(_all_text(child))
    return "\n".join(parts)


def test_no_widget_shows_the_secret_key(make_form: MakeForm, control: EmulatorControl) -> None:
    form = make_form().wait()
    fill_valid(form)
    control.set_faults([{"operation": "create", "action": "status", "status": 401}])
    form.create_button.click()
    form.wait()
    assert form.status.text.startswith("DataForest refused the key pair.")
    assert any("refused by the API gateway" in value for _label, value in form.status.details)
    shown = _all_text(form) + repr(form.connection) + form.to_magic()
    assert TEST_SECRET_KEY not in shown
    assert "TEST************0001" in repr(form.connection)  # the access key only masked
