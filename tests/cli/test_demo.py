"""`ncp-df demo`: the notebook it ships, and `--check` starting everything for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ncp_df_jupyter.cli import build_parser, demo

REPO = Path(__file__).resolve().parents[2]


def test_demo_ships_the_quickstart_notebook() -> None:
    assert demo.quickstart_text() == (REPO / "notebooks" / "quickstart.ipynb").read_text(
        encoding="utf-8")


def test_prepare_directory_keeps_an_edited_copy_unless_fresh(tmp_path: Path) -> None:
    notebook, written = demo.prepare_directory(tmp_path / "work")
    assert written and notebook.read_text(encoding="utf-8") == demo.quickstart_text()
    notebook.write_text("my edits", encoding="utf-8")
    assert demo.prepare_directory(tmp_path / "work") == (notebook, False)
    assert notebook.read_text(encoding="utf-8") == "my edits"
    assert demo.prepare_directory(tmp_path / "work", fresh=True) == (notebook, True)
    assert notebook.read_text(encoding="utf-8") == demo.quickstart_text()


def test_demo_is_a_subcommand_with_its_options() -> None:
    args = build_parser().parse_args(["demo", "--check", "--no-browser", "--dir", "x"])
    assert (args.check, args.no_browser, args.dir, args.run) == (True, True, "x", demo.run)


def test_demo_environment_points_at_the_emulator_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_SECRET_KEY", "an-alias-that-must-not-leak-in")
    env = demo.demo_environment({"NCP_DF_ENDPOINT": "http://127.0.0.1:1",
                                 "NCLOUD_ACCESS_KEY_ID": "K", "NCLOUD_SECRET_ACCESS_KEY": "S"})
    assert env["NCP_DF_ENDPOINT"] == "http://127.0.0.1:1" and "NCLOUD_SECRET_KEY" not in env


@pytest.mark.slow
def test_demo_check_starts_everything_and_exits_zero(tmp_path: Path) -> None:
    env = dict(os.environ)
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
        env[name] = str(tmp_path / sub)
    done = subprocess.run(
        [sys.executable, "-m", "ncp_df_jupyter.cli", "demo", "--check", "--dir",
         str(tmp_path / "demo"), "--port", "0", "--emulator-port", "0"],
        capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "ncp-df demo --check: everything answers." in out
    assert "JupyterLab  http://127.0.0.1:" in out and "/lab/tree/quickstart.ipynb?token=" in out
    assert "[ok] a kernel reaches the emulator" in out and "FAILED" not in out
    assert "3 sample workspaces" in out
    assert (tmp_path / "demo" / "quickstart.ipynb").is_file()
