"""Shared fixtures: a real emulator on loopback and clients talking to it over HTTP.

Made-up keys only; the environment is scrubbed so no real NCP credentials are ever read.

The secret scan (tests/secret_scan, run last: see pytest_collection_modifyitems) reads everything
under test-artifacts/ that this run produced, in its folder test-artifacts/runs/<time>-<pid>/:
every log record of the session (root logger at DEBUG, logs/pytest.log), every test's captured
stdout/stderr (logs/captured-output.log), and whatever tests hand to the ``secret_sink`` fixture
(notebook outputs, REST answers, DOM and network dumps: scan/); plus the files other fixtures
put at the top of test-artifacts/ (screenshots). It looks for TEST_SECRET_KEY and for every
signature value an emulator accepted during the run (recorded by ncp_df_jupyter.emulator.auth,
in this process and in emulator subprocesses, into secrets/, which is not scanned).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator import auth as emulator_auth

# Made up for the tests; never a real key. Tests that scan outputs for secrets look for these.
TEST_ACCESS_KEY = "TESTACCESSKEY0000001"
TEST_SECRET_KEY = "test-secret-Zq8V1xW3-never-printed-anywhere"
ACCOUNT_ID = DEMO_ACCOUNT_ID

_SCRUBBED = ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY",
             "NCLOUD_SECRET_KEY", "NCLOUD_PROFILE", "NCLOUD_API_GW", "NCP_DF_ENDPOINT",
             "NCP_DF_CA_BUNDLE")


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


@pytest.fixture(scope="session")
def emu_control(emulator_thread: EmulatorThread) -> EmulatorControl:
    """The control API of the shared threaded emulator (``emu``)."""
    return EmulatorControl(emulator_thread.url)


@pytest.fixture
def emu(emulator_thread: EmulatorThread, emu_control: EmulatorControl
        ) -> Iterator[EmulatorThread]:
    """The shared threaded emulator, reset to its seeded state before each test."""
    emu_control.reset()
    yield emulator_thread
    emu_control.clear_faults()


@pytest.fixture(scope="session")
def sample_emulator() -> Iterator[EmulatorThread]:
    """An emulator started with the sample workspaces (A100, gpu-large...), like `ncp-df demo`."""
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        sample_workspaces=True) as emu:
        yield emu


@pytest.fixture
def sample_env(sample_emulator: EmulatorThread, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[EmulatorControl]:
    """The sample emulator, reset, with the environment pointing ncp_df_jupyter at it."""
    control = EmulatorControl(sample_emulator.url)
    control.reset()
    for name, value in sample_emulator.endpoint.env().items():
        monkeypatch.setenv(name, value)
    yield control
    control.clear_faults()


@pytest.fixture
def emu_env(emu: EmulatorThread, monkeypatch: pytest.MonkeyPatch) -> EmulatorThread:
    """Environment variables pointing ncp_df_jupyter at the threaded emulator."""
    for name, value in emu.endpoint.env().items():
        monkeypatch.setenv(name, value)
    return emu


# -- artifacts for the secret scan -------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
RUNS_DIR = ARTIFACTS / "runs"
# This run's folder: runs of other engineers (or editors) at the same time keep their own.
RUN_DIR = RUNS_DIR / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
LOGS_DIR = RUN_DIR / "logs"
SCAN_DIR = RUN_DIR / "scan"  # what tests save through secret_sink
SECRETS_DIR = RUN_DIR / "secrets"  # the recorded signatures themselves: never scanned
SESSION_LOG = LOGS_DIR / "pytest.log"
CAPTURED_OUTPUT = LOGS_DIR / "captured-output.log"
SUBPROCESS_SIGNATURES = SECRETS_DIR / "signatures-subprocesses.txt"
SCAN_FOLDER = "tests/secret_scan/"
_session_log_handler: logging.Handler | None = None


def _forget_finished_runs() -> None:
    """Folders of earlier runs whose process has ended (the last one stays until now)."""
    for folder in RUNS_DIR.glob("*-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        try:
            os.kill(int(pid), 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # alive, someone else's


def pytest_configure(config: pytest.Config) -> None:
    """Start recording: every log record to a file, every accepted signature to a set."""
    global _session_log_handler
    if _session_log_handler is not None:
        return
    _forget_finished_runs()
    for folder in (LOGS_DIR, SCAN_DIR, SECRETS_DIR):
        folder.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(SESSION_LOG, mode="w", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter(  # exc_info is appended by the formatter
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    _session_log_handler = handler
    emulator_auth.SEEN_SIGNATURES = set()
    os.environ[emulator_auth.SIGNATURE_LOG_ENV] = str(SUBPROCESS_SIGNATURES)  # subprocesses


def pytest_report_header(config: pytest.Config) -> str:
    return f"artifacts (logs, outputs for the secret scan): {RUN_DIR.relative_to(REPO)}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The secret scan runs after everything else (a stable sort keeps the rest in order)."""
    items.sort(key=lambda item: item.nodeid.startswith(SCAN_FOLDER))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Every test's captured stdout/stderr (its prints, subprocess output, server logs)."""
    # A report repeats the sections of earlier phases: keep this phase's; logs are in pytest.log.
    sections = [(title, text) for title, text in report.sections
                if text and title.endswith(report.when) and not title.startswith("Captured log")]
    if sections:
        with CAPTURED_OUTPUT.open("a", encoding="utf-8") as out:
            for title, text in sections:
                out.write(f"===== {report.nodeid} [{report.when}] {title}\n{text}\n")


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session_log_handler
    if emulator_auth.SEEN_SIGNATURES is not None and SECRETS_DIR.exists():
        (SECRETS_DIR / "signatures.txt").write_text(
            "".join(f"{s}\n" for s in sorted(emulator_auth.SEEN_SIGNATURES)), encoding="ascii")
    if _session_log_handler is not None:
        logging.getLogger().removeHandler(_session_log_handler)
        _session_log_handler.close()
        _session_log_handler = None


def recorded_signatures() -> set[str]:
    """Every signature value an emulator accepted so far in this run, in any process."""
    found = set(emulator_auth.SEEN_SIGNATURES or ())
    if SUBPROCESS_SIGNATURES.exists():
        found.update(SUBPROCESS_SIGNATURES.read_text(encoding="ascii").split())
    return found


def save_for_secret_scan(owner: str, name: str, content: str | bytes | Any) -> Path:
    """Keep an output for the secret scan: <run folder>/scan/<owner>/<name>.

    ``content``: text, bytes, or anything JSON can write (a response body, a notebook dict).
    For session fixtures (a server's log at shutdown); tests use the ``secret_sink`` fixture.
    """
    folder = SCAN_DIR / _file_name(owner)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _file_name(name)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        text = content if isinstance(content, str) else json.dumps(content, indent=1,
                                                                   default=str)
        path.write_text(text, encoding="utf-8")
    return path


def _file_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")[:150] or "_"


SecretSink = Callable[[str, Any], Path]  # (file name, text | bytes | JSON-able) -> saved path


@pytest.fixture
def secret_sink(request: pytest.FixtureRequest) -> SecretSink:
    """``secret_sink("answer.json", body)``: save an output of this test for the secret scan."""
    owner = request.node.nodeid

    def save(name: str, content: str | bytes | Any) -> Path:
        return save_for_secret_scan(owner, name, content)

    return save

