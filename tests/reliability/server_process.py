"""A real ``jupyter server`` with the extension, in its own process, configured by environment
for an emulator: what a JupyterLab user's browser talks to, under load from this process.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ncp_df_jupyter.cli.demo import free_port


class JupyterServer:
    def __init__(self, workdir: Path, env: dict[str, str], *args: str) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = workdir / "jupyter-server.log"
        self._args = args
        self._env = self._isolated_env(env)
        self._proc: subprocess.Popen[bytes] | None = None

    def _isolated_env(self, extra: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("NCLOUD_", "NCP_DF_ENDPOINT", "JUPYTER"))}
        for var, sub in {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime",
                         "JUPYTER_DATA_DIR": "data"}.items():
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(self.workdir / sub)
        config = {"ServerApp": {"jpserver_extensions": {"ncp_df_jupyter": True}}}
        (self.workdir / "config" / "jupyter_server_config.json").write_text(json.dumps(config))
        env.update(extra)
        return env

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def start(self, timeout: float = 60.0) -> JupyterServer:
        (self.workdir / "root").mkdir(exist_ok=True)
        command = [sys.executable, "-m", "jupyter_server", "--no-browser",
                   f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
                   "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={self.workdir / 'root'}", *self._args]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--ServerApp.allow_root=True")
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, env=self._env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"jupyter server exited early:\n{self.log()[-2000:]}")
            try:
                if self.get("ncp-df/status")[0] == 200:
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"jupyter server did not start within {timeout:.0f} s")

    def get(self, path: str) -> tuple[int, Any]:
        request = urllib.request.Request(self.url + path, headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()  # jupyter_server shuts down cleanly on SIGTERM
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
