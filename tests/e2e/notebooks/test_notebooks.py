"""The widgets in a real kernel (nbclient): the kernel stays free, and the quickstart runs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ...conftest import ACCOUNT_ID, TEST_SECRET_KEY, SecretSink

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[3]
QUICKSTART = REPO / "notebooks" / "quickstart.ipynb"


def execute(notebook: Any, env: dict[str, str], cwd: Path, sink: SecretSink,
            timeout: int = 60) -> Any:
    """Run every cell in a fresh python3 kernel started with exactly ``env``; the executed
    notebook (outputs included) is kept for the run's secret scan."""
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute(env=env)
    finally:
        sink("executed.ipynb", nbformat.writes(notebook))
    return notebook


def kernel_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # os.environ is already scrubbed of real NCP credentials by the autouse fixture.
    env = dict(os.environ)
    env.update(extra or {})
    return env


def stream_text(cell: Any) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_kernel_runs_the_next_cell_while_a_create_is_in_flight(
        emu: EmulatorThread, tmp_path: Path, secret_sink: SecretSink) -> None:
    control = EmulatorControl(emu.url)
    control.set_faults([{"operation": "create", "action": "delay", "delay_ms": 2000}])
    cells = [
        f"""
import json, time
from ncp_df_jupyter.widgets import CreateWorkspaceForm
form = CreateWorkspaceForm(account_id={ACCOUNT_ID!r})
display(form)
form.wait(20)
form.name.value = "kernel-free"
form.command.value = "python train.py"
form.wait(20)
assert form.ready and not form.create_button.disabled, form.field_messages
""",
        """
clicked_at = time.monotonic()
form.create_button.click()
""",
        """
next_cell_at = time.monotonic()
in_flight = form.loading
""",
        """
form.wait(20)
print(json.dumps({"gap": next_cell_at - clicked_at, "in_flight": in_flight,
                  "kind": form.status.kind, "status": form.status.text,
                  "created": form.created.id if form.created else None}))
""",
    ]
    notebook = new_notebook(cells=[new_code_cell(c.strip()) for c in cells])
    execute(notebook, kernel_env(emu.endpoint.env()), tmp_path, secret_sink)

    result = json.loads(stream_text(notebook.cells[3]))
    # The cell after the click ran at once, with the create still in flight (2 s delay) ...
    assert result["gap"] < 0.5, result
    assert result["in_flight"] is True
    # ... and a later cell's wait() saw it finish.
    assert result["kind"] == "ok" and "kernel-free" in result["status"]
    stored = control.state()["workspaces"]
    assert [(w["id"], w["name"]) for w in stored] == [(result["created"], "kernel-free")]
    assert control.count("create") == 1
    # The form was displayed as a widget in the real kernel.
    views = [o for o in notebook.cells[0].outputs if o.output_type == "display_data"]
    assert views and "application/vnd.jupyter.widget-view+json" in views[0]["data"]


def _check_quickstart_outputs(notebook: Any) -> str:
    text = nbformat.writes(notebook)
    assert TEST_SECRET_KEY not in text
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    return text


def test_quickstart_runs_against_the_environment_emulator(
        emu: EmulatorThread, tmp_path: Path, secret_sink: SecretSink) -> None:
    """As launched by `ncp-df demo`: the environment points at an emulator."""
    notebook = nbformat.read(QUICKSTART, as_version=4)
    execute(notebook, kernel_env(emu.endpoint.env()), tmp_path, secret_sink, timeout=120)
    text = _check_quickstart_outputs(notebook)
    assert f"Using the DataForest API at {emu.url}" in text
    assert "Created workspace quick-" in text
    control = EmulatorControl(emu.url)
    names = [w["name"] for w in control.state()["workspaces"]]
    # the py- workspace and the two made by magics were deleted again
    assert len(names) == 1 and names[0].startswith("quick-")
    # the form's edit and %df_set_config; the Python delete and two %df_delete --yes
    assert control.count("setConfiguration") == 2 and control.count("delete") == 3
    # the magics section: a guarded delete, a dry run, a one-line rule error
    assert "Nothing was deleted; to delete it, run:" in text
    assert "Dry run: nothing was sent." in text
    assert "configuration.resource.gpuCount must be a whole number from 1 to 8 (got 12)" in text
    # Train on a GPU: two runs, one watched to its end and its log read, the other killed
    assert control.count("apps.submit") == 2 and control.count("apps.kill") == 1
    runs = {a["name"].split("-")[0]: a for a in control.state()["apps"]}
    assert set(runs) == {"train", "extra"}
    assert runs["train"]["body"]["docker"]["command"] == "python train.py --epochs 3"
    assert "ended FINISHED (SUCCEEDED)" in text  # %df_wait's last line
    assert "$ python train.py --epochs 3" in text and "Training finished" in text  # %df_logs
    assert "Would kill app" in text and "Killed app" in text and "it is KILLED now." in text
    assert "application/vnd.jupyter.widget-view+json" in text  # the run monitors


def test_quickstart_runs_standalone_with_its_own_emulator(tmp_path: Path,
                                                          secret_sink: SecretSink) -> None:
    env = kernel_env()
    assert "NCP_DF_ENDPOINT" not in env
    notebook = nbformat.read(QUICKSTART, as_version=4)
    execute(notebook, env, tmp_path, secret_sink, timeout=120)
    text = _check_quickstart_outputs(notebook)
    assert "Started a local DataForest emulator at http://127.0.0.1:" in text
    assert "A100" in text  # the sample workspaces' GPU model reached the choices


def test_saved_quickstart_has_no_outputs_and_shows_the_magics() -> None:
    notebook = nbformat.read(QUICKSTART, as_version=4)
    nbformat.validate(notebook)
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    headings = [c.source.splitlines()[0] for c in notebook.cells if c.cell_type == "markdown"]
    assert "## The same in one line: magics" in headings
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "%load_ext ncp_df_jupyter" in code and "%df_create" in code


def test_the_run_monitor_updates_while_the_next_cell_runs(
        emu: EmulatorThread, tmp_path: Path, secret_sink: SecretSink) -> None:
    control = EmulatorControl(emu.url)
    control.set_apps(accept_ms=300, run_ms=1_500, log_lines=["loading", "epoch 1", "saved"])
    cells = [
        f"""
import json, time
from ncp_df_jupyter.kernel.connection import current
from ncp_df_jupyter.widgets import RunMonitor
client = current().client
ws = client.create_workspace({ACCOUNT_ID!r}, "monitored", {{"docker": {{
    "image": "tensorflow:2.15.0-gpu", "command": "python train.py"}}}})
monitor = RunMonitor(client.submit_app(ws.id, "watch"), every=0.2)
display(monitor)
shown_at = time.monotonic()
""",
        """
began_at = time.monotonic()
states_then = list(monitor.states)
time.sleep(4)  # the kernel is busy with this cell; the monitor goes on by itself
print(json.dumps({"gap": began_at - shown_at, "then": states_then, "after": monitor.states,
                  "ended": monitor.ended, "badge": monitor.badge.value,
                  "log": monitor.log_text, "status": monitor.status.text}))
""",
    ]
    notebook = new_notebook(cells=[new_code_cell(c.strip()) for c in cells])
    execute(notebook, kernel_env(emu.endpoint.env()), tmp_path, secret_sink)

    result = json.loads(stream_text(notebook.cells[1]))
    assert result["gap"] < 0.5, result  # the monitor did not hold the kernel
    assert result["then"] == ["ACCEPTED"], result
    assert result["after"][-1] == "FINISHED" and result["ended"], result
    assert "FINISHED (SUCCEEDED)" in result["badge"] and "epoch 1" in result["log"]
    assert "ended FINISHED (SUCCEEDED)" in result["status"]
    views = [o for o in notebook.cells[0].outputs if o.output_type == "display_data"]
    assert views and "application/vnd.jupyter.widget-view+json" in views[0]["data"]
