"""The sidebar in Korean, with JupyterLab's Korean language pack: the panel, its dialogs and the
form through JupyterLab's translator in the package's catalogue, no English string of ours left.

"Ours" is every msgid of the catalogue whose Korean differs from its English (tools/catalogs.py
finds them in the sources); each text the page shows, and each accessible name, tooltip and
placeholder, is compared with them (placeholders match anything).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Locator, Page, expect

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES
from tools import catalogs

from ...conftest import ACCOUNT_ID
from .conftest import ARTIFACTS
from .lab import REPO, JupyterLab
from .sidebar_page import dialog, open_lab, open_sidebar, widen_sidebar, workspace_row

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KOREAN_CATALOGUE = catalogs.PACKAGE / "locale" / "ko_KR" / "LC_MESSAGES" / "ncp_df_jupyter.po"
LIST = "워크스페이스 목록"


def english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """A full-text pattern for each English msgid that has a different Korean text."""
    catalog = catalogs.read_catalog(KOREAN_CATALOGUE)
    found = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if not msgid or msgid in strings:
                continue
            parts = re.split(r"%\d+|\{\w*\}", msgid)
            if len(re.findall(r"[A-Za-z]", "".join(parts))) < 3:
                continue  # "%1 %2", "%1 (…)": nothing English of its own to find
            pattern = ".+".join(re.escape(part) for part in parts)
            found.append((msgid, re.compile(pattern, re.S)))
    return found


SHOWN_TEXTS = """root => {
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const box = node.parentElement;
    if (box && box.offsetParent !== null && node.textContent.trim()) {
      texts.push(node.textContent.trim());
    }
  }
  // Whole lines too: a sentence may be split over elements (a `code` span).
  for (const el of root.querySelectorAll('p, label, legend, button, span, dt, div')) {
    if (el.offsetParent !== null && el.children.length && el.innerText.trim()) {
      texts.push(el.innerText.trim());
    }
  }
  for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const name of ['aria-label', 'title', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value) texts.push(value.trim());
    }
  }
  return texts;
}"""


def english_left(part: Locator) -> list[str]:
    """Our English strings shown in ``part`` (each as 'msgid: the text that matched')."""
    patterns = english_patterns()
    left = set()
    for text in part.evaluate(SHOWN_TEXTS):
        for line in text.splitlines():
            for msgid, pattern in patterns:
                if pattern.fullmatch(line.strip()):
                    left.add(f"{msgid!r}: {line.strip()!r}")
    return sorted(left)


def korean_fonts() -> bool:
    found = shutil.which("fc-list")
    if found is None:
        return False
    listed = subprocess.run([found, ":lang=ko"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


@pytest.fixture
def samples(emu: EmulatorThread) -> None:
    with BlockingClient(**emu.endpoint.client_kwargs()) as client:
        for name, description, config in SAMPLE_WORKSPACES:
            client.create_workspace(ACCOUNT_ID, name, config, description)


def test_the_check_finds_our_english() -> None:
    # What the English sidebar shows is found (so an empty list below means Korean).
    patterns = english_patterns()
    for shown in ("3 workspaces", "Delete mnist-train", "Docker image",
                  "Still waiting for DataForest… The server gives up on a call after 30 s."):
        assert any(p.fullmatch(shown) for _, p in patterns), shown
    assert not any(p.fullmatch("mnist-train") for _, p in patterns)


def test_the_panel_and_its_delete_dialog_are_korean(page: Page, korean: JupyterLab,
                                                    samples) -> None:
    open_lab(page, korean)
    expect(page.get_by_role("menuitem", name="파일")).to_be_visible()  # the language pack's
    panel = open_sidebar(page)
    toolbar = panel.get_by_role("toolbar")
    expect(toolbar.get_by_role("button", name="새 워크스페이스")).to_be_visible()
    expect(toolbar.get_by_role("button", name="새로 고침")).to_be_visible()
    expect(panel.get_by_text("워크스페이스 3개", exact=True)).to_be_visible()
    expect(panel.get_by_role("combobox", name="계정")).to_contain_text("df-locked(권한 없음)")
    row = workspace_row(panel, "mnist-train", LIST)
    row.get_by_role("button", name="mnist-train 자세히").click()
    expect(row).to_contain_text("Docker 이미지")
    expect(row).to_contain_text("입력(HDFS → 컨테이너)")
    assert english_left(panel) == []
    if korean_fonts():  # the picture needs Korean fonts (apt-get install fonts-nanum)
        ARTIFACTS.mkdir(exist_ok=True)
        widen_sidebar(page, 420)  # as the English picture (test_sidebar.py)
        box = page.locator("#jp-left-stack").bounding_box()
        assert box is not None
        page.screenshot(path=str(ARTIFACTS / "sidebar-ko.png"),
                        clip={"x": 0, "y": 0, "width": box["x"] + box["width"] + 8,
                              "height": 720})
        if os.environ.get("NCP_DF_UPDATE_DOCS") == "1":
            shutil.copyfile(ARTIFACTS / "sidebar-ko.png", REPO / "docs" / "sidebar-ko.png")

    row.get_by_role("button", name="mnist-train 삭제").click()
    buttons = dialog(page).locator(".jp-Dialog-footer").get_by_role("button")
    expect(buttons).to_have_text(["취소", "삭제"])  # not "취소 | Delete"
    expect(dialog(page)).to_contain_text("되돌릴 수 없습니다")
    assert english_left(dialog(page)) == []
    dialog(page).get_by_role("button", name="취소").click()


def test_the_form_is_korean(page: Page, korean: JupyterLab, samples) -> None:
    open_lab(page, korean)
    panel = open_sidebar(page)
    panel.get_by_role("toolbar").get_by_role("button", name="새 워크스페이스").click()
    form = page.locator(".ncp-df-form")
    name = form.get_by_label("이름", exact=True)
    expect(name).to_be_visible()
    expect(form.locator("legend")).to_have_text(["기본", "리소스", "컨테이너", "데이터"])
    name.fill("Bad_Name")
    name.blur()
    expect(name).to_have_accessible_description(re.compile("영문 소문자로 시작하고"))
    form.get_by_role("button", name="변수 추가").click()
    expect(form.get_by_label("변수, 1행", exact=True)).to_be_visible()
    assert english_left(form) == []
    if korean_fonts():
        page.screenshot(path=str(ARTIFACTS / "form-ko.png"))
