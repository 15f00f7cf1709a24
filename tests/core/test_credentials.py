"""The credential chain (arguments, environment, ~/.ncloud/configure) and the endpoint chain."""

from __future__ import annotations

import os
import pickle
import warnings
from pathlib import Path

import pytest

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.credentials import (
    NO_CREDENTIALS,
    Secret,
    credentials_status,
    mask_access_key,
    resolve_credentials,
    resolve_endpoint,
)
from ncp_df_jupyter.core.errors import CredentialsError
from ncp_df_jupyter.emulator import EmulatorThread

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ~/.ncloud/configure stand-in that the chain reads (via NCP_DF_CONFIG_FILE)."""
    path = tmp_path / "configure"
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    return path


PROFILES = """\
# NCP credentials
[DEFAULT]
ncloud_access_key_id = DEFAULTKEY
ncloud_secret_access_key = default-secret
ncloud_api_url = https://ncloud.apigw.ntruss.com

; a second profile
[work]
ncloud_access_key_id = WORKKEY
ncloud_secret_access_key = work=secret==
"""


def test_explicit_arguments_win(configure: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(configure, PROFILES)
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", "ENVKEY")
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", "env-secret")
    creds = resolve_credentials("ARGKEY", "arg-secret")
    assert (creds.access_key, creds.secret_key.reveal(), creds.source) == (
        "ARGKEY", "arg-secret", "arguments")


@pytest.mark.parametrize(("key_var", "secret_var"), [
    ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"),
    ("NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_KEY"),
    ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_KEY"),
    ("NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY"),
])
def test_environment_and_aliases(configure: Path, monkeypatch: pytest.MonkeyPatch, key_var: str,
                                 secret_var: str) -> None:
    write(configure, PROFILES)  # the environment comes before the file
    monkeypatch.setenv(key_var, "ENVKEY")
    monkeypatch.setenv(secret_var, "env-secret")
    creds = resolve_credentials()
    assert (creds.access_key, creds.secret_key.reveal()) == ("ENVKEY", "env-secret")
    assert key_var in creds.source and secret_var in creds.source


def test_primary_variable_beats_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", "PRIMARY")
    monkeypatch.setenv("NCLOUD_ACCESS_KEY", "ALIAS")
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", "primary-secret")
    monkeypatch.setenv("NCLOUD_SECRET_KEY", "alias-secret")
    creds = resolve_credentials()
    assert (creds.access_key, creds.secret_key.reveal()) == ("PRIMARY", "primary-secret")


@pytest.mark.parametrize(("access_key", "secret_key", "missing"), [
    ("AK", None, "secret_key"),
    (None, "SK", "access_key"),
])
def test_half_pair_in_arguments(access_key: str | None, secret_key: str | None,
                                missing: str) -> None:
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials(access_key, secret_key)
    assert f"without {missing}" in str(caught.value)


@pytest.mark.parametrize(("var", "missing"), [
    ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"),
    ("NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_ACCESS_KEY"),
    ("NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_ACCESS_KEY_ID"),
    ("NCLOUD_SECRET_KEY", "NCLOUD_ACCESS_KEY_ID"),
])
def test_half_pair_in_environment(configure: Path, monkeypatch: pytest.MonkeyPatch, var: str,
                                  missing: str) -> None:
    write(configure, PROFILES)  # a complete file must not paper over half a pair
    monkeypatch.setenv(var, "value")
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials()
    message = str(caught.value)
    assert message.startswith(f"{var} is set but {missing}")


@pytest.mark.parametrize(("line", "missing"), [
    ("ncloud_access_key_id = AK", "ncloud_secret_access_key"),
    ("ncloud_secret_access_key = SK", "ncloud_access_key_id"),
])
def test_half_pair_in_file(configure: Path, line: str, missing: str) -> None:
    write(configure, f"[DEFAULT]\n{line}\n")
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials()
    assert f"but no {missing}" in str(caught.value)
    assert str(configure) in str(caught.value)


def test_default_section(configure: Path) -> None:
    write(configure, PROFILES)
    creds = resolve_credentials()
    assert (creds.access_key, creds.secret_key.reveal()) == ("DEFAULTKEY", "default-secret")
    assert creds.api_url == "https://ncloud.apigw.ntruss.com"
    assert creds.source == f"[DEFAULT] of {configure}"


def test_section_less_file_is_default(configure: Path) -> None:
    write(configure,
          "ncloud_access_key_id=PLAINKEY\n  ncloud_secret_access_key =  plain-secret  \n")
    creds = resolve_credentials()
    assert (creds.access_key, creds.secret_key.reveal()) == ("PLAINKEY", "plain-secret")


def test_profile_argument_and_value_with_equals(configure: Path) -> None:
    write(configure, PROFILES)
    creds = resolve_credentials(profile="work")
    assert (creds.access_key, creds.secret_key.reveal()) == ("WORKKEY", "work=secret==")


def test_profile_from_environment(configure: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(configure, PROFILES)
    monkeypatch.setenv("NCLOUD_PROFILE", "work")
    assert resolve_credentials().access_key == "WORKKEY"


def test_explicit_profile_skips_environment(configure: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    write(configure, PROFILES)
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", "ENVKEY")
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", "env-secret")
    assert resolve_credentials(profile="work").access_key == "WORKKEY"
    assert resolve_credentials().access_key == "ENVKEY"  # without the argument, env comes first


def test_missing_profile(configure: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(configure, PROFILES)
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials(profile="nope")
    assert "'nope'" in str(caught.value) and "DEFAULT, work" in str(caught.value)
    monkeypatch.setenv("NCLOUD_PROFILE", "nope-env")
    with pytest.raises(CredentialsError, match="'nope-env'"):
        resolve_credentials()


def test_profile_asked_for_but_no_file(configure: Path) -> None:
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials(profile="work")
    assert "does not exist" in str(caught.value) and str(configure) in str(caught.value)


def test_profile_without_keys(configure: Path) -> None:
    write(configure, PROFILES + "\n[empty]\n# nothing here\n")
    with pytest.raises(CredentialsError, match="neither"):
        resolve_credentials(profile="empty")


def test_comments_and_blank_lines_are_ignored(configure: Path) -> None:
    write(configure, "\n# ncloud_access_key_id = COMMENTED\n; ncloud_secret_access_key = x\n\n"
                     "[DEFAULT]\n  # indented comment\nncloud_access_key_id = REAL\n"
                     "ncloud_secret_access_key = real-secret\n")
    creds = resolve_credentials()
    assert (creds.access_key, creds.secret_key.reveal()) == ("REAL", "real-secret")


def test_config_path_argument(tmp_path: Path) -> None:
    path = write(tmp_path / "elsewhere", PROFILES)
    assert resolve_credentials(profile="work", config_path=path).access_key == "WORKKEY"
    assert resolve_credentials(config_path=path, env={}).access_key == "DEFAULTKEY"


def test_world_readable_file_warns_exactly_once(configure: Path) -> None:
    write(configure, PROFILES, mode=0o644)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolve_credentials()
        resolve_credentials(profile="work")
    assert len(caught) == 1
    message = str(caught[0].message)
    assert str(configure) in message and "chmod 600" in message
    assert "default-secret" not in message


def test_private_file_does_not_warn(configure: Path) -> None:
    write(configure, PROFILES, mode=0o600)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolve_credentials()
    assert caught == []


def test_nothing_anywhere_names_the_three_ways() -> None:
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials()
    message = str(caught.value)
    assert message == NO_CREDENTIALS
    assert message.count(".") >= 1 and message.endswith(".") and "\n" not in message
    for way in ("access_key and secret_key", "NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY",
                "~/.ncloud/configure"):
        assert way in message
    assert credentials_status() == (None, message)


def test_credentials_status_when_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    creds, problem = credentials_status()
    assert problem is None and creds is not None and creds.access_key == TEST_ACCESS_KEY


def test_endpoint_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_endpoint() == "https://df.apigw.ntruss.com"
    monkeypatch.setenv("NCP_DF_ENDPOINT", "http://127.0.0.1:9999/")
    assert resolve_endpoint() == "http://127.0.0.1:9999"
    assert resolve_endpoint("https://example.invalid/gw/") == "https://example.invalid/gw"
    assert resolve_endpoint(env={}) == "https://df.apigw.ntruss.com"


def test_secret_hides_itself() -> None:
    secret = Secret(TEST_SECRET_KEY)
    for shown in (repr(secret), str(secret), f"{secret}", f"{secret!r}", "%s" % secret):  # noqa: UP031
        assert TEST_SECRET_KEY not in shown
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    assert secret == Secret(TEST_SECRET_KEY) and secret != Secret("other")
    creds = resolve_credentials(TEST_ACCESS_KEY, TEST_SECRET_KEY)
    assert TEST_SECRET_KEY not in repr(creds) and TEST_ACCESS_KEY not in repr(creds)
    assert mask_access_key(TEST_ACCESS_KEY) in repr(creds)
    assert mask_access_key("short") == "*****"


async def test_client_uses_the_chain(configure: Path, monkeypatch: pytest.MonkeyPatch,
                                     emulator: EmulatorThread) -> None:
    write(configure, f"[lab]\nncloud_access_key_id={TEST_ACCESS_KEY}\n"
                     f"ncloud_secret_access_key={TEST_SECRET_KEY}\n")
    monkeypatch.setenv("NCP_DF_ENDPOINT", emulator.url)
    monkeypatch.setenv("NCLOUD_PROFILE", "lab")
    async with DataForestClient() as client:
        assert client.endpoint == emulator.url
        assert client.credentials.source == f"[lab] of {configure}"
        assert await client.list_accounts()
    for name, value in emulator.endpoint.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NCLOUD_PROFILE")
    async with DataForestClient() as client:
        assert client.credentials.source.startswith("environment")
        assert await client.list_accounts()


def test_client_without_credentials_fails_at_construction() -> None:
    with pytest.raises(CredentialsError):
        DataForestClient(endpoint="http://127.0.0.1:1")
    assert "NCLOUD_ACCESS_KEY_ID" not in os.environ
