"""Answers are read by orjson, yet every answer reads as json reads it: an integer past 64 bits
keeps every digit (orjson alone would make it a float), NaN and lone surrogates still read, and
what is not a JSON object is still the service's error. Over loopback HTTP, from a real server.
"""

from __future__ import annotations

import math

import pytest

from ncp_df_jupyter.core.errors import ServiceError
from ncp_df_jupyter.core.models import WorkspaceDetail

from ..stand_ins import answers
from ..support import new_client

LONG_ID = 123456789012345678901234567890  # past 64 bits


async def detail_of(raw: bytes) -> WorkspaceDetail:
    with answers(200, raw) as server:
        async with new_client(server.url) as client:
            return await client.get_workspace("Ws1")


async def test_an_id_past_64_bits_keeps_every_digit() -> None:
    detail = await detail_of(b'{"success":true,"id":%d,"name":"big"}' % LONG_ID)
    assert detail.id == str(LONG_ID)
    assert detail.raw["id"] == LONG_ID


async def test_a_negative_number_past_64_bits_keeps_every_digit() -> None:
    detail = await detail_of(b'{"id":"Ws1","name":"n","size":-9223372036854775809}')
    assert detail.raw["size"] == -9223372036854775809


async def test_nan_and_a_lone_surrogate_read_as_json_reads_them() -> None:
    detail = await detail_of(b'{"id":"Ws1","name":"\\ud800x","score":NaN}')
    assert detail.name == "\ud800x"
    assert math.isnan(detail.raw["score"])


async def test_korean_text_and_unknown_fields_arrive_as_sent() -> None:
    detail = await detail_of('{"id":"Ws1","name":"학습","new":{"a":[1,2.5,null]}}'.encode())
    assert (detail.name, detail.raw["new"]) == ("학습", {"a": [1, 2.5, None]})


@pytest.mark.parametrize("raw", [b"[1, 2]", b"not json", b"\xff\xfe", b'{"id": "Ws1"'])
async def test_what_is_not_a_json_object_is_the_services_error(raw: bytes) -> None:
    with pytest.raises(ServiceError, match="not a JSON object"):
        await detail_of(raw)
