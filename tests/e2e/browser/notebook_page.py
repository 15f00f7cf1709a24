"""A notebook in the test JupyterLab, run in a real kernel, and the notebook form as a person
sees it there (the ipywidgets JupyterLab renders)."""

from __future__ import annotations

import json
import time

from playwright.sync_api import Locator, Page, expect

from .lab import JupyterLab

KERNEL_WAIT_S = 90


def write_notebook(lab: JupyterLab, name: str, *cells: str) -> None:
    """A notebook of code cells in the server's root folder."""
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": f"cell-{i}", "metadata": {}, "outputs": [],
                   "execution_count": None, "source": source}
                  for i, source in enumerate(cells)]}
    (lab.root / name).write_text(json.dumps(notebook))


def run_notebook(page: Page, lab: JupyterLab, name: str) -> Locator:
    """Open ``name`` in JupyterLab, wait for its kernel, run every cell; the notebook panel."""
    page.goto(f"{lab.url}lab/tree/{name}?reset&token={lab.token}",
              wait_until="domcontentloaded")
    panel = page.locator(".jp-NotebookPanel")
    expect(panel).to_be_visible(timeout=KERNEL_WAIT_S * 1000)
    deadline = time.monotonic() + KERNEL_WAIT_S
    while time.monotonic() < deadline:  # the server's word first: the page says "idle" early
        sessions = lab.get("api/sessions")
        if any(s["path"].endswith(name) and s["kernel"]["execution_state"] == "idle"
               for s in sessions):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"the kernel of {name} did not start")
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
    return panel


# Each group's title, then the first label of each field under it (a widget's description or
# the caption of a field made of rows), in document order.
NOTEBOOK_FORM_LAYOUT = """root => {
  const found = [];
  for (const part of root.querySelectorAll('.ncp-df-form-group, .ncp-df-form-field')) {
    if (part.classList.contains('ncp-df-form-group')) {
      found.push([part.innerText.trim(), []]);
      continue;
    }
    const labels = Array.from(part.querySelectorAll('.ncp-df-label, .widget-label'))
      .map(label => label.textContent.trim()).filter(text => text !== '');
    found[found.length - 1][1].push(labels[0] ?? '');
  }
  return found;
}"""


def notebook_form_layout(output: Locator) -> list[tuple[str, list[str]]]:
    """The notebook form's groups and labels, as the page shows them."""
    return [(group, labels) for group, labels in output.evaluate(NOTEBOOK_FORM_LAYOUT)]
