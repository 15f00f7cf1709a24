"""The create form's widgets, and reading a configuration from them or writing one into them.

No requests and no rules here: ``CreateWorkspaceForm`` (form.py) adds the loading, checking
and creating. Labels, defaults and documented values come from the workspace schema.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from ...core.models import Configuration, Data, Docker, Resource, rebase
from ...core.schema import rules
from ..fields import (
    STYLE,
    caption,
    heading,
    input_layout,
    message_html,
    message_widget,
    row,
    select,
)
from ..status import Status
from .field_messages import FieldMessages
from .rows import EnvRows, InputRows, OutputRows

NO_START = ("(an empty configuration)", "")


def _property(definition: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = rules.definition(definition)["properties"][name]
    if "$ref" in found:
        found = {**rules.definition(found["$ref"].rsplit("/", 1)[-1]), **found}
    return found


def schema_default(definition: str, name: str) -> Any:
    return _property(definition, name).get("default")


def schema_title(definition: str, name: str, fallback: str) -> str:
    return str(_property(definition, name).get("title", fallback))


def _text(value: str) -> str | None:
    """What a text input contributes: None (left out of the body) when empty."""
    value = value.strip()
    return value or None


def _descendants(box: widgets.Widget) -> list[widgets.Widget]:
    found: list[widgets.Widget] = []
    for child in getattr(box, "children", ()):
        found += [*_descendants(child), child]
    return found


class FormView(widgets.VBox):
    """Every input of a workspace configuration, with a message beside each."""

    def _build_fields(self) -> None:
        def text(description: str, placeholder: str = "", tooltip: str = "") -> widgets.Text:
            return widgets.Text(description=description, placeholder=placeholder,
                                tooltip=tooltip or None, style=STYLE, layout=input_layout())

        def whole(definition: str, name: str, fallback: str) -> widgets.IntText:
            return widgets.IntText(value=schema_default(definition, name),
                                   description=schema_title(definition, name, fallback),
                                   style=STYLE, layout=input_layout("260px"))

        def dropdown(description: str, options: list[tuple[str, Any]],
                     value: Any = None) -> widgets.Dropdown:
            box = widgets.Dropdown(description=description, options=options, style=STYLE,
                                   layout=input_layout())
            if value is not None:
                select(box, value)
            return box

        self.account = dropdown("Account", [])
        self.start_from = dropdown("Start from", [NO_START], "")
        name_rule = rules.definition("workspaceName")
        self.name = text(str(name_rule.get("title", "Name")), "e.g. mnist-train",
                         str(name_rule.get("description", "")))
        self.description = text(str(rules.definition("description").get("title", "Description")),
                                "optional")
        self.queue = dropdown(schema_title("configuration", "queueName", "Queue"),
                              [(q, q) for q in rules.documented_queues()],
                              schema_default("configuration", "queueName"))
        self.gpu_model = dropdown(schema_title("resource", "gpuModel", "GPU model"),
                                  [(m, m) for m in rules.documented_gpu_models()],
                                  schema_default("resource", "gpuModel"))
        self.gpu_count = whole("resource", "gpuCount", "GPU count")
        self.cpu_count = whole("resource", "cpuCount", "CPU count")
        self.memory_mb = whole("resource", "memoryMb", "Memory (MB)")
        self.framework = widgets.ToggleButtons(options=rules.frameworks(),
                                               style={"button_width": "110px"},
                                               tooltip="whose images the image list offers")
        self.image = widgets.Combobox(
            description="Image", placeholder="name:tag (pick one or type your own)",
            options=[], ensure_option=False, style=STYLE, layout=input_layout(),
            tooltip=str(rules.definition("dockerImage").get("description", "")) or None)
        self.command = text("Command", "e.g. jupyter lab --ip=0.0.0.0 --port=8888",
                            "the command the container runs")
        self.args = text("Arguments", "optional")
        # The release notes say workdir left the workspace API: the form says so.
        self.workdir = text("Working dir", "optional; the service may ignore it",
                            str(_property("docker", "workdir").get("description", "")))
        self.env = EnvRows()
        self.ports = widgets.IntsInput(value=[], layout=widgets.Layout(width="312px"))
        self.inputs = InputRows()
        self.outputs = OutputRows()
        self.user_package_uri = text("User package", "optional HDFS path of a package")
        self.create_button = widgets.Button(description="Create workspace",
                                            button_style="primary", icon="rocket",
                                            disabled=True, layout=widgets.Layout(width="auto"))
        self.status = Status()
        self.loading_indicator = widgets.HTML("")
        self.show_code_button = widgets.ToggleButton(
            description="show as code", icon="code", value=False,
            layout=widgets.Layout(width="auto", display="none"))
        self.code = widgets.HTML("", layout=widgets.Layout(display="none"))
        self.show_code_button.observe(self._toggle_code, names="value")
        self.message_widgets: dict[str, widgets.HTML] = {
            name: message_widget() for name in (
                "account", "start_from", "name", "description", "queue", "gpu_model",
                "gpu_count", "cpu_count", "memory_mb", "image", "command", "args", "workdir",
                "env", "ports", "inputs", "outputs", "user_package_uri")}

    def _layout(self, title: str) -> list[widgets.Widget]:
        m = self.message_widgets

        def line(name: str, control: widgets.Widget) -> widgets.HBox:
            return row(control, m[name])

        def labelled(label: str, name: str | None, control: widgets.Widget) -> widgets.HBox:
            return row(caption(label), control, *([m[name]] if name else []))

        return [
            widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"),
            line("account", self.account),
            line("start_from", self.start_from),
            line("name", self.name),
            line("description", self.description),
            heading("Resources"),
            line("queue", self.queue),
            line("gpu_model", self.gpu_model),
            row(self.gpu_count, m["gpu_count"]),
            row(self.cpu_count, m["cpu_count"]),
            row(self.memory_mb, m["memory_mb"]),
            heading("Container"),
            labelled("Framework", None, self.framework),
            line("image", self.image),
            line("command", self.command),
            line("args", self.args),
            line("workdir", self.workdir),
            labelled("Environment", "env", widgets.HTML("")), self.env,
            labelled("Exposed ports", "ports", self.ports),
            heading("Data"),
            labelled("Inputs", "inputs", widgets.HTML("")), self.inputs,
            labelled("Outputs", "outputs", widgets.HTML("")), self.outputs,
            line("user_package_uri", self.user_package_uri),
            row(self.create_button, self.loading_indicator),
            row(self.status, self.show_code_button),
            self.code,
        ]

    def close(self) -> None:
        """Close every widget of the form, not only the box around them."""
        for child in _descendants(self):
            child.close()
        super().close()

    def _toggle_code(self, change: Mapping[str, Any]) -> None:
        self.code.layout.display = "block" if change["new"] else "none"

    def show_code(self, line: str) -> None:
        """Offer ``line`` (the equivalent magic) behind the "show as code" button."""
        self.code.value = (
            "<pre style='white-space:pre-wrap; user-select:text; margin:4px 0'>"
            f"{html.escape(line)}</pre>")
        self.show_code_button.layout.display = "inline-flex"

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
        for attr in ("gpu_count", "cpu_count", "memory_mb"):
            value = getattr(resource, attr)
            getattr(self, attr).value = value if value is not None else schema_default(
                "resource", {"gpu_count": "gpuCount", "cpu_count": "cpuCount",
                             "memory_mb": "memoryMb"}[attr])
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

    def show_messages(self, messages: FieldMessages) -> None:
        for name, widget in self.message_widgets.items():
            widget.value = message_html(messages.fields.get(name), name in messages.missing)
        self.env.show_messages(messages.rows.get("env", {}))
        self.inputs.show_messages(messages.rows.get("inputs", {}))
        self.outputs.show_messages(messages.rows.get("outputs", {}))
