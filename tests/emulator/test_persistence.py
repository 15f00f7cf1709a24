"""The emulator's --state file survives kill -9: every acknowledged create is there afterwards,
and no row is half-written, even when the process dies in the middle of a burst of creates."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ncp_df_jupyter import RetryPolicy
from ncp_df_jupyter.core.models import WorkspaceDetail
from ncp_df_jupyter.emulator import EmulatorControl

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import free_port, new_client


@contextmanager
def emulator_process(state: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m ncp_df_jupyter.cli emulator`` as a separate process; killed with SIGKILL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ncp_df_jupyter.cli", "emulator", "--port", str(port),
         "--state", str(state), "--access-key", TEST_ACCESS_KEY, "--secret-key",
         TEST_SECRET_KEY],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        control = EmulatorControl(f"http://127.0.0.1:{port}", timeout=2)
        deadline = time.monotonic() + 20
        while not control.healthy():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the emulator did not start"
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        if process.stderr:
            process.stderr.close()


def kill9(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL


def config_for(i: int) -> dict[str, Any]:
    return {"docker": {"image": f"tensorflow:2.{i}.0-gpu", "command": f"python run.py {i}",
                       "env": {"RUN": str(i), "PAD": "x" * (i % 50)},
                       "exposeTcpPorts": [8000 + i]},
            "resource": {"gpuCount": i % 8 + 1, "gpuModel": "T4", "cpuCount": 2,
                         "memoryMb": 1024 * (i + 1)},
            "queueName": "gpu"}


def rows_in(state: Path) -> list[tuple[str, str, str | None, str]]:
    db = sqlite3.connect(state)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return db.execute(
            "SELECT id, name, description, configuration FROM workspaces ORDER BY seq").fetchall()
    finally:
        db.close()


def test_acknowledged_creates_survive_kill_9(tmp_path: Path) -> None:
    state, port = tmp_path / "state.db", free_port()
    url = f"http://127.0.0.1:{port}"

    async def create_some() -> list[WorkspaceDetail]:
        async with new_client(url) as client:
            return [await client.create_workspace(ACCOUNT_ID, f"keep{i}", config_for(i),
                                                  description=f"d{i}") for i in range(5)]

    with emulator_process(state, port) as process:
        created = asyncio.run(create_some())
        kill9(process)

    with emulator_process(state, port):
        workspaces = EmulatorControl(url).state()["workspaces"]
        assert [(w["id"], w["name"], w["configuration"]) for w in workspaces] == [
            (c.id, f"keep{i}", config_for(i)) for i, c in enumerate(created)]

        async def read_back() -> None:
            async with new_client(url) as client:
                assert [w.id for w in await client.list_workspaces(ACCOUNT_ID)] == [
                    c.id for c in created]
                detail = await client.get_workspace(created[3].id)
                assert detail.configuration is not None
                assert detail.configuration.to_api() == config_for(3)

        asyncio.run(read_back())


def test_kill_9_during_a_burst_of_creates(tmp_path: Path) -> None:
    state, port = tmp_path / "state.db", free_port()
    url = f"http://127.0.0.1:{port}"
    burst, kill_after = 200, 40

    async def burst_then_kill(process: subprocess.Popen[bytes]) -> list[Any]:
        acknowledged = 0
        killed = asyncio.Event()

        async with new_client(url, timeout=3.0, retry=RetryPolicy.fast(max_attempts=2)) as client:
            async def one(i: int) -> WorkspaceDetail:
                nonlocal acknowledged
                result = await client.create_workspace(ACCOUNT_ID, f"burst{i}", config_for(i),
                                                       description=f"burst {i}")
                acknowledged += 1
                if acknowledged == kill_after:
                    kill9(process)
                    killed.set()
                return result

            results = await asyncio.gather(*(one(i) for i in range(burst)),
                                           return_exceptions=True)
        assert killed.is_set()
        return results

    with emulator_process(state, port) as process:
        results = asyncio.run(burst_then_kill(process))

    succeeded = {r.name: r.id for r in results if isinstance(r, WorkspaceDetail)}
    failed = [r for r in results if isinstance(r, BaseException)]
    assert len(succeeded) >= kill_after and failed, "the kill must land in the middle"
    assert all(not isinstance(r, (AssertionError, TypeError, KeyError)) for r in failed), failed

    # Straight from the file, before anything reopens it: whole rows only.
    rows = rows_in(state)
    by_name = {name: (row_id, description, configuration)
               for row_id, name, description, configuration in rows}
    for name, workspace_id in succeeded.items():
        assert by_name[name][0] == workspace_id, name
    for name, (_, description, configuration) in by_name.items():
        i = int(name.removeprefix("burst"))
        assert json.loads(configuration) == config_for(i)
        assert description == f"burst {i}"

    with emulator_process(state, port):
        names = {w["name"]: w["id"] for w in EmulatorControl(url).state()["workspaces"]}
    assert names == {name: row[0] for name, row in by_name.items()}


def test_apps_survive_kill_9_and_keep_running_on_schedule(tmp_path: Path) -> None:
    """Apps submitted before a kill -9 are listed after the restart, finished ones as they
    ended and running ones still on their schedule (states are computed from timestamps)."""
    state, port = tmp_path / "state.db", free_port()
    url = f"http://127.0.0.1:{port}"

    async def submit_some() -> tuple[str, str, str]:
        async with new_client(url) as client:
            ws = await client.create_workspace(ACCOUNT_ID, "runner", config_for(1))
            control = EmulatorControl(url)
            control.set_apps(accept_ms=0, run_ms=0)
            done = await client.submit_app(ws.id, "done")
            assert (await client.get_app(done.id)).state == "FINISHED"
            control.set_apps(accept_ms=60_000)
            killed = await client.submit_app(ws.id, "killed")
            await client.kill_app(killed.id)
            control.set_apps(accept_ms=0, run_ms=2_500)
            later = await client.submit_app(ws.id, "later")
            assert (await client.get_app(later.id)).state == "RUNNING"
            return done.id, killed.id, later.id

    with emulator_process(state, port) as process:
        done, killed, later = asyncio.run(submit_some())
        kill9(process)

    with emulator_process(state, port):
        async def read_back() -> None:
            async with new_client(url) as client:
                listed = {a.id: a.state for a in await client.list_apps(ACCOUNT_ID)}
                assert listed[done] == "FINISHED" and listed[killed] == "KILLED"
                assert listed[later] in ("RUNNING", "FINISHED")
                final = await client.wait_app(later, timeout=10, poll_first=0.1)
                assert (final.state, final.final_status) == ("FINISHED", "SUCCEEDED")
                assert "Training finished" in await client.app_log(final.containers[0])
                # ids go on from where they were: a new app gets the next sequence number
                ws = (await client.list_workspaces(ACCOUNT_ID))[0]
                newer = await client.get_app((await client.submit_app(ws.id, "newer")).id)
                assert newer.app_id is not None and newer.app_id.endswith("_0004")

        asyncio.run(read_back())
