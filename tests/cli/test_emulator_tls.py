"""``ncp-df emulator --tls``: HTTPS with a certificate made at start, its CA file printed (and
removed when the emulator is stopped), and a clear word when the optional dependency is missing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from ncp_df_jupyter.emulator import EmulatorControl

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..support import free_port

EMULATOR = [sys.executable, "-m", "ncp_df_jupyter.cli", "emulator"]


def _printed(process: subprocess.Popen[str], until: str) -> list[str]:
    """The lines the emulator prints up to the one starting with ``until``."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while not lines or not lines[-1].strip().startswith(until):
        assert time.monotonic() < deadline, f"the emulator printed only {lines}"
        line = process.stdout.readline()
        assert line, f"the emulator ended after printing {lines}"
        lines.append(line)
    return lines


def test_tls_prints_its_ca_file_serves_https_and_cleans_up() -> None:
    port = free_port()
    process = subprocess.Popen(
        [*EMULATOR, "--tls", "--port", str(port), "--access-key", TEST_ACCESS_KEY,
         "--secret-key", TEST_SECRET_KEY], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        lines = _printed(process, "trust it:")
        assert lines[0].strip() == f"DataForest emulator listening on https://127.0.0.1:{port}"
        ca_line = next(line for line in lines if "CA certificate:" in line)
        ca_file = Path(ca_line.split("CA certificate:", 1)[1].strip())
        assert lines[-1].strip() == f"trust it: export NCP_DF_CA_BUNDLE={ca_file}"
        assert ca_file.is_file()
        control = EmulatorControl(f"https://127.0.0.1:{port}", ca_bundle=str(ca_file))
        assert control.healthy()
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
        assert not ca_file.exists() and not ca_file.parent.exists()  # made for the run, gone
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_tls_without_trustme_says_what_to_install() -> None:
    script = ("import sys\nsys.modules['trustme'] = None  # as if it were not installed\n"
              "from ncp_df_jupyter.cli import main\n"
              "sys.exit(main(['emulator', '--tls', '--port', '0']))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "ncp-df emulator --tls: the emulator's TLS mode makes its certificate with the 'trustme' "
        "package, which is not installed; install it with: pip install 'ncp-df-jupyter[tls]'")


def test_ca_file_goes_with_tls(tmp_path: Path) -> None:
    done = subprocess.run([*EMULATOR, "--ca-file", str(tmp_path / "ca.pem")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "ncp-df emulator: --ca-file goes with --tls."
