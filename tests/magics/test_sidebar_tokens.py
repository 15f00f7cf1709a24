"""The sidebar writes magic lines too ("Insert code", src/code.ts): its tokens are the ones
kernel/magic_code writes (tests/kernel/magic_tokens.json, also read by src/__tests__/code.spec.ts),
and each of them, run by a real IPython, reaches a magic as the text it was written from."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.plain_text import UNSAFE
from ncp_df_jupyter.kernel.magic_code import magic_token

REPO = Path(__file__).resolve().parents[2]
VECTORS = json.loads((REPO / "tests" / "kernel" / "magic_tokens.json").read_text("utf-8"))


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: repr(v["text"])[:30])
def test_the_sidebars_tokens_are_pythons(vector: dict[str, str | None]) -> None:
    assert magic_token(str(vector["text"])) == vector["token"]


def test_each_token_reaches_a_magic_as_its_text(shell: InteractiveShell) -> None:
    """Through IPython's input transformers, run_line_magic and var_expand, with variables of
    the names the tokens mention set."""
    seen: list[str] = []
    shell.register_magic_function(seen.append, "line", "df_echo_line")
    shell.user_ns.update(x="EXPANDED", HOME="EXPANDED")
    try:
        for vector in VECTORS:
            if vector["token"] is None:
                continue
            result = shell.run_cell(f"%df_echo_line {vector['token']} --end", store_history=False)
            assert result.error_in_exec is None
            assert shlex.split(seen[-1]) == [vector["text"], "--end"], vector
    finally:
        shell.magics_manager.magics["line"].pop("df_echo_line", None)
        for name in ("x", "HOME"):
            shell.user_ns.pop(name, None)


def test_the_sidebar_refuses_the_same_characters() -> None:
    """src/code.ts restates core/plain_text.UNSAFE (TypeScript cannot import it)."""
    source = (REPO / "src" / "code.ts").read_text("utf-8")
    declared = re.search(r"UNSAFE_CHARACTERS =\s*((?:'[^']*'\s*\+?\s*)+);", source)
    assert declared is not None
    escaped = "".join(re.findall(r"'([^']*)'", declared.group(1))).replace("\\\\", "\\")
    sidebar = re.compile(f"[{escaped.encode().decode('unicode_escape')}]")
    every = [chr(code) for code in range(0x10000)]
    assert [c for c in every if sidebar.match(c)] == [c for c in every if UNSAFE.match(c)]
