"""Configuration: traitlets of DataForestServerApp over the core's credential chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ncp_df_jupyter
from ncp_df_jupyter.server.app import DataForestServerApp

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY

REPO = Path(__file__).resolve().parents[2]


def test_the_endpoint_traitlet_wins_over_the_environment(api, emu_env, monkeypatch) -> None:
    monkeypatch.setenv("NCP_DF_ENDPOINT", "http://127.0.0.1:9")
    assert api("GET", "status").body["endpoint"] == emu_env.url
    assert api("GET", "accounts").status == 200


@pytest.fixture
def configure_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "configure"
    path.write_text(
        "[DEFAULT]\nncloud_access_key_id = WRONGKEY000000000001\n"
        "ncloud_secret_access_key = wrong-secret-of-the-default-profile\n"
        f"[team]\nncloud_access_key_id = {TEST_ACCESS_KEY}\n"
        f"ncloud_secret_access_key = {TEST_SECRET_KEY}\n")
    path.chmod(0o600)
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    return path


@pytest.mark.parametrize("server_settings", [{"profile": "team", "max_attempts": 1}])
def test_the_profile_traitlet_picks_the_configure_profile(api, configure_file, monkeypatch
                                                          ) -> None:
    # A named profile is not overridden by stray variables (the core's rule).
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", "stray-variable-that-must-be-ignored")
    status = api("GET", "status").body
    assert status["profile"] == "team"
    assert status["credentials"]["source"] == f"[team] of {configure_file}"
    assert api("GET", "accounts").status == 200


@pytest.mark.parametrize("server_settings", [{"cache_seconds": 12.5}])
def test_the_cache_time_is_reported(api) -> None:
    assert api("GET", "status").body["cacheSeconds"] == 12.5


def test_traitlets_are_documented_configuration() -> None:
    traits = DataForestServerApp.class_own_traits(config=True)
    assert set(traits) == {"endpoint", "profile", "cache_seconds", "request_timeout",
                           "max_attempts"}
    assert all(trait.help for trait in traits.values())


def test_the_shipped_config_enables_the_extension() -> None:
    shipped = json.loads((REPO / "jupyter-config/server-config/ncp_df_jupyter.json").read_text())
    assert shipped == {"ServerApp": {"jpserver_extensions": {"ncp_df_jupyter": True}}}
    (point,) = ncp_df_jupyter._jupyter_server_extension_points()
    assert point["app"] is DataForestServerApp and point["module"] == "ncp_df_jupyter.server.app"
    assert DataForestServerApp.name == "ncp_df_jupyter"
