"""Opt-in checks against the real DataForest service, as moto's ``aws_verified`` tests do.

Off unless ``NCP_DF_LIVE=1`` and real credentials are found (the environment, or
``~/.ncloud/configure`` with ``NCLOUD_PROFILE``); otherwise every test here is skipped with the
reason, which ``pytest -ra`` (the suite's default) prints. ``NCP_DF_ENDPOINT`` chooses another
gateway; ``NCP_DF_LIVE_ACCOUNT`` an account (id or name; default: the key's only usable one);
``NCP_DF_LIVE_CONFIGURATION`` (JSON in the API's shape) the throw-away workspace's settings.

The rest of the suite scrubs the environment for every test (tests/conftest.py), so what these
checks need is read once, here, when the tests are collected.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.credentials import Credentials, credentials_status, resolve_endpoint
from ncp_df_jupyter.core.errors import DataForestError
from ncp_df_jupyter.emulator.seed import DEMO_ACCESS_KEY

from ..conftest import TEST_ACCESS_KEY

LIVE_ENV = "NCP_DF_LIVE"


@dataclass(frozen=True)
class LiveSetup:
    credentials: Credentials | None
    endpoint: str
    account: str | None
    configuration: dict[str, Any] | None
    skip_reason: str | None


def _read_setup(env: dict[str, str]) -> LiveSetup:
    account = env.get("NCP_DF_LIVE_ACCOUNT") or None
    if env.get(LIVE_ENV) != "1":
        return LiveSetup(None, "", account, None, (
            f"live DataForest checks are off; set {LIVE_ENV}=1 with real NCP credentials "
            "(README: Checking against the real service)"))
    try:
        endpoint = resolve_endpoint(None, env)
    except DataForestError as exc:
        return LiveSetup(None, "", account, None, f"{LIVE_ENV}=1 but {exc}")
    if urlsplit(endpoint).hostname in ("127.0.0.1", "localhost", "::1"):
        return LiveSetup(None, endpoint, account, None, (
            f"{LIVE_ENV}=1 but NCP_DF_ENDPOINT points at this machine ({endpoint}); the live "
            "checks are for the real service"))
    credentials, problem = credentials_status(env=env)
    if credentials is None:
        return LiveSetup(None, endpoint, account, None, f"{LIVE_ENV}=1 but {problem}")
    if credentials.access_key in (DEMO_ACCESS_KEY, TEST_ACCESS_KEY):
        return LiveSetup(None, endpoint, account, None,
                         f"{LIVE_ENV}=1 but the key is the emulator's demo or test key")
    try:
        configuration = json.loads(env["NCP_DF_LIVE_CONFIGURATION"]) if env.get(
            "NCP_DF_LIVE_CONFIGURATION") else None
    except ValueError as exc:
        return LiveSetup(None, endpoint, account, None,
                         f"NCP_DF_LIVE_CONFIGURATION is not JSON ({exc})")
    return LiveSetup(credentials, endpoint, account, configuration, None)


SETUP = _read_setup(dict(os.environ))


# What each live test module carries: the marker, and the skip with its reason.
LIVE_MARKS = [pytest.mark.ncp_live,
              pytest.mark.skipif(SETUP.skip_reason is not None, reason=str(SETUP.skip_reason))]


@pytest.fixture
def live() -> LiveSetup:
    return SETUP


@pytest.fixture
async def live_client(live: LiveSetup) -> AsyncIterator[DataForestClient]:
    assert live.credentials is not None  # skipped otherwise
    async with DataForestClient(credentials=live.credentials, endpoint=live.endpoint,
                                timeout=60.0) as client:
        yield client
