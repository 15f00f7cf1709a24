"""What the widgets show while they wait and when a request fails (issue 13): a progress
indicator on every request that says when it has waited long and how long it may wait in all,
failures beside what caused them leading with what a person can do (operation and trace id
behind Details), and the three ways to give credentials instead of a traceback.

Against the emulator over loopback: hung (a delay fault), dead (a closed port) and refusing.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from ncp_df_jupyter.core.retry import RetryPolicy
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.kernel import connection
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.kernel.connection import Connection
from ncp_df_jupyter.widgets import CreateWorkspaceForm, WorkspaceBrowser
from ncp_df_jupyter.widgets.background import SLOW_SECONDS

from ..conftest import ACCOUNT_ID, TEST_SECRET_KEY


def _connection(url: str, emu: EmulatorThread, timeout: float) -> Connection:
    client = BlockingClient(endpoint=url, access_key=emu.endpoint.access_key,
                            secret_key=emu.endpoint.secret_key, timeout=timeout,
                            retry=RetryPolicy.fast(max_attempts=1))
    return Connection(client)


@pytest.fixture
def slow(emu: EmulatorThread) -> Iterator[Connection]:
    """A connection whose calls may take 8 s in all."""
    made = _connection(emu.url, emu, timeout=8.0)
    yield made
    made.close()


def _wait_for(predicate: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not predicate():  # type: ignore[operator]
        time.sleep(0.05)


def test_a_hung_service_shows_progress_then_how_long_it_waited_of_how_long(
        slow: Connection, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "accounts.getList", "action": "delay",
                         "delay_ms": int((SLOW_SECONDS + 1.5) * 1000), "times": 1}])
    form = CreateWorkspaceForm(slow)  # no account given: the accounts come first
    try:
        # At once: what it is doing, in words (not internal labels).
        assert "Loading the accounts" in form.loading_indicator.value
        assert "still waiting" not in form.loading_indicator.value
        _wait_for(lambda: "still waiting" in form.loading_indicator.value, SLOW_SECONDS + 1.2)
        shown = form.loading_indicator.value
        assert "still waiting after 3 s; DataForest gets 8 s in all" in shown, shown
        form.wait(10)
        assert form.loading_indicator.value == "" and form.ready
    finally:
        form.close()


def test_a_timeout_says_the_same_budget_and_what_to_do(
        emu: EmulatorThread, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getList", "action": "delay", "delay_ms": 3000}])
    quick = _connection(emu.url, emu, timeout=1.0)
    browser = WorkspaceBrowser(quick, ACCOUNT_ID)
    try:
        browser.wait(10)
        status = browser.list_status
        assert status.kind == "error"
        assert status.text.startswith("DataForest did not answer within 1 s. It may be slow or "
                                      "down; try again in a moment.")
        assert ("Operation", "getList") in status.details
        assert "raise the client's timeout" not in status.text  # advice a Lab user cannot take
    finally:
        browser.close()
        quick.close()


def test_a_dead_emulator_says_to_check_the_demo(emu: EmulatorThread) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once the socket is closed
    dead = _connection(f"http://127.0.0.1:{port}", emu, timeout=5.0)
    form = CreateWorkspaceForm(dead, ACCOUNT_ID)
    try:
        form.wait(10)
        status = form.load_status
        assert status.text == (f"Cannot reach DataForest at 127.0.0.1:{port}: is `ncp-df demo` "
                               "still running?")
        kinds = dict(status.details)
        assert kinds["Error"] == "NetworkError" and "Message" in kinds  # the core's, behind
        assert "<details" in status.value and "<summary" in status.value
        assert form.status.text == ""  # the bottom line is for what Create did
        assert TEST_SECRET_KEY not in status.value
    finally:
        form.close()
        dead.close()


def test_without_credentials_the_form_shows_the_three_ways_then_opens(
        emu: EmulatorThread, monkeypatch: pytest.MonkeyPatch) -> None:
    connection.forget()  # the kernel's connection is made from the (scrubbed) environment
    try:
        form = CreateWorkspaceForm()
        assert form.credentials_error is not None
        shown = "".join(getattr(child, "value", "") for child in form.children)
        assert "NCLOUD_ACCESS_KEY_ID" in shown and "~/.ncloud/configure" in shown
        assert "CreateWorkspaceForm(BlockingClient(access_key=..., secret_key=...))" in shown
        assert "ncp-df demo" in shown and "<ol" in shown and "Traceback" not in shown
        with pytest.raises(type(form.credentials_error)):
            form.wait()  # a script learns the same reason, not an AttributeError
        again = next(c for c in form.children if getattr(c, "description", "") == "Try again")
        again.click()  # nothing changed: still the help
        assert form.credentials_error is not None

        for name, value in emu.endpoint.env().items():
            monkeypatch.setenv(name, value)
        again = next(c for c in form.children if getattr(c, "description", "") == "Try again")
        again.click()
        assert form.credentials_error is None
        assert form.wait_ready(10) and form.account.value == ACCOUNT_ID
        form.wait()
        form.close()
    finally:
        connection.forget()


def test_without_credentials_the_browser_shows_the_three_ways(emu: EmulatorThread) -> None:
    connection.forget()
    try:
        browser = WorkspaceBrowser()
        shown = "".join(getattr(child, "value", "") for child in browser.children)
        assert "WorkspaceBrowser(BlockingClient(" in shown and "NCLOUD_SECRET_ACCESS_KEY" in shown
        browser.close()
    finally:
        connection.forget()
