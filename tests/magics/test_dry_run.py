"""--dry-run sends no change, and the curl command it prints really works (run here in bash
against the emulator with the test keys exported), because it signs with the core's layout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.dry_run import DryRun, printf_signing_input
from ncp_df_jupyter.core.signing import string_to_sign
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from .conftest import formats
from .test_write_magics import EVERY_OPTION, EVERY_OPTION_BODY, stored

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bash", "curl", "openssl", "base64")),
    reason="needs bash, curl, openssl and base64 to run the printed command")

READS = {"accounts.getList", "getList", "getDetail", "getConfigurationList", "getDockerImageList"}


def run_script(script: str, secret: str = TEST_SECRET_KEY) -> dict:
    """Run the printed command as a user would, with the keys exported; the JSON answer."""
    env = {"PATH": os.environ["PATH"], "NCLOUD_ACCESS_KEY_ID": TEST_ACCESS_KEY,
           "NCLOUD_SECRET_ACCESS_KEY": secret}
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    answer: dict = json.loads(done.stdout)
    return answer


def test_dry_run_create_sends_nothing(ip: InteractiveShell, control: EmulatorControl) -> None:
    before = control.state()
    plan = ip.run_line_magic("df_create", EVERY_OPTION + " --dry-run")
    assert isinstance(plan, DryRun)
    assert plan.body == {"accountId": DEMO_ACCOUNT_ID, "name": "every-option",
                         "description": "all of them", "configuration": EVERY_OPTION_BODY}
    # Reads only: the accounts, and (A100 is not documented) the GPU models in use.
    assert {r["operation"] for r in control.requests()} == {
        "accounts.getList", "getList", "getConfigurationList"}
    assert control.state() == before
    shown = formats(ip, plan)
    for text in shown.values():
        assert TEST_SECRET_KEY not in text and TEST_ACCESS_KEY not in text
    assert shown["text/plain"].startswith(
        f"Dry run: nothing was sent. The request would be:\nPOST {plan.url}\n{plan.json}\n")
    assert plan.curl in shown["text/plain"]
    assert "<pre>" in shown["text/html"] and "$NCLOUD_SECRET_ACCESS_KEY" in shown["text/html"]


def test_dry_run_with_from_and_framework_only_reads(ip: InteractiveShell,
                                                    control: EmulatorControl) -> None:
    before = control.state()
    plan = ip.run_line_magic("df_create", "copy --from llm-finetune --framework tensorflow "
                             "--dry-run")
    assert plan.body["configuration"]["docker"]["image"] == "tensorflow:2.15.0-gpu"
    assert plan.body["configuration"]["resource"]["gpuModel"] == "A100"
    assert {r["operation"] for r in control.requests()} <= READS
    assert control.state() == before


def test_dry_run_checks_like_the_real_thing(ip: InteractiveShell, control: EmulatorControl,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert ip.run_line_magic("df_create", "w1 --image tensorflow:2.15.0-gpu --dry-run") is None
    assert capsys.readouterr().err == ("%df_create: configuration.docker.command is required.\n")
    assert control.count("create") == 0


def test_printed_create_command_works(ip: InteractiveShell, control: EmulatorControl) -> None:
    plan = ip.run_line_magic("df_create", EVERY_OPTION + " --dry-run")
    answer = run_script(plan.curl)
    assert answer["success"] is True
    assert [r["status"] for r in control.requests("create")] == [200]
    assert stored(control, "every-option") == EVERY_OPTION_BODY
    # and it is the very request the magic sends without --dry-run
    ip.run_line_magic("df_create", EVERY_OPTION.replace("every-option", "real-one", 1))
    assert stored(control, "real-one") == stored(control, "every-option")


def test_printed_set_config_command_works(ip: InteractiveShell, control: EmulatorControl) -> None:
    plan = ip.run_line_magic("df_set_config", "mnist-train --gpu-count 3 --dry-run")
    assert control.count("setConfiguration") == 0
    assert plan.operation == "setConfiguration" and plan.url.endswith(
        "/api/v2/aiworkspaces/setConfiguration")
    assert run_script(plan.curl)["success"] is True
    assert stored(control, "mnist-train")["resource"]["gpuCount"] == 3


def test_printed_cell_command_works(ip: InteractiveShell, control: EmulatorControl) -> None:
    plan = ip.run_cell_magic("df_create", "from-cell --dry-run",
                             "docker:\n  image: pytorch:2.3.0-cuda12.1\n  command: \"it's\"\n"
                             "  env: {QUOTE: \"a'b\", PCT: '100%', BS: 'a\\\\b'}\n")
    env = plan.body["configuration"]["docker"]["env"]
    assert env == {"QUOTE": "a'b", "PCT": "100%", "BS": "a\\\\b"}  # YAML '' keeps backslashes
    assert run_script(plan.curl)["success"] is True
    assert stored(control, "from-cell")["docker"] == plan.body["configuration"]["docker"]


def test_printed_command_with_a_wrong_secret_is_refused(ip: InteractiveShell,
                                                        control: EmulatorControl) -> None:
    plan = ip.run_line_magic("df_create", "w1 --image tensorflow:2.15.0-gpu --command x "
                             "--dry-run")
    answer = run_script(plan.curl, secret="not-the-secret")
    assert answer["error"]["message"] == "Authentication Failed"
    assert control.count("create") == 1 and control.state()["workspaces"] != []  # the samples
    assert "w1" not in [w["name"] for w in control.state()["workspaces"]]


@pytest.mark.parametrize("values", [("/api/v2/aiworkspaces/getList", "1700000000000",
                                     TEST_ACCESS_KEY), ("/p%s?q=%d", "1\\n2", "K'E\\Y")])
def test_printf_prints_exactly_the_string_to_sign(values: tuple[str, str, str]) -> None:
    fmt, names = printf_signing_input()
    assert names == ["URI", "TS", "NCLOUD_ACCESS_KEY_ID"]
    env = {"PATH": os.environ["PATH"], **dict(zip(names, values, strict=True))}
    printed = subprocess.run(
        ["bash", "-c", f'printf \'{fmt}\' "$URI" "$TS" "$NCLOUD_ACCESS_KEY_ID"'], env=env,
        capture_output=True, text=True, check=True).stdout
    assert printed == string_to_sign("POST", *values)
