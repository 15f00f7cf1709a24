"""``ncp-df demo``: the emulator with sample workspaces, and JupyterLab on the quickstart notebook.

    ncp-df demo                 # opens the browser; Ctrl-C stops everything
    ncp-df demo --no-browser    # headless: prints the URL to open
    ncp-df demo --check         # starts everything, checks it answers, prints the URLs, exits

The emulator runs in this process with the published demo key pair (it only ever opens the local
emulator); JupyterLab runs as a child process whose environment points at it, so every kernel
(and the quickstart notebook's first cell) finds it through ``NCP_DF_ENDPOINT``; the demo prints
the same ``export`` lines for a terminal. The notebook is copied into a working folder kept
outside any checkout (the user's data folder, ``default_directory()``) so that your edits are
kept. Ctrl-C, ``kill`` (SIGTERM) and closing the terminal (SIGHUP) all stop JupyterLab and its
kernels before the demo exits: nothing is left running. A port that was taken is said, with the
one used instead.

Importing this module is cheap: the CLI imports it to add the subcommand.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.credentials import ENV_ACCESS_KEYS, ENV_PROFILE, ENV_SECRET_KEYS

NOTEBOOK = "quickstart.ipynb"
DEMO_FOLDER = ("ncp-df-jupyter", "demo")  # under the user's data folder
WIDGETS_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
# What --check runs in a kernel: the widgets import and the environment reaches the emulator.
KERNEL_CHECK = """\
import ncp_df_jupyter.widgets
from ncp_df_jupyter.kernel import connection
client = connection.current().client
print(len(client.list_accounts()), "accounts at", client.endpoint)
"""


def quickstart_text() -> str:
    """The quickstart notebook shipped in the package (or, in a source checkout, notebooks/)."""
    packaged = resources.files("ncp_df_jupyter").joinpath(f"notebooks/{NOTEBOOK}")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "notebooks" / NOTEBOOK
    if checkout.is_file():
        return checkout.read_text(encoding="utf-8")
    raise FileNotFoundError(f"the quickstart notebook is missing from this installation "
                            f"(looked for ncp_df_jupyter/notebooks/{NOTEBOOK}); reinstall "
                            "ncp-df-jupyter.")


def default_directory(env: Mapping[str, str] | None = None) -> Path:
    """Where the demo keeps its notebook unless told: the user's data folder, never the
    current one (which is often a checkout of this project): ``$XDG_DATA_HOME`` or
    ``~/.local/share`` on Linux, ``~/Library/Application Support`` on macOS, ``%LOCALAPPDATA%``
    on Windows."""
    env = os.environ if env is None else env
    if os.name == "nt" and env.get("LOCALAPPDATA"):
        base = Path(env["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    elif env.get("XDG_DATA_HOME"):
        base = Path(env["XDG_DATA_HOME"])
    else:
        base = Path.home() / ".local" / "share"
    return base.joinpath(*DEMO_FOLDER)


def prepare_directory(directory: Path, fresh: bool = False) -> tuple[Path, bool]:
    """Copy the notebook into ``directory`` unless a (possibly edited) copy is there.
    Returns the notebook's path and whether it was (re)written."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / NOTEBOOK
    if target.exists() and not fresh:
        return target, False
    target.write_text(quickstart_text(), encoding="utf-8")
    return target, True


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(preferred: int | None = None, host: str = "127.0.0.1") -> int:
    """``preferred`` when it is free, else any free port."""
    if preferred and port_is_free(preferred, host):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def moved(what: str, preferred: int, port: int) -> str | None:
    """The line saying a port was taken and which one is used instead (None: it was not)."""
    if not preferred or preferred == port:
        return None
    return f"  note        port {preferred} is taken: {what} uses port {port} instead"


def export_lines(env: Mapping[str, str]) -> list[str]:
    """``export NAME=value`` lines that point a terminal (a script, ``%df_*`` in a console) at
    the emulator. The demo keys are published ones that only open the local emulator."""
    return [f"    export {name}={shlex.quote(value)}" for name, value in env.items()]


def say(*lines: str, error: bool = False) -> None:
    """Print, unless the terminal is gone (after SIGHUP the demo still has to clean up)."""
    with contextlib.suppress(OSError, ValueError):
        print(*lines, sep="\n", file=sys.stderr if error else sys.stdout, flush=True)


class LabServer:
    """``jupyter lab`` as a child process on 127.0.0.1 with a random token (never on its
    command line: it is passed as JUPYTER_TOKEN), answering on a known port."""

    def __init__(self, root_dir: Path, env: Mapping[str, str], *, port: int | None = None,
                 open_path: str | None = None, open_browser: bool = False,
                 log_path: Path | None = None, python: str = sys.executable) -> None:
        self.root_dir = root_dir
        self.port = port or free_port()
        self.token = secrets.token_hex(24)
        self.open_path = open_path
        self.open_browser = open_browser
        self.log_path = log_path or root_dir / "jupyter.log"
        # The demo's own JupyterLab settings: no "get Jupyter news?" toast over the notebook.
        settings = root_dir / ".lab-settings"
        news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        if not news.exists():
            news.parent.mkdir(parents=True, exist_ok=True)
            news.write_text('{"fetchNews": "false"}', encoding="utf-8")
        self.env = {**env, "JUPYTER_TOKEN": self.token,
                    "JUPYTERLAB_SETTINGS_DIR": str(settings)}
        self.python = python
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str = "lab") -> str:
        return f"{self.base_url}{path}?token={self.token}"

    def command(self) -> list[str]:
        command = [
            self.python, "-m", "jupyterlab", f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port_retries=0", f"--ServerApp.root_dir={self.root_dir}",
            # A demo makes no calls outside this machine: no news feed, no update check.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if not self.open_browser:
            command.append("--no-browser")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers and CI often run as root
        if self.open_path:
            command.append(self.open_path)
        return command

    def start(self) -> LabServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(), cwd=self.root_dir, env=self.env, stdout=log,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=os.name == "posix")  # Ctrl-C reaches us, and we stop it
        return self

    def request(self, path: str, method: str = "GET") -> tuple[int, bytes]:
        request = urllib.request.Request(self.base_url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def run_in_kernel(self, code: str, timeout: float = 60.0) -> tuple[bool, str]:
        """Start a python3 kernel through the server, run ``code`` in it, shut it down.
        Returns (ran without error, its output or error)."""
        status, body = self.request_json("api/kernels", {"name": "python3"})
        if status != 201:
            return False, f"starting a kernel answered HTTP {status}"
        try:
            return asyncio.run(asyncio.wait_for(self._execute(body["id"], code), timeout))
        except (asyncio.TimeoutError, OSError) as exc:
            return False, f"the kernel did not answer ({type(exc).__name__})"
        finally:
            self.request(f"api/kernels/{body['id']}", method="DELETE")

    async def _execute(self, kernel_id: str, code: str) -> tuple[bool, str]:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels"
        socket = await websocket_connect(HTTPRequest(
            url, headers={"Authorization": f"token {self.token}"}))
        msg_id = uuid.uuid4().hex
        socket.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "ncp-df",
                       "session": uuid.uuid4().hex, "version": "5.3",
                       "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        output: list[str] = []
        reply: str | None = None
        idle = False
        try:
            while reply is None or not idle:
                raw = await socket.read_message()
                if raw is None:
                    return False, "the kernel's connection closed"
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    output.append(content["text"])
                elif kind == "error":
                    output.append(f"{content['ename']}: {content['evalue']}")
                elif kind == "execute_reply":
                    reply = content["status"]
                elif kind == "status" and content["execution_state"] == "idle":
                    idle = True
        finally:
            socket.close()
        return reply == "ok", "".join(output).strip()

    def request_json(self, path: str, body: Any) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.base_url + path, method="POST", data=json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Until /api/status answers; RuntimeError if the server exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early; see {self.log_path}:\n"
                                   f"{self.log_tail()}")
            try:
                if self.request("api/status")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:g} s; see "
                           f"{self.log_path}:\n{self.log_tail()}")

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:]).replace(self.token, "<token>")

    def stop(self) -> None:
        """Shut the server (and its kernels) down cleanly; escalate on our own child only."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
            self.request("api/shutdown", method="POST")
        for escalate in (None, process.terminate, process.kill):
            if escalate is not None:
                escalate()
            try:
                process.wait(timeout=15)
                return
            except subprocess.TimeoutExpired:
                continue


def demo_environment(endpoint_env: Mapping[str, str]) -> dict[str, str]:
    """This process's environment pointed at the emulator (demo keys, its endpoint)."""
    env = dict(os.environ)
    for name in (*ENV_ACCESS_KEYS, *ENV_SECRET_KEYS, ENV_PROFILE):
        env.pop(name, None)  # nothing may mix real settings into the demo's credentials
    env.update(endpoint_env)
    return env


def _checks(lab: LabServer, endpoint: Any, account_id: str) -> list[tuple[str, bool, str]]:
    """(what, passed, detail) for everything the demo needs."""
    results: list[tuple[str, bool, str]] = []
    status, page = lab.request(f"lab/tree/{NOTEBOOK}")
    results.append(("JupyterLab serves the quickstart page", status == 200, f"HTTP {status}"))
    widgets_ok = f'"name": "{WIDGETS_EXTENSION}"' in page.decode("utf-8", "replace")
    results.append(("JupyterLab can render widgets (jupyterlab_widgets)", widgets_ok,
                    "found" if widgets_ok else f"{WIDGETS_EXTENSION} is not installed"))
    status, body = lab.request(f"api/contents/{NOTEBOOK}?content=0")
    kind = json.loads(body).get("type") if status == 200 else None
    results.append(("the notebook is in JupyterLab's root", kind == "notebook", f"HTTP {status}"))

    ok, said = lab.run_in_kernel(KERNEL_CHECK)
    results.append(("a kernel reaches the emulator with the demo's environment",
                    ok and endpoint.url in said, said))

    status, body = lab.request(f"ncp-df/workspaces?account={account_id}")
    listed = json.loads(body).get("workspaces", []) if status == 200 else []
    results.append(("the sidebar's server extension lists the workspaces",
                    status == 200 and len(listed) > 0,
                    f"HTTP {status}, {len(listed)} workspaces" if status == 200 else
                    f"HTTP {status}: is ncp_df_jupyter enabled (jupyter server extension list)?"))

    from ..emulator import EmulatorControl
    from ..kernel.blocking import BlockingClient

    healthy = EmulatorControl(endpoint.url).healthy()
    results.append(("the emulator answers", healthy, endpoint.url))
    try:
        with BlockingClient(**endpoint.client_kwargs(), timeout=10) as client:
            rows = client.describe_workspaces(account_id)
        results.append(("a signed request reaches the emulator", True,
                        f"{len(rows)} sample workspaces: " + ", ".join(r.gpus for r in rows)))
    except Exception as exc:  # the check reports any failure as a failed line
        results.append(("a signed request reaches the emulator", False, str(exc)))
    return results


# The signals that stop the demo as Ctrl-C does: `kill`, a container stop, a closed terminal.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class _Stopping:
    """The first stop signal ends the demo's wait (as Ctrl-C); later ones are ignored, so the
    cleanup that stops JupyterLab is never cut short."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __call__(self, signum: int, _frame: object) -> None:
        if self.signal is None:
            self.signal = signum
            raise KeyboardInterrupt

    def install(self) -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self)

    def ignore_more(self) -> None:
        self.signal = self.signal or signal.SIGINT
        for signum in (*STOP_SIGNALS, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)


def _report(emulator: Any, lab: LabServer, notebook: Path, written: bool,
            moves: list[str | None]) -> None:
    from ..emulator import DEMO_ACCOUNT_ID

    say(f"  emulator    {emulator.url}  (demo account {DEMO_ACCOUNT_ID}, sample workspaces)",
        f"  notebook    {notebook}" + ("" if written else "  (kept your copy; --fresh "
                                                        "replaces it)"),
        f"  JupyterLab  {lab.url(f'lab/tree/{NOTEBOOK}')}",
        f"  log         {lab.log_path}",
        *(line for line in moves if line),
        "  For a terminal or a script, point ncp_df_jupyter at the emulator with:",
        *export_lines(emulator.endpoint.env()))


def _check(lab: LabServer, emulator: Any) -> int:
    from ..emulator import DEMO_ACCOUNT_ID

    results = _checks(lab, emulator.endpoint, DEMO_ACCOUNT_ID)
    for what, passed, detail in results:
        say(f"  [{'ok' if passed else 'FAILED'}] {what}: {detail}")
    failed = [what for what, passed, _ in results if not passed]
    say("ncp-df demo --check: " + ("everything answers." if not failed
                                   else f"{len(failed)} check(s) failed."))
    return 0 if not failed else 1


def run(args: argparse.Namespace) -> int:
    from ..emulator import EmulatorThread

    directory = Path(args.dir).expanduser().resolve() if args.dir else default_directory()
    try:
        notebook, written = prepare_directory(directory, fresh=args.fresh)
    except (OSError, FileNotFoundError) as exc:
        say(f"ncp-df demo: cannot prepare {directory}: {exc}", error=True)
        return 1
    stopping = _Stopping()
    stopping.install()  # from here on, a stop signal ends in the finally below
    emulator = lab = None
    try:
        emulator_port = free_port(args.emulator_port)
        emulator = EmulatorThread(port=emulator_port, sample_workspaces=True)
        emulator.start()
        lab = LabServer(directory, demo_environment(emulator.endpoint.env()),
                        port=free_port(args.port), open_path=NOTEBOOK,
                        open_browser=not (args.no_browser or args.check))
        lab.start()
        say(f"ncp-df demo: starting JupyterLab in {directory} ...")
        lab.wait_ready(args.timeout)
        _report(emulator, lab, notebook, written,
                [moved("the emulator", args.emulator_port, emulator_port),
                 moved("JupyterLab", args.port, lab.port)])
        if args.check:
            return _check(lab, emulator)
        say("Press Ctrl-C to stop the demo.")
        assert lab.process is not None
        code = lab.process.wait()
        if code:
            say(f"ncp-df demo: JupyterLab exited with code {code}:\n{lab.log_tail()}",
                error=True)
        return 0 if code in (0, -signal.SIGTERM) else 1
    except KeyboardInterrupt:
        stopping.ignore_more()
        say("", f"ncp-df demo: stopping{_signal_name(stopping.signal)} ...")
        return 0
    except RuntimeError as exc:
        say(f"ncp-df demo: {exc}", error=True)
        return 1
    finally:
        stopping.ignore_more()  # a second signal must not cut the cleanup short
        if lab is not None:
            lab.stop()
        if emulator is not None:
            emulator.stop()


def _signal_name(signum: int | None) -> str:
    if signum is None or signum == signal.SIGINT:
        return ""
    return f" ({signal.Signals(signum).name})"


def add_demo_command(commands: Any) -> None:
    """Add ``demo`` to the ``ncp-df`` subcommands."""
    demo = commands.add_parser(
        "demo", help="try everything locally: emulator + JupyterLab on the quickstart",
        description="Start a local DataForest emulator with sample workspaces and open "
                    "JupyterLab on the quickstart notebook, pointed at it.")
    demo.add_argument("--dir", default=None,
                      help="working folder for the notebook (default: "
                           f"{default_directory()}, outside any checkout)")
    demo.add_argument("--port", type=int, default=8888,
                      help="JupyterLab port (8888; another free one if taken, and said)")
    demo.add_argument("--emulator-port", type=int, default=8950,
                      help="emulator port (8950; another free one if taken, and said)")
    demo.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    demo.add_argument("--fresh", action="store_true",
                      help="replace an existing (edited) copy of the notebook")
    demo.add_argument("--check", action="store_true",
                      help="start everything, check that it answers, print the URLs and exit "
                           "(0 when every check passed)")
    demo.add_argument("--timeout", type=float, default=90.0,
                      help="seconds to wait for JupyterLab to start (90)")
    demo.set_defaults(run=run)
