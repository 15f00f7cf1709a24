"""The magics against a service that differs from the emulator's defaults (behaviour.py):
unknown fields survive every write, nulls are absent, loose values are shown."""

from __future__ import annotations

import json
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.errors import ValidationError
from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.emulator.behaviour import SERVICE_FIELDS

from .conftest import formats, magics
from .test_write_magics import stored


def card(text: str) -> dict[str, str]:
    """The label -> value lines of a workspace card's text."""
    return dict(line.split(None, 1) for line in text.splitlines() if " " in line.strip())

CREATE = "rich --image tensorflow:2.15.0-gpu --command 'jupyter lab' --gpu-count 1 " \
         "--input /user/in:/data/in"


@pytest.fixture
def rich(ip: InteractiveShell, control: EmulatorControl) -> dict[str, Any]:
    """A workspace created by a service that adds fields of its own at every level."""
    control.set_behaviour(extra_fields=True)
    ip.run_line_magic("df_create", CREATE)
    configuration = stored(control, "rich")
    assert configuration["docker"]["shmSizeMb"] == SERVICE_FIELDS["docker"]["shmSizeMb"]
    assert configuration["data"]["input"][0]["mode"] == "copy"
    return configuration


def test_set_config_line_keeps_unknown_fields(ip: InteractiveShell, control: EmulatorControl,
                                              rich: dict[str, Any]) -> None:
    ip.run_line_magic("df_set_config", "rich --gpu-count 2")
    assert stored(control, "rich") == {**rich, "resource": {**rich["resource"], "gpuCount": 2}}


def test_set_config_cell_pasted_from_df_config_keeps_them(
        ip: InteractiveShell, control: EmulatorControl, rich: dict[str, Any]) -> None:
    shown = formats(ip, ip.run_line_magic("df_config", "rich"))["text/plain"]
    assert "shmSizeMb: 8192" in shown  # %df_config shows what the service sent
    ip.run_cell_magic("df_set_config", "rich", shown.replace("gpuCount: 1", "gpuCount: 3"))
    assert stored(control, "rich") == {**rich, "resource": {**rich["resource"], "gpuCount": 3}}


def test_a_dry_run_shows_them_and_sends_nothing(ip: InteractiveShell, control: EmulatorControl,
                                                rich: dict[str, Any]) -> None:
    plan = ip.run_line_magic("df_set_config", "rich --gpu-count 2 --dry-run")
    assert plan.body["configuration"] == {**rich, "resource": {**rich["resource"], "gpuCount": 2}}
    assert control.count("setConfiguration") == 0


def test_a_typo_in_a_cell_is_still_caught(ip: InteractiveShell, control: EmulatorControl,
                                          rich: dict[str, Any]) -> None:
    magics(ip).all_errors_are_fatal = True
    cell = json.dumps({**rich, "docker": {**rich["docker"], "comand": "python"}})
    with pytest.raises(ValidationError) as caught:
        ip.run_cell_magic("df_set_config", "rich", cell)
    assert caught.value.field == "configuration.docker.comand"
    assert control.count("setConfiguration") == 0 and stored(control, "rich") == rich


def test_create_from_a_rich_workspace_copies_all_of_it(
        ip: InteractiveShell, control: EmulatorControl, rich: dict[str, Any]) -> None:
    ip.run_cell_magic("df_create", "copy --from rich", "resource:\n  gpuCount: 2\n")
    assert stored(control, "copy") == {**rich, "resource": {**rich["resource"], "gpuCount": 2}}


def test_nulls_in_a_cell_are_absent(ip: InteractiveShell, control: EmulatorControl) -> None:
    cell = ("docker:\n  image: tensorflow:2.15.0-gpu\n  command: python\n  args: null\n"
            "resource: ~\ndata:\n  input: null\n")
    ip.run_cell_magic("df_create", "sparse", cell)
    assert stored(control, "sparse") == {"docker": {"image": "tensorflow:2.15.0-gpu",
                                                    "command": "python"}, "data": {}}


def test_show_and_list_read_a_loosely_typed_service(ip: InteractiveShell,
                                                    control: EmulatorControl) -> None:
    control.set_behaviour(loose_types=True, extra_fields=False)
    detail = ip.run_line_magic("df_show", "mnist-train")  # memoryMb "30720", ports "8888"
    shown = card(formats(ip, detail)["text/plain"])
    assert (shown["memory"], shown["ports"], shown["GPUs"]) == ("30720 MB (30 GB)", "8888",
                                                                 "T4 x 1")
    table = ip.run_line_magic("df_list", "")
    assert len(table) == 3 and "T4 x 1" in repr(table)


def test_show_lists_the_fields_it_does_not_know(ip: InteractiveShell, control: EmulatorControl,
                                                rich: dict[str, Any]) -> None:
    shown = card(formats(ip, ip.run_line_magic("df_show", "rich"))["text/plain"])
    assert (shown["docker.shmSizeMb"], shown["data.input[0].mode"]) == ("8192", "copy")
