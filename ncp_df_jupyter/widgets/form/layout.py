"""Where each of the form's widgets is shown: headings, labels and order (no behaviour)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ...kernel.i18n import _
from ..fields import caption, heading, row

if TYPE_CHECKING:
    from .view import FormView


def form_children(view: FormView, title: str) -> list[widgets.Widget]:
    """The form's box, top to bottom: each input with its message beside it."""
    m = view.message_widgets

    def line(name: str, control: widgets.Widget) -> widgets.HBox:
        return row(control, m[name])

    def labelled(name: str, control: widgets.Widget, message: bool = True) -> widgets.HBox:
        # For controls without a description of their own (toggles, lists of rows).
        return row(caption(view.captions[name]), control, *([m[name]] if message else []))

    return [
        widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"),
        row(view.loading_indicator),
        view.load_status,
        heading(_("Basics")),
        line("account", view.account),
        line("start_from", view.start_from),
        line("name", view.name),
        line("description", view.description),
        heading(_("Resources")),
        line("queue", view.queue),
        line("gpu_model", view.gpu_model),
        line("gpu_count", view.gpu_count),
        line("cpu_count", view.cpu_count),
        line("memory_mb", view.memory_mb),
        heading(_("Container")),
        labelled("framework", view.framework, message=False),
        line("image", view.image),
        line("command", view.command),
        line("args", view.args),
        line("workdir", view.workdir),
        labelled("env", widgets.HTML("")), view.env,
        labelled("ports", view.ports),
        heading(_("Data")),
        labelled("inputs", widgets.HTML("")), view.inputs,
        labelled("outputs", widgets.HTML("")), view.outputs,
        line("user_package_uri", view.user_package_uri),
        row(view.create_button, view.create_and_run_button),
        row(view.status, view.show_code_button),
        view.code,
    ]
