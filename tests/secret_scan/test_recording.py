"""The recording the secret scan relies on works: log records (with tracebacks) reach the
session log, and signatures accepted by emulators, in this process and in a subprocess, are
recorded. (Runs just before test_secret_scan.py.)"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import (
    SESSION_LOG,
    TEST_ACCESS_KEY,
    TEST_SECRET_KEY,
    SecretSink,
    recorded_signatures,
)
from ..support import free_port


async def _two_calls(url: str) -> None:
    async with DataForestClient(TEST_ACCESS_KEY, TEST_SECRET_KEY, url,
                                retry=RetryPolicy.fast()) as client:
        await client.list_accounts()
        await client.list_docker_images("tensorflow")


def test_signatures_accepted_in_this_process_are_recorded() -> None:
    before = recorded_signatures()
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY) as emulator:
        asyncio.run(_two_calls(emulator.url))
    new = recorded_signatures() - before
    assert len(new) == 2 and all(len(s) == 44 and s.endswith("=") for s in new)


def test_signatures_accepted_by_an_emulator_subprocess_are_recorded() -> None:
    before = recorded_signatures()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ncp_df_jupyter.cli", "emulator", "--port", str(port),
         "--access-key", TEST_ACCESS_KEY, "--secret-key", TEST_SECRET_KEY],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # inherits the log's variable
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while not EmulatorControl(url, timeout=1).healthy():
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        asyncio.run(_two_calls(url))
    finally:
        process.terminate()
        process.wait(10)
    assert len(recorded_signatures() - before) == 2


def test_log_records_and_tracebacks_reach_the_session_log(secret_sink: SecretSink) -> None:
    marker = f"recording-check-{time.time_ns()}"
    try:
        raise RuntimeError(marker + "-in-traceback")
    except RuntimeError:
        logging.getLogger("ncp_df_jupyter.test").debug("%s at debug", marker, exc_info=True)
    text = SESSION_LOG.read_text(encoding="utf-8")
    assert f"{marker} at debug" in text
    assert f"RuntimeError: {marker}-in-traceback" in text and "Traceback" in text
    path = secret_sink("note.txt", marker)
    assert path.read_text() == marker and path.is_relative_to(SESSION_LOG.parents[1])
