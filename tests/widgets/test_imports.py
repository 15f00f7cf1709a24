"""ipywidgets is imported only with ncp_df_jupyter.widgets, never with the package or the CLI."""

from __future__ import annotations

import subprocess
import sys


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


def test_package_and_cli_do_not_import_ipywidgets() -> None:
    assert "ipywidgets" not in modules_after("import ncp_df_jupyter")
    loaded = modules_after("from ncp_df_jupyter.cli import build_parser; build_parser()")
    assert "ipywidgets" not in loaded and "jupyterlab" not in loaded


def test_widgets_import_ipywidgets() -> None:
    assert "ipywidgets" in modules_after("import ncp_df_jupyter.widgets")
