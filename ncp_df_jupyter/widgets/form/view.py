"""The create form's widgets, their arrangement, and reading a configuration from them or
writing one into them.

No requests and no rules here: ``CreateWorkspaceForm`` (form.py) owns a ``FormView`` and adds
the loading, checking and creating. Labels, defaults and documented values come from the
workspace schema; every text is shown in the kernel's language (kernel/i18n.py: the schema's
titles are msgids of the catalogue too).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, Generic, Protocol, TypeVar, overload

import ipywidgets as widgets

from ...core.models import Configuration, Data, Docker, Resource, rebase
from ...core.schema import rules
from ...kernel.i18n import _
from ..fields import STYLE, input_layout, message_html, message_widget, select, set_options
from ..status import ErrorContext, Status
from .field_messages import FieldMessages
from .layout import form_children
from .rows import EnvRows, InputRows, OutputRows

W = TypeVar("W")



def no_start() -> tuple[str, str]:
    """The first "Start from" choice: the fields as they are."""
    return _("(an empty configuration)"), ""


# The whole-number resource fields: view attribute -> property of the schema's "resource",
# and the title used when the schema has none.
COUNTS = {"gpu_count": ("gpuCount", "GPU count"), "cpu_count": ("cpuCount", "CPU count"),
          "memory_mb": ("memoryMb", "Memory (MB)")}

# The fields with a message beside them (field_messages.FIELD_OF_PATH names the same fields).
MESSAGE_FIELDS = ("account", "start_from", "name", "description", "queue", "gpu_model",
                  *COUNTS, "image", "command", "args", "workdir", "env", "ports", "inputs",
                  "outputs", "user_package_uri")


def _property(definition: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = rules.definition(definition)["properties"][name]
    if "$ref" in found:
        found = {**rules.definition(found["$ref"].rsplit("/", 1)[-1]), **found}
    return found


def schema_default(definition: str, name: str) -> Any:
    return _property(definition, name).get("default")


def schema_title(definition: str, name: str, fallback: str) -> str:
    """A property's label: the schema's title, translated."""
    return _(str(_property(definition, name).get("title", fallback)))


def schema_help(definition: str, name: str) -> str:
    """A property's help text (its description), translated; "" without one."""
    text = _property(definition, name).get("description")
    return _(str(text)) if text else ""


def _definition_text(definition: str, key: str, fallback: str = "") -> str:
    text = rules.definition(definition).get(key, fallback)
    return _(str(text)) if text else ""


FRAMEWORK_NAMES = {"tensorflow": "TensorFlow", "pytorch": "PyTorch"}


def framework_options() -> list[tuple[str, str]]:
    """The image list's frameworks, as their makers write them."""
    return [(FRAMEWORK_NAMES.get(f, f.capitalize()), f) for f in rules.frameworks()]


def _text(value: str) -> str | None:
    """What a text input contributes: None (left out of the body) when empty."""
    value = value.strip()
    return value or None


def text_input(description: str, placeholder: str = "", tooltip: str = "") -> widgets.Text:
    return widgets.Text(description=description, placeholder=placeholder,
                        tooltip=tooltip or None, style=STYLE, layout=input_layout())


def count_input(attr: str) -> widgets.IntText:
    """One of COUNTS, with the schema's title and default."""
    name, fallback = COUNTS[attr]
    return widgets.IntText(value=schema_default("resource", name),
                           description=schema_title("resource", name, fallback),
                           style=STYLE, layout=input_layout("260px"))


def dropdown(description: str, options: list[tuple[str, Any]],
             value: Any = None) -> widgets.Dropdown:
    box = widgets.Dropdown(description=description, options=options, style=STYLE,
                           layout=input_layout())
    if value is not None:
        select(box, value)
    return box


class FormView:
    """Every input of a workspace configuration with a message beside each, the buttons, and
    the box's children in the order shown (``children``)."""

    def __init__(self, *, account_id: str | None = None, editing: bool = False,
                 context: ErrorContext | None = None) -> None:
        self._build_identity(account_id)
        self._build_resources()
        self._build_container()
        self._build_data()
        self._build_controls(context)
        self.message_widgets: dict[str, widgets.HTML] = {
            name: message_widget() for name in MESSAGE_FIELDS}
        if editing:
            self._enter_edit_mode()
        title = (_("Edit a DataForest workspace's configuration") if editing
                 else _("New DataForest AI workspace"))
        self.children: list[widgets.Widget] = form_children(self, title)

    @property
    def labels(self) -> dict[str, str]:
        """Each field's label as shown (to name the fields in a sentence)."""
        found = {name: getattr(self, name).description for name in MESSAGE_FIELDS
                 if getattr(getattr(self, name), "description", "")}
        return {**found, **self.captions}

    def _build_identity(self, account_id: str | None) -> None:
        self.account = dropdown(_("Account"), [])
        if account_id:  # shown before the accounts are back; they replace it
            set_options(self.account, [(account_id, account_id)], keep=account_id)
        self.start_from = dropdown(_("Start from"), [no_start()], "")
        self.start_from.tooltip = _("Copy the configuration of one of the account's "
                                    "workspaces into the form.")
        self.name = text_input(_definition_text("workspaceName", "title", "Name"),
                               _("e.g. mnist-train"),
                               _definition_text("workspaceName", "description"))
        self.description = text_input(_definition_text("description", "title", "Description"),
                                      _("optional"))

    def _build_resources(self) -> None:
        self.queue = dropdown(schema_title("configuration", "queueName", "Queue"),
                              [(q, q) for q in rules.documented_queues()],
                              schema_default("configuration", "queueName"))
        self.gpu_model = dropdown(schema_title("resource", "gpuModel", "GPU model"),
                                  [(m, m) for m in rules.documented_gpu_models()],
                                  schema_default("resource", "gpuModel"))
        self.gpu_count = count_input("gpu_count")
        self.cpu_count = count_input("cpu_count")
        self.memory_mb = count_input("memory_mb")

    def _build_container(self) -> None:
        self.framework = widgets.ToggleButtons(options=framework_options(),
                                               style={"button_width": "110px"},
                                               tooltip=_("Whose images the image list offers"))
        self.image = widgets.Combobox(
            description=_definition_text("dockerImage", "title", "Image"),
            placeholder=_("name:tag (pick one or type your own)"),
            options=[], ensure_option=False, style=STYLE, layout=input_layout(),
            tooltip=_definition_text("dockerImage", "description") or None)
        self.command = text_input(schema_title("docker", "command", "Command"),
                                  _("e.g. jupyter lab --ip=0.0.0.0 --port=8888"),
                                  schema_help("docker", "command"))
        self.args = text_input(schema_title("docker", "args", "Arguments"), _("optional"),
                               schema_help("docker", "args"))
        # The release notes say workdir left the workspace API: the form says so.
        self.workdir = text_input(schema_title("docker", "workdir", "Working directory"),
                                  _("optional; the service may ignore it"),
                                  schema_help("docker", "workdir"))
        self.env = EnvRows()
        self.ports = widgets.IntsInput(value=[], layout=widgets.Layout(width="312px"))

    def _build_data(self) -> None:
        self.inputs = InputRows()
        self.outputs = OutputRows()
        self.user_package_uri = text_input(
            schema_title("configuration", "userPackageUri", "User package"),
            _("optional HDFS path of a package"), schema_help("configuration", "userPackageUri"))
        # The labels of the inputs without a description of their own (layout.py shows them).
        self.captions = {
            "framework": _("Framework"),
            "env": schema_title("docker", "env", "Environment variables"),
            "ports": schema_title("docker", "exposeTcpPorts", "Exposed TCP ports"),
            "inputs": schema_title("data", "input", "Inputs"),
            "outputs": schema_title("data", "output", "Outputs"),
        }

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
        self.env.show_messages(messages.rows.get("env", {}))
        self.inputs.show_messages(messages.rows.get("inputs", {}))
        self.outputs.show_messages(messages.rows.get("outputs", {}))

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
        resource = config.resource or Resource()
        select(self.queue, config.queue_name or schema_default("configuration", "queueName"))
        select(self.gpu_model, resource.gpu_model or schema_default("resource", "gpuModel"))
        for attr, (name, _title) in COUNTS.items():
            value = getattr(resource, attr)  # Resource names its fields as COUNTS does
            getattr(self, attr).value = value if value is not None else schema_default(
                "resource", name)
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
