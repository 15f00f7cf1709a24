"""The ``ncp-df`` command: ``ncp-df emulator`` (and ``ncp-df demo``)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # a terminated emulator stops as an interrupted one: cleanly


def _emulator(args: argparse.Namespace) -> int:
    from ..emulator import seed
    from ..emulator.server import EmulatorServer, serve_forever
    from ..emulator.store import StateFileError
    from ..emulator.tls import TLSUnavailable

    if bool(args.access_key) != bool(args.secret_key):
        print("ncp-df emulator: give both --access-key and --secret-key, or neither "
              "(to use the published demo pair).", file=sys.stderr)
        return 2
    if args.ca_file and not args.tls:
        print("ncp-df emulator: --ca-file goes with --tls.", file=sys.stderr)
        return 2
    demo_keys = not args.access_key
    log_size = {} if args.request_log_size is None else {
        "request_log_size": args.request_log_size}
    try:
        server = EmulatorServer(
            args.host, args.port,
            access_key=args.access_key or seed.DEMO_ACCESS_KEY,
            secret_key=args.secret_key or seed.DEMO_SECRET_KEY,
            state_path=args.state, sample_workspaces=args.sample_workspaces,
            max_workspaces=args.max_workspaces, tls=args.tls, ca_path=args.ca_file,
            **log_size)
    except StateFileError as exc:
        print(f"ncp-df emulator: --state: {exc}", file=sys.stderr)
        return 2
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)  # its state closed, its TLS CA file removed
    try:
        asyncio.run(serve_forever(server, show_secret=demo_keys))
    except KeyboardInterrupt:
        pass
    except TLSUnavailable as exc:
        print(f"ncp-df emulator --tls: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"ncp-df emulator: cannot listen on {args.host}:{args.port}: {exc.strerror}.",
              file=sys.stderr)
        return 1
    return 0


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10_000_000:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 10000000 (got "
                                         f"{text!r})")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ncp-df", description="NAVER Cloud DataForest AI workspaces from Jupyter.")
    commands = parser.add_subparsers(dest="command", required=True)

    emu = commands.add_parser(
        "emulator", help="run a local DataForest API emulator",
        description="Run a local stand-in of the DataForest API (signature v2 checked). Without "
                    "keys it accepts the published demo key pair and prints it.")
    emu.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    emu.add_argument("--port", type=int, default=8950, help="port to listen on (8950)")
    emu.add_argument("--access-key", help="access key to accept instead of the demo key")
    emu.add_argument("--secret-key", help="secret key to accept instead of the demo key")
    emu.add_argument("--state", metavar="PATH",
                     help="keep state in this SQLite file (survives restarts); default: memory")
    emu.add_argument("--sample-workspaces", action="store_true",
                     help="start with a few sample workspaces in the demo account")
    emu.add_argument("--max-workspaces", type=int, metavar="N",
                     help="quota of workspaces per account (default: none)")
    emu.add_argument("--request-log-size", type=_count, metavar="N",
                     help="how many of the latest requests GET /_emulator/requests keeps "
                          "(default: the emulator's, ten thousand)")
    emu.add_argument("--tls", action="store_true",
                     help="serve HTTPS with a certificate made at start (prints its CA file; "
                          "needs the 'tls' extra: pip install 'ncp-df-jupyter[tls]')")
    emu.add_argument("--ca-file", metavar="PATH",
                     help="with --tls: write the CA certificate here (default: a temporary "
                          "file, removed at exit)")
    emu.set_defaults(run=_emulator)

    from .demo import add_demo_command  # cheap: the demo imports what it runs when it runs

    add_demo_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code
