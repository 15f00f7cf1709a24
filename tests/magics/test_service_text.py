"""Service text in the magics' text output (tables, cards, YAML, printed lines): control
characters are written as escapes, so a name cannot drive a terminal or forge a row; the HTML
output keeps escaping markup as it did.
"""

from __future__ import annotations

import html

import pytest
import yaml
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.emulator import EmulatorThread

from ..hostile_text import HOSTILE, HOSTILE_SHOWN, no_unsafe, plant_account, plant_workspace
from .conftest import formats


def test_list_shows_service_text_as_plain_text(ip: InteractiveShell,
                                               sample_emulator: EmulatorThread) -> None:
    plant_workspace(sample_emulator.emulator)
    table = ip.run_line_magic("df_list", "")
    shown = formats(ip, table)
    text = shown["text/plain"]
    assert no_unsafe(text), text
    assert HOSTILE_SHOWN in text and "한글" in text
    assert len(text.splitlines()) == 3 + len(table)  # caption, header, rule: no forged row
    assert html.escape(HOSTILE) in shown["text/html"]  # HTML: the text itself, markup escaped


def test_show_and_config_show_service_text_as_plain_text(ip: InteractiveShell,
                                                         sample_emulator: EmulatorThread) -> None:
    planted = plant_workspace(sample_emulator.emulator)
    detail = ip.run_line_magic("df_show", planted.workspace_id)
    text = formats(ip, detail)["text/plain"]
    assert no_unsafe(text), text
    lines = text.splitlines()
    assert any(line.startswith("description ") and line.endswith(HOSTILE_SHOWN) for line in lines)
    # one line per field: a line break in a value cannot start a line of its own
    assert {line.split("  ")[0] for line in lines} <= {
        "name", "id", "account", "description", "image", "GPUs", "queue", "command", "env",
        "inputs", "created", "modified"}
    config = ip.run_line_magic("df_config", planted.workspace_id)
    text = formats(ip, config)["text/plain"]
    assert no_unsafe(text), text
    assert yaml.safe_load(text) == config.to_api()  # escaped inside quotes: the same values


def test_printed_lines_show_service_text_as_plain_text(
        ip: InteractiveShell, sample_emulator: EmulatorThread,
        capsys: pytest.CaptureFixture[str]) -> None:
    planted = plant_workspace(sample_emulator.emulator)
    account_id = plant_account(sample_emulator.emulator)
    ip.run_line_magic("df_delete", planted.workspace_id)  # says what it would delete
    ip.run_line_magic("df_show", f"nothing-here --account {account_id}")  # an error line
    accounts = ip.run_line_magic("df_accounts", "")
    out, err = capsys.readouterr()
    assert "Would delete workspace" in out and "Nothing was deleted" in out
    assert "No workspace named or with id 'nothing-here' in account acct" in err
    for text in (out, err, formats(ip, accounts)["text/plain"]):
        assert no_unsafe(text), text
        assert HOSTILE_SHOWN in text
    assert len(err.splitlines()) == 1
