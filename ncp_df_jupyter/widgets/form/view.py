"""The create form's widgets, drawn from the core's description of the form, and reading a
configuration from them or writing one into them.

No requests and no rules here: ``CreateWorkspaceForm`` (form.py) owns a ``FormView`` and adds
the loading, checking and creating. The fields, their labels, help texts, order, defaults and
kinds of input are ``form_fields()``'s (core/schema/form.py), the description the sidebar's form
is drawn from too, so the two forms cannot drift apart; every text is shown in the kernel's
language (kernel/i18n.py: the schema's titles and help texts are msgids of the catalogue).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, Generic, Protocol, TypeVar, overload

import ipywidgets as widgets

from ...core.leads import ErrorContext
from ...core.models import Configuration, Data, Docker, Resource, rebase
from ...core.schema.form import FormField, FormGroup, form_fields, form_groups, frameworks
from ...kernel.i18n import _
from ..fields import message_html, message_widget, set_options
from ..status import Status
from .attributes import attribute_of
from .field_messages import FieldMessages
from .inputs import ChoiceOrOther, input_for
from .layout import form_children, help_line
from .rows import EnvRows, InputRows, OutputRows, PortRows

W = TypeVar("W")


def no_start() -> tuple[str, str]:
    """The first "Start from" choice: the fields as they are."""
    return _("(an empty configuration)"), ""


def framework_options() -> list[tuple[str, str]]:
    """The image list's frameworks, as their makers write them (the schema's x-labels)."""
    return [(choice.label, choice.value) for choice in frameworks()]


def _text(value: str) -> str | None:
    """What a text input contributes: None (left out of the body) when empty."""
    value = value.strip()
    return value or None


class FormView:
    """Every input of a workspace configuration with a message beside each, the buttons, and
    the box's children in the order shown (``children``)."""

    # The inputs, one per field of form_fields() (attributes.py names them), and the framework
    # dropdown beside the image.
    account: widgets.Dropdown
    start_from: widgets.Dropdown
    name: widgets.Text
    description: widgets.Textarea
    queue: ChoiceOrOther
    gpu_model: ChoiceOrOther
    gpu_count: widgets.IntText
    cpu_count: widgets.IntText
    memory_mb: widgets.IntText
    image: widgets.Combobox
    command: widgets.Text
    args: widgets.Text
    workdir: widgets.Text
    env: EnvRows
    ports: PortRows
    inputs: InputRows
    outputs: OutputRows
    user_package_uri: widgets.Text
    framework: widgets.Dropdown

    def __init__(self, *, account_id: str | None = None, editing: bool = False,
                 context: ErrorContext | None = None) -> None:
        self.groups: list[FormGroup] = form_groups()
        self.fields: list[FormField] = form_fields()
        # Each field's label as shown (to name the fields in a sentence), and its default.
        self.labels = {attribute_of(f.key): _(f.title) for f in self.fields}
        self.defaults = {attribute_of(f.key): f.default for f in self.fields}
        for field in self.fields:
            setattr(self, attribute_of(field.key), input_for(field, _(field.title)))
        self.framework = widgets.Dropdown(options=framework_options(),
                                          tooltip=_("Whose images the list offers"),
                                          layout=widgets.Layout(width="126px"))
        set_options(self.start_from, [no_start()], keep="")
        if account_id:  # shown before the accounts are back; they replace it
            set_options(self.account, [(account_id, account_id)], keep=account_id)
        self._build_controls(context)
        self.message_widgets: dict[str, widgets.HTML] = {
            name: message_widget() for name in self.labels}
        self.help_widgets: dict[str, widgets.HTML] = {  # the schema's help, under its field
            attribute_of(f.key): help_line(_(f.help)) for f in self.fields if f.help}
        if editing:
            self._enter_edit_mode()
        title = (_("Edit a DataForest workspace's configuration") if editing
                 else _("New DataForest AI workspace"))
        self.children: list[widgets.Widget] = form_children(self, title)

    def widget_of(self, field: FormField) -> widgets.Widget:
        """The input that shows ``field``."""
        found: widgets.Widget = getattr(self, attribute_of(field.key))
        return found

    def _build_controls(self, context: ErrorContext | None) -> None:
        self.create_button = widgets.Button(description=_("Create workspace"),
                                            button_style="primary", icon="rocket",
                                            disabled=True, layout=widgets.Layout(width="auto"))
        # Creates the workspace, then runs it as an AI app (form.py; runs.py shows the run).
        self.create_and_run_button = widgets.Button(
            description=_("Create and run"), icon="play", disabled=True,
            layout=widgets.Layout(width="auto"))
        self.status = Status(context)  # what Create (or Save) did, under its button
        self.load_status = Status(context)  # what loading the form said, under its title
        self.loading_indicator = widgets.HTML("")
        self.show_code_button = widgets.ToggleButton(
            description=_("show as code"), icon="code", value=False,
            layout=widgets.Layout(width="auto", display="none"))
        self.code = widgets.HTML("", layout=widgets.Layout(display="none"))
        self.show_code_button.observe(self._toggle_code, names="value")

    def _enter_edit_mode(self) -> None:
        """The workspace is chosen already: its account, name and description stay."""
        self.create_button.description = _("Save configuration")
        self.create_button.icon = "save"
        self.create_and_run_button.layout.display = "none"  # a create only
        for widget in (self.account, self.name, self.description):
            widget.disabled = True
        self.name.placeholder = _("loading...")

    def _toggle_code(self, change: Mapping[str, Any]) -> None:
        self.code.layout.display = "block" if change["new"] else "none"

    def show_code(self, line: str) -> None:
        """Offer ``line`` (the equivalent magic) behind the "show as code" button."""
        self.code.value = (
            "<pre style='white-space:pre-wrap; user-select:text; margin:4px 0'>"
            f"{html.escape(line)}</pre>")
        self.show_code_button.layout.display = "inline-flex"

    def show_messages(self, messages: FieldMessages) -> None:
        for name, widget in self.message_widgets.items():
            widget.value = message_html(messages.fields.get(name), name in messages.missing)
        for name in ROW_FIELDS:
            getattr(self, name).show_messages(messages.rows.get(name, {}))

    # -- configuration <-> widgets ----------------------------------------------------------------

    _filled: tuple[Configuration, Configuration] | None = None  # (filled with, shown of it)

    def read_configuration(self) -> Configuration:
        """The configuration the widgets describe, laid over the one they were filled with
        (``rebase``): what the person did not change keeps that one's values, the fields no
        widget shows (unknown to this release) included, and a default only shown is not sent."""
        shown = self._widget_configuration()
        if self._filled is None:
            return shown
        filled, shown_then = self._filled
        return rebase(shown, shown_then, filled)

    def remember_filled(self, config: Configuration) -> None:
        """``config`` was just written into the widgets (``write_configuration``)."""
        self._filled = (config, self._widget_configuration())

    def _widget_configuration(self) -> Configuration:
        """The configuration the widgets show (empty inputs are left out)."""
        env = self.env.value
        inputs, outputs = self.inputs.value, self.outputs.value
        return Configuration(
            docker=Docker(
                image=_text(self.image.value), command=_text(self.command.value),
                args=_text(self.args.value), workdir=_text(self.workdir.value),
                env=dict(env) if env else None,
                expose_tcp_ports=list(self.ports.value) or None),
            resource=Resource(gpu_model=self.gpu_model.value, gpu_count=self.gpu_count.value,
                              cpu_count=self.cpu_count.value, memory_mb=self.memory_mb.value),
            queue_name=self.queue.value,
            user_package_uri=_text(self.user_package_uri.value),
            data=Data(input=inputs or None, output=outputs or None) if inputs or outputs
            else None,
        )

    def write_configuration(self, config: Configuration, framework: str | None) -> None:
        """Put ``config`` into every field (the caller keeps observers quiet meanwhile)."""
        resource, defaults = config.resource or Resource(), self.defaults
        self.queue.value = config.queue_name or defaults["queue"]
        self.gpu_model.value = resource.gpu_model or defaults["gpu_model"]
        for attr in COUNTS:
            value = getattr(resource, attr)  # Resource names its fields as the view does
            getattr(self, attr).value = value if value is not None else defaults[attr]
        if framework is not None:
            self.framework.value = framework
        docker = config.docker
        self.image.value = docker.image or ""
        self.command.value = docker.command or ""
        self.args.value = docker.args or ""
        self.workdir.value = docker.workdir or ""
        self.env.value = docker.env or {}
        self.ports.value = list(docker.expose_tcp_ports or [])
        data = config.data or Data()
        self.inputs.value = data.input or []
        self.outputs.value = data.output or []
        self.user_package_uri.value = config.user_package_uri or ""


COUNTS = ("gpu_count", "cpu_count", "memory_mb")  # the whole-number resource fields
ROW_FIELDS = ("env", "ports", "inputs", "outputs")  # the fields made of rows


class _OwnsView(Protocol):
    view: FormView


class ViewWidget(Generic[W]):
    """``form.name`` is ``form.view.name``: the form owns its view, and notebooks and scripts
    keep reaching the widgets as attributes of the form."""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, form: None, owner: type[Any]) -> ViewWidget[W]: ...
    @overload
    def __get__(self, form: _OwnsView, owner: type[Any]) -> W: ...

    def __get__(self, form: _OwnsView | None, owner: type[Any]) -> ViewWidget[W] | W:
        if form is None:
            return self
        widget: W = getattr(form.view, self._name)
        return widget
