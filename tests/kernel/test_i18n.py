"""kernel/i18n.py: gettext follows the kernel's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in
that order), reads the package's catalogue folder, and stays English without a catalogue.

A catalogue compiled here (babel, as the build does) stands in for the shipped one, so these
tests say what the lookup does whatever the shipped translations hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from ncp_df_jupyter.kernel import i18n


@pytest.fixture
def korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    catalog = Catalog(locale="ko_KR", domain=i18n.DOMAIN)
    catalog.add("Refresh", "새로 고침")
    catalog.add(("{count} workspace", "{count} workspaces"), ("작업 공간 {count}개",))
    catalog.add("Delete", "삭제", context="button")
    folder = tmp_path / "ko_KR" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{i18n.DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    for name in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    i18n.forget()
    yield tmp_path
    i18n.forget()


@pytest.mark.parametrize("settings", [
    {"LANGUAGE": "ko"}, {"LANGUAGE": "ko_KR"}, {"LANG": "ko_KR.UTF-8"}, {"LANGUAGE": "ko:en"},
    {"LC_ALL": "ko_KR.UTF-8", "LANG": "C.UTF-8"},
    {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"},
])
def test_a_korean_locale_finds_the_korean_catalogue(korean: Path, monkeypatch: pytest.MonkeyPatch,
                                                    settings: dict[str, str]) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    assert i18n._("Refresh") == "새로 고침"
    assert i18n.ngettext("{count} workspace", "{count} workspaces", 3) == "작업 공간 {count}개"
    assert i18n.pgettext("button", "Delete") == "삭제"
    assert i18n.language() == "ko_KR"
    assert i18n._("A text the catalogue lacks") == "A text the catalogue lacks"


@pytest.mark.parametrize("settings", [
    {}, {"LANG": "C.UTF-8"}, {"LANG": "en_US.UTF-8"},
    {"LANG": "ko_KR.UTF-8", "LC_MESSAGES": "C"},  # the messages' own setting wins
    {"LANGUAGE": "ja", "LANG": "ko_KR.UTF-8"},  # no Japanese catalogue (yet): English
])
def test_other_locales_stay_english(korean: Path, monkeypatch: pytest.MonkeyPatch,
                                    settings: dict[str, str]) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    assert i18n._("Refresh") == "Refresh"
    assert i18n.ngettext("{count} workspace", "{count} workspaces", 1) == "{count} workspace"
    assert i18n.ngettext("{count} workspace", "{count} workspaces", 2) == "{count} workspaces"
    assert i18n.language() == "en"


def test_the_language_follows_the_environment_as_it_changes(
        korean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n._("Refresh") == "Refresh"
    monkeypatch.setenv("LANGUAGE", "ko")  # e.g. %env LANGUAGE=ko in a running kernel
    assert i18n._("Refresh") == "새로 고침"
    monkeypatch.setenv("LANGUAGE", "en")
    assert i18n._("Refresh") == "Refresh"


def test_without_any_catalogue_the_text_is_english(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "no-such-folder")
    monkeypatch.setenv("LANGUAGE", "ko")
    i18n.forget()
    try:
        assert i18n._("Refresh") == "Refresh" and i18n.language() == "en"
    finally:
        i18n.forget()


def test_the_catalogue_folder_is_the_packages() -> None:
    assert Path(i18n.__file__).resolve().parents[1] / "locale" == i18n.LOCALE_DIR
