"""Broken credentials reach a magic as one line naming the file or the key, never a traceback:
a configure file that is not UTF-8, a FIFO, a key with a line break inside. And a service
message full of terminal escapes is printed as visible escapes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.emulator import EmulatorControl

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..stand_ins import answers, fifo_released_after
from .test_errors import run

KEYS = f"[DEFAULT]\nncloud_access_key_id = {TEST_ACCESS_KEY}\nncloud_secret_access_key = "


@pytest.fixture
def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, control: EmulatorControl) -> Path:
    """The kernel's configure file, with the environment's keys gone so that it is read."""
    for name in ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "configure"
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    return path


def test_a_configure_file_that_is_not_utf8(ip: InteractiveShell, configure: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    configure.write_bytes(KEYS.encode() + b"\xc0\xff\n")
    configure.chmod(0o600)
    _, err = run(ip, "%df_accounts", capsys)
    assert len(err) == 1
    assert err[0].startswith(f"%df_accounts: {configure} is not UTF-8 text (byte ")


def test_a_fifo_instead_of_the_configure_file(ip: InteractiveShell, configure: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with fifo_released_after(configure, 5.0) as had_to_release:
        _, err = run(ip, "%df_list", capsys)
    assert not had_to_release()
    assert err == [f"%df_list: {configure} is a named pipe (FIFO), not a file; NCP keys are "
                   "read only from a plain text file there."]


def test_a_key_with_a_line_break_inside(ip: InteractiveShell, control: EmulatorControl,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", f"{TEST_ACCESS_KEY[:6]}\r\nX: {TEST_ACCESS_KEY}")
    _, err = run(ip, "%df_accounts", capsys)
    assert len(err) == 1 and err[0].startswith(
        "%df_accounts: The access key from environment (NCLOUD_ACCESS_KEY_ID, "
        "NCLOUD_SECRET_ACCESS_KEY) holds a line break (character 7 of ")
    assert TEST_ACCESS_KEY not in err[0] and TEST_SECRET_KEY not in err[0]


def test_escape_sequences_from_the_service_are_shown_inert(
        ip: InteractiveShell, control: EmulatorControl, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    hostile = {"success": False, "message": "no\x1b[2J\x1b]0;owned\x07\rforged\nline"}
    with answers(403, hostile) as server:
        monkeypatch.setenv("NCP_DF_ENDPOINT", server.url)
        _, err = run(ip, "%df_accounts", capsys)
    assert len(err) == 1
    assert not re.search("[\x00-\x1f\x7f-\x9f]", err[0])
    assert "no\\x1b[2J\\x1b]0;owned\\x07\\rforged\\nline" in err[0]
