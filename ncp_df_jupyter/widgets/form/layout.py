"""Where each of the form's widgets is shown: the core's groups in order, each field with its
label, its message beside it and its help under it (no behaviour)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ...core.schema.form import FormField
from ...kernel.i18n import _
from ..fields import LABEL_WIDTH, caption, heading, row
from .attributes import attribute_of

if TYPE_CHECKING:
    from .view import FormView

# Kinds of input without a description of their own: a caption labels them.
CAPTIONED = frozenset({"key-value", "number-list", "rows"})
# Classes the page can find the form's parts by (tests/e2e/browser reads the labels in order).
FIELD_CLASS, GROUP_CLASS = "ncp-df-form-field", "ncp-df-form-group"


def form_children(view: FormView, title: str) -> list[widgets.Widget]:
    """The form's box, top to bottom: the title and its status, each group of the core's form
    description with its fields in order, then Create and what it did."""
    children: list[widgets.Widget] = [
        widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"),
        row(view.loading_indicator),
        view.load_status,
    ]
    for group in view.groups:
        title_widget = heading(_(group.title))
        title_widget.add_class(GROUP_CLASS)
        children.append(title_widget)
        children += [field_box(view, f) for f in view.fields if f.group == group.id]
    return [*children, row(view.create_button, view.create_and_run_button),
            row(view.status, view.show_code_button),
            view.code]


def field_box(view: FormView, field: FormField) -> widgets.VBox:
    """One field: its input (labelled), its message beside it, its help text under it."""
    control = view.widget_of(field)
    message = view.message_widgets[attribute_of(field.key)]
    if field.widget in CAPTIONED:
        # The rows beside their caption, the caption level with the first row (or Add).
        lines: list[widgets.Widget] = [widgets.HBox(
            [caption(_(field.title)), control, message],
            layout=widgets.Layout(align_items="flex-start"))]
    elif field.widget == "image":
        lines = [row(control, view.framework, message)]
    else:
        lines = [row(control, message)]
    help_widget = view.help_widgets.get(attribute_of(field.key))
    if help_widget is not None:
        lines.append(help_widget)
    box = widgets.VBox(lines)
    box.add_class(FIELD_CLASS)
    return box


def help_line(text: str) -> widgets.HTML:
    """A field's help text, muted, under its input (where the sidebar shows it too)."""
    return widgets.HTML(
        f"<div class='ncp-df-help' style='color:var(--jp-ui-font-color2, #777); "
        f"font-size:90%; line-height:1.3'>{html.escape(text)}</div>",
        layout=widgets.Layout(margin=f"0 0 4px calc({LABEL_WIDTH} + 8px)",
                              max_width="460px"))
