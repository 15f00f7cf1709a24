"""Lists of rows that can be added and removed: environment variables, data inputs and outputs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ...core.models import DataInput, DataOutput
from ...core.msgids import N_
from ...core.schema import rules
from ...kernel.i18n import _
from ..fields import message_html, message_widget


@dataclass(frozen=True)
class Column:
    key: str
    placeholder: str  # a msgid: shown translated
    width: str = "220px"
    checkbox: bool = False


class Row(widgets.HBox):
    """One row: its inputs by column key, a remove button and a message."""

    def __init__(self, columns: Sequence[Column], values: Mapping[str, Any]) -> None:
        self.inputs: dict[str, widgets.ValueWidget] = {}
        for column in columns:
            if column.checkbox:
                box = widgets.Checkbox(value=bool(values.get(column.key, False)),
                                       description=_(column.placeholder), indent=False,
                                       layout=widgets.Layout(width=column.width))
                self.inputs[column.key] = box
            else:
                text = values.get(column.key)
                self.inputs[column.key] = widgets.Text(
                    value="" if text is None else str(text),
                    placeholder=_(column.placeholder),
                    layout=widgets.Layout(width=column.width))
        self.remove_button = widgets.Button(icon="trash", tooltip=_("Remove this row"),
                                            layout=widgets.Layout(width="36px"))
        self.message = message_widget()
        super().__init__([*self.inputs.values(), self.remove_button, self.message],
                         layout=widgets.Layout(align_items="center"))

    def values(self) -> dict[str, Any]:
        return {key: (w.value.strip() if isinstance(w.value, str) else w.value)
                for key, w in self.inputs.items()}

    def is_empty(self) -> bool:
        return all(not value for value in self.values().values() if isinstance(value, str))


class RowList(widgets.VBox):
    """Rows of inputs with an add button; empty rows are ignored by ``entries()``."""

    def __init__(self, columns: Sequence[Column], add_label: str,
                 indent: str = "148px") -> None:
        self.columns = tuple(columns)
        self.rows: list[Row] = []
        self._listeners: list[Callable[[], None]] = []
        self.add_button = widgets.Button(description=_(add_label), icon="plus",
                                         layout=widgets.Layout(width="auto"))
        self.add_button.on_click(lambda _button: self.add())
        super().__init__([self.add_button], layout=widgets.Layout(
            margin=f"0 0 0 {indent}", align_items="flex-start"))

    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _changed(self, *_args: Any) -> None:
        for callback in self._listeners:
            callback()

    def _show(self) -> None:
        self.children = [*self.rows, self.add_button]

    def add(self, values: Mapping[str, Any] | None = None) -> Row:
        row = Row(self.columns, values or {})
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


def _title(definition: str, key: str) -> str:
    """A row field's label: the schema's title (HDFS path, Container path, Overwrite)."""
    return str(rules.definition(definition)["properties"][key].get("title", key))


ENV_COLUMNS = (Column("key", N_("Name"), "200px"), Column("value", N_("Value"), "240px"))
INPUT_COLUMNS = (Column("hdfs", _title("dataInput", "hdfs")),
                 Column("path", _title("dataInput", "path")))
OUTPUT_COLUMNS = (*INPUT_COLUMNS, Column("overwrite", _title("dataOutput", "overwrite"),
                                         "100px", checkbox=True))


class EnvRows(RowList):
    """Environment variables as KEY=VALUE rows; ``value`` is a list of (key, value) pairs."""

    def __init__(self) -> None:
        super().__init__(ENV_COLUMNS, N_("Add variable"))

    @property
    def value(self) -> list[tuple[str, str]]:
        return [(v["key"], v["value"]) for _i, v in self.entries()]

    @value.setter
    def value(self, pairs: Iterable[tuple[str, str]] | Mapping[str, str]) -> None:
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        self.replace({"key": k, "value": v} for k, v in items)


class InputRows(RowList):
    """Data inputs: HDFS path copied into a container path; ``value`` is a list of DataInput."""

    def __init__(self) -> None:
        super().__init__(INPUT_COLUMNS, N_("Add input"))

    @property
    def value(self) -> list[DataInput]:
        return [DataInput(hdfs=v["hdfs"], path=v["path"]) for _i, v in self.entries()]

    @value.setter
    def value(self, items: Iterable[DataInput]) -> None:
        self.replace({"hdfs": i.hdfs, "path": i.path} for i in items)


class OutputRows(RowList):
    """Data outputs: container path copied to HDFS; ``value`` is a list of DataOutput."""

    def __init__(self) -> None:
        super().__init__(OUTPUT_COLUMNS, N_("Add output"))

    @property
    def value(self) -> list[DataOutput]:
        return [DataOutput(hdfs=v["hdfs"], path=v["path"], overwrite=bool(v["overwrite"]))
                for _i, v in self.entries()]

    @value.setter
    def value(self, items: Iterable[DataOutput]) -> None:
        self.replace({"hdfs": o.hdfs, "path": o.path, "overwrite": bool(o.overwrite)}
                     for o in items)
