"""``%xmode Verbose`` prints the variables of every frame of a traceback; none of them may show a
signature or the secret key. A real InteractiveShell runs cells whose request fails: cancelled
while in flight (the CancelledError's frames run through the transport and aiohttp, where the
signed headers are), and refused by the service. The keys come from the environment, as in a
notebook (a cell holding them would show them itself).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY, SecretSink
from ..stand_ins import StandIn, answers, never_answers

CANCELLED_IN_FLIGHT = """
import asyncio
from ncp_df_jupyter import DataForestClient

async def main():
    async with DataForestClient(endpoint={url!r}, timeout=10) as client:
        await asyncio.wait_for(client.list_accounts(), 0.3)

asyncio.run(main())
"""

REFUSED = """
from ncp_df_jupyter import BlockingClient
with BlockingClient(endpoint={url!r}, timeout=10) as blocking:
    blocking.list_accounts()
"""


@pytest.fixture
def verbose(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[InteractiveShell]:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    mode, colors = shell.InteractiveTB.mode, shell.colors
    shell.run_line_magic("xmode", "Verbose")
    shell.run_line_magic("colors", "nocolor")
    yield shell
    shell.run_line_magic("xmode", mode)
    shell.run_line_magic("colors", colors)


def traceback_of(shell: InteractiveShell, server: StandIn, cell: str,
                 capsys: pytest.CaptureFixture[str], sink: SecretSink, name: str) -> str:
    capsys.readouterr()
    result = shell.run_cell(cell.format(url=server.url))
    text = "".join(capsys.readouterr())
    sink(name, text)
    assert result.error_in_exec is not None
    assert "Traceback" in text
    return text


@pytest.mark.parametrize(("make_server", "cell", "raised"), [
    (never_answers, CANCELLED_IN_FLIGHT, "TimeoutError"),
    (lambda: answers(401, {"error": {"errorCode": "200", "message": "Authentication Failed"}}),
     REFUSED, "AuthenticationError"),
], ids=["cancelled-in-flight", "refused"])
def test_a_verbose_traceback_shows_no_signature(verbose: InteractiveShell, make_server, cell: str,
                                                raised: str, capsys: pytest.CaptureFixture[str],
                                                secret_sink: SecretSink) -> None:
    with make_server() as server:
        text = traceback_of(verbose, server, cell, capsys, secret_sink, f"{raised}.txt")
    signatures = server.signatures()
    assert signatures  # a signed request did go out
    assert raised in text
    assert "self = SignedTransport(" in text  # the transport's frames are in it, with locals
    for secret in [*signatures, TEST_SECRET_KEY]:
        assert secret not in text
