"""No secret key and no signature value ever reaches a log record, an exception or a repr."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import pytest

from ncp_df_jupyter import BlockingClient, DataForestClient, Portal, RetryPolicy
from ncp_df_jupyter.core.caching import CachingClient
from ncp_df_jupyter.core.credentials import resolve_credentials
from ncp_df_jupyter.core.errors import DataForestError
from ncp_df_jupyter.core.signing import Signer
from ncp_df_jupyter.emulator import EmulatorThread

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import RecordingEmulator, minimal_config, new_client


def _texts_of(record: logging.LogRecord) -> list[str]:
    texts = [record.getMessage(), str(record.msg), repr(record.args)]
    if record.exc_info and record.exc_info[1] is not None:
        texts.append("".join(traceback.format_exception(*record.exc_info)))
    if record.exc_text:
        texts.append(record.exc_text)
    return texts


def _error_texts(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    texts += [repr(v) for v in vars(error).values()]
    return texts


async def test_nothing_secret_in_logs_errors_or_reprs(recording_emulator: RecordingEmulator,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    control = recording_emulator.control
    url = recording_emulator.url
    errors: list[BaseException] = []
    caplog.set_level(logging.DEBUG)  # every logger, aiohttp's and asyncio's included

    async def expect_error(coro: Any) -> None:
        try:
            await coro
        except DataForestError as exc:
            errors.append(exc)
        else:
            raise AssertionError("expected a DataForestError")

    async with new_client(url, timeout=0.2) as client:
        created = await client.create_workspace(ACCOUNT_ID, "secret-test", minimal_config())
        await client.list_workspaces(ACCOUNT_ID)
        await client.describe_workspaces(ACCOUNT_ID)
        # retries and failures of every kind
        control.set_faults([
            {"operation": "getList", "action": "status", "status": 503, "times": 2},
            {"operation": "create", "action": "drop_after_commit", "times": 1},
        ])
        await client.list_workspaces(ACCOUNT_ID)
        await client.create_workspace(ACCOUNT_ID, "after-drop", minimal_config())
        control.set_faults([
            {"operation": "getDetail", "action": "status", "status": 429, "times": 5},
            {"operation": "getConfigurationList", "action": "delay", "delay_ms": 400},
            {"operation": "delete", "action": "status", "status": 401},
        ])
        await expect_error(client.get_workspace(created.id))
        await expect_error(client.get_configurations(created.id))
        await expect_error(client.delete_workspace(created.id))
        await expect_error(client.create_workspace(ACCOUNT_ID, "Bad Name", minimal_config()))
        control.clear_faults()
        control.set_clock(10 * 60 * 1000)  # a clock correction, logged at WARNING
        await client.list_accounts()
        reprs = [repr(client), str(client), repr(client.credentials), str(client.credentials),
                 repr(client.retry), repr(client._transport), repr(client._transport.signer),
                 repr(CachingClient(client))]
    async with new_client(url, secret_key="wrong-" + TEST_SECRET_KEY) as wrong:
        await expect_error(wrong.list_accounts())
        reprs.append(repr(wrong))

    portal = Portal()
    try:
        with BlockingClient(TEST_ACCESS_KEY, TEST_SECRET_KEY, url, retry=RetryPolicy.fast(),
                            portal=portal) as blocking:
            blocking.list_accounts()
            reprs += [repr(blocking), str(blocking)]
    finally:
        portal.close()
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY) as emu:
        reprs += [repr(emu.endpoint), str(emu.endpoint), repr(emu.emulator.keys)]
    reprs += [repr(resolve_credentials(TEST_ACCESS_KEY, TEST_SECRET_KEY)),
              repr(Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY))]

    signatures = recording_emulator.signatures()
    assert len(signatures) > 15 and all(len(s) == 44 for s in signatures)
    forbidden = [TEST_SECRET_KEY, *signatures]
    texts = [t for record in caplog.records for t in _texts_of(record)]
    texts += [t for error in errors for t in _error_texts(error)]
    texts += reprs
    assert len(errors) == 5 and caplog.records
    assert any("POST" in t for t in texts)  # the client did log its requests
    for secret in forbidden:
        leaks = [t for t in texts if secret in t]
        assert not leaks, f"a secret value leaked: {leaks[0][:200]}"


def test_endpoint_env_is_the_one_place_with_the_secret() -> None:
    """Endpoint.env()/client_kwargs() exist to hand the secret to a client; repr never shows it."""
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY) as emu:
        endpoint = emu.endpoint
        assert endpoint.env()["NCLOUD_SECRET_ACCESS_KEY"] == TEST_SECRET_KEY
        assert TEST_SECRET_KEY not in repr(endpoint) and TEST_SECRET_KEY not in f"{endpoint}"


def test_client_keeps_the_secret_out_of_its_attributes() -> None:
    client = DataForestClient(TEST_ACCESS_KEY, TEST_SECRET_KEY, "http://127.0.0.1:1")
    shown = [repr(v) for v in vars(client).values()]
    assert not [s for s in shown if TEST_SECRET_KEY in s]
