"""A real ``jupyter lab`` (or ``jupyter notebook``) for browser tests: isolated config, a token,
the extension under test.

The server runs from the environment of the running Python (``jupyter`` beside
``sys.executable``). The sidebar is the one built in this repository
(``ncp_df_jupyter/labextension``, put first on JUPYTER_PATH, so a fresh ``jlpm build`` is what
the browser gets); the server extension is enabled in the isolated config directory.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ncp_df_jupyter.cli.demo import free_port

REPO = Path(__file__).resolve().parents[3]
BUILT_LABEXTENSION = REPO / "ncp_df_jupyter" / "labextension"


def jupyter_executable() -> str:
    """``jupyter`` of this Python's environment (a venv's bin/ or Scripts/)."""
    found = shutil.which("jupyter", path=str(Path(sys.executable).parent))
    if found is None:
        raise RuntimeError(f"no jupyter executable next to {sys.executable}")
    return found


class JupyterLab:
    """``jupyter lab`` on a free loopback port with throwaway config, settings and root dirs."""

    def __init__(self, workdir: Path, env: dict[str, str], *, server_extension: bool = True,
                 extra_args: tuple[str, ...] = (), jupyter: str | None = None,
                 repo_build: bool = True, app: str = "lab") -> None:
        """``jupyter``: the executable (default: this environment's); ``repo_build``: serve
        the sidebar built in this repository rather than the installed one; ``app``: "lab" or
        "notebook" (Notebook 7, same extension, same settings)."""
        self.app = app
        self.workdir = workdir
        self.jupyter = jupyter or jupyter_executable()
        self.repo_build = repo_build
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.root = workdir / "root"
        self.log_path = workdir / "jupyter-lab.log"
        self._env = self._isolated_env(env, server_extension)
        self._args = extra_args
        self._proc: subprocess.Popen[bytes] | None = None

    def _isolated_env(self, extra: dict[str, str], server_extension: bool) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("NCLOUD_", "NCP_DF_", "JUPYTER"))}
        for var, sub in {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime",
                         "JUPYTERLAB_SETTINGS_DIR": "settings",
                         "JUPYTERLAB_WORKSPACES_DIR": "workspaces"}.items():
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(self.workdir / sub)
        self.root.mkdir(exist_ok=True)
        config = {"ServerApp": {"jpserver_extensions": {"ncp_df_jupyter": server_extension}}}
        (self.workdir / "config" / "jupyter_server_config.json").write_text(json.dumps(config))
        # No "get Jupyter news?" toast over the panel.
        news = self.workdir / "settings" / "@jupyterlab" / "apputils-extension"
        news.mkdir(parents=True, exist_ok=True)
        (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
        if self.repo_build and (BUILT_LABEXTENSION / "package.json").exists():
            target = self.workdir / "data" / "labextensions" / "@ncp-df" / "jupyter"
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.symlink_to(BUILT_LABEXTENSION, target_is_directory=True)
            env["JUPYTER_PATH"] = str(self.workdir / "data")
        env.update(extra)
        return env

    def start(self, timeout: float = 60.0) -> JupyterLab:
        command = [
            self.jupyter, self.app, "--no-browser", f"--port={self.port}",
            "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
            *(["--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
              if self.app == "lab" else []),
            *self._args,
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--ServerApp.allow_root=True")  # CI containers run as root
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, env=self._env,
                                          start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"jupyter {self.app} exited early; see {self.log_path}")
            try:
                self.get("api/status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise TimeoutError(f"jupyter {self.app} did not start within {timeout:.0f} s")

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A token-authenticated REST call; (status, decoded JSON or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method,
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            return error.code, json.loads(text) if text.startswith(b"{") else None

    def fetch(self, path: str) -> tuple[int, str, bytes]:
        """A token-authenticated GET of anything: (status, content type, body)."""
        request = urllib.request.Request(self.url + path,
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read()

    def set_language(self, locale: str | None) -> None:
        """The user's interface language (JupyterLab's and Notebook's setting; None: the
        default). Pages opened afterwards use it."""
        raw = json.dumps({"locale": locale}) if locale else "{}"
        status, _ = self.request(
            "PUT", "lab/api/settings/@jupyterlab/translation-extension:plugin", {"raw": raw})
        assert status == 204, status

    def get(self, path: str) -> Any:
        status, body = self.request("GET", path)
        if status != 200:
            raise urllib.error.URLError(f"GET {path} -> {status}")
        return body

    def stop(self) -> None:
        """Shut the server down through its API; escalate on our own process only."""
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        try:
            self.request("POST", "api/shutdown")
            proc.wait(timeout=15)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError,
                subprocess.TimeoutExpired):
            pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
