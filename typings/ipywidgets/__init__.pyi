# Type stubs for the part of ipywidgets this package uses (ipywidgets ships none), so that mypy
# checks the widget code instead of treating every widget as Any. Traits are typed as the values
# they hold; add a class or attribute here when the widgets start using it.
from collections.abc import Callable, Sequence
from typing import Any

from traitlets import HasTraits

class Layout:
    display: str | None
    visibility: str | None
    width: str | None
    min_width: str | None
    max_width: str | None
    height: str | None
    max_height: str | None
    margin: str | None
    padding: str | None
    border: str | None
    overflow: str | None
    align_items: str | None
    justify_content: str | None
    grid_template_columns: str | None
    grid_gap: str | None
    def __init__(self, **kwargs: Any) -> None: ...

class Widget(HasTraits):  # a subclass may declare traits of its own
    layout: Layout
    keys: list[str]
    def __init__(self, **kwargs: Any) -> None: ...
    def observe(
        self, handler: Callable[[Any], None], names: str | Sequence[str] = ..., type: str = ...
    ) -> None: ...
    def unobserve(
        self, handler: Callable[[Any], None], names: str | Sequence[str] = ..., type: str = ...
    ) -> None: ...
    def close(self) -> None: ...
    def add_class(self, className: str) -> Widget: ...
    def remove_class(self, className: str) -> Widget: ...
    def hold_trait_notifications(self) -> Any: ...

class DOMWidget(Widget):
    tooltip: str | None

class ValueWidget(DOMWidget):
    value: Any
    description: str
    disabled: bool
    placeholder: str
    style: Any

class HTML(ValueWidget):
    value: str
    def __init__(self, value: str = ..., **kwargs: Any) -> None: ...

class Text(ValueWidget):
    value: str
    continuous_update: bool
    def __init__(self, value: str = ..., **kwargs: Any) -> None: ...

class Textarea(Text):
    rows: int | None

class Combobox(Text):
    options: Sequence[str]
    ensure_option: bool

class IntText(ValueWidget):
    value: int

class Checkbox(ValueWidget):
    value: bool
    indent: bool

class Dropdown(ValueWidget):
    options: Any
    label: str | None
    index: int | None

class ToggleButton(ValueWidget):
    value: bool
    button_style: str
    icon: str

class ToggleButtons(ValueWidget):
    options: Any
    button_style: str

class IntsInput(ValueWidget):
    value: list[int]
    min: int | None
    max: int | None
    allow_duplicates: bool

class Button(DOMWidget):
    description: str
    disabled: bool
    button_style: str
    icon: str
    style: Any
    def on_click(self, callback: Callable[[Button], object], remove: bool = ...) -> None: ...
    def click(self) -> None: ...

class Box(DOMWidget):
    children: Sequence[Widget]
    def __init__(self, children: Sequence[Widget] = ..., **kwargs: Any) -> None: ...

class HBox(Box): ...
class VBox(Box): ...
class GridBox(Box): ...
