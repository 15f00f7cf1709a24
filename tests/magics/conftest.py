"""An IPython shell with ``%load_ext ncp_df_jupyter``, pointed at an emulator over loopback.

The emulator (``sample_emulator`` of tests/conftest.py) holds the seeded accounts (df-demo, and
df-locked without permission) and three sample workspaces (mnist-train, llm-finetune,
eda-notebook); it is reset before every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.kernel import connection

EXTENSION = "ncp_df_jupyter"


@pytest.fixture
def control(sample_env: EmulatorControl) -> EmulatorControl:
    """The sample emulator (tests/conftest.py), reset, the environment pointing at it."""
    return sample_env


@pytest.fixture(scope="session")
def shell() -> InteractiveShell:
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    return InteractiveShell.instance(config=config)


@pytest.fixture
def ip(shell: InteractiveShell, control: EmulatorControl) -> Iterator[InteractiveShell]:
    """The shell with the extension freshly loaded and no kernel connection yet."""
    connection.forget()
    shell.extension_manager.load_extension(EXTENSION)
    yield shell
    shell.extension_manager.unload_extension(EXTENSION)
    shell.config.pop("DataForestMagics", None)
    for name in [n for n in shell.user_ns if not n.startswith("_") and n not in (
            "In", "Out", "get_ipython", "exit", "quit", "open")]:
        del shell.user_ns[name]
    connection.forget()


def magics(shell: InteractiveShell) -> Any:
    """The registered DataForestMagics instance (to read or set its traits)."""
    return shell.magics_manager.registry["DataForestMagics"]


def formats(shell: InteractiveShell, value: object) -> dict[str, str]:
    """What a notebook would get for ``value``: {'text/plain': ..., 'text/html': ...}."""
    data, _ = shell.display_formatter.format(value)
    return data
