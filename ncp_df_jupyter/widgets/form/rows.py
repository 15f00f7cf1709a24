"""Lists of rows that can be added and removed: environment variables, ports, data inputs and
outputs. Their columns are the parts of the field in the core's form description (the schema's
titles: "Variable", "Value"; "HDFS path", "Container path", "Overwrite"; "Port"), in its order:
an input goes from HDFS to the container, an output from the container to HDFS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ...core.models import DataInput, DataOutput
from ...core.msgids import N_
from ...core.schema.form import FormField
from ...kernel.i18n import _
from ..fields import message_html, message_widget

WIDTHS = {"key": "200px", "value": "240px", "hdfs": "220px", "path": "220px",
          "overwrite": "100px", "item": "120px"}
ARROW = "\u2192"  # between the two paths of a data row: the way the data goes


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # a msgid (the schema's title of the part): shown translated
    width: str = "220px"
    checkbox: bool = False


def columns_of(field: FormField) -> tuple[Column, ...]:
    """A field's columns, from its parts in the core's form description."""
    return tuple(Column(part.key, part.title, WIDTHS.get(part.key, "220px"),
                        part.kind == "checkbox") for part in field.parts)


class Row(widgets.HBox):
    """One row: its inputs by column key, a remove button and a message."""

    def __init__(self, columns: Sequence[Column], values: Mapping[str, Any],
                 arrow: bool = False) -> None:
        self.inputs: dict[str, widgets.ValueWidget] = {}
        for column in columns:
            if column.checkbox:
                box = widgets.Checkbox(value=bool(values.get(column.key, False)),
                                       description=_(column.title), indent=False,
                                       layout=widgets.Layout(width=column.width))
                self.inputs[column.key] = box
            else:
                text = values.get(column.key)
                self.inputs[column.key] = widgets.Text(
                    value="" if text is None else str(text), placeholder=_(column.title),
                    tooltip=_(column.title), layout=widgets.Layout(width=column.width))
        # A word beside the icon: Chromium names an icon-only button by Font Awesome's glyph.
        self.remove_button = widgets.Button(description=_("Remove"), icon="trash",
                                            layout=widgets.Layout(width="auto"))
        self.message = message_widget()
        shown: list[widgets.Widget] = list(self.inputs.values())
        if arrow:  # "HDFS path -> Container path": the first two columns are the two ends
            shown.insert(1, widgets.HTML(f"<span aria-hidden='true'>{ARROW}</span>",
                                         layout=widgets.Layout(margin="0 4px")))
        super().__init__([*shown, self.remove_button, self.message],
                         layout=widgets.Layout(align_items="center"))

    def values(self) -> dict[str, Any]:
        return {key: (w.value.strip() if isinstance(w.value, str) else w.value)
                for key, w in self.inputs.items()}

    def is_empty(self) -> bool:
        return all(not value for value in self.values().values() if isinstance(value, str))


class RowList(widgets.VBox):
    """Rows of inputs with an add button; empty rows are ignored by ``entries()``."""

    arrow = False  # data rows show which way the data goes

    def __init__(self, field: FormField, add_label: str) -> None:
        self.columns = columns_of(field)
        self.title = _(field.title)  # names the rows on their remove buttons
        self.rows: list[Row] = []
        self._listeners: list[Callable[[], None]] = []
        self.add_button = widgets.Button(description=_(add_label), icon="plus",
                                         layout=widgets.Layout(width="auto"))
        self.add_button.on_click(lambda _button: self.add())
        super().__init__([self.add_button], layout=widgets.Layout(align_items="flex-start"))

    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _changed(self, *_args: Any) -> None:
        for callback in self._listeners:
            callback()

    def _show(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.remove_button.tooltip = _("Remove row {row} of {field}").format(
                row=number, field=self.title)
        self.children = [*self.rows, self.add_button]

    def add(self, values: Mapping[str, Any] | None = None) -> Row:
        row = Row(self.columns, values or {}, self.arrow)
        for child in row.inputs.values():
            child.observe(self._changed, names="value")
        row.remove_button.on_click(lambda _button: self.remove(row))
        self.rows.append(row)
        self._show()
        self._changed()
        return row

    def remove(self, row: Row | int) -> None:
        target = self.rows[row] if isinstance(row, int) else row
        self.rows.remove(target)
        self._show()
        for child in (*target.inputs.values(), target.remove_button, target.message, target):
            child.close()
        self._changed()

    def replace(self, all_values: Iterable[Mapping[str, Any]]) -> None:
        """Show exactly these rows (one change notification, not one per row)."""
        listeners, self._listeners = self._listeners, []
        try:
            for row in list(self.rows):
                self.remove(row)
            for values in all_values:
                self.add(values)
        finally:
            self._listeners = listeners
        self._changed()

    def entries(self) -> list[tuple[int, dict[str, Any]]]:
        """(row index, values) of every row with something typed in it."""
        return [(i, row.values()) for i, row in enumerate(self.rows) if not row.is_empty()]

    def show_messages(self, by_row: Mapping[int, str]) -> None:
        for i, row in enumerate(self.rows):
            row.message.value = message_html(by_row.get(i))


class EnvRows(RowList):
    """Environment variables as KEY=VALUE rows; ``value`` is a list of (key, value) pairs."""

    def __init__(self, field: FormField) -> None:
        super().__init__(field, N_("Add variable"))

    @property
    def value(self) -> list[tuple[str, str]]:
        return [(v["key"], v["value"]) for _i, v in self.entries()]

    @value.setter
    def value(self, pairs: Iterable[tuple[str, str]] | Mapping[str, str]) -> None:
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        self.replace({"key": k, "value": v} for k, v in items)


class PortRows(RowList):
    """Exposed TCP ports, one a row; ``value`` is the list of ports."""

    def __init__(self, field: FormField) -> None:
        super().__init__(field, N_("Add port"))

    @property
    def value(self) -> list[int]:
        # What is not a whole number is sent as typed: the model's checker names the row
        # ("must be a TCP port number ..."), as it does every other broken rule.
        found: list[Any] = [int(v["item"]) if v["item"].isdigit() else v["item"]
                            for _i, v in self.entries()]
        return found

    @value.setter
    def value(self, ports: Iterable[int]) -> None:
        self.replace({"item": port} for port in ports)


class InputRows(RowList):
    """Data inputs: HDFS path copied into a container path; ``value`` is a list of DataInput."""

    arrow = True

    def __init__(self, field: FormField) -> None:
        super().__init__(field, N_("Add input"))

    @property
    def value(self) -> list[DataInput]:
        return [DataInput(hdfs=v["hdfs"], path=v["path"]) for _i, v in self.entries()]

    @value.setter
    def value(self, items: Iterable[DataInput]) -> None:
        self.replace({"hdfs": i.hdfs, "path": i.path} for i in items)


class OutputRows(RowList):
    """Data outputs: container path copied to HDFS; ``value`` is a list of DataOutput."""

    arrow = True

    def __init__(self, field: FormField) -> None:
        super().__init__(field, N_("Add output"))

    @property
    def value(self) -> list[DataOutput]:
        return [DataOutput(hdfs=v["hdfs"], path=v["path"], overwrite=bool(v["overwrite"]))
                for _i, v in self.entries()]

    @value.setter
    def value(self, items: Iterable[DataOutput]) -> None:
        self.replace({"hdfs": o.hdfs, "path": o.path, "overwrite": bool(o.overwrite)}
                     for o in items)
