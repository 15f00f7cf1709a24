"""An IPython shell with ``%load_ext ncp_df_jupyter``, pointed at an emulator over loopback.

The emulator holds the seeded accounts (df-demo, and df-locked without permission) and three
sample workspaces (mnist-train, llm-finetune, eda-notebook); it is reset before every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from ncp_df_jupyter import session
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY

EXTENSION = "ncp_df_jupyter"


@pytest.fixture(scope="session")
def sample_emulator() -> Iterator[EmulatorThread]:
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        sample_workspaces=True) as emu:
        yield emu


@pytest.fixture
def control(sample_emulator: EmulatorThread, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[EmulatorControl]:
    """The emulator, reset, with the environment pointing ncp_df_jupyter at it."""
    control = EmulatorControl(sample_emulator.url)
    control.reset()
    for name, value in sample_emulator.endpoint.env().items():
        monkeypatch.setenv(name, value)
    yield control
    control.clear_faults()


@pytest.fixture(scope="session")
def shell() -> InteractiveShell:
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    return InteractiveShell.instance(config=config)


@pytest.fixture
def ip(shell: InteractiveShell, control: EmulatorControl) -> Iterator[InteractiveShell]:
    """The shell with the extension freshly loaded and no kernel connection yet."""
    session.forget()
    shell.extension_manager.load_extension(EXTENSION)
    yield shell
    shell.extension_manager.unload_extension(EXTENSION)
    shell.config.pop("DataForestMagics", None)
    for name in [n for n in shell.user_ns if not n.startswith("_") and n not in (
            "In", "Out", "get_ipython", "exit", "quit", "open")]:
        del shell.user_ns[name]
    session.forget()


def magics(shell: InteractiveShell) -> Any:
    """The registered DataForestMagics instance (to read or set its traits)."""
    return shell.magics_manager.registry["DataForestMagics"]


def formats(shell: InteractiveShell, value: object) -> dict[str, str]:
    """What a notebook would get for ``value``: {'text/plain': ..., 'text/html': ...}."""
    data, _ = shell.display_formatter.format(value)
    return data
