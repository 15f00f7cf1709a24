"""The AI app magics through an IPython shell against the sample emulator: %df_submit (line, cell,
--wait, --dry-run, --name-prefix, overrides), %df_apps, %df_app, %df_logs, %df_wait, %df_kill.

The sample emulator holds three sample apps (seed.SAMPLE_APPS: finished, failed, running);
apps submitted here run for well under two seconds (``/_emulator/apps``).
"""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets.widgets.widget as ipywidget
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from ncp_df_jupyter.core.dry_run import DryRun
from ncp_df_jupyter.core.errors import NotFoundError, ValidationError
from ncp_df_jupyter.core.models import App, AppDetail
from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.emulator.seed import SAMPLE_APPS, SAMPLE_WORKSPACES
from ncp_df_jupyter.widgets import RunMonitor

from .conftest import formats, magics

SHORT = {"accept_ms": 200, "run_ms": 600, "log_lines": ["loading", "epoch 1", "saved"]}
SAMPLE = {name: body for name, _, body in SAMPLE_WORKSPACES}
TIME = re.compile(r"20\d\d-\d\d-\d\d \d\d:\d\d [A-Z]{2,5}")  # a time with its zone


@pytest.fixture
def short(control: EmulatorControl) -> EmulatorControl:
    control.set_apps(**SHORT)
    return control


def sent(control: EmulatorControl, app_id: str) -> dict:
    """The submit body the emulator received for ``app_id`` (its state, not our client)."""
    (row,) = [a for a in control.state()["apps"] if a["id"] == app_id]
    return row["body"]


def sample_app(ip: InteractiveShell, state: str) -> App:
    return next(a for a in ip.run_line_magic("df_apps", "") if a.state == state)


# -- %df_submit ---------------------------------------------------------------------------------

def test_submit_with_wait_prints_each_change_and_returns_the_end(
        ip: InteractiveShell, short: EmulatorControl, capsys: pytest.CaptureFixture[str]
) -> None:
    app = ip.run_line_magic("df_submit", "mnist-train --gpu-count 2 --env EPOCHS=3 "
                                         "--command 'python train.py' --wait")
    assert isinstance(app, AppDetail)
    assert (app.state, app.final_status, app.workspace_name) == ("FINISHED", "SUCCEEDED",
                                                                 "mnist-train")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Submitting an app from workspace 'mnist-train' (T4 x 2, " \
                     "tensorflow:2.15.0-gpu)..."
    assert out[1].startswith(f"Submitted app '{app.name}' (id {app.id}) in ")
    changes = [line for line in out[2:-1]]
    assert changes[0].endswith(f"{app.name}  ACCEPTED") and TIME.match(changes[0])
    assert changes[-1].endswith(f"{app.name}  FINISHED (SUCCEEDED)")
    assert out[-1].startswith(f"App {app.label} ended FINISHED (SUCCEEDED) after ")
    body = sent(short, app.id)
    base = SAMPLE["mnist-train"]
    # the workspace's configuration with the overrides laid over it, for this run only
    assert body["namePrefix"] == "mnist-tr" and app.name.startswith("mnist-tr-")
    assert body["resource"] == {**base["resource"], "gpuCount": 2}
    assert body["docker"] == {**base["docker"], "command": "python train.py",
                              "env": {"JUPYTER_ENABLE_LAB": "yes", "EPOCHS": "3"}}
    assert body["data"] == base["data"] and body["queueName"] == "gpu"
    assert ip.run_line_magic("df_config", "mnist-train").to_api() == base  # untouched


def test_submit_without_wait_returns_at_once_and_shows_a_live_monitor(
        ip: InteractiveShell, short: EmulatorControl) -> None:
    with capture_output() as shown:
        app = ip.run_line_magic("df_submit", "mnist-train --name-prefix quick")
    assert app.state == "ACCEPTED" and app.name.startswith("quick-")
    views = [o.data for o in shown.outputs
             if "application/vnd.jupyter.widget-view+json" in o.data]
    assert len(views) == 1
    monitor = ipywidget._instances[views[0]["application/vnd.jupyter.widget-view+json"]
                                   ["model_id"]]
    assert isinstance(monitor, RunMonitor) and monitor.app_id == app.id
    monitor.wait(20)  # it follows by itself, on the portal: this cell only waits
    assert monitor.states[0] == "ACCEPTED" and monitor.states[-1] == "FINISHED"
    assert "saved" in monitor.log_text and "FINISHED (SUCCEEDED)" in monitor.badge.value
    monitor.close()


def test_submit_cell_overrides_with_line_options_over_them(ip: InteractiveShell,
                                                          short: EmulatorControl) -> None:
    cell = "resource:\n  gpuCount: 3\n  gpuModel: V100\ndocker:\n  args: --epochs 1\n"
    app = ip.run_cell_magic("df_submit", "llm-finetune --gpu-model T4 --wait", cell)
    body = sent(short, app.id)
    base = SAMPLE["llm-finetune"]
    assert body["resource"] == {**base["resource"], "gpuCount": 3, "gpuModel": "T4"}
    assert body["docker"] == {**base["docker"], "args": "--epochs 1"}
    assert body["namePrefix"] == "llm-fine"


def test_a_dry_run_shows_the_body_and_sends_nothing(ip: InteractiveShell,
                                                   short: EmulatorControl) -> None:
    plan = ip.run_line_magic("df_submit", "mnist-train --name-prefix dry --gpu-count 4 "
                                          "--dry-run")
    assert isinstance(plan, DryRun) and plan.operation == "apps.submit"
    assert plan.body["namePrefix"] == "dry" and plan.body["resource"]["gpuCount"] == 4
    assert plan.url.endswith("/api/v2/aiapps/submit")
    assert short.count("apps.submit") == 0
    # the dry run's body, pasted as a cell, submits exactly that
    app = ip.run_cell_magic("df_submit", "mnist-train --wait", plan.json)
    assert sent(short, app.id) == plan.body


def test_a_pasted_body_must_name_the_lines_workspace(ip: InteractiveShell,
                                                    short: EmulatorControl,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    plan = ip.run_line_magic("df_submit", "mnist-train --dry-run")
    assert ip.run_cell_magic("df_submit", "llm-finetune", plan.json) is None
    err = capsys.readouterr().err
    assert err.startswith("%%df_submit: aiWorkspaceId in the cell (") and "differs" in err
    assert short.count("apps.submit") == 0


@pytest.mark.parametrize(("line", "said"), [
    ("mnist-train --gpu-count 12", "resource.gpuCount must be a whole number from 1 to 8"),
    ("mnist-train --name-prefix X", "namePrefix must be 2 to 8 characters"),
    ("mnist-train --user-package /x", "configuration.userPackageUri is not a field of an AI "
                                      "app submit"),
    ("no-such-ws", "No workspace named or with id 'no-such-ws' in account df-demo"),
    ("mnist-train --gpu-count two", "--gpu-count must be a whole number (got 'two')"),
    ("mnist-train --wait --timeout 0", "--timeout must be more than 0 s"),
])
def test_bad_submits_are_one_line_and_send_nothing(ip: InteractiveShell, short: EmulatorControl,
                                                   capsys: pytest.CaptureFixture[str],
                                                   line: str, said: str) -> None:
    assert ip.run_line_magic("df_submit", line) is None
    out, err = capsys.readouterr()
    assert said in err and "Submitting" not in out
    assert err.count("\n") <= 2  # one sentence (and, for a bad option, the usage line)
    assert short.count("apps.submit") == 0


def test_every_problem_of_a_submit_line_at_once_before_any_request(
        ip: InteractiveShell, short: EmulatorControl, capsys: pytest.CaptureFixture[str]) -> None:
    assert ip.run_line_magic("df_submit", "mnist-train --name-prefix X --gpu-count 12") is None
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "%df_submit: 2 problems; nothing was sent:"
    assert err[1].startswith("  namePrefix must be 2 to 8 characters")  # once, not per rule
    assert err[2] == "  resource.gpuCount must be a whole number from 1 to 8 (got 12)."
    assert len(err) == 3 and short.requests() == []  # not even a look-up


def test_framework_without_image_runs_the_frameworks_first_image(
        ip: InteractiveShell, short: EmulatorControl) -> None:
    plan = ip.run_line_magic("df_submit", "mnist-train --framework pytorch --dry-run")
    images = ip.run_line_magic("df_images", "pytorch")
    assert plan.body["docker"]["image"] == next(iter(images))


def test_submit_with_a_timeout_stops_waiting_but_not_the_app(
        ip: InteractiveShell, control: EmulatorControl,
        capsys: pytest.CaptureFixture[str]) -> None:
    control.set_apps(accept_ms=60_000, run_ms=1_000)
    assert ip.run_line_magic("df_submit", "mnist-train --wait --timeout 0.5") is None
    err = capsys.readouterr().err
    assert err.startswith("%df_submit: DataForest app ") and "still ACCEPTED" in err
    assert [a.state for a in ip.run_line_magic("df_apps", "--running")].count("ACCEPTED") == 1


def test_errors_are_raised_when_fatal(ip: InteractiveShell, short: EmulatorControl) -> None:
    magics(ip).all_errors_are_fatal = True
    with pytest.raises(ValidationError):
        ip.run_line_magic("df_submit", "mnist-train --gpu-count 12")
    with pytest.raises(NotFoundError):
        ip.run_line_magic("df_app", "nobody-here")


# -- reading ------------------------------------------------------------------------------------

def test_apps_lists_newest_first_with_times_and_zone(ip: InteractiveShell,
                                                     short: EmulatorControl) -> None:
    new = ip.run_line_magic("df_submit", "eda-notebook --wait")
    table = ip.run_line_magic("df_apps", "")
    assert all(isinstance(a, App) for a in table) and len(table) == len(SAMPLE_APPS) + 1
    assert table[0].id == new.id  # the newest first
    assert [a.state for a in table[1:]] == ["RUNNING", "FAILED", "FINISHED"]  # the samples
    shown = formats(ip, table)
    text, page = shown["text/plain"], shown["text/html"]
    assert text.splitlines()[0] == "4 apps in account df-demo"
    assert text.splitlines()[1].split() == ["name", "id", "workspace", "state", "final",
                                            "status", "started", "elapsed"]
    row = next(line for line in text.splitlines() if line.startswith(new.name))
    assert new.id in row and "eda-notebook" in row and "FINISHED  SUCCEEDED" in row
    assert TIME.search(row)
    assert f"<td style='text-align:left'>{new.name}</td>" in page


def test_apps_of_a_workspace_and_running_ones(ip: InteractiveShell,
                                              short: EmulatorControl) -> None:
    of_llm = ip.run_line_magic("df_apps", "--workspace llm-finetune")
    assert {a.workspace_name for a in of_llm} == {"llm-finetune"} and len(of_llm) == 2
    running = ip.run_line_magic("df_apps", "--running --account df-demo")
    assert [a.state for a in running] == ["RUNNING"]
    assert formats(ip, running)["text/plain"].startswith("1 running app in account df-demo")
    none = ip.run_line_magic("df_apps", "--workspace mnist-train --running")
    assert none == [] and "No app is running in workspace mnist-train" in formats(
        ip, none)["text/plain"]


def test_app_by_name_id_and_yarn_id_shows_a_card(ip: InteractiveShell,
                                                 short: EmulatorControl) -> None:
    finished = sample_app(ip, "FINISHED")
    by_name = ip.run_line_magic("df_app", finished.name)
    assert isinstance(by_name, AppDetail) and by_name.workspace_name == "mnist-train"
    assert ip.run_line_magic("df_app", finished.id).id == finished.id
    assert ip.run_line_magic("df_app", str(by_name.app_id)).id == finished.id
    shown = formats(ip, by_name)
    text, page = shown["text/plain"], shown["text/html"]
    assert "state      FINISHED (SUCCEEDED)" in text and "workspace  mnist-train" in text
    worker = by_name.containers[0]
    assert "worker-0" in text and str(worker.log_url) in text
    assert f"<a href='{worker.log_url}' target='_blank' rel='noopener noreferrer'>" in page
    assert "ncp-df-succeeded" in page  # the badge


def test_an_app_nobody_knows_is_one_line(ip: InteractiveShell, short: EmulatorControl,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert ip.run_line_magic("df_app", "nobody-here") is None
    assert ip.run_line_magic("df_app", "NoSuchApp000000000001") is None
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("%df_app: No AI app named or with id 'nobody-here' in account df-demo; "
                      "%df_apps --account df-demo shows them.")
    assert err[1].startswith("%df_app: No AI app named or with id 'NoSuchApp000000000001'")


def test_logs_of_an_app_and_of_its_container(ip: InteractiveShell, short: EmulatorControl,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    failed = sample_app(ip, "FAILED")
    log = ip.run_line_magic("df_logs", failed.name)
    assert isinstance(log, str) and "CUDA out of memory" in log
    assert log.rstrip().endswith("The training script exited with code 1")
    assert formats(ip, log)["text/plain"] == str(log)  # shown as the log, not its repr
    assert ip.run_line_magic("df_logs", f"{failed.id} --container worker-0") == log
    assert ip.run_line_magic("df_logs", f"{failed.id} --container chief-0") is None
    assert "has no container 'chief-0' (its containers: worker-0)" in capsys.readouterr().err


def test_logs_before_the_app_runs_say_so(ip: InteractiveShell, control: EmulatorControl,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    control.set_apps(accept_ms=60_000, run_ms=1_000)
    app = ip.run_line_magic("df_submit", "mnist-train")
    capsys.readouterr()
    assert ip.run_line_magic("df_logs", app.id) is None
    assert "has no containers yet (ACCEPTED)" in capsys.readouterr().out


def test_logs_follow_prints_the_log_as_it_grows_until_the_end(
        ip: InteractiveShell, short: EmulatorControl,
        capsys: pytest.CaptureFixture[str]) -> None:
    app = ip.run_line_magic("df_submit", "mnist-train")
    capsys.readouterr()
    assert ip.run_line_magic("df_logs", f"{app.name} --follow") is None
    out = capsys.readouterr().out
    assert out.startswith(f"Waiting for app {app.label} to start (ACCEPTED)...")
    lines = [line.split("] ", 1)[1] for line in out.splitlines() if line.startswith("[")]
    assert lines == ["loading", "epoch 1", "saved"]  # each line once, in order
    assert out.splitlines()[-1].startswith(f"App {app.label} ended FINISHED (SUCCEEDED)")


def test_wait_prints_changes_and_returns_the_end(ip: InteractiveShell, short: EmulatorControl,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    app = ip.run_line_magic("df_submit", "mnist-train")
    capsys.readouterr()
    done = ip.run_line_magic("df_wait", app.name)
    assert isinstance(done, AppDetail) and done.state == "FINISHED"
    out = capsys.readouterr().out.splitlines()
    assert out[-2].endswith("FINISHED (SUCCEEDED)")
    assert out[-1].startswith(f"App {app.label} ended FINISHED (SUCCEEDED)")
    again = ip.run_line_magic("df_wait", app.id)  # ended already: says so at once
    assert again.state == "FINISHED"
    assert capsys.readouterr().out.startswith(f"App {app.label} ended FINISHED")


def test_wait_with_a_timeout(ip: InteractiveShell, sample_env: EmulatorControl,
                             capsys: pytest.CaptureFixture[str]) -> None:
    running = sample_app(ip, "RUNNING")
    assert ip.run_line_magic("df_wait", f"{running.id} --timeout 0.2") is None
    assert "is still RUNNING after 0.2 s of waiting" in capsys.readouterr().err


# -- kill ---------------------------------------------------------------------------------------

def test_kill_asks_for_yes_then_kills(ip: InteractiveShell, control: EmulatorControl,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    running = sample_app(ip, "RUNNING")
    assert ip.run_line_magic("df_kill", running.name) is None
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Would kill app {running.label} (RUNNING). Nothing was killed; to kill it, "
                   "run:", f"%df_kill {running.name} --yes"]
    assert control.count("apps.kill") == 0
    killed = ip.run_line_magic("df_kill", f"{running.name} --yes")
    assert killed.state == "KILLED" and killed.final_status == "KILLED"
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Killing app {running.label} (RUNNING)..."
    assert out[1].startswith(f"Killed app {running.label} in ") and out[1].endswith(
        "it is KILLED now.")
    assert control.count("apps.kill") == 1
    # an app that has ended: nothing to kill, nothing sent
    assert ip.run_line_magic("df_kill", f"{running.id} --yes").state == "KILLED"
    assert "has already ended (KILLED); there is nothing to kill" in capsys.readouterr().out
    assert control.count("apps.kill") == 1


def test_the_app_magics_take_an_account(ip: InteractiveShell, short: EmulatorControl,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    app = ip.run_line_magic("df_submit", "mnist-train --account df-demo --wait")
    assert app.state == "FINISHED"
    for magic in ("df_app", "df_wait"):
        assert ip.run_line_magic(magic, f"{app.name} --account df-demo").id == app.id
    assert "saved" in ip.run_line_magic("df_logs", f"{app.name} --account df-demo")
    capsys.readouterr()
    assert ip.run_line_magic("df_kill", f"{app.name} --account df-demo --yes").id == app.id
    assert "has already ended" in capsys.readouterr().out
    # a name is looked up in the account given: one the key cannot use says so, in one line
    assert ip.run_line_magic("df_app", f"{app.name} --account df-locked") is None
    err = capsys.readouterr().err
    assert err.startswith("%df_app: ") and err.count("\n") == 1


# -- help -------------------------------------------------------------------------------------

@pytest.mark.parametrize("magic", ["df_submit", "df_apps", "df_app", "df_logs", "df_wait",
                                   "df_kill"])
def test_every_app_magic_has_help(ip: InteractiveShell, magic: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert ip.run_line_magic(magic, "-h") is None
    out = capsys.readouterr().out
    assert out.startswith(f"usage: %{magic} ") and "options:" in out
    doc = ip.find_line_magic(magic).__doc__
    assert doc is not None and f"usage: %{magic} " in doc  # %df_submit? lists the options


def test_the_readmes_notebook_example(ip: InteractiveShell, short: EmulatorControl,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = text.split("### AI apps in the notebook\n", 1)[1].split("```python\n", 1)[1]
    block = block.split("```", 1)[0]
    assert "%df_submit mnist " in block and "%df_kill" in block
    made = ip.run_line_magic("df_create", "mnist --from mnist-train")
    capsys.readouterr()
    result = ip.run_cell(block)
    assert result.success, result.error_in_exec
    out, err = capsys.readouterr()
    assert err == ""
    assert "Submitted app 'mnist-" in out and "ended FINISHED (SUCCEEDED)" in out  # %df_wait
    assert "saved" in out  # %df_logs --follow printed the log
    assert "has already ended (FINISHED (SUCCEEDED)); there is nothing to kill" in out
    (app,) = [a for a in short.state()["apps"] if a["body"]["aiWorkspaceId"] == made.id]
    assert app["body"]["resource"]["gpuCount"] == 2
    assert app["body"]["docker"]["command"] == "python train.py"
