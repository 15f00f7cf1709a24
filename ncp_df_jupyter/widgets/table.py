"""The browser's table of workspaces and its detail view (rendering only)."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence

import ipywidgets as widgets

from ..core.models import WorkspaceDetail, WorkspaceSummary
from ..core.plain_text import plain_text
from ..kernel.display import NONE_STORED, when, workspace_fields
from ..kernel.i18n import _

GRID_COLUMNS = "150px 230px 110px 90px 150px minmax(120px, 1fr)"


def columns() -> tuple[str, ...]:
    """The table's headers, in the kernel's language."""
    return (_("Name"), _("Image"), _("GPUs"), _("Queue"), _("Created"), _("Description"))


def _cell(text: str | None, title: str | None = None) -> widgets.HTML:
    value = html.escape(text or "")
    hover = html.escape(title or text or "", quote=True)
    return widgets.HTML(
        f"<div title='{hover}' style='overflow:hidden; text-overflow:ellipsis; "
        f"white-space:nowrap'>{value}</div>",
        layout=widgets.Layout(overflow="hidden"))


def _chooser(on_select: Callable[[str], None], workspace_id: str
             ) -> Callable[[widgets.Button], None]:
    """The click handler of one row's name button."""
    return lambda _button: on_select(workspace_id)


def table_children(rows: Sequence[WorkspaceSummary], selected: str | None,
                   on_select: Callable[[str], None]) -> list[widgets.Widget]:
    """Header cells, then one line of cells per workspace (in the order given: newest first);
    the name selects the row."""
    cells: list[widgets.Widget] = [widgets.HTML(f"<b>{html.escape(name)}</b>")
                                   for name in columns()]
    for summary in rows:
        chosen = summary.id == selected
        name = plain_text(summary.name)  # a button's text is plain text, not HTML
        button = widgets.Button(description=name, tooltip=_("Show {name}").format(name=name),
                                button_style="info" if chosen else "",
                                layout=widgets.Layout(width="144px"))
        button.on_click(_chooser(on_select, summary.id))
        cells += [button, _cell(summary.image), _cell(summary.gpus), _cell(summary.queue_name),
                  _cell(when(summary.workspace.created_at), summary.workspace.created_at),
                  _cell(summary.workspace.description)]
    if not rows:
        empty = html.escape(_("No workspaces in this account yet."))
        cells.append(widgets.HTML(f"<i>{empty}</i>"))
    return cells


def new_table() -> widgets.GridBox:
    return widgets.GridBox([], layout=widgets.Layout(
        grid_template_columns=GRID_COLUMNS, grid_gap="2px 8px", align_items="center"))


def detail_html(detail: WorkspaceDetail) -> str:
    """A workspace's facts (as ``%df_show`` shows them, labels translated) and its
    configuration (API shape)."""
    config = detail.configuration
    body = json.dumps(config.to_api(), indent=2) if config is not None else _("(none)")
    rows = "".join(f"<tr><th style='text-align:left; padding-right:8px'>"
                   f"{html.escape(_(label))}</th><td style='text-align:left'>"
                   f"{html.escape(_(value) if value == NONE_STORED else value)}</td></tr>"
                   for label, value in workspace_fields(detail))
    summary = html.escape(_("Configuration"))
    return (f"<table class='ncp-df-card'><tbody>{rows}</tbody></table><details><summary>"
            f"{summary}</summary><pre style='margin:4px 0'>{html.escape(body)}</pre></details>")
