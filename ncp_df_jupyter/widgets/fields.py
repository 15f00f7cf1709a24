"""Small helpers for labelled inputs, their messages, and dropdowns that keep their selection."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import ipywidgets as widgets

from ..core.models import Account
from ..core.plain_text import plain_text
from ..kernel.i18n import _

LABEL_WIDTH = "140px"
INPUT_WIDTH = "460px"
STYLE = {"description_width": LABEL_WIDTH}

Option = tuple[str, Any]


def input_layout(width: str = INPUT_WIDTH) -> widgets.Layout:
    return widgets.Layout(width=width)


def message_widget() -> widgets.HTML:
    return widgets.HTML(value="", layout=widgets.Layout(margin="0 0 0 8px"))


def message_html(text: str | None, muted: bool = False) -> str:
    """A field's message: red for a broken rule, grey for a field that is simply still empty."""
    if not text:
        return ""
    colour = "var(--jp-ui-font-color2, #777)" if muted else "var(--jp-error-color1, #c62828)"
    return f'<span style="color:{colour}; font-size:90%">{html.escape(text)}</span>'


def caption(text: str) -> widgets.HTML:
    """A label that lines up with the widgets' own descriptions (right-aligned, same width)."""
    return widgets.HTML(
        f"<div class='ncp-df-label' style='text-align:right; padding:6px 8px 0 0; "
        f"line-height:1.3'>"
        f"{html.escape(text)}</div>",
        layout=widgets.Layout(width=LABEL_WIDTH, min_width=LABEL_WIDTH))


def row(*children: widgets.Widget) -> widgets.HBox:
    return widgets.HBox(list(children), layout=widgets.Layout(align_items="center"))


def heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<b>{html.escape(text)}</b>",
                        layout=widgets.Layout(margin="10px 0 2px 0"))


def option_values(dropdown: widgets.Dropdown) -> list[Any]:
    return [value for _label, value in dropdown.options]


def set_options(dropdown: widgets.Dropdown, options: Sequence[Option], keep: Any = None) -> None:
    """Replace a dropdown's options and select ``keep`` again when it is still offered
    (ipywidgets moves the selection to the first option whenever the options change). Labels
    are shown as plain text (names from the service may hold anything); values stay exact."""
    dropdown.options = [(plain_text(label), value) for label, value in options]
    values = option_values(dropdown)
    if keep in values:
        dropdown.value = keep
    elif values:
        dropdown.value = values[0]


def select(dropdown: widgets.Dropdown, value: Any, label: str | None = None) -> None:
    """Select ``value``, offering it first when it is not among the options yet."""
    if value not in option_values(dropdown):
        set_options(dropdown, [*dropdown.options, (label or str(value), value)],
                    keep=dropdown.value)
    dropdown.value = value


def account_options(accounts: Iterable[Account]) -> list[Option]:
    """The account dropdown's options: every account, an unusable one marked (translated)."""
    return [(_("{name} (no permission)").format(name=a.name) if a.disabled else a.name, a.id)
            for a in accounts]



def descendants(box: widgets.Widget) -> list[widgets.Widget]:
    """Every widget inside ``box``, innermost first (to close them all)."""
    found: list[widgets.Widget] = []
    for child in getattr(box, "children", ()):
        found += [*descendants(child), child]
    return found
