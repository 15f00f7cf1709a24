"""`ncp-df demo`: the notebook it ships, and `--check` starting everything for real."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
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


def test_the_working_folder_is_outside_the_checkout_by_default(tmp_path: Path) -> None:
    args = build_parser().parse_args(["demo"])
    assert args.dir is None  # run() then uses default_directory()
    chosen = demo.default_directory({"XDG_DATA_HOME": str(tmp_path / "data")})
    if sys.platform.startswith("linux"):
        assert chosen == tmp_path / "data" / "ncp-df-jupyter" / "demo"
    assert REPO not in chosen.parents and Path.cwd() not in demo.default_directory().parents


def test_a_taken_port_is_said_and_the_export_lines_are_shell_ready() -> None:
    assert demo.moved("JupyterLab", 8888, 8888) is None and demo.moved("x", 0, 5) is None
    assert demo.moved("JupyterLab", 8888, 8889) == (
        "  note        port 8888 is taken: JupyterLab uses port 8889 instead")
    lines = demo.export_lines({"NCP_DF_ENDPOINT": "http://127.0.0.1:1", "A": "it's"})
    assert lines == ["    export NCP_DF_ENDPOINT=http://127.0.0.1:1",
                     "    export A='it'\"'\"'s'"]


def _children(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc), grandchildren (kernels) included."""
    found: set[int] = set()
    parents = {pid}
    while parents:
        below = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) in parents:
                below.add(int(stat.parent.name))
        found |= below
        parents = below - parents
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (its parent, gone too, never reaped it)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir() or not hasattr(signal, "SIGHUP"),
                    reason="reads processes from /proc and sends SIGHUP")
def test_closing_the_terminal_stops_jupyterlab_and_its_kernels(tmp_path: Path) -> None:
    """SIGHUP (the terminal closed) cleans up like Ctrl-C: no JupyterLab, no kernel left."""
    env = dict(os.environ)
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("XDG_DATA_HOME", "data")):
        env[name] = str(tmp_path / sub)
    with socket.socket() as taken:  # a port in use: the demo says it moved
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        below: set[int] = set()
        process = subprocess.Popen(
            [sys.executable, "-m", "ncp_df_jupyter.cli", "demo", "--no-browser", "--port", "0",
             "--emulator-port", str(busy)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path,
            start_new_session=True)
        try:
            seen = _read_until(process, "Press Ctrl-C to stop the demo.", 150)
            text = "\n".join(seen)
            assert f"port {busy} is taken: the emulator uses port " in text
            assert "    export NCP_DF_ENDPOINT=http://127.0.0.1:" in text
            assert "    export NCLOUD_SECRET_ACCESS_KEY=" in text  # the published demo key
            folder = tmp_path / "data" / "ncp-df-jupyter" / "demo"
            assert f"notebook    {folder / 'quickstart.ipynb'}" in text  # not in the cwd
            lab_url = next(line.split()[1] for line in seen if "JupyterLab  http" in line)
            _start_a_kernel(lab_url)
            below = _children(process.pid)
            assert len(below) >= 2, below  # JupyterLab and the kernel it started

            process.send_signal(signal.SIGHUP)
            rest = process.communicate(timeout=60)[0]
            assert process.returncode == 0, rest
            assert "stopping (SIGHUP)" in rest
            deadline = time.monotonic() + 10
            while any(_alive(pid) for pid in below) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not [pid for pid in below if _alive(pid)]  # nothing orphaned
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            for pid in below:  # a regression must not leave them running either
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)


def _read_until(process: subprocess.Popen[str], wanted: str, seconds: float) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if wanted in line:
            return lines
    raise AssertionError("the demo did not start:\n" + "\n".join(lines))


def _start_a_kernel(lab_url: str) -> None:
    base, _, query = lab_url.partition("lab/tree/")
    token = query.split("token=", 1)[1]
    request = urllib.request.Request(
        f"{base}api/kernels", method="POST", data=json.dumps({"name": "python3"}).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 201
