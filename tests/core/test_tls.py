"""TLS with real handshakes: the emulator's TLS mode, and the CA bundle the client trusts
(``ca_bundle=``, ``NCP_DF_CA_BUNDLE``, the standard ``SSL_CERT_FILE``), refused with a clear error
when it is the wrong one, and refused before anything is sent when it cannot be used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.errors import NetworkError, ValidationError
from ncp_df_jupyter.core.tls import ENV_CA_BUNDLE
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl, EmulatorThread

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import minimal_config


@pytest.fixture(scope="module")
def tls_emulator() -> Iterator[EmulatorThread]:
    with EmulatorThread(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                        tls=True) as server:
        yield server


@pytest.fixture
def other_ca(tmp_path: Path) -> Path:
    """The PEM of a certificate authority that did not sign the emulator's certificate."""
    path = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return path


def client(emulator: EmulatorThread, **kwargs: object) -> DataForestClient:
    return DataForestClient(endpoint=emulator.url, access_key=TEST_ACCESS_KEY,
                            secret_key=TEST_SECRET_KEY, timeout=10,
                            retry=RetryPolicy.fast(), **kwargs)  # type: ignore[arg-type]


async def test_the_emulator_serves_https_and_its_ca_is_trusted(
        tls_emulator: EmulatorThread) -> None:
    endpoint = tls_emulator.endpoint
    assert endpoint.url.startswith("https://127.0.0.1:")
    assert endpoint.ca_bundle is not None and Path(endpoint.ca_bundle).is_file()
    assert "BEGIN CERTIFICATE" in Path(endpoint.ca_bundle).read_text()
    async with DataForestClient(**endpoint.client_kwargs(), timeout=10) as ok:
        accounts = await ok.list_accounts()
    assert [a.name for a in accounts] == ["df-demo", "df-locked"]


async def test_a_wrong_ca_is_refused_with_a_clear_error_and_nothing_is_sent(
        tls_emulator: EmulatorThread, other_ca: Path) -> None:
    control = EmulatorControl(tls_emulator.url, ca_bundle=tls_emulator.endpoint.ca_bundle)
    control.reset()
    async with client(tls_emulator, ca_bundle=other_ca) as wrong:
        with pytest.raises(NetworkError) as caught:
            await wrong.list_accounts()
    assert str(caught.value) == (
        "DataForest accounts.getList could not reach the service: the TLS certificate of "
        "127.0.0.1 was not accepted (unable to get local issuer certificate); if it comes from "
        "a private certificate authority (the emulator's --tls, a company proxy), name that "
        "authority's PEM file in ca_bundle or NCP_DF_CA_BUNDLE.")
    assert control.requests() == []  # refused in the handshake, and not retried


async def test_without_a_bundle_the_system_store_does_not_trust_the_emulator(
        tls_emulator: EmulatorThread) -> None:
    async with client(tls_emulator) as default:
        with pytest.raises(NetworkError, match=r"TLS certificate of 127\.0\.0\.1 was not accepted"):
            await default.list_accounts()


async def test_NCP_DF_CA_BUNDLE_names_the_ca(tls_emulator: EmulatorThread,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert tls_emulator.endpoint.ca_bundle is not None
    monkeypatch.setenv(ENV_CA_BUNDLE, tls_emulator.endpoint.ca_bundle)
    async with client(tls_emulator) as from_env:
        assert len(await from_env.list_accounts()) == 2


async def test_the_argument_wins_over_the_environment(tls_emulator: EmulatorThread,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     other_ca: Path) -> None:
    monkeypatch.setenv(ENV_CA_BUNDLE, str(other_ca))
    async with client(tls_emulator, ca_bundle=tls_emulator.endpoint.ca_bundle) as chosen:
        assert len(await chosen.list_accounts()) == 2


async def test_a_directory_of_hashed_certificates_is_a_bundle_too(
        tls_emulator: EmulatorThread, tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl command to name the certificate by its hash")
    assert tls_emulator.endpoint.ca_bundle is not None
    subject_hash = subprocess.run(
        [openssl, "x509", "-hash", "-noout", "-in", tls_emulator.endpoint.ca_bundle],
        capture_output=True, text=True, check=True).stdout.strip()
    shutil.copy(tls_emulator.endpoint.ca_bundle, tmp_path / f"{subject_hash}.0")
    async with client(tls_emulator, ca_bundle=tmp_path) as from_directory:
        assert len(await from_directory.list_accounts()) == 2


def test_SSL_CERT_FILE_is_honoured_the_standard_way(tls_emulator: EmulatorThread) -> None:
    """Read by OpenSSL when Python makes its default context (aiohttp makes it on import):
    hence a new process."""
    assert tls_emulator.endpoint.ca_bundle is not None
    env = {k: v for k, v in os.environ.items() if k != ENV_CA_BUNDLE}
    env.update(tls_emulator.endpoint.env(), SSL_CERT_FILE=tls_emulator.endpoint.ca_bundle)
    del env[ENV_CA_BUNDLE]  # only the standard variable names the CA
    script = ("from ncp_df_jupyter import BlockingClient\n"
              "print(len(BlockingClient().list_accounts()))")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"


@pytest.mark.parametrize("where", ["ca_bundle", ENV_CA_BUNDLE])
def test_a_bundle_that_does_not_exist_is_refused_naming_where_it_came_from(
        where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere.pem"
    kwargs = {"ca_bundle": missing} if where == "ca_bundle" else {}
    if where == ENV_CA_BUNDLE:
        monkeypatch.setenv(ENV_CA_BUNDLE, str(missing))
    with pytest.raises(ValidationError) as caught:
        DataForestClient(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                         **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == where
    assert str(caught.value) == (
        f"{where} {str(missing)!r} does not exist; it must name a PEM file (or a directory) of "
        "the CA certificates to trust.")


def test_a_file_without_a_certificate_is_refused(tmp_path: Path) -> None:
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("not a certificate\n")
    with pytest.raises(ValidationError, match="holds no CA certificate in PEM format") as caught:
        DataForestClient(access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY,
                         ca_bundle=not_pem)
    assert caught.value.field == "ca_bundle"


def test_every_connection_of_a_client_shares_one_context(tls_emulator: EmulatorThread) -> None:
    one = client(tls_emulator, ca_bundle=tls_emulator.endpoint.ca_bundle)
    assert one.ssl_context is not None
    assert one._transport.ssl_context is one.ssl_context  # the connector is given this one
    assert client(tls_emulator).ssl_context is None  # Python's defaults: aiohttp's shared one


async def test_an_apps_log_url_is_trusted_as_the_api_is(tls_emulator: EmulatorThread) -> None:
    control = EmulatorControl(tls_emulator.url, ca_bundle=tls_emulator.endpoint.ca_bundle)
    control.set_apps(accept_ms=0, run_ms=0, log_lines=["over TLS"])
    async with client(tls_emulator, ca_bundle=tls_emulator.endpoint.ca_bundle) as ok:
        workspace = await ok.create_workspace(DEMO_ACCOUNT_ID, "tls-logs", minimal_config())
        app = await ok.submit_app(workspace.id, "tls")
        (worker,) = (await ok.get_app(app.id)).containers
        assert (worker.log_url or "").startswith("https://127.0.0.1:")
        assert (await ok.app_log(worker)).rstrip().endswith("] over TLS")
