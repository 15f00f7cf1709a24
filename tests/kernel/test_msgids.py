"""Every text the Python faces translate can be found by the catalogue's extractor: a literal
msgid in ``_()``, ``N_()``, ``ngettext()`` or ``pgettext()``, never one hidden where babel's
extractor does not look (inside an f-string) and never an f-string itself (its text would change
with what it holds, so no translation could ever match)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract

PACKAGE = Path(__file__).resolve().parents[2] / "ncp_df_jupyter"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _calls(tree: ast.AST) -> tuple[int, int]:
    """(calls with a literal msgid, calls whose msgid is an f-string) in the code."""
    literal = formatted = 0
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in KEYWORDS and node.args):
            first = node.args[0]
            literal += isinstance(first, ast.Constant) and isinstance(first.value, str)
            formatted += isinstance(first, ast.JoinedStr)
    return literal, formatted

SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "labextension" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_every_literal_msgid_is_extracted(path: Path) -> None:
    literal, formatted = _calls(ast.parse(path.read_text(encoding="utf-8")))
    assert formatted == 0, f"an f-string msgid in {path.name}"
    with path.open("rb") as handle:
        found = list(extract("python", handle, keywords=KEYWORDS))
    assert len(found) == literal, (
        f"{path.name}: a msgid the extractor cannot see (inside an f-string?)")


def test_the_widgets_set_no_untranslated_label() -> None:
    """A label, tooltip or placeholder of a widget is never an English literal."""
    for path in (PACKAGE / "widgets").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in (
                    "description", "tooltip", "placeholder"):
                assert not (isinstance(node.value, ast.Constant) and node.value.value), (
                    f"{path.name}:{node.value.lineno} {node.arg}={node.value.value!r}")
