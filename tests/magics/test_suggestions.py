"""Friendlier magics (issue 13): the option, workspace or account probably meant, and a note
when a GPU model is not one DataForest lists. A suggestion is only said: nothing runs with it."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.kernel import command_line
from ncp_df_jupyter.kernel.suggestions import closest, closest_options

from .test_errors import run

CREATE = "--image tensorflow:2.15.0-gpu --command 'python train.py'"


@pytest.mark.parametrize(("typed", "meant"), [
    ("--gpus", ["--gpu-count"]),  # the example: "GPUs" is in --gpu-count's help
    ("--gpus=2", ["--gpu-count"]),
    ("--cpus", ["--cpu-count"]),
    ("--gpu", ["--gpu-model", "--gpu-count"]),  # both as likely: both named
    ("--memory", ["--memory-mb"]),
    ("--imgae", ["--image"]),
    ("--acount", ["--account"]),
    ("--dryrun", ["--dry-run"]),
    ("--zzzzzz", []),
])
def test_the_closest_option(typed: str, meant: list[str]) -> None:
    assert closest_options(typed, command_line.create_parser()) == meant


def test_the_closest_name_prefers_the_same_word_in_another_case() -> None:
    assert closest("t4", ["V100", "T4", "A100"]) == ["T4"]
    assert closest("mnist-trian", ["llm-finetune", "mnist-train"]) == ["mnist-train"]
    assert closest("quite-different", ["mnist-train"]) == []


def test_a_mistyped_workspace_name_gets_the_closest_one(
        ip: InteractiveShell, control: EmulatorControl,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, err = run(ip, "%df_show mnist-trian", capsys)
    assert err == ["%df_show: No workspace named or with id 'mnist-trian' in account df-demo "
                   "(did you mean 'mnist-train'?); %df_list --account df-demo shows them."]
    assert control.count("getList") == 1  # the suggestion reuses the list just read
    _, err = run(ip, "%df_delete lm-finetune --yes", capsys)
    assert "(did you mean 'llm-finetune'?)" in err[0] and control.count("delete") == 0


def test_a_mistyped_account_gets_the_closest_one(ip: InteractiveShell, control: EmulatorControl,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _, err = run(ip, "%df_list --account df-dmeo", capsys)
    assert err == ["%df_list: No account named or with id 'df-dmeo' (did you mean "
                   "'df-demo'?); this key's accounts are: df-demo, df-locked."]


def test_a_gpu_model_the_service_does_not_list_is_said_not_refused(
        ip: InteractiveShell, control: EmulatorControl,
        capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(ip, f"%df_create w-one {CREATE} --gpu-model t4 --dry-run", capsys)
    assert err == ["Note: GPU model 't4' is not one DataForest lists (V100, T4, A100) (did you "
                   "mean 'T4'?); the service may refuse it."]
    assert control.count("create") == 0  # a dry run: and the note did not stop it either
    # A model in use in the account (the demo's A100) is one the service lists.
    out, err = run(ip, f"%df_create w-two {CREATE} --gpu-model A100", capsys)
    assert err == [] and "Created workspace 'w-two'" in out
    out, err = run(ip, f"%df_create w-three {CREATE} --gpu-model H100", capsys)
    assert err == ["Note: GPU model 'H100' is not one DataForest lists (V100, T4, A100) (did "
                   "you mean 'V100' or 'A100'?); the service may refuse it."]
    assert "Created workspace 'w-three'" in out  # the service decides, not the client
    # A documented model asks nothing more of the service.
    before = control.count("getConfigurationList")
    out, err = run(ip, f"%df_create w-four {CREATE} --gpu-model V100", capsys)
    assert err == [] and control.count("getConfigurationList") == before


def test_set_config_says_so_too(ip: InteractiveShell, control: EmulatorControl,
                                capsys: pytest.CaptureFixture[str]) -> None:
    _, err = run(ip, "%df_set_config mnist-train --gpu-model A10", capsys)
    assert err[0].startswith("Note: GPU model 'A10' is not one DataForest lists")
    assert "(did you mean 'A100'?)" in err[0]
