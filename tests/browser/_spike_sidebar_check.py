"""Spike: prove that JupyterLab loads the DataForest sidebar in a real Chromium.

A plain script (not collected by pytest; it will become browser tests later):

    /work/venv/bin/python tests/browser/_spike_sidebar_check.py --jupyter /tmp/fe-venv/bin/jupyter

It starts ``jupyter lab`` from the given environment (where ncp-df-jupyter is
installed) on a free loopback port with a random token and throwaway
config/settings/workspace directories, drives Debian's Chromium through
Playwright (no browser download), opens the DataForest tab in the left bar,
presses Refresh and expects the "server extension is not available" text
(there is no server extension yet). It saves a screenshot and a timing report
in test-artifacts/, prints any request that left the machine, and stops the
server through its REST API.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import (
    ConsoleMessage,
    Request,
    Response,
    ViewportSize,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
UNAVAILABLE_TEXT = "The DataForest server extension is not available"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class Timer:
    """Records how long each named step takes."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []
        self._start = time.perf_counter()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        begin = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - begin
            self.steps.append((name, elapsed))
            print(f"  {name:<38} {elapsed:7.2f} s", flush=True)

    def total(self) -> float:
        return time.perf_counter() - self._start


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def default_jupyter() -> str:
    env = os.environ.get("NCP_DF_JUPYTER")
    if env:
        return env
    beside = Path(sys.executable).with_name("jupyter")
    return str(beside) if beside.exists() else (shutil.which("jupyter") or "jupyter")


def wait_for_server(
    base_url: str, token: str, proc: subprocess.Popen[bytes], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    url = f"{base_url}api/status"
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"jupyter lab did not answer {url} within {timeout:.0f} s")


def stop_server(base_url: str, token: str, proc: subprocess.Popen[bytes]) -> str:
    """Ask the server to shut down; escalate to SIGTERM, then SIGKILL, on our process only."""
    if proc.poll() is not None:
        return f"already exited ({proc.returncode})"
    request = urllib.request.Request(
        f"{base_url}api/shutdown",
        method="POST",
        headers={"Authorization": f"token {token}"},
    )
    try:
        urllib.request.urlopen(request, timeout=5).close()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        print(f"  shutdown request failed: {error}")
    try:
        proc.wait(timeout=15)
        return f"clean shutdown via /api/shutdown (exit {proc.returncode})"
    except subprocess.TimeoutExpired:
        pass
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
        return f"stopped by SIGTERM (exit {proc.returncode})"
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return "killed"


def is_local(url: str) -> bool:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme in {"data", "blob", "about", "chrome", "chrome-extension"}:
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jupyter", default=default_jupyter(), help="jupyter executable to run")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for the server"
    )
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument(
        "--video", action="store_true", help="also try Playwright video recording (needs ffmpeg)"
    )
    parser.add_argument(
        "--trace", action="store_true", help="save a Playwright trace to test-artifacts/"
    )
    args = parser.parse_args()

    ARTIFACTS.mkdir(exist_ok=True)
    timer = Timer()
    port = free_port()
    token = secrets.token_hex(16)
    base_url = f"http://127.0.0.1:{port}/"
    work = Path(tempfile.mkdtemp(prefix="ncp-df-spike-"))
    root_dir = work / "root"
    root_dir.mkdir()
    env = dict(os.environ)
    # Keep the run independent of the user's Jupyter config, settings and saved layout.
    for var, sub in {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "settings",
        "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
    }.items():
        (work / sub).mkdir()
        env[var] = str(work / sub)
    # Answer JupyterLab's "get notified about Jupyter news?" toast in advance (no).
    notification = work / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}\n')

    command = [
        args.jupyter,
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        # No news feed or update check: nothing may leave the machine.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--ServerApp.allow_root=True")  # CI and these machines run as root
    server_log_path = ARTIFACTS / "spike-jupyter-server.log"
    print(f"jupyter: {args.jupyter}\nserver: {base_url} (root {root_dir})")
    print("steps:")

    outside: list[str] = []
    console_errors: list[str] = []
    status_responses: list[int] = []
    result = "FAILED"
    with server_log_path.open("wb") as server_log:
        with timer.step("start jupyter lab (until /api/status)"):
            proc = subprocess.Popen(
                command,
                stdout=server_log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
            wait_for_server(base_url, token, proc, args.timeout)
        try:
            with sync_playwright() as pw:
                with timer.step("launch chromium"):
                    browser = pw.chromium.launch(
                        executable_path=CHROMIUM,
                        args=CHROMIUM_ARGS,
                        headless=not args.headed,
                    )
                viewport: ViewportSize = {"width": 1280, "height": 800}
                with timer.step("new context + page"):
                    context = browser.new_context(viewport=viewport)
                    page = context.new_page()
                    if args.video:
                        # Video needs Playwright's own ffmpeg build, which is downloaded
                        # separately: without it this fails at once (nothing is fetched).
                        video_context = browser.new_context(
                            viewport=viewport,
                            record_video_dir=str(ARTIFACTS / "video"),
                        )
                        try:
                            video_page = video_context.new_page()
                        except PlaywrightError as error:
                            video_context.close()
                            print(f"    video unavailable: {str(error).splitlines()[0]}")
                        else:
                            context.close()
                            context, page = video_context, video_page
                    if args.trace:
                        context.tracing.start(screenshots=True, snapshots=True)

                def on_request(request: Request) -> None:
                    if not is_local(request.url):
                        outside.append(request.url)

                def on_console(message: ConsoleMessage) -> None:
                    if message.type == "error":
                        console_errors.append(message.text)

                def on_response(response: Response) -> None:
                    if "/ncp-df/status" in response.url:
                        status_responses.append(response.status)

                context.on("request", on_request)
                page.on("console", on_console)
                page.on("response", on_response)

                with timer.step("open /lab and wait for the shell"):
                    page.goto(f"{base_url}lab?token={token}", wait_until="domcontentloaded")
                    page.locator("#jp-main-dock-panel").wait_for(state="visible", timeout=60_000)
                    tab = page.locator('.jp-SideBar.jp-mod-left [data-id="ncp-df-sidebar"]')
                    tab.wait_for(state="visible", timeout=30_000)
                    # The launcher opens once the layout is restored: the lab is ready.
                    page.locator(".jp-Launcher").first.wait_for(state="visible", timeout=30_000)

                with timer.step("open the DataForest tab"):
                    by_role = page.get_by_role("tab", name="DataForest")
                    (by_role if by_role.count() == 1 else tab).click()
                    panel = page.locator("#ncp-df-sidebar")
                    expect(panel).to_be_visible()
                    expect(panel.get_by_role("heading", name="DataForest")).to_be_visible()
                    refresh = panel.get_by_role("button", name="Refresh")
                    expect(refresh).to_be_visible()
                    # Showing the panel starts the status poll; let its first answer land.
                    expect(panel.get_by_text(UNAVAILABLE_TEXT)).to_be_visible(timeout=15_000)

                with timer.step("click Refresh and see the message"):
                    with page.expect_request(lambda r: "/ncp-df/status" in r.url) as request_info:
                        refresh.click()
                    response = request_info.value.response()
                    expect(refresh).to_be_enabled()
                    expect(panel.get_by_text(UNAVAILABLE_TEXT)).to_be_visible()
                    status = response.status if response else None
                    print(f"    GET {request_info.value.url} -> {status}")

                with timer.step("screenshot"):
                    shot = ARTIFACTS / "spike-sidebar.png"
                    page.screenshot(path=str(shot))
                    print(f"    saved {shot}")

                with timer.step("close browser"):
                    if args.trace:
                        context.tracing.stop(path=str(ARTIFACTS / "spike-trace.zip"))
                    context.close()
                    browser.close()
            result = "PASSED"
        finally:
            with timer.step("stop jupyter lab"):
                how = stop_server(base_url, token, proc)
            print(f"    {how}")
            shutil.rmtree(work, ignore_errors=True)

    print(f"total {timer.total():.2f} s")
    print(f"/ncp-df/status responses seen: {status_responses}")
    print(f"requests that left the machine: {outside or 'none'}")
    print(f"console errors: {len(console_errors)}")
    for text in console_errors:
        print(f"    {text}")
    report = {
        "result": result,
        "steps": {name: round(seconds, 3) for name, seconds in timer.steps},
        "total_s": round(timer.total(), 3),
        "status_responses": status_responses,
        "outside_requests": outside,
        "console_errors": console_errors,
        "server_log": str(server_log_path),
    }
    (ARTIFACTS / "spike-sidebar-timings.json").write_text(json.dumps(report, indent=2) + "\n")
    print(result)
    return 0 if result == "PASSED" else 1


if __name__ == "__main__":
    sys.exit(main())
