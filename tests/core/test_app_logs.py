"""app_log: a container's log read from its logUrl (the emulator's, growing while the app runs)
and from small servers that answer the way a log page behind a login would."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from aiohttp import web

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.app_logs import printable_log
from ncp_df_jupyter.core.errors import AppLogError, ValidationError
from ncp_df_jupyter.core.models import AppContainer, WorkspaceDetail
from ncp_df_jupyter.emulator import EmulatorControl

from ..conftest import ACCOUNT_ID
from ..support import APP_TIMES, GOOD_CONFIG, AppThread, EmulatorClock


@pytest.fixture
async def workspace(client: DataForestClient) -> WorkspaceDetail:
    return await client.create_workspace(ACCOUNT_ID, "mnist", GOOD_CONFIG)


async def test_the_log_grows_while_the_app_runs(client: DataForestClient,
                                                control: EmulatorControl,
                                                workspace: WorkspaceDetail) -> None:
    control.set_apps(**APP_TIMES, log_lines=["loading", "epoch 1", "epoch 2", "saving"])
    clock = EmulatorClock(control)
    app = await client.submit_app(workspace.id, "tune")
    clock.advance(1_000 + 1_500)  # running, a bit over a third of the way
    (worker,) = (await client.get_app(app.id)).containers
    early = await client.app_log(worker)
    clock.advance(5_000)
    done = await client.app_log(worker)
    assert [line.split("] ", 1)[1] for line in early.splitlines()] == ["loading", "epoch 1"]
    assert [line.split("] ", 1)[1] for line in done.splitlines()] == [
        "loading", "epoch 1", "epoch 2", "saving"]
    assert done.startswith(early)
    assert await client.app_log(worker.log_url or "") == done  # the URL itself will do


async def test_the_default_log_reads_like_training(client: DataForestClient,
                                                   control: EmulatorControl,
                                                   workspace: WorkspaceDetail) -> None:
    control.set_apps(accept_ms=0, run_ms=0)
    app = await client.submit_app(workspace.id, "tune")
    text = await client.app_log((await client.get_app(app.id)).containers[0])
    assert "$ jupyter lab --ip=0.0.0.0" in text and "Found 1 GPU(s) (T4)" in text
    assert "Epoch 7/7" in text and text.rstrip().endswith("Training finished")


@pytest.mark.parametrize(("behaviour", "last"), [
    ({"final_status": "FAILED"}, "The training script exited with code 1"),
    ({}, "Container killed on request. Exit code is 143"),
], ids=["failed", "killed"])
async def test_the_log_says_how_it_ended(client: DataForestClient, control: EmulatorControl,
                                         workspace: WorkspaceDetail, behaviour: dict[str, str],
                                         last: str) -> None:
    control.set_apps(accept_ms=0, run_ms=0 if behaviour else 60_000, **behaviour)
    app = await client.submit_app(workspace.id, "tune")
    if not behaviour:
        await client.kill_app(app.id)
    text = await client.app_log((await client.get_app(app.id)).containers[0])
    assert text.splitlines()[-1].endswith(last)


async def test_a_container_without_a_log_url(client: DataForestClient) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.app_log(AppContainer(name="worker-0"))
    assert caught.value.field == "logUrl" and "'worker-0'" in str(caught.value)
    for url in ("file:///etc/passwd", "ftp://host/log", "javascript:alert(1)"):
        with pytest.raises(AppLogError, match="not an http"):
            await client.app_log(url)


# -- pages that are not the log ------------------------------------------------------------------

LOGIN_FORM = ("<html><body><form action='/login' method='post'><input name='user'>"
              "<input type='password' name='pw'></form></body></html>")
seen_headers: list[dict[str, str]] = []


async def _page(request: web.Request) -> web.StreamResponse:
    seen_headers.append(dict(request.headers))
    kind = request.match_info["kind"]
    if kind in ("401", "403"):
        return web.Response(status=int(kind), text="Unauthorized")
    if kind == "redirect":
        raise web.HTTPFound("/sso/login?next=/logs")
    if kind == "loop":
        raise web.HTTPFound("/page/loop")
    if kind == "form":
        return web.Response(text=LOGIN_FORM, content_type="text/html")
    if kind == "yarn":
        return web.Response(text="<html><pre>epoch 1 &lt;ok&gt;\n<b>epoch 2</b></pre></html>",
                            content_type="text/html")
    if kind == "big":
        return web.Response(text="".join(f"line {i}\n" for i in range(100_000)))
    if kind == "escapes":
        return web.Response(text="\x1b[31mred\x1b[0m\x1b]0;title\x07 epoch 1:  10%\repoch 1: "
                                 "100%\n\x07bell\u202eevil\n")
    if kind == "slow":
        await asyncio.sleep(1)
    if kind == "500":
        return web.Response(status=500, text="oops")
    return web.Response(text="a plain log\n")


async def _login(request: web.Request) -> web.Response:
    return web.Response(text=LOGIN_FORM, content_type="text/html")


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    app = web.Application()
    app.router.add_get("/page/{kind}", _page)
    app.router.add_get("/sso/login", _login)
    with AppThread(app) as server:
        yield server.url


@pytest.mark.parametrize("kind", ["401", "403", "redirect", "form", "loop"])
async def test_a_page_that_needs_the_login(client: DataForestClient, pages: str,
                                           kind: str) -> None:
    url = f"{pages}/page/{kind}"
    with pytest.raises(AppLogError) as caught:
        await client.app_log(url)
    assert caught.value.needs_login is True and caught.value.url == url
    message = str(caught.value)
    assert url in message and "needs the DataForest login" in message


async def test_the_log_is_fetched_unsigned(client: DataForestClient, pages: str) -> None:
    seen_headers.clear()
    assert await client.app_log(f"{pages}/page/plain") == "a plain log\n"
    (headers,) = seen_headers
    assert not [h for h in headers if h.lower().startswith("x-ncp") or h.lower() in (
        "authorization", "cookie")]


async def test_a_yarn_style_page_gives_its_text(client: DataForestClient, pages: str) -> None:
    assert await client.app_log(f"{pages}/page/yarn") == "epoch 1 <ok>\nepoch 2"


async def test_a_long_log_keeps_its_end(client: DataForestClient, pages: str) -> None:
    text = await client.app_log(f"{pages}/page/big", max_bytes=1_000)
    first, *lines = text.splitlines()
    assert first.startswith("[the first ") and f"{pages}/page/big" in first
    assert lines[-1] == "line 99999" and lines[0].startswith("line ")  # whole lines only
    assert len("\n".join(lines)) <= 1_000


async def test_control_characters_cannot_reach_the_terminal(client: DataForestClient,
                                                            pages: str) -> None:
    text = await client.app_log(f"{pages}/page/escapes")
    # The last state of a progress bar, no colours or titles, no bell or reversed text.
    assert text == "epoch 1: 100%\n\ufffdbell\ufffdevil\n"
    assert printable_log("a\r\nb\rc\n") == "a\nc\n"


async def test_failures_name_the_url(client: DataForestClient, pages: str) -> None:
    with pytest.raises(AppLogError, match="answered HTTP 500") as caught:
        await client.app_log(f"{pages}/page/500")
    assert caught.value.needs_login is False
    with pytest.raises(AppLogError, match=r"no answer within 0\.2 s"):
        await client.app_log(f"{pages}/page/slow", timeout=0.2)
    with pytest.raises(AppLogError, match="connection failed"):
        await client.app_log("http://127.0.0.1:9/log")
