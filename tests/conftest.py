"""Shared fixtures: a real emulator on loopback and clients talking to it over HTTP.

Made-up keys only; the environment is scrubbed so no real NCP credentials are ever read.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread

# Made up for the tests; never a real key. Tests that scan outputs for secrets look for these.
TEST_ACCESS_KEY = "TESTACCESSKEY0000001"
TEST_SECRET_KEY = "test-secret-Zq8V1xW3-never-printed-anywhere"
ACCOUNT_ID = DEMO_ACCOUNT_ID

_SCRUBBED = ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY",
             "NCLOUD_SECRET_KEY", "NCLOUD_PROFILE", "NCLOUD_API_GW", "NCP_DF_ENDPOINT")


@pytest.fixture(autouse=True)
def _isolated_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                          ) -> None:
    """No test reads the developer's real environment or ~/.ncloud/configure."""
    for name in _SCRUBBED:
        monkeypatch.delenv(name, raising=False)
    missing = tmp_path_factory.getbasetemp() / "no-such-configure"
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(missing))


@pytest.fixture
def emulator() -> Iterator[EmulatorThread]:
    """A fresh emulator for one test, on its own thread (so blocking control calls are safe)."""
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY) as server:
        yield server


@pytest.fixture
async def client(emulator: EmulatorThread) -> AsyncIterator[DataForestClient]:
    async with DataForestClient(**emulator.endpoint.client_kwargs(), timeout=5.0,
                                retry=RetryPolicy.fast()) as c:
        yield c


@pytest.fixture
def control(emulator: EmulatorThread) -> EmulatorControl:
    return EmulatorControl(emulator.url)


@pytest.fixture(scope="session")
def emulator_thread() -> Iterator[EmulatorThread]:
    """One emulator in a background thread for synchronous tests (widgets, magics)."""
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY) as emu:
        yield emu


@pytest.fixture
def emu(emulator_thread: EmulatorThread) -> Iterator[EmulatorThread]:
    """The shared threaded emulator, reset to its seeded state before each test."""
    control = EmulatorControl(emulator_thread.url)
    control.reset()
    yield emulator_thread
    control.clear_faults()


@pytest.fixture
def emu_env(emu: EmulatorThread, monkeypatch: pytest.MonkeyPatch) -> EmulatorThread:
    """Environment variables pointing ncp_df_jupyter at the threaded emulator."""
    for name, value in emu.endpoint.env().items():
        monkeypatch.setenv(name, value)
    return emu


def secret_values() -> list[str]:
    return [TEST_SECRET_KEY]


os.environ.setdefault("PYTHONHASHSEED", "0")
