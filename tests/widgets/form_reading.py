"""Reading the notebook form as a person sees it: its groups' titles and its fields' labels in
order, each field's help text, and what a new form holds (from the widgets themselves, not from
what the view was built from)."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from ncp_df_jupyter.widgets import CreateWorkspaceForm
from ncp_df_jupyter.widgets.form.layout import FIELD_CLASS, GROUP_CLASS

Layout = list[tuple[str, list[str]]]


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def _classes(widget: widgets.Widget) -> list[str]:
    return list(getattr(widget, "_dom_classes", ()))


def label_of(box: widgets.Widget) -> str:
    """The first label shown in a field's box: a widget's description or a caption."""
    if isinstance(box, widgets.HTML):
        return _text(box.value) if "ncp-df-label" in box.value else ""
    description = getattr(box, "description", "")
    if description and not isinstance(box, widgets.Box):
        return str(description)
    for child in getattr(box, "children", ()):
        found = label_of(child)
        if found:
            return found
    return ""


def help_of(box: widgets.Widget) -> str | None:
    """A field's help text (the muted line under its input), if it has one."""
    for child in getattr(box, "children", ()):
        if isinstance(child, widgets.HTML) and "ncp-df-help" in child.value:
            return _text(child.value)
    return None


def field_boxes(form: CreateWorkspaceForm) -> list[widgets.Widget]:
    return [c for c in form.children if FIELD_CLASS in _classes(c)]


def notebook_layout(form: CreateWorkspaceForm) -> Layout:
    """Each group's title and its fields' labels, in the order the form shows them."""
    found: Layout = []
    for child in form.children:
        if GROUP_CLASS in _classes(child):
            found.append((_text(child.value), []))
        elif FIELD_CLASS in _classes(child):
            found[-1][1].append(label_of(child))
    return found
