"""Named ways to reach the sidebar and its parts (role and label based, as a person finds them)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from .lab import JupyterLab

PANEL = "#ncp-df-sidebar"


def open_lab(page: Page, lab: JupyterLab, path: str = "lab") -> None:
    """Open JupyterLab with a fresh layout (``reset``: no tabs left over from another test)."""
    page.goto(f"{lab.url}{path}?reset&token={lab.token}", wait_until="domcontentloaded")
    page.locator("#jp-main-dock-panel").wait_for(state="visible", timeout=60_000)


def open_sidebar(page: Page, heading: str = "DataForest") -> Locator:
    """Click the DataForest tab of the left bar; the panel."""
    tab = page.locator(f'.jp-SideBar.jp-mod-left [data-id="{PANEL[1:]}"]')
    tab.wait_for(state="visible", timeout=30_000)
    panel = page.locator(PANEL)
    if not panel.is_visible():
        tab.click()
    expect(panel.get_by_role("heading", name=heading)).to_be_visible()
    return panel


def workspace_list(panel: Locator, name: str = "Workspaces") -> Locator:
    return panel.get_by_role("list", name=name)


def workspace_row(panel: Locator, name: str, list_name: str = "Workspaces") -> Locator:
    return workspace_list(panel, list_name).get_by_role("listitem", name=name, exact=True)


def open_details(row: Locator, name: str) -> None:
    """Open a workspace's row (its image, dates, configuration and more buttons)."""
    caret = row.get_by_role("button", name=f"Details of {name}")
    if caret.get_attribute("aria-expanded") != "true":
        caret.click()
    expect(caret).to_have_attribute("aria-expanded", "true")


def toolbar_button(panel: Locator, name: str) -> Locator:
    return panel.get_by_role("toolbar").get_by_role("button", name=name)


def new_workspace_form(page: Page, panel: Locator) -> Locator:
    """Press New workspace; the form (a main-area tab in Lab, a dialog in Notebook 7)."""
    toolbar_button(panel, "New workspace").click()
    form = page.locator(".ncp-df-form")
    expect(form.get_by_label("Name", exact=True)).to_be_visible()
    return form


def dialog(page: Page) -> Locator:
    return page.locator(".jp-Dialog")


def fill(form: Locator, label: str, value: str) -> None:
    field = form.get_by_label(label, exact=True)
    field.fill(value)
    field.blur()


def choose(form: Locator, label: str, value: str) -> None:
    """Pick a dropdown's value; a value it does not offer goes through "Other…"."""
    select = form.get_by_role("combobox", name=label, exact=True)
    offered = select.evaluate("el => Array.from(el.options).map(o => o.value)")
    if value in offered and value != "":
        select.select_option(value)
    else:
        select.select_option(label="Other…")
        fill(form, f"Other value of {label}", value)


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


def form_layout(form: Locator) -> list[tuple[str, list[str]]]:
    """The form as a person sees it: each group's title and its fields' labels, in order."""
    found = form.evaluate("""form => Array.from(form.querySelectorAll('fieldset.ncp-df-group'))
        .map(group => [group.querySelector('legend').textContent.trim(),
                       Array.from(group.querySelectorAll(':scope > .ncp-df-field'))
                         .map(field => field.querySelector('.ncp-df-field-label').textContent
                                         .trim())])""")
    return [(group, labels) for group, labels in found]


def expected_layout() -> list[tuple[str, list[str]]]:
    """The core's description of the form (core/schema/form.py), as form_layout reads it."""
    from ncp_df_jupyter.core.schema.form import form_fields, form_groups

    fields = form_fields()
    return [(group.title, [f.title for f in fields if f.group == group.id])
            for group in form_groups()]


def form_defaults(form: Locator) -> dict[str, str]:
    """What a new form holds in the fields that have a default."""
    from ncp_df_jupyter.core.schema.form import form_fields

    shown = {}
    for field in form_fields():
        if field.default is not None and not field.parts:
            shown[field.key] = form.get_by_label(field.title, exact=True).input_value()
    return shown


def expected_defaults() -> dict[str, str]:
    from ncp_df_jupyter.core.schema.form import form_fields

    return {f.key: str(f.default) for f in form_fields()
            if f.default is not None and not f.parts}
