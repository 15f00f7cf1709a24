"""RunMonitor against the emulator: it follows an app by itself (state, elapsed time, containers,
log tail), Kill asks first, the log is data; "Run" in the browser and "Create and run" in the
form start a run and show its monitor."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.kernel import i18n
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.kernel.connection import Connection
from ncp_df_jupyter.widgets import CreateWorkspaceForm, RunMonitor, WorkspaceBrowser

from ..conftest import ACCOUNT_ID
from .conftest import config

SHORT = {"accept_ms": 200, "run_ms": 800, "log_lines": ["loading", "epoch 1", "saved"]}


@pytest.fixture
def monitors(connection: Connection) -> Iterator[Callable[..., RunMonitor]]:
    made: list[RunMonitor] = []

    def make(app: object, **kwargs: object) -> RunMonitor:
        monitor = RunMonitor(app, connection, **kwargs)  # type: ignore[arg-type]
        made.append(monitor)
        return monitor

    yield make
    for monitor in made:
        monitor.close()


@pytest.fixture
def workspace_id(blocking: BlockingClient) -> str:
    return blocking.create_workspace(ACCOUNT_ID, "mnist", config()).id


def test_the_monitor_follows_the_app_by_itself(monitors: Callable[..., RunMonitor],
                                               blocking: BlockingClient, workspace_id: str,
                                               control: EmulatorControl) -> None:
    control.set_apps(**SHORT)
    app = blocking.submit_app(workspace_id, "tune")
    monitor = monitors(app, every=0.1)
    assert monitor.app is app and "ACCEPTED" in monitor.badge.value  # shown at once
    monitor.wait(20)
    assert monitor.ended and monitor.states[0] == "ACCEPTED" and monitor.states[-1] == "FINISHED"
    assert "FINISHED (SUCCEEDED)" in monitor.badge.value and "ncp-df-succeeded" in \
        monitor.badge.value
    assert [line.split("] ", 1)[1] for line in monitor.log_text.splitlines()] == [
        "loading", "epoch 1", "saved"]
    assert "epoch 1" in monitor.log_tail.value
    assert "worker-0" in monitor.containers.value and "open log" in monitor.containers.value
    assert monitor.elapsed.value.startswith("elapsed ")
    assert "mnist" in monitor.title.value  # the workspace, from the submit answer
    assert monitor.kill_button.disabled  # nothing to kill any more
    assert monitor.status.kind == "ok" and "ended FINISHED (SUCCEEDED)" in monitor.status.text


def test_kill_asks_first_then_kills(monitors: Callable[..., RunMonitor],
                                    blocking: BlockingClient, workspace_id: str,
                                    control: EmulatorControl) -> None:
    control.set_apps(accept_ms=0, run_ms=600_000)
    app = blocking.submit_app(workspace_id, "tune")
    monitor = monitors(app.id)  # an id will do
    monitor.confirm_kill()  # not asked yet: refused
    assert monitor.status.kind == "error" and control.count("apps.kill") == 0
    monitor.wait_read(20).kill()  # once read, the question names the app
    assert monitor.confirmation.layout.display == "flex"
    assert app.name in monitor.confirm_question.value
    monitor.cancel_kill()
    assert monitor.confirmation.layout.display == "none" and control.count("apps.kill") == 0
    monitor.kill()
    monitor.confirm_kill()
    monitor.wait(20)
    assert monitor.state == "KILLED" and control.count("apps.kill") == 1
    assert "Container killed on request" in monitor.log_text
    assert "ncp-df-killed" in monitor.badge.value and monitor.kill_button.disabled


def test_log_text_is_data_never_markup(monitors: Callable[..., RunMonitor],
                                       blocking: BlockingClient, workspace_id: str,
                                       control: EmulatorControl) -> None:
    control.set_apps(accept_ms=0, run_ms=0, log_lines=["<img src=x onerror=alert(1)>",
                                                       "a\x1b[31mred"])
    monitor = monitors(blocking.submit_app(workspace_id, "tune")).wait(20)
    assert "<img" not in monitor.log_tail.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in monitor.log_tail.value
    assert "\x1b" not in monitor.log_tail.value and "ared" in monitor.log_tail.value


def test_following_an_unknown_app_says_why_and_offers_to_follow_again(
        monitors: Callable[..., RunMonitor]) -> None:
    monitor = monitors("NoSuchApp0000000000001").wait(20)
    assert monitor.status.kind == "error" and "no such element" in monitor.status.text
    assert monitor.follow_button.layout.display == "inline-flex"
    monitor.follow_again()
    monitor.wait(20)
    assert monitor.status.kind == "error"


def test_browser_run_starts_a_run_and_shows_its_monitor(
        make_browser: Callable[..., WorkspaceBrowser], workspace_id: str,
        control: EmulatorControl) -> None:
    control.set_apps(**SHORT)
    browser = make_browser(account_id=ACCOUNT_ID).wait()
    assert browser.run_button.disabled  # nothing selected
    browser.run()
    assert browser.status.kind == "error" and control.count("apps.submit") == 0
    browser.select("mnist")
    browser.wait()
    assert not browser.run_button.disabled
    browser.run_button.click()
    browser.wait()
    assert browser.status.kind == "ok" and "Submitted app 'mnist-" in browser.status.text
    (monitor,) = browser.runs.monitors
    assert browser.runs.children == (monitor,)
    monitor.wait(20)
    assert monitor.state == "FINISHED"
    (row,) = control.state()["apps"]
    assert row["body"]["namePrefix"] == "mnist" and row["workspaceName"] == "mnist"


def test_form_create_and_run(make_form: Callable[..., CreateWorkspaceForm],
                             control: EmulatorControl) -> None:
    control.set_apps(**SHORT)
    form = make_form()
    assert form.wait_ready()
    form.name.value = "made-and-run"
    form.command.value = "python train.py"
    form.wait()
    assert not form.create_and_run_button.disabled, form.field_messages
    form.create_and_run_button.click()
    form.wait()
    assert form.created is not None and form.created.name == "made-and-run"
    (monitor,) = form.runs.monitors
    monitor.wait(20)
    assert monitor.state == "FINISHED"
    (row,) = control.state()["apps"]
    assert row["workspaceName"] == "made-and-run" and row["body"]["namePrefix"] == "made-and"
    assert row["body"]["docker"]["command"] == "python train.py"


def test_an_edit_form_has_no_create_and_run(make_form: Callable[..., CreateWorkspaceForm],
                                            workspace_id: str) -> None:
    form = make_form(workspace_id=workspace_id)
    assert form.create_and_run_button.layout.display == "none"


def _write_mo(path: Path, messages: dict[str, str]) -> None:
    """A GNU gettext catalogue (the .mo format Python's gettext reads), in UTF-8."""
    messages = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    offsets, offset = [], 0
    for k in keys:
        offsets += [len(k.encode()), start + offset]
        offset += len(k.encode()) + 1
    values, offset = [], 0
    for k in keys:
        values += [len(messages[k].encode()), start + len(ids) + offset]
        offset += len(messages[k].encode()) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + struct.pack(f"{len(offsets)}i", *offsets)
                     + struct.pack(f"{len(values)}i", *values) + ids + strs)


def test_the_monitor_speaks_the_kernels_language(monitors: Callable[..., RunMonitor],
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _write_mo(tmp_path / "ko_KR" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo",
              {"Kill": "중지", "Yes, kill it": "네, 중지합니다", "Follow again": "다시 따라가기"})
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setenv("LANGUAGE", "ko_KR")
    i18n.forget()
    try:
        monitor = monitors("NoSuchApp0000000000001")
        assert (monitor.kill_button.description, monitor.confirm_kill_button.description,
                monitor.follow_button.description) == ("중지", "네, 중지합니다", "다시 따라가기")
        assert monitor.cancel_kill_button.description == "Cancel"  # not in this catalogue
        monitor.wait(20)
    finally:
        i18n.forget()
