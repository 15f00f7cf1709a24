"""What the benchmarks share: their made-up key pair, the servers they measure against, and the
command line of a single part (``python benchmarks/<part>.py [--quick] [--json PATH]``).

Independent of the tests: a benchmark starts whatever it needs itself.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ncp_df_jupyter.cli.demo import free_port
from ncp_df_jupyter.emulator import EmulatorControl

ACCESS_KEY = "BENCHACCESSKEY000001"
SECRET_KEY = "bench-secret-key-made-up-for-benchmarks"

Numbers = dict[str, float | None]
Runner = Callable[[bool], Numbers]


def _own_cpus() -> tuple[set[int], set[int]] | None:
    """(the emulator's CPUs, ours): one each when there are two or more, so that the two
    processes do not take turns on one core and add each other's scheduling noise."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    return ({cpus[-1]}, {cpus[0]}) if len(cpus) >= 2 else None


@contextmanager
def emulator_process(*extra_args: str) -> Iterator[str]:
    """An emulator in a subprocess (``ncp-df emulator``), as the real service would be apart;
    yields its URL."""
    with _emulator(extra_args, tls=False) as (url, _ca, _pid):
        yield url


class TLSEmulator(NamedTuple):
    url: str  # https://127.0.0.1:<port>
    ca_file: str  # the CA certificate it printed
    pid: int


@contextmanager
def tls_emulator_process(*extra_args: str) -> Iterator[TLSEmulator]:
    """``ncp-df emulator --tls`` in a subprocess (not pinned to a CPU)."""
    with _emulator(extra_args, tls=True, pinned=False) as (url, ca_file, pid):
        assert ca_file is not None
        yield TLSEmulator(url, ca_file, pid)


@contextmanager
def _emulator(extra_args: tuple[str, ...], tls: bool,
              pinned: bool = True) -> Iterator[tuple[str, str | None, int]]:
    """``pinned``: the emulator and this process on a CPU each (throughput); else wherever the
    scheduler finds room (round trips, where waiting for a busy CPU only adds noise)."""
    port = free_port()
    split = _own_cpus() if pinned else None
    with tempfile.TemporaryDirectory(prefix="bench-emulator-") as tmp:
        ca_file = str(Path(tmp, "ca.pem")) if tls else None
        tls_args = ["--tls", "--ca-file", ca_file] if ca_file else []
        errors = Path(tmp, "stderr.txt")
        with errors.open("wb") as stderr:
            proc = subprocess.Popen(
                [sys.executable, "-m", "ncp_df_jupyter.cli", "emulator", "--port", str(port),
                 "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, *tls_args,
                 *extra_args],
                stdout=subprocess.DEVNULL, stderr=stderr,
                preexec_fn=(lambda: os.sched_setaffinity(0, split[0])) if split else None)
        if split:
            os.sched_setaffinity(0, split[1])
        url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            # In TLS mode the CA file is written before the server listens.
            while not ((ca_file is None or Path(ca_file).exists())
                       and EmulatorControl(url, timeout=1, ca_bundle=ca_file).healthy()):
                if time.monotonic() > deadline or proc.poll() is not None:
                    why = errors.read_text(errors="replace")
                    raise RuntimeError(f"the emulator did not start: {why.strip()[-300:]}")
                time.sleep(0.05)
            yield url, ca_file, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:  # still draining a connection left open
                proc.kill()
                proc.wait()


@contextmanager
def jupyter_server(env_extra: dict[str, str]) -> Iterator[tuple[str, str]]:
    """``jupyter server`` of this environment with the extension on, in a throwaway config and
    root; yields (url, token)."""
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent))
    if jupyter is None:
        raise RuntimeError(f"no jupyter next to {sys.executable}")
    port, token = free_port(), secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp:
        config = Path(tmp, "config")
        config.mkdir()
        (config / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"jpserver_extensions": {"ncp_df_jupyter": True}}}))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NCLOUD_", "NCP_DF_"))}
        env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(Path(tmp, "rt")),
                   NCP_DF_CONFIG_FILE=str(Path(tmp, "no-configure")), **env_extra)
        command = [jupyter, "server", "--no-browser", f"--port={port}",
                   "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp}",
                   "--ServerApp.log_level=WARN"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--ServerApp.allow_root=True")
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("jupyter server did not start")
                request = urllib.request.Request(url + "ncp-df/status",
                                                 headers={"Authorization": f"token {token}"})
                try:
                    urllib.request.urlopen(request, timeout=1).close()
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.1)
            yield url, token
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _print(numbers: Numbers) -> None:
    for key, value in numbers.items():
        print(f"{key:>30}: {'null' if value is None else f'{value:,.2f}'}")


def main(run: Runner, doc: str | None, extra: Runner | None = None) -> int:
    """Print what benchmarks/run.py gets from ``run(quick)``; ``extra`` numbers, if any, are
    printed after them as extras (run.py does not report them)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, rougher numbers")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")  # for the processes it starts, as run.py does
    started = time.perf_counter()
    numbers = run(args.quick)
    _print(numbers)
    if extra is not None:
        print("extras (not in benchmarks/run.py):")
        _print(extra(args.quick))
    print(f"{'(took)':>30}: {time.perf_counter() - started:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0
