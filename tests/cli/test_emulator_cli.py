"""`ncp-df emulator` with a `--state` path it cannot use: one line saying why, exit status 2,
no traceback (the emulator never starts listening)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ncp_df_jupyter.cli import build_parser


def run_emulator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ncp_df_jupyter.cli", "emulator", "--port", "0", *args],
        capture_output=True, text=True, timeout=60, check=False)


def _directory(tmp: Path) -> tuple[str, str]:
    return str(tmp), "it is a directory"


def _missing_folder(tmp: Path) -> tuple[str, str]:
    return str(tmp / "no-such-folder" / "state.db"), "does not exist"


def _not_a_database(tmp: Path) -> tuple[str, str]:
    path = tmp / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    return str(path), "file is not a database"


def _another_programs_database(tmp: Path) -> tuple[str, str]:
    path = tmp / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE workspaces (something TEXT)")
    return str(path), "no such column"


def _read_only_filesystem(tmp: Path) -> tuple[str, str]:
    # Nothing can be created in /proc, not even by root: a read-only place for everyone.
    return "/proc/ncp-df-state.db", "unable to open database file"


CASES: dict[str, Callable[[Path], tuple[str, str]]] = {
    "directory": _directory, "missing-folder": _missing_folder,
    "not-a-database": _not_a_database, "another-programs-database": _another_programs_database,
    "read-only-filesystem": _read_only_filesystem,
}


@pytest.mark.parametrize("case", CASES)
def test_an_unusable_state_path_is_one_line(tmp_path: Path, case: str) -> None:
    path, reason = CASES[case](tmp_path)
    done = run_emulator("--state", path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"ncp-df emulator: --state: cannot keep the emulator's state "
                                  f"in {path!r}: ")
    assert reason in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not bind root; the read-only "
                                              "filesystem case above covers a read-only place")
def test_a_read_only_state_file_is_one_line(tmp_path: Path) -> None:
    """A read-only database opens; the emulator checks at once that it can write it."""
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    path.chmod(stat.S_IRUSR)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = run_emulator("--state", str(path))
    finally:
        tmp_path.chmod(stat.S_IRWXU)
    assert done.returncode == 2 and "readonly database" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_request_log_size_is_a_setting() -> None:
    args = build_parser().parse_args(["emulator", "--request-log-size", "50"])
    assert args.request_log_size == 50
    assert build_parser().parse_args(["emulator"]).request_log_size is None
    done = run_emulator("--request-log-size", "-1")
    assert done.returncode == 2 and "--request-log-size: must be a whole number" in done.stderr
