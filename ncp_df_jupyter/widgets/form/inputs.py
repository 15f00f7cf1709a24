"""The notebook form's inputs, one per kind of input the schema names (``x-widget``).

``input_for(field)`` builds the widget a field of the core's form description asks for, with its
label (the schema's title, translated), its default and its documented values; the same kinds the
sidebar draws (src/components/form/FieldInput.tsx). ``ChoiceOrOther`` is the queue's and the GPU
model's: a dropdown of what the service offers plus "Other…", which reveals a text box.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

import ipywidgets as widgets
import traitlets

from ...core.schema.form import FormField
from ...kernel.i18n import _
from ..fields import STYLE, input_layout, option_values, set_options
from .rows import EnvRows, InputRows, OutputRows, PortRows

# The dropdown's value for "another one": no offered value can be it (they are non-empty).
OTHER = ""
COUNT_WIDTH = "260px"


class ChoiceOrOther(widgets.HBox):
    """A dropdown of values plus "Other…", which shows a text box for a value not offered.

    ``value`` is the value chosen or typed; ``options`` the values offered, as (label, value)
    pairs, without "Other…". A value set that is not offered shows as "Other…" with the value
    in the text box (as the sidebar's form shows it).
    """

    value = traitlets.Unicode("")

    def __init__(self, description: str, choices: Iterable[str], value: str | None) -> None:
        self._syncing = False
        self.dropdown = widgets.Dropdown(description=description, style=STYLE,
                                         layout=input_layout())
        self.other = widgets.Text(
            placeholder=_("Type a value"), layout=widgets.Layout(width="180px", display="none"),
            tooltip=_("Other value of {field}").format(field=description))
        super().__init__([self.dropdown, self.other],
                         layout=widgets.Layout(align_items="center"))
        self._offer([c for c in dict.fromkeys(choices) if c])
        self.dropdown.observe(self._picked, names="value")
        self.other.observe(self._typed, names="value")
        self.observe(self._shown, names="value")
        self.value = value or ""
        self._show(self.value)

    @property
    def description(self) -> str:
        return str(self.dropdown.description)

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        return tuple((label, v) for label, v in self.dropdown.options if v != OTHER)

    @property
    def disabled(self) -> bool:
        return bool(self.dropdown.disabled)

    @disabled.setter
    def disabled(self, disabled: bool) -> None:
        self.dropdown.disabled = self.other.disabled = disabled

    def add_values(self, values: Iterable[str]) -> bool:
        """Offer ``values`` too (never removing one); the value stays. True if any was new."""
        current = [v for _label, v in self.options]
        new = [v for v in values if v and v not in current]
        if new:
            self._offer([*current, *new])
            self._show(self.value)
        return bool(new)

    def _offer(self, values: list[str]) -> None:
        with self._quietly():
            set_options(self.dropdown, [*((v, v) for v in values), (_("Other…"), OTHER)],
                        keep=self.dropdown.value)

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """While the widget moves its parts itself, their observers do not echo it back."""
        was, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = was

    def _show(self, value: str) -> None:
        """Show ``value``: selected when offered, else "Other…" with it in the text box."""
        with self._quietly():
            offered = value != OTHER and value in option_values(self.dropdown)
            self.dropdown.value = value if offered else OTHER
            self.other.value = "" if offered else value
            self.other.layout.display = "none" if offered else "inline-flex"

    def _shown(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._show(change["new"])

    def _picked(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        with self._quietly():
            other = change["new"] == OTHER
            self.other.layout.display = "inline-flex" if other else "none"
            self.value = self.other.value.strip() if other else change["new"]

    def _typed(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            with self._quietly():
                self.value = change["new"].strip()


def input_for(field: FormField, label: str) -> widgets.Widget:
    """The widget ``field`` asks for (``x-widget``), labelled ``label``; "image" is the image
    box alone (the view adds the framework dropdown beside it)."""
    kind = field.widget
    if kind in ("account", "start-from"):
        return widgets.Dropdown(description=label, options=[], style=STYLE,
                                layout=input_layout())
    if kind == "choice-or-other":
        return ChoiceOrOther(label, (c.value for c in field.choices), field.default)
    if kind == "number":
        return widgets.IntText(value=field.default, description=label, style=STYLE,
                               layout=input_layout(COUNT_WIDTH))
    if kind == "textarea":
        return widgets.Textarea(description=label, rows=2, style=STYLE, layout=input_layout())
    if kind == "image":
        return widgets.Combobox(description=label, options=[], ensure_option=False,
                                placeholder=_("name:tag (pick one or type your own)"),
                                style=STYLE, layout=input_layout("330px"))
    if kind == "key-value":
        return EnvRows(field)
    if kind == "number-list":
        return PortRows(field)
    if kind == "rows":  # which way the data goes is the field's: outputs go to HDFS
        return OutputRows(field) if field.key.endswith(".output") else InputRows(field)
    return widgets.Text(description=label, style=STYLE, layout=input_layout())
