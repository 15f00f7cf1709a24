"""The DataForest panel as JupyterLab's own side panels are: a fixed header while only the list
scrolls, compact rows that fit the narrowest sidebar without breaking a token, a count, a sort
menu, accessible names that say which workspace, and the arrow keys within the list.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ncp_df_jupyter import BlockingClient
from ncp_df_jupyter.emulator import EmulatorThread
from ncp_df_jupyter.emulator.seed import SAMPLE_WORKSPACES

from ...conftest import ACCOUNT_ID
from .conftest import ARTIFACTS
from .lab import JupyterLab
from .sidebar_page import (
    PANEL,
    open_details,
    open_lab,
    open_sidebar,
    toolbar_button,
    widen_sidebar,
    workspace_list,
    workspace_row,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# JupyterLab's default (and smallest) width of the left panel.
NARROW = 250


def make(emu: EmulatorThread, names: list[str], sample: int = 1) -> None:
    _, _, config = SAMPLE_WORKSPACES[sample]
    with BlockingClient(**emu.endpoint.client_kwargs()) as client:
        for name in names:
            client.create_workspace(ACCOUNT_ID, name, config)


def names_shown(page: Page) -> list[str]:
    return page.locator(f"{PANEL} .ncp-df-row-name").all_inner_texts()


def test_the_header_stays_while_the_list_scrolls(page: Page, lab: JupyterLab, emu) -> None:
    make(emu, [f"scroll-{i:02d}" for i in range(40)])
    open_lab(page, lab)
    panel = open_sidebar(page)
    expect(workspace_list(panel).get_by_role("listitem")).to_have_count(40)
    fixed = [panel.get_by_role("heading", name="DataForest"),
             toolbar_button(panel, "New workspace"),
             panel.get_by_role("combobox", name="Account"),
             panel.get_by_role("searchbox", name="Filter workspaces"),
             panel.get_by_text("40 workspaces", exact=True)]
    before = [part.bounding_box()["y"] for part in fixed]
    scroller = panel.locator(".ncp-df-scroll")
    scroller.hover()
    page.mouse.wheel(0, 5000)
    expect(workspace_row(panel, "scroll-00")).to_be_in_viewport()  # the oldest, last
    assert scroller.evaluate("el => el.scrollTop") > 0
    assert [part.bounding_box()["y"] for part in fixed] == before
    for part in fixed:
        expect(part).to_be_in_viewport()
    expect(panel.locator("footer")).to_be_in_viewport()


TOKENS_BROKEN = """panel => {
  // Every word of the panel on one line: a word whose box splits in two was broken.
  const broken = [];
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    const word = /\\S+/g;
    for (let m = word.exec(text); m; m = word.exec(text)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set(Array.from(range.getClientRects())
        .filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""

CLIPPED = """panel => Array.from(
  panel.querySelectorAll('.ncp-df-row-name, .ncp-df-badge, .ncp-df-count'))
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""


def test_rows_fit_the_narrowest_sidebar(page: Page, lab: JupyterLab, emu) -> None:
    make(emu, ["abcdefghijklmno"], sample=1)  # the longest name the rules allow, A100 x 4
    make(emu, ["mnist-train"], sample=0)
    open_lab(page, lab)
    panel = open_sidebar(page)
    widen_sidebar(page, NARROW)
    width = page.locator("#jp-left-stack").bounding_box()["width"]
    assert width <= NARROW + 2, width
    row = workspace_row(panel, "abcdefghijklmno")
    expect(row).to_contain_text("A100\u00d74")
    open_details(row, "abcdefghijklmno")
    expect(row).to_contain_text("pytorch:2.3.0-cuda12.1")
    assert panel.evaluate(TOKENS_BROKEN) == []
    assert panel.evaluate(CLIPPED) == []  # names, badges and the count are whole
    scroller = panel.locator(".ncp-df-scroll")
    assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth")  # nothing sideways
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sidebar-250.png"),
                    clip={"x": 0, "y": 0, "width": width + 40, "height": 620})


def test_count_sort_menu_and_arrow_keys(page: Page, lab: JupyterLab, emu) -> None:
    make(emu, ["bravo", "alpha", "charlie"])  # made in this order: newest is charlie
    open_lab(page, lab)
    panel = open_sidebar(page)
    expect(panel.get_by_text("3 workspaces", exact=True)).to_be_visible()
    assert names_shown(page) == ["charlie", "alpha", "bravo"]  # newest first, as every face

    sort = toolbar_button(panel, "Sort: Newest first")
    sort.click()
    menu = page.locator(".lm-Menu")
    expect(menu.get_by_role("menuitemcheckbox", name="Newest first")).to_have_attribute(
        "aria-checked", "true")
    menu.get_by_role("menuitem", name="Name (A\u2013Z)").click()
    expect(toolbar_button(panel, "Sort: Name (A\u2013Z)")).to_be_visible()
    assert names_shown(page) == ["alpha", "bravo", "charlie"]
    toolbar_button(panel, "Sort: Name (A\u2013Z)").click()
    page.locator(".lm-Menu").get_by_role("menuitem", name="Oldest first").click()
    assert names_shown(page) == ["bravo", "alpha", "charlie"]

    # The arrow keys move within the list; Right opens a workspace, Left closes it.
    first = workspace_row(panel, "bravo")
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(workspace_row(panel, "alpha")).to_be_focused()
    page.keyboard.press("End")
    expect(workspace_row(panel, "charlie")).to_be_focused()
    # Right and Left are pressed on the row itself (Locator.press focuses it first): once, in a
    # full run, Right reached no row and the row stayed closed (the focus had moved).
    last = workspace_row(panel, "charlie")
    last.press("ArrowRight")
    caret = last.get_by_role("button", name="Details of charlie")
    expect(caret).to_have_attribute("aria-expanded", "true")
    last.press("ArrowLeft")
    expect(caret).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Home")
    expect(first).to_be_focused()
    # Every button says which workspace it acts on.
    for name in ("Insert code for bravo", "Delete bravo", "Details of bravo"):
        expect(first.get_by_role("button", name=name, exact=True)).to_have_count(1)
