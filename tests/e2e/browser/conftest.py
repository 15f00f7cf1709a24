"""Browser fixtures: JupyterLab (and Notebook 7) servers against the test emulator, and Debian's
Chromium. Pages see times in Seoul's zone, as most DataForest users do.

Every page records every network response, every websocket frame and its final DOM; at the end
of each test none of them may contain the secret key (the server knows it, the browser never).
Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, Response, expect, sync_playwright

from ncp_df_jupyter.emulator import EmulatorThread

from ...conftest import TEST_SECRET_KEY, save_for_secret_scan
from .lab import REPO, JupyterLab

CHROMIUM = os.environ.get("NCP_DF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
ARTIFACTS = REPO / "test-artifacts"
TIME_ZONE = "Asia/Seoul"
# Short, so a test sees the emulator's state at once after changing it behind the server's back.
CACHE_SECONDS = "0.2"
# What an expect() waits for before failing: a loaded 2-core machine renders slowly (a passing
# check returns as soon as it holds, so this costs nothing when all is well).
expect.set_options(timeout=15_000)


def start_lab(tmp: Path, emulator: EmulatorThread | None, *, server_extension: bool = True,
              app: str = "lab", extra_args: tuple[str, ...] = ()) -> JupyterLab:
    env = {"NCP_DF_CONFIG_FILE": str(tmp / "no-configure")}  # never the developer's keys
    if emulator is not None:
        env.update(emulator.endpoint.env())
    return JupyterLab(tmp, env, server_extension=server_extension, app=app, extra_args=(
        f"--DataForestServerApp.cache_seconds={CACHE_SECONDS}", *extra_args)).start()


@pytest.fixture(scope="session")
def lab(emulator_thread: EmulatorThread, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[JupyterLab]:
    """JupyterLab with the extension, configured (by environment) for the test emulator."""
    server = start_lab(tmp_path_factory.mktemp("lab"), emulator_thread)
    try:
        yield server
    finally:
        stop_and_keep_log(server, "lab")


@pytest.fixture(scope="module")
def notebook(emulator_thread: EmulatorThread, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[JupyterLab]:
    """Jupyter Notebook 7 with the same extension, for the module that drives it."""
    server = start_lab(tmp_path_factory.mktemp("notebook"), emulator_thread, app="notebook")
    try:
        yield server
    finally:
        stop_and_keep_log(server, "notebook")


@pytest.fixture
def korean(lab: JupyterLab) -> Iterator[JupyterLab]:
    """The shared JupyterLab with its interface in Korean (the language pack's), restored after."""
    lab.set_language("ko_KR")
    try:
        yield lab
    finally:
        lab.set_language(None)


def stop_and_keep_log(server: JupyterLab, name: str) -> None:
    """Stop a server and hand its log (the extension's lines included) to the secret scan."""
    server.stop()
    if server.log_path.exists():
        save_for_secret_scan(f"browser-{name}", "jupyter-lab.log",
                             server.log_path.read_bytes())


# Module scope, not session: while Playwright's sync API is open, asyncio sees its loop as
# running in this thread, which would break every async test that runs after the browser tests.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM} (apt-get install chromium, or set "
                    "NCP_DF_CHROMIUM)")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# Files served as they are on disk (JupyterLab's and our bundles): checked in memory, not saved.
STATIC = ("/static/", "/lab/extensions/", "/api/translations", "/lab/api/themes")


@dataclass
class Recorder:
    """Everything the browser received: responses, websocket frames."""

    responses: list[Response] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)

    def read(self) -> list[tuple[Response, bytes]]:
        found = []
        for response in self.responses:
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body to read
                body = b""
            found.append((response, body))
        return found

    def leaks(self, secret: str) -> list[str]:
        found = [f"websocket frame: {f[:80]}" for f in self.frames if secret in f]
        for response, body in self.read():
            if secret in str(response.headers) or secret.encode() in body:
                found.append(response.url)
        return found

    def dump(self) -> dict[str, object]:
        """Headers of every response, bodies of the dynamic ones, every websocket frame."""
        return {
            "responses": [{
                "url": response.url, "status": response.status,
                "headers": response.headers,
                "body": None if any(part in response.url for part in STATIC)
                else body.decode("utf-8", "replace"),
            } for response, body in self.read()],
            "websocket_frames": self.frames,
        }


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def page(browser: Browser, recorder: Recorder, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  timezone_id=TIME_ZONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.on("response", lambda response: recorder.responses.append(response))
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: recorder.frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    dom = page.content()
    leaks = recorder.leaks(TEST_SECRET_KEY)
    save_for_secret_scan(request.node.nodeid, "dom.html", dom)
    save_for_secret_scan(request.node.nodeid, "network.json", recorder.dump())
    context.close()
    assert TEST_SECRET_KEY not in dom, "the secret key is in the page's DOM"
    assert leaks == [], f"the secret key reached the browser: {leaks}"
    # The check above looked at something: the page did talk to the extension.
    assert any("/ncp-df/" in r.url for r in recorder.responses)
