"""%df_profile / %df_connect, the traitlets settings, and loading the extension."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.models import WorkspaceDetail
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.kernel import connection
from ncp_df_jupyter.kernel.display import ConnectionInfo

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from .conftest import EXTENSION, formats, magics

MASKED = "TEST************0001"


@pytest.fixture
def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ~/.ncloud/configure whose [work] profile holds the emulator's keys."""
    path = tmp_path / "configure"
    path.write_text("[DEFAULT]\nncloud_access_key_id = WRONGKEY000000000000\n"
                    "ncloud_secret_access_key = wrong\n\n[work]\n"
                    f"ncloud_access_key_id = {TEST_ACCESS_KEY}\n"
                    f"ncloud_secret_access_key = {TEST_SECRET_KEY}\n")
    path.chmod(0o600)
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    return path


def no_secret(ip: InteractiveShell, value: object) -> dict[str, str]:
    shown = formats(ip, value)
    assert all(TEST_SECRET_KEY not in text and TEST_ACCESS_KEY not in text
               for text in shown.values())
    return shown


def test_profile_shows_what_is_in_use_without_asking_the_service(
        ip: InteractiveShell, sample_emulator: EmulatorThread, control: EmulatorControl) -> None:
    info = ip.run_line_magic("df_profile", "")
    assert isinstance(info, ConnectionInfo)
    assert (info.endpoint, info.access_key) == (sample_emulator.url, MASKED)
    text = no_secret(ip, info)["text/plain"]
    assert text.splitlines() == [
        f"endpoint    {sample_emulator.url}",
        f"access key  {MASKED} (secret key hidden)",
        "from        environment (NCLOUD_ACCESS_KEY_ID, NCLOUD_SECRET_ACCESS_KEY)"]
    assert control.requests() == []


def test_profile_switches_the_kernel_to_a_profile(ip: InteractiveShell, configure: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  control: EmulatorControl) -> None:
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", "a-wrong-secret-in-the-environment")
    info = ip.run_line_magic("df_profile", "work")
    assert info.source == f"[work] of {configure}" and info.profile == "work"
    assert [a.name for a in info.accounts] == [a["name"] for a in control.state()["accounts"]]
    text = no_secret(ip, info)["text/plain"]
    assert "profile          work" in text and "default account  df-demo" in text
    assert [w.name for w in ip.run_line_magic("df_list", "")] == [
        "eda-notebook", "llm-finetune", "mnist-train"]  # newest first
    assert connection.current().client.aio.credentials.source == f"[work] of {configure}"


def test_connect_sets_endpoint_profile_and_account(ip: InteractiveShell, configure: Path,
                                                   sample_emulator: EmulatorThread,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NCP_DF_ENDPOINT")
    for name in ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    info = ip.run_line_magic("df_connect", f"--endpoint {sample_emulator.url} --profile work "
                             "--account df-demo")
    assert (info.endpoint, info.profile, info.default_account) == (
        sample_emulator.url, "work", "df-demo")
    settings = magics(ip)
    assert (settings.endpoint, settings.profile, settings.account) == (
        sample_emulator.url, "work", "df-demo")
    # the widgets use the same connection
    assert connection.current().client.endpoint == sample_emulator.url
    created = ip.run_line_magic("df_create", "connected --image tensorflow:2.15.0-gpu "
                                "--command x")
    assert isinstance(created, WorkspaceDetail)


def test_a_failed_connect_changes_nothing(ip: InteractiveShell, sample_emulator: EmulatorThread,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    magics(ip).timeout = 2.0
    assert ip.run_line_magic("df_connect", "--endpoint http://127.0.0.1:9") is None
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("%df_connect: DataForest accounts.getList could not reach the "
                             "service: cannot connect to 127.0.0.1:9")
    assert magics(ip).endpoint is None
    assert len(ip.run_line_magic("df_list", "")) == 3
    assert connection.current().client.endpoint == sample_emulator.url

    assert ip.run_line_magic("df_connect", "--account nobody") is None
    assert capsys.readouterr().err.startswith("%df_connect: No account named or with id 'nobody'")
    assert magics(ip).account is None and len(ip.run_line_magic("df_list", "")) == 3


def test_back_to_the_environment_after_a_profile(ip: InteractiveShell, configure: Path) -> None:
    ip.run_line_magic("df_profile", "work")
    assert connection.current().client.aio.credentials.source.startswith("[work]")
    ip.run_line_magic("config", "DataForestMagics.profile = None")
    ip.run_line_magic("df_accounts", "")
    assert connection.current().client.aio.credentials.source.startswith("environment")


def test_settings_from_the_ipython_config(shell: InteractiveShell, configure: Path,
                                          sample_emulator: EmulatorThread,
                                          control: EmulatorControl,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NCP_DF_ENDPOINT")
    connection.forget()
    shell.config.DataForestMagics.endpoint = sample_emulator.url
    shell.config.DataForestMagics.profile = "work"
    shell.config.DataForestMagics.cache_seconds = 0.0
    shell.extension_manager.load_extension(EXTENSION)
    try:
        assert len(shell.run_line_magic("df_list", "")) == 3
        assert len(shell.run_line_magic("df_list", "")) == 3
        assert control.count("getList") == 2  # nothing reused with cache_seconds = 0
        assert connection.current().cache.ttl == 0.0
    finally:
        shell.extension_manager.unload_extension(EXTENSION)
        shell.config.pop("DataForestMagics", None)
        connection.forget()


def test_changing_a_setting_reconnects(ip: InteractiveShell, sample_emulator: EmulatorThread
                                       ) -> None:
    ip.run_line_magic("df_accounts", "")
    first = connection.current()
    ip.run_line_magic("config", "DataForestMagics.timeout = 7.5")
    ip.run_line_magic("df_accounts", "")
    assert connection.current() is not first and connection.current().client.aio.timeout == 7.5


def test_unload_and_reload(ip: InteractiveShell) -> None:
    detail = ip.run_line_magic("df_show", "mnist-train")
    assert "text/html" in formats(ip, detail)
    ip.extension_manager.unload_extension(EXTENSION)
    assert ip.find_line_magic("df_list") is None and ip.find_cell_magic("df_create") is None
    assert "text/html" not in formats(ip, detail)
    assert "DataForestMagics" not in ip.magics_manager.registry
    ip.extension_manager.load_extension(EXTENSION)
    assert ip.find_line_magic("df_list") is not None
    assert "text/html" in formats(ip, detail)


def test_import_and_load_stay_light() -> None:
    """`import ncp_df_jupyter` does not import IPython's magic machinery; `%load_ext` does not
    import aiohttp, yaml, jsonschema or ipywidgets (the first magic that needs them does)."""
    probe = (
        "import sys, ncp_df_jupyter\n"
        "print('IPython.core.magic' in sys.modules)\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "ip = InteractiveShell.instance()\n"
        "ip.run_line_magic('load_ext', 'ncp_df_jupyter')\n"
        "print(sorted(m for m in ('aiohttp', 'yaml', 'jsonschema', 'ipywidgets') "
        "if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.splitlines() == ["False", "[]"], done.stderr
