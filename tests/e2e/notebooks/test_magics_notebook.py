"""The magics in a real kernel (nbclient): a small notebook run against the test's emulator,
whose address and keys reach the kernel through its environment."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ...conftest import TEST_SECRET_KEY, SecretSink

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

CELLS = [
    "%load_ext ncp_df_jupyter",                                                   # 0
    "%df_accounts",                                                               # 1
    "ws = %df_create kernel-ws --framework tensorflow --command 'jupyter lab' "
    "--gpu-model T4 --gpu-count 1\nws.id",                                        # 2
    "%%df_create kernel-yaml --gpu-count 2\n"
    "docker:\n  image: pytorch:2.3.0-cuda12.1\n  command: python train.py\n"
    "resource:\n  gpuModel: V100\n",                                              # 3
    "%df_list",                                                                   # 4
    "%df_show nope",                                                              # 5
    "%df_create kernel-ws --gpu-count twelve",                                    # 6
    "%df_delete kernel-ws",                                                       # 7
    "%df_delete kernel-ws --yes",                                                 # 8
    "%df_create planned --from kernel-yaml --dry-run",                            # 9
    "%df_profile",                                                                # 10
    "form = %df_form\nform",                                                      # 11
    "%df_set_config kernel-yaml --gpu-count 3\n"                                   # 12
    "print('form ready:', form.wait(20).ready)",
    "%config DataForestMagics.all_errors_are_fatal = True\n%df_show nope",        # 13
]


def run_notebook(env: dict[str, str], cwd: Path, sink: SecretSink) -> Any:
    notebook = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute(env=env)
    finally:  # the outputs, for the run's secret scan
        sink("executed.ipynb", nbformat.writes(notebook))
    return notebook


def streams(cell: Any, name: str) -> str:
    return "".join(o.get("text", "") for o in cell.outputs
                   if o.output_type == "stream" and o.name == name)


def rich(cell: Any) -> dict[str, Any]:
    found = [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
    assert len(found) == 1, cell.outputs
    data: dict[str, Any] = found[0]["data"]
    return data


def test_a_notebook_of_magics(sample_emulator: EmulatorThread, sample_env: EmulatorControl,
                              tmp_path: Path, secret_sink: SecretSink) -> None:
    control = sample_env
    env = {**os.environ, **sample_emulator.endpoint.env()}  # the scrubbed env + the emulator
    cells = run_notebook(env, tmp_path, secret_sink).cells

    assert "df-demo (default)" in rich(cells[1])["text/html"]
    created_id = ast.literal_eval(rich(cells[2])["text/plain"])  # ws.id
    assert streams(cells[2], "stdout").startswith(
        "Creating workspace 'kernel-ws' in account df-demo (T4 x 1, tensorflow:2.15.0-gpu)...\n"
        f"Created workspace 'kernel-ws' (id {created_id}) in ")
    assert [r["status"] for r in control.requests("create")] == [200, 200]
    assert "<th style='text-align:left'>GPUs</th><td style='text-align:left'>V100 x 2</td>" in (
        rich(cells[3])["text/html"])
    listing = rich(cells[4])
    assert "5 workspaces in account df-demo" in listing["text/html"]
    assert "kernel-yaml" in listing["text/plain"] and "V100 x 2" in listing["text/plain"]

    # expected errors: one line on stderr, no error output, no traceback
    for index, line in [
        (5, "%df_show: No workspace named or with id 'nope' in account df-demo; "
            "%df_list --account df-demo shows them.\n"),
        (6, "%df_create: --gpu-count must be a whole number (got 'twelve').\n"
            "usage: %df_create NAME [--account ID_OR_NAME] [--from WORKSPACE] "
            "[--description TEXT] [configuration options] [--dry-run]  (--help lists them)\n"),
    ]:
        assert streams(cells[index], "stderr") == line
        assert [o.output_type for o in cells[index].outputs] == ["stream"]

    assert "Nothing was deleted; to delete it, run:\n%df_delete kernel-ws --yes" in streams(
        cells[7], "stdout")
    assert streams(cells[8], "stdout").splitlines()[1].startswith(
        "Deleted workspace 'kernel-ws' in ")
    assert created_id not in [w["id"] for w in control.state()["workspaces"]]
    plan = rich(cells[9])
    assert plan["text/plain"].startswith("Dry run: nothing was sent.")
    assert "openssl dgst -sha256 -hmac" in plan["text/html"]
    assert "planned" not in [w["name"] for w in control.state()["workspaces"]]
    assert "TEST************0001 (secret key hidden)" in rich(cells[10])["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in rich(cells[11])

    # a magic that blocks its cell leaves the widgets working: the form loaded meanwhile
    assert streams(cells[12], "stdout").splitlines()[-1] == "form ready: True"

    fatal = [o for o in cells[13].outputs if o.output_type == "error"]
    assert [o.ename for o in fatal] == ["NotFoundError"]

    everything = repr([cell.outputs for cell in cells])
    assert TEST_SECRET_KEY not in everything
