"""The translations: every msgid of the package has a Korean translation, and the compiled
catalogues are what JupyterLab and Python's gettext read.

The msgids are found the way tools/catalogs.py finds them (babel's extractors over src/ and the
package, and the workspace schema's titles, help texts and rule wordings), so a string added
without a translation fails here, naming where it is.
"""

from __future__ import annotations

import gettext
import importlib.metadata
import json
from pathlib import Path

import pytest

from tools import catalogs

PACKAGE = catalogs.PACKAGE
KOREAN = PACKAGE / "locale" / "ko_KR" / "LC_MESSAGES" / "ncp_df_jupyter.po"


@pytest.fixture(scope="module")
def found() -> dict:
    return catalogs.extract_all()


def test_every_msgid_has_a_korean_translation(found: dict) -> None:
    said = catalogs.problems(found, catalogs.read_catalog(KOREAN))
    assert said == [], "\n".join(said)


def test_the_extractor_finds_each_kind_of_msgid(found: dict) -> None:
    ids = {msgid for _context, msgid in found}
    assert "Delete %1" in ids  # the sidebar, trans.__
    assert ("button", "Delete") in found  # a context, trans._p
    assert found[(None, "%1 workspace")].plural == "%1 workspaces"  # trans._n
    assert "Cannot reach DataForest at {host}: is `ncp-df demo` still running?" in ids  # N_
    assert "Docker image" in ids and "Basics" in ids  # the schema's titles, group titles
    assert rules_message() in ids  # the schema's rule wordings


def rules_message() -> str:
    from ncp_df_jupyter.core.schema import rules

    # the name words each keyword apart: its pattern's text is one of the msgids
    return str(rules.definition("workspaceName")["x-message"]["pattern"])


def test_a_translation_with_other_placeholders_is_refused() -> None:
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="ko_KR")
    catalog.add("Delete %1", "삭제")
    catalog.add("at {host}", "{hots}에서")
    found = {(None, "Delete %1"): catalogs.Found("Delete %1", style="ts", places=["a.ts:1"]),
             (None, "at {host}"): catalogs.Found("at {host}", style="py", places=["b.py:2"]),
             (None, "Missing"): catalogs.Found("Missing", places=["c.json"])}
    said = catalogs.problems(found, catalog)
    assert len(said) == 3
    assert "no translation of 'Missing'" in said[2]


def test_the_compiled_catalogue_is_what_jupyterlab_reads(tmp_path: Path) -> None:
    catalog = catalogs.read_catalog(KOREAN)
    jed = catalogs.jed(catalog)
    # "ko-KR", not "ko_KR": the frontend looks the language up as ko-KR, then ko
    assert jed[""]["language"] == "ko-KR" and jed[""]["domain"] == "ncp_df_jupyter"
    assert jed["button\u0004Delete"] == ["삭제"]
    plural = jed["%1 workspace"]
    assert len(plural) >= 2 and "%1" in plural[0]  # a one-element value reads as singular only


def test_the_installed_package_has_its_catalogues_and_entry_point() -> None:
    # A jupyterlab.locale package without its locale/ folder blanks JupyterLab's whole Korean
    # interface, so the folder and the compiled files must be there in an install.
    compiled = KOREAN.with_suffix(".json")
    assert compiled.is_file() and KOREAN.with_suffix(".mo").is_file()
    assert json.loads(compiled.read_text("utf-8"))[""]["language"] == "ko-KR"
    points = importlib.metadata.entry_points(group="jupyterlab.locale")
    assert any(p.name == "ncp_df_jupyter" and p.value == "ncp_df_jupyter" for p in points)


def test_python_gettext_reads_the_same_catalogue() -> None:
    korean = gettext.translation("ncp_df_jupyter", PACKAGE / "locale", languages=["ko_KR"])
    assert korean.gettext("Docker image") != "Docker image"
    assert korean.gettext("DataForest said: {said}").count("{said}") == 1
