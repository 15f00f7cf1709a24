"""Answers are read with a cap (``max_response_bytes``): a longer one is a clear error, and it
is never read into memory first: the stand-in that sends 128 MB cannot get most of it out.

(The memory it costs, before and after, is measured by benchmarks/bench_response_cap.py.)
"""

from __future__ import annotations

import asyncio

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.errors import CreateOutcomeUnknownError, ServiceError
from ncp_df_jupyter.core.transport import DEFAULT_MAX_RESPONSE_BYTES

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..stand_ins import answers, too_much
from ..support import minimal_config

HUGE = 128 << 20


def client_for(url: str, max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES) -> DataForestClient:
    return DataForestClient(TEST_ACCESS_KEY, TEST_SECRET_KEY, url, timeout=20,
                            retry=RetryPolicy.fast(), max_response_bytes=max_response_bytes)


@pytest.mark.parametrize("declare_length", [False, True], ids=["chunked", "content-length"])
async def test_a_128_mb_answer_is_refused_unread(declare_length: bool) -> None:
    with too_much(HUGE, declare_length=declare_length) as server:
        async with client_for(server.url) as client:
            with pytest.raises(ServiceError) as caught:
                await asyncio.wait_for(client.list_workspaces(ACCOUNT_ID), 30)
    assert str(caught.value) == (
        "DataForest getList answered HTTP 200 with more than 8 MiB, far more than a DataForest "
        "answer holds, so it was not read (the client's max_response_bytes sets that limit).")
    assert len(server.requests) == 1  # not retried: the same answer would come again
    # The client stopped reading at the cap (plus what the sockets buffer), so most of the
    # 128 MB could never be written.
    assert server.bytes_sent < HUGE // 4


async def test_a_compressed_answer_is_counted_unpacked() -> None:
    with too_much(16 << 20, gzipped=True) as server:  # about 16 KiB on the wire
        async with client_for(server.url) as client:
            with pytest.raises(ServiceError, match="more than 8 MiB"):
                await asyncio.wait_for(client.list_workspaces(ACCOUNT_ID), 30)


async def test_the_cap_is_a_setting_of_the_client() -> None:
    body = {"success": True, "contents": [], "total": 0, "padding": "x" * 2000}
    with answers(200, body) as server:
        async with client_for(server.url, max_response_bytes=4096) as client:
            assert await client.list_workspaces(ACCOUNT_ID) == []
        async with client_for(server.url, max_response_bytes=1024) as client:
            with pytest.raises(ServiceError, match="more than 1 KiB"):
                await client.list_workspaces(ACCOUNT_ID)


async def test_an_error_answer_is_capped_too() -> None:
    with answers(500, b"x" * 5000) as server:
        async with client_for(server.url, max_response_bytes=1024) as client:
            with pytest.raises(ServiceError, match="answered HTTP 500 with more than 1 KiB"):
                await client.get_workspace("ws0000000001")


async def test_a_create_answered_too_long_is_looked_up_not_resent() -> None:
    # A 2xx create that cannot be read may have happened: it is looked for, never sent again.
    with too_much(1 << 20) as server:
        async with client_for(server.url, max_response_bytes=1024) as client:
            with pytest.raises(CreateOutcomeUnknownError, match="checking whether it happened"):
                await asyncio.wait_for(
                    client.create_workspace(ACCOUNT_ID, "ws1", minimal_config()), 30)
    paths = [r["path"].rsplit("/", 1)[-1] for r in server.requests]
    assert paths.count("create") == 1 and "getList" in paths
