"""A redirect is never followed: the signed headers (and a create's body) stay with the endpoint,
and the 3xx is one sentence naming the endpoint and where the redirect pointed.

Two stand-ins on 127.0.0.1: the endpoint, which redirects, and the host it redirects to, which
must never see a request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from ncp_df_jupyter import RetryPolicy
from ncp_df_jupyter.core.errors import ServiceError

from ..conftest import ACCOUNT_ID
from ..stand_ins import StandIn, answers, redirects
from ..support import minimal_config, new_client

REDIRECTS = [301, 302, 303, 307, 308]


@pytest.fixture
def elsewhere() -> Iterator[StandIn]:
    """The host a redirect names: it would answer success to anything."""
    with answers(200, {"success": True, "contents": [], "total": 0, "id": "x"}) as server:
        yield server


@pytest.mark.parametrize("status", REDIRECTS)
async def test_a_read_is_not_redirected(elsewhere: StandIn, status: int) -> None:
    with redirects(status, f"{elsewhere.url}/api/v2/accounts/getList?x=1") as endpoint:
        async with new_client(endpoint.url, retry=RetryPolicy.fast()) as client:
            with pytest.raises(ServiceError) as caught:
                await asyncio.wait_for(client.list_accounts(), 10)
    assert elsewhere.requests == []  # neither the signature nor the access key went there
    assert len(endpoint.requests) == 1  # a redirect is not retried either
    message = str(caught.value)
    assert message == (
        f"DataForest accounts.getList was redirected (HTTP {status}) to host "
        f"'127.0.0.1:{elsewhere.port}'; redirects are not followed, so nothing was sent there: "
        f"check that the endpoint {endpoint.url} is the DataForest API gateway.")
    assert caught.value.status == status


@pytest.mark.parametrize("status", [307, 308])
async def test_a_create_and_its_body_are_not_redirected(elsewhere: StandIn, status: int) -> None:
    with redirects(status, f"{elsewhere.url}/api/v2/aiworkspaces/create") as endpoint:
        async with new_client(endpoint.url) as client:
            with pytest.raises(ServiceError, match="redirected"):
                await asyncio.wait_for(
                    client.create_workspace(ACCOUNT_ID, "ws1", minimal_config()), 10)
    assert elsewhere.requests == []
    assert [r["path"] for r in endpoint.requests] == ["/api/v2/aiworkspaces/create"]


@pytest.mark.parametrize(("location", "shown"), [
    ("/login?next=/api", "to '/login' on the same host"),
    ("https://user:password@evil.example:8443/x", "to host 'evil.example:8443'"),
    ("", "without saying where"),
    ("http://[::1", "to 'http://[::1'"),
])
async def test_where_the_redirect_points_is_shown_as_data(location: str, shown: str) -> None:
    with redirects(302, location) as endpoint:
        async with new_client(endpoint.url) as client:
            with pytest.raises(ServiceError) as caught:
                await asyncio.wait_for(client.get_workspace("ws0000000001"), 10)
    assert f"(HTTP 302) {shown};" in str(caught.value)
    assert "password" not in str(caught.value)
