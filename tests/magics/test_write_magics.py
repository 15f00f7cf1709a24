"""The changing magics: %df_create, %%df_create, %df_set_config, %%df_set_config, %df_delete."""

from __future__ import annotations

import json

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.models import Configuration, WorkspaceDetail
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

from .conftest import formats

SAMPLES = {name: body for name, _, body in SAMPLE_WORKSPACES}


def stored(control: EmulatorControl, name: str) -> dict:
    """The configuration the emulator holds for ``name`` (read from its state, not our client)."""
    rows = [w for w in control.state()["workspaces"] if w["name"] == name]
    assert len(rows) == 1, rows
    configuration = rows[0]["configuration"]
    return json.loads(configuration) if isinstance(configuration, str) else configuration


EVERY_OPTION = (
    "every-option --account df-demo --description 'all of them' --queue gpu-large "
    "--gpu-model A100 --gpu-count 2 --cpu-count 8 --memory-mb 61440 "
    "--image tensorflow:2.13.0-gpu --command 'python train.py' --args='--epochs 3 --lr 0.1' "
    "--workdir /home/work --env A=1 'B=two words' --env C=x=y --port 8888 6006 "
    "--input /user/df/in:/data/in /user/df/more:/data/more "
    "--output /user/df/out:/data/out:overwrite --output hdfs://nn:8020/keep:/data/keep "
    "--user-package /user/df/pkg.tar.gz")

EVERY_OPTION_BODY = {
    "data": {"input": [{"hdfs": "/user/df/in", "path": "/data/in"},
                       {"hdfs": "/user/df/more", "path": "/data/more"}],
             "output": [{"hdfs": "/user/df/out", "path": "/data/out", "overwrite": True},
                        {"hdfs": "hdfs://nn:8020/keep", "path": "/data/keep",
                         "overwrite": False}]},
    "docker": {"image": "tensorflow:2.13.0-gpu", "command": "python train.py",
               "args": "--epochs 3 --lr 0.1", "workdir": "/home/work",
               "env": {"A": "1", "B": "two words", "C": "x=y"}, "exposeTcpPorts": [8888, 6006]},
    "queueName": "gpu-large",
    "resource": {"cpuCount": 8, "gpuCount": 2, "gpuModel": "A100", "memoryMb": 61440},
    "userPackageUri": "/user/df/pkg.tar.gz",
}


def test_create_with_every_option(ip: InteractiveShell, control: EmulatorControl,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    created = ip.run_line_magic("df_create", EVERY_OPTION)
    assert isinstance(created, WorkspaceDetail)
    assert (created.name, created.account_id, created.account_name, created.description) == (
        "every-option", DEMO_ACCOUNT_ID, "df-demo", "all of them")
    assert stored(control, "every-option") == EVERY_OPTION_BODY
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("Creating workspace 'every-option' in account df-demo "
                      "(A100 x 2, tensorflow:2.13.0-gpu)...")
    assert out[1].startswith(f"Created workspace 'every-option' (id {created.id}) in ")
    # One write; the reads before it: the accounts and (A100 is not a documented model) the
    # GPU models in use, which hold A100, so no note was printed.
    operations = [r["operation"] for r in control.requests()]
    assert operations[0] == "accounts.getList" and operations[-1] == "create"
    assert set(operations[1:-1]) == {"getList", "getConfigurationList"}
    assert "Note:" not in "\n".join(out)


def test_assigning_the_result(ip: InteractiveShell, control: EmulatorControl) -> None:
    result = ip.run_cell("ws = %df_create assigned --image pytorch:2.1.2-cuda11.8 "
                         "--command 'jupyter lab'")
    assert result.success
    ws = ip.user_ns["ws"]
    assert isinstance(ws, WorkspaceDetail) and ws.name == "assigned"
    assert ws.configuration is not None and ws.configuration.image == "pytorch:2.1.2-cuda11.8"
    assert ws.id in [w["id"] for w in control.state()["workspaces"]]


def test_framework_picks_its_first_image(ip: InteractiveShell, control: EmulatorControl) -> None:
    ip.run_line_magic("df_create", "torchy --framework pytorch --command 'python x.py'")
    assert stored(control, "torchy")["docker"]["image"] == "pytorch:2.3.0-cuda12.1"
    ip.run_line_magic("df_create", "chosen --framework pytorch --image pytorch:1.13.1-cuda11.6 "
                      "--command run")
    assert stored(control, "chosen")["docker"]["image"] == "pytorch:1.13.1-cuda11.6"


def test_from_copies_a_configuration_and_options_override(ip: InteractiveShell,
                                                          control: EmulatorControl) -> None:
    ip.run_line_magic("df_create", "copy --from llm-finetune --gpu-count 8 --env EXTRA=1")
    expected = json.loads(json.dumps(SAMPLES["llm-finetune"]))
    expected["resource"]["gpuCount"] = 8
    expected["docker"]["env"]["EXTRA"] = "1"  # env is added to, other lists are replaced
    assert stored(control, "copy") == expected
    ip.run_line_magic("df_create", "ports --from llm-finetune --port 9000")
    assert stored(control, "ports")["docker"]["exposeTcpPorts"] == [9000]


def test_from_by_id(ip: InteractiveShell, control: EmulatorControl) -> None:
    source = ip.run_line_magic("df_show", "eda-notebook")
    ip.run_line_magic("df_create", f"by-id --from {source.id}")
    assert stored(control, "by-id") == SAMPLES["eda-notebook"]


YAML_CELL = """\
# the API's shape, YAML
queueName: gpu
resource:
  gpuModel: T4
  gpuCount: 1
docker:
  image: tensorflow:2.15.0-gpu
  command: jupyter lab
  env:
    JUPYTER_ENABLE_LAB: yes
"""


def test_cell_in_yaml_with_line_overrides(ip: InteractiveShell, control: EmulatorControl) -> None:
    created = ip.run_cell_magic("df_create", "from-yaml --gpu-count 2 --description cell",
                                YAML_CELL)
    assert created.description == "cell"
    assert stored(control, "from-yaml") == {
        "queueName": "gpu", "resource": {"gpuModel": "T4", "gpuCount": 2},
        "docker": {"image": "tensorflow:2.15.0-gpu", "command": "jupyter lab",
                   "env": {"JUPYTER_ENABLE_LAB": "yes"}}}


def test_cell_in_json(ip: InteractiveShell, control: EmulatorControl) -> None:
    body = {"docker": {"image": "pytorch:2.3.0-cuda12.1", "command": "python t.py",
                       "exposeTcpPorts": [8888]},
            "resource": {"gpuModel": "V100", "gpuCount": 4}}
    ip.run_cell_magic("df_create", "from-json", json.dumps(body, indent="\t"))
    assert stored(control, "from-json") == body


def test_cell_may_be_a_whole_create_request(ip: InteractiveShell, control: EmulatorControl
                                            ) -> None:
    """What --dry-run prints can be pasted back as the cell."""
    plan = ip.run_line_magic("df_create", "pasted --from mnist-train --description d --dry-run")
    created = ip.run_cell_magic("df_create", "pasted", plan.json)
    assert created.description == "d"
    assert stored(control, "pasted") == SAMPLES["mnist-train"]


def test_cell_run_through_run_cell(ip: InteractiveShell, control: EmulatorControl) -> None:
    result = ip.run_cell("%%df_create via-cell --framework tensorflow\n"
                         "docker:\n  command: jupyter lab\n")
    assert result.success and isinstance(result.result, WorkspaceDetail)
    assert stored(control, "via-cell")["docker"] == {"image": "tensorflow:2.15.0-gpu",
                                                     "command": "jupyter lab"}


def test_cell_over_from(ip: InteractiveShell, control: EmulatorControl) -> None:
    ip.run_cell_magic("df_create", "merged --from mnist-train",
                      "resource:\n  gpuModel: V100\ndocker:\n  workdir: /tmp\n")
    expected = json.loads(json.dumps(SAMPLES["mnist-train"]))
    expected["resource"]["gpuModel"] = "V100"
    expected["docker"]["workdir"] = "/tmp"
    assert stored(control, "merged") == expected


def test_set_config_line_changes_only_the_options(ip: InteractiveShell,
                                                  control: EmulatorControl,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    change = ip.run_line_magic("df_set_config", "mnist-train --gpu-count 2 --queue gpu-large")
    expected = json.loads(json.dumps(SAMPLES["mnist-train"]))
    expected["resource"]["gpuCount"] = 2
    expected["queueName"] = "gpu-large"
    assert stored(control, "mnist-train") == expected
    assert isinstance(change.configuration, Configuration)
    assert change.configuration.to_api() == Configuration.from_api(expected).to_api()
    assert change.changes() == [("queueName", '"gpu"', '"gpu-large"'),
                                ("resource.gpuCount", "1", "2")]
    assert formats(ip, change)["text/plain"].splitlines() == [
        "Changed in the configuration of 'mnist-train':",
        '  queueName          "gpu" -> "gpu-large"',
        "  resource.gpuCount  1 -> 2"]
    assert "<td style='text-align:left'>resource.gpuCount</td>" in formats(ip, change)[
        "text/html"]
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("Changing the configuration of 'mnist-train' "
                      "(T4 x 2, tensorflow:2.15.0-gpu)...")
    assert out[1].startswith("Changed the configuration of 'mnist-train' in ")
    assert ip.run_line_magic("df_show", "mnist-train").configuration.gpu_count == 2


def test_set_config_cell_replaces_the_configuration(ip: InteractiveShell,
                                                    control: EmulatorControl) -> None:
    workspace = ip.run_line_magic("df_show", "llm-finetune")
    ip.run_cell_magic("df_set_config", f"{workspace.id} --gpu-count 3",
                      "docker:\n  image: pytorch:2.1.2-cuda11.8\n  command: python run.py\n"
                      "resource:\n  gpuModel: A100\n")
    assert stored(control, "llm-finetune") == {
        "docker": {"image": "pytorch:2.1.2-cuda11.8", "command": "python run.py"},
        "resource": {"gpuModel": "A100", "gpuCount": 3}}


def test_set_config_cell_may_be_a_whole_request(ip: InteractiveShell,
                                                control: EmulatorControl) -> None:
    plan = ip.run_line_magic("df_set_config", "eda-notebook --gpu-count 2 --dry-run")
    ip.run_cell_magic("df_set_config", "eda-notebook", plan.json)
    assert stored(control, "eda-notebook") == plan.body["configuration"]
    assert stored(control, "eda-notebook")["resource"]["gpuCount"] == 2


def test_set_config_framework(ip: InteractiveShell, control: EmulatorControl) -> None:
    ip.run_line_magic("df_set_config", "eda-notebook --framework pytorch")
    assert stored(control, "eda-notebook")["docker"]["image"] == "pytorch:2.3.0-cuda12.1"


def test_delete_needs_yes(ip: InteractiveShell, control: EmulatorControl,
                          capsys: pytest.CaptureFixture[str]) -> None:
    target = ip.run_line_magic("df_show", "eda-notebook")
    capsys.readouterr()
    assert ip.run_line_magic("df_delete", "eda-notebook --account df-demo") is None
    out = capsys.readouterr().out
    assert out == (f"Would delete workspace 'eda-notebook' (id {target.id}, account df-demo). "
                   "Nothing was deleted; to delete it, run:\n"
                   "%df_delete eda-notebook --account df-demo --yes\n")
    assert control.count("delete") == 0
    assert len(control.state()["workspaces"]) == 3

    ip.run_line_magic("df_delete", "eda-notebook --account df-demo --yes")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Deleting workspace 'eda-notebook' (id {target.id}, account df-demo)..."
    assert out[1].startswith("Deleted workspace 'eda-notebook' in ")
    assert [r["status"] for r in control.requests("delete")] == [200]
    assert "eda-notebook" not in ip.run_line_magic("df_list", "").names()


def test_delete_by_id(ip: InteractiveShell, control: EmulatorControl,
                      capsys: pytest.CaptureFixture[str]) -> None:
    target = ip.run_line_magic("df_show", "mnist-train")
    ip.run_line_magic("df_delete", target.id)
    assert capsys.readouterr().out.endswith(f"%df_delete {target.id} --yes\n")
    ip.run_line_magic("df_delete", f"{target.id} --yes")
    assert "mnist-train" not in [w["name"] for w in control.state()["workspaces"]]


def test_created_workspace_shows_as_a_card(ip: InteractiveShell) -> None:
    created = ip.run_line_magic("df_create", "card --image tensorflow:2.15.0-gpu --command x "
                                "--gpu-model T4 --gpu-count 1")
    text = formats(ip, created)["text/plain"].splitlines()
    assert text[:3] == ["name     card", f"id       {created.id}", "account  df-demo"]
    assert "GPUs     T4 x 1" in text


def test_set_config_replace_makes_it_exactly_the_options(ip: InteractiveShell,
                                                         control: EmulatorControl) -> None:
    change = ip.run_line_magic("df_set_config", "mnist-train --replace --image "
                               "pytorch:2.3.0-cuda12.1 --command 'python a.py' --gpu-count 1")
    assert stored(control, "mnist-train") == {
        "docker": {"image": "pytorch:2.3.0-cuda12.1", "command": "python a.py"},
        "resource": {"gpuCount": 1}}
    dropped = {key for key, _, after in change.changes() if after == "(none)"}
    assert {"queueName", "resource.gpuModel", "docker.exposeTcpPorts", "data.input"} <= dropped


def test_set_config_to_the_same_says_nothing_changed(ip: InteractiveShell) -> None:
    change = ip.run_line_magic("df_set_config", "mnist-train --gpu-count 1")
    assert change.changes() == []
    assert formats(ip, change)["text/plain"] == (
        "Nothing changed: 'mnist-train' already had this configuration.")
