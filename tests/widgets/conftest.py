"""Fixtures for the widget tests: a BlockingClient (with its cache) on the threaded emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from ncp_df_jupyter.core.models import Configuration, Docker, Resource
from ncp_df_jupyter.core.retry import RetryPolicy
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.kernel.connection import Connection
from ncp_df_jupyter.widgets import CreateWorkspaceForm, WorkspaceBrowser
from tests.conftest import ACCOUNT_ID


@pytest.fixture
def blocking(emu: EmulatorThread) -> Iterator[BlockingClient]:
    client = BlockingClient(**emu.endpoint.client_kwargs(), timeout=5.0,
                            retry=RetryPolicy.fast())
    yield client
    client.close()


@pytest.fixture
def connection(blocking: BlockingClient) -> Connection:
    """A fresh Connection (so a fresh cache) per test."""
    return Connection(blocking)


@pytest.fixture
def control(emu: EmulatorThread) -> EmulatorControl:  # overrides the per-test emulator's
    return EmulatorControl(emu.url)


@pytest.fixture
def make_form(connection: Connection) -> Iterator[Callable[..., CreateWorkspaceForm]]:
    forms: list[CreateWorkspaceForm] = []

    def make(**kwargs: object) -> CreateWorkspaceForm:
        kwargs.setdefault("account_id", ACCOUNT_ID)
        form = CreateWorkspaceForm(connection, **kwargs)  # type: ignore[arg-type]
        form.name_check_delay = 0.05
        forms.append(form)
        return form

    yield make
    for form in forms:
        try:
            form.wait(10)
        finally:
            form.close()


@pytest.fixture
def make_browser(connection: Connection) -> Iterator[Callable[..., WorkspaceBrowser]]:
    browsers: list[WorkspaceBrowser] = []

    def make(**kwargs: object) -> WorkspaceBrowser:
        browser = WorkspaceBrowser(connection, **kwargs)  # type: ignore[arg-type]
        browsers.append(browser)
        return browser

    yield make
    for browser in browsers:
        browser.wait(10)
        browser.close()


def config(image: str = "tensorflow:2.15.0-gpu", gpu_model: str = "T4", gpu_count: int = 1,
           queue: str = "gpu") -> Configuration:
    return Configuration(docker=Docker(image=image, command="python train.py"),
                         resource=Resource(gpu_model=gpu_model, gpu_count=gpu_count),
                         queue_name=queue)
