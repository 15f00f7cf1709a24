"""Named ways to reach the sidebar and its parts (role and label based, as a person finds them)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from .lab import JupyterLab


def open_lab(page: Page, lab: JupyterLab, path: str = "lab") -> None:
    """Open JupyterLab with a fresh layout (``reset``: no tabs left over from another test)."""
    page.goto(f"{lab.url}{path}?reset&token={lab.token}", wait_until="domcontentloaded")
    page.locator("#jp-main-dock-panel").wait_for(state="visible", timeout=60_000)


def open_sidebar(page: Page) -> Locator:
    """Click the DataForest tab of the left bar; the panel."""
    tab = page.locator('.jp-SideBar.jp-mod-left [data-id="ncp-df-sidebar"]')
    tab.wait_for(state="visible", timeout=30_000)
    panel = page.locator("#ncp-df-sidebar")
    if not panel.is_visible():
        tab.click()
    expect(panel.get_by_role("heading", name="DataForest")).to_be_visible()
    return panel


def workspace_row(panel: Locator, name: str) -> Locator:
    return panel.get_by_role("list", name="Workspaces").get_by_role("listitem", name=name,
                                                                    exact=True)


def dialog(page: Page) -> Locator:
    return page.locator(".jp-Dialog")


def widen_sidebar(page: Page, width: int) -> None:
    """Drag the handle between the left panel and the main area to ``width`` pixels."""
    handle = page.locator("#jp-main-split-panel > .lm-SplitPanel-handle").first
    box = handle.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(width, y, steps=5)
    page.mouse.up()
