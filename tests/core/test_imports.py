"""`import ncp_df_jupyter` stays cheap: no aiohttp, widgets, tornado or jupyter_server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("aiohttp", "ipywidgets", "tornado", "jupyter_server")


def _imported_after(statement: str) -> list[str]:
    code = (f"import sys\n{statement}\nimport json\n"
            f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    modules: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return modules


@pytest.mark.parametrize("statement", [
    "import ncp_df_jupyter",
    "import ncp_df_jupyter; ncp_df_jupyter.__version__; dir(ncp_df_jupyter)",
    "from ncp_df_jupyter import Configuration, ValidationError, resolve_credentials",
    "from ncp_df_jupyter.core.schema import rules; rules.problems('workspaceName', 'ok')",
    "from ncp_df_jupyter.errors import ValidationError, NotFoundError",
])
def test_package_import_is_light(statement: str) -> None:
    loaded = _imported_after(statement)
    assert "ncp_df_jupyter" in loaded
    assert [m for m in HEAVY if m in loaded] == []


def test_the_client_does_pull_in_aiohttp_when_used() -> None:
    """The check above can fail: naming the client loads it (lazily, on first access)."""
    assert "aiohttp" in _imported_after(
        "import ncp_df_jupyter, asyncio\n"
        "async def main():\n"
        "    c = ncp_df_jupyter.DataForestClient('A', 'B', 'http://127.0.0.1:1')\n"
        "    c._transport._get_session(); await c.close()\n"
        "asyncio.run(main())")
