"""``~/.ncloud/configure`` is read only when it is a regular file of sane size in UTF-8; a FIFO is
never waited on; every other case is a CredentialsError naming the file and what is wrong.

(The magics and the sidebar's routes over the same files: tests/magics/test_credential_files.py
and tests/server/test_credential_files.py.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ncp_df_jupyter.core.credentials import (
    MAX_CONFIG_BYTES,
    credentials_status,
    resolve_credentials,
)
from ncp_df_jupyter.core.errors import CredentialsError

from ..stand_ins import fifo_released_after

GOOD = "[DEFAULT]\nncloud_access_key_id = FILEKEY00000000001\nncloud_secret_access_key = s3cr3t\n"
GUARD_S = 5.0  # a reader blocked on the FIFO is released after this


@pytest.fixture
def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "configure"
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    return path


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0o600)


def problem_of(path: Path) -> str:
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials()
    message = str(caught.value)
    assert str(path) in message and message.endswith(".") and "\n" not in message
    assert credentials_status() == (None, message)  # what /ncp-df/status reports
    return message


def test_a_file_that_is_not_utf8(configure: Path) -> None:
    write(configure, GOOD.encode().replace(b"s3cr3t", b"s3cr\xff\xfe3t"))
    assert "is not UTF-8 text (byte " in problem_of(configure)


def test_a_byte_order_mark_is_fine(configure: Path) -> None:
    write(configure, b"\xef\xbb\xbf" + GOOD.replace("DEFAULT", "work").encode())
    assert resolve_credentials(profile="work").access_key == "FILEKEY00000000001"


def test_a_fifo_is_never_waited_on(configure: Path) -> None:
    with fifo_released_after(configure, GUARD_S) as had_to_release:
        message = problem_of(configure)
    assert not had_to_release()
    assert "is a named pipe (FIFO), not a file" in message


def test_a_file_too_large(configure: Path) -> None:
    write(configure, (GOOD + "#" * MAX_CONFIG_BYTES).encode())
    assert "is larger than 64 KiB" in problem_of(configure)
    write(configure, (GOOD + "#" * (MAX_CONFIG_BYTES - len(GOOD))).encode())  # exactly 64 KiB
    assert resolve_credentials().access_key == "FILEKEY00000000001"


@pytest.mark.parametrize(("make", "says"), [
    (lambda path: path.mkdir(), "is a directory, not a file"),
    (lambda path: path.symlink_to(os.devnull), "is a device, not a file"),
])
def test_something_else_than_a_file(configure: Path, make: Callable[[Path], None],
                                    says: str) -> None:
    make(configure)
    assert says in problem_of(configure)


def test_a_file_that_cannot_be_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    path = tmp_path / "a-file" / "configure"  # its folder is a file
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    assert "could not be read: Not a directory." in problem_of(path)
