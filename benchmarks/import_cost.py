"""What loading the package costs a notebook, in milliseconds (best of several fresh processes).

- import: ``import ncp_df_jupyter`` in a fresh interpreter;
- load_ext: ``%load_ext ncp_df_jupyter`` in a fresh InteractiveShell (IPython already imported
  and the shell made, as in a kernel; the import of the package is included);
- first_magic (an extra of the command line, not in benchmarks/run.py): the first
  ``%df_accounts`` after that, against an emulator on loopback (the imports a first request
  needs, aiohttp and the schema checker, plus one round trip).

    python benchmarks/import_cost.py [--quick] [--json PATH]
"""

from __future__ import annotations

import os
import subprocess
import sys

from common import main

IMPORT = """
import time
t = time.perf_counter()
import ncp_df_jupyter
print((time.perf_counter() - t) * 1000)
"""

LOAD_EXT = """
import time
from IPython.core.interactiveshell import InteractiveShell
ip = InteractiveShell.instance()
t = time.perf_counter()
ip.run_line_magic("load_ext", "ncp_df_jupyter")
load = (time.perf_counter() - t) * 1000
first = None
if {with_emulator}:
    import io, contextlib
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        accounts = ip.run_line_magic("df_accounts", "")
    first = (time.perf_counter() - t) * 1000
    assert accounts, "the magic failed"
print(load, first)
"""


def best(script: str, runs: int, env: dict[str, str]) -> list[float]:
    """Per printed number, the smallest value over ``runs`` fresh interpreters."""
    found: list[list[float]] = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, env=env).stdout.split()
        found.append([float(v) for v in out if v != "None"])
    return [min(values) for values in zip(*found, strict=True)]


def run(quick: bool = False) -> dict[str, float | None]:
    """The numbers benchmarks/run.py reports: best of a few fresh interpreters."""
    runs = 3 if quick else 7
    env = dict(os.environ)
    (import_ms,) = best(IMPORT, runs, env)
    (load_ext_ms,) = best(LOAD_EXT.format(with_emulator=False), runs, env)
    return {"import_ms": import_ms, "load_ext_ms": load_ext_ms}


def first_magic(quick: bool = False) -> dict[str, float | None]:
    """The first %df_accounts after %load_ext, against an emulator in this process."""
    from ncp_df_jupyter.emulator import EmulatorThread

    with EmulatorThread() as emulator:
        env = {**os.environ, **emulator.endpoint.env(), "NCP_DF_CONFIG_FILE": os.devnull}
        _, first_magic_ms = best(LOAD_EXT.format(with_emulator=True), 3 if quick else 7, env)
    return {"first_magic_ms": first_magic_ms}


if __name__ == "__main__":
    sys.exit(main(run, __doc__, extra=first_magic))
