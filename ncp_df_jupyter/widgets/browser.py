"""``WorkspaceBrowser``: the account's workspaces as a table, with detail, edit, delete and run
(an AI app from the selected workspace, followed by a run monitor: runs.py).

Like the form, every request runs on the portal thread and is applied there (background.py),
so the kernel stays free and ``wait()`` works in scripts and notebook cells.
"""

from __future__ import annotations

import functools
import html
from typing import Any

import ipywidgets as widgets

from ..core.caching import CachingClient
from ..core.models import Account, WorkspaceDetail, WorkspaceSummary, default_account
from ..kernel import connection
from ..kernel.blocking import BlockingClient
from ..kernel.i18n import _
from .background import Background, pending_html
from .fields import STYLE, account_options, input_layout, row, set_options
from .form import CreateWorkspaceForm
from .runs import Runs
from .status import Status
from .table import detail_html, new_table, table_children


class WorkspaceBrowser(widgets.VBox):
    """The workspaces of one account: refresh, select for detail, edit configuration, delete."""

    def __init__(self, client: BlockingClient | connection.Connection | None = None,
                 account_id: str | None = None) -> None:
        super().__init__()
        self.connection = connection.wrap(client)
        self._tasks = Background(self.connection, lambda: self.status, self._update)
        self.rows: list[WorkspaceSummary] = []
        self.selected: str | None = None
        self.selected_detail: WorkspaceDetail | None = None
        self.form: CreateWorkspaceForm | None = None
        self._accounts: list[Account] | None = None
        self._rows_requested: str | None = None
        with self._tasks.lock:
            # Requests first, widgets while they are in flight: their results wait for the lock.
            self._tasks.run("accounts", lambda c: c.list_accounts(), self._accounts_loaded)
            if account_id:
                self._load_rows(account_id)
            self._build(account_id)

    # -- widgets ----------------------------------------------------------------------------------

    def _build(self, account_id: str | None) -> None:
        self.account = widgets.Dropdown(description="Account", options=[], style=STYLE,
                                        layout=input_layout("360px"))
        if account_id:
            set_options(self.account, [(account_id, account_id)], keep=account_id)
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh",
                                             layout=widgets.Layout(width="auto"))
        self.table = new_table()
        self.detail = widgets.HTML("<i>Select a workspace to see its detail.</i>")
        self.edit_button = widgets.Button(description="Edit configuration", icon="edit",
                                          disabled=True, layout=widgets.Layout(width="auto"))
        self.delete_button = widgets.Button(description="Delete", icon="trash",
                                            button_style="danger", disabled=True,
                                            layout=widgets.Layout(width="auto"))
        self.confirm_question = widgets.HTML("")
        self.confirm_delete_button = widgets.Button(description="Yes, delete it",
                                                    button_style="danger",
                                                    layout=widgets.Layout(width="auto"))
        self.cancel_delete_button = widgets.Button(description="Cancel",
                                                   layout=widgets.Layout(width="auto"))
        self.confirmation = row(self.confirm_question, self.confirm_delete_button,
                                self.cancel_delete_button)
        self.confirmation.layout.display = "none"
        self.editor = widgets.VBox([])
        self.status = Status()
        self.run_button = widgets.Button(description=_("Run"), icon="play", disabled=True,
                                         tooltip=_("run the workspace as an AI app"),
                                         layout=widgets.Layout(width="auto"))
        self.runs = Runs(self._tasks, lambda: self.status)
        self.run_button.on_click(lambda _b: self.run())
        self.loading_indicator = widgets.HTML("")

        self.account.observe(self._account_changed, names="value")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.edit_button.on_click(lambda _b: self.edit())
        self.delete_button.on_click(lambda _b: self.delete())
        self.confirm_delete_button.on_click(lambda _b: self.confirm_delete())
        self.cancel_delete_button.on_click(lambda _b: self.cancel_delete())
        self.children = [
            widgets.HTML("<h3 style='margin:4px 0'>DataForest workspaces</h3>"),
            row(self.account, self.refresh_button, self.loading_indicator),
            self.table,
            widgets.HTML("<hr style='margin:6px 0'>"),
            self.detail,
            row(self.edit_button, self.delete_button, self.run_button),
            self.confirmation,
            self.status,
            self.runs,
            self.editor,
        ]
        self._update()

    # -- public -----------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """True while any request is in flight (what ``wait()`` waits for)."""
        return bool(self._tasks.pending)

    @property
    def pending(self) -> list[str]:
        """What is in flight, e.g. ["accounts", "workspaces"]."""
        return self._tasks.pending

    def wait(self, timeout: float | None = 10.0) -> WorkspaceBrowser:
        """Block until no request is in flight, the editor's included (TimeoutError otherwise)."""
        self._tasks.wait(timeout)
        if self.form is not None:
            self.form.wait(timeout)
            self._tasks.wait(timeout)  # a save makes the browser refresh
        return self

    def refresh(self) -> None:
        """Load the account's workspaces again (fresh from the service)."""
        with self._tasks.lock:
            if self.account.value:
                self._load_rows(self.account.value, fresh=True)
            if self.selected is not None:
                self._load_detail(self.selected)

    def select(self, id_or_name: str) -> None:
        """Show one workspace's detail and configuration."""
        with self._tasks.lock:
            found = next((r for r in self.rows if id_or_name in (r.id, r.name)), None)
            if found is None:
                self.status.error(f"No workspace named or with id {id_or_name!r} in the table.")
                return
            self.selected, self.selected_detail = found.id, None
            self.cancel_delete()
            self.detail.value = f"<i>Loading {html.escape(found.name)}...</i>"
            self._show_table()
            self._load_detail(found.id)

    def edit(self) -> CreateWorkspaceForm | None:
        """Open the selected workspace's configuration in the form (edit mode)."""
        with self._tasks.lock:
            if self.selected is None:
                self.status.error("Select a workspace first.")
                return None
            if self.form is not None:
                self.form.close()
            self.form = CreateWorkspaceForm(self.connection, self.account.value,
                                            workspace_id=self.selected, on_saved=self._saved)
            close = widgets.Button(description="Close editor", icon="times",
                                   layout=widgets.Layout(width="auto"))
            close.on_click(lambda _b: self.close_editor())
            self.editor.children = [close, self.form]
            return self.form

    def run(self) -> None:
        """Run the selected workspace's configuration as an AI app; its monitor appears
        below the status line."""
        with self._tasks.lock:
            summary = self._selected_summary()
            if summary is None:
                self.status.error(_("Select a workspace first."))
                return
            self.runs.submit(summary.id, summary.name)
            self._update()

    def close_editor(self) -> None:
        with self._tasks.lock:
            if self.form is not None:
                self.form.close()
                self.form = None
            self.editor.children = []

    def delete(self) -> None:
        """Ask (inside the widget) whether to delete the selected workspace; sends nothing."""
        with self._tasks.lock:
            summary = self._selected_summary()
            if summary is None:
                self.status.error("Select a workspace first.")
                return
            self.confirm_question.value = (
                f"Delete workspace <b>{html.escape(summary.name)}</b> "
                f"(id {html.escape(summary.id)})? This cannot be undone.")
            self.confirmation.layout.display = "flex"

    def cancel_delete(self) -> None:
        self.confirmation.layout.display = "none"

    def confirm_delete(self) -> None:
        """Delete the selected workspace (after ``delete()`` asked)."""
        with self._tasks.lock:
            summary = self._selected_summary()
            if summary is None or self.confirmation.layout.display == "none":
                self.status.error("Nothing was deleted: press Delete first and confirm.")
                return
            self.cancel_delete()
            workspace_id, name = summary.id, summary.name
            self.status.busy(f"Deleting workspace {name}...")

            def deleted(_none: None) -> None:
                self.status.ok(f"Deleted workspace {name} (id {workspace_id}).")
                if self.selected == workspace_id:
                    self.selected, self.selected_detail = None, None
                    self.detail.value = "<i>Select a workspace to see its detail.</i>"
                    self.close_editor()
                if self.account.value:
                    self._load_rows(self.account.value)

            self._tasks.run("delete", lambda c: c.delete_workspace(workspace_id), deleted)
            self._update()

    # -- loading ----------------------------------------------------------------------------------

    def _accounts_loaded(self, accounts: list[Account]) -> None:
        self._accounts = accounts
        wanted = self.account.value
        if wanted not in {a.id for a in accounts}:
            chosen = default_account(accounts)
            wanted = chosen.id if chosen else None
        with self._tasks.quietly():
            set_options(self.account, account_options(accounts), keep=wanted)
        if self.account.value and self._rows_requested != self.account.value:
            self._load_rows(self.account.value)

    def _load_rows(self, account_id: str, fresh: bool = False) -> None:
        self._rows_requested = account_id

        async def work(cache: CachingClient) -> list[WorkspaceSummary]:
            if fresh:
                cache.invalidate()  # on the portal loop, which owns the cache
            return await cache.describe_workspaces(account_id)

        self._tasks.run("workspaces", work, functools.partial(self._rows_loaded, account_id))

    def _rows_loaded(self, account_id: str, rows: list[WorkspaceSummary]) -> None:
        if account_id != self.account.value:
            return  # another account was chosen meanwhile
        self.rows = sorted(rows, key=lambda r: r.name)
        if self.selected is not None and self._selected_summary() is None:
            self.selected, self.selected_detail = None, None
            self.detail.value = "<i>The selected workspace is gone.</i>"
        self._show_table()

    def _load_detail(self, workspace_id: str) -> None:
        def shown(detail: WorkspaceDetail) -> None:
            if self.selected == workspace_id:
                self.selected_detail = detail
                self.detail.value = detail_html(detail)

        self._tasks.run("detail", lambda c: c.get_workspace(workspace_id), shown)

    def _account_changed(self, _change: Any) -> None:
        with self._tasks.lock:
            if self._tasks.quiet:
                return
            self.rows, self.selected, self.selected_detail = [], None, None
            self.detail.value = "<i>Select a workspace to see its detail.</i>"
            self.cancel_delete()
            self.close_editor()
            self._show_table()
            if self.account.value:
                self._load_rows(self.account.value)

    def _saved(self, _detail: WorkspaceDetail) -> None:
        with self._tasks.lock:
            if self.account.value:
                self._load_rows(self.account.value)
            if self.selected is not None:
                self._load_detail(self.selected)

    # -- showing ----------------------------------------------------------------------------------

    def _selected_summary(self) -> WorkspaceSummary | None:
        return next((r for r in self.rows if r.id == self.selected), None)

    def _show_table(self) -> None:
        old = self.table.children
        self.table.children = table_children(self.rows, self.selected, self.select)
        for cell in old:
            cell.close()
        self._update()

    def _update(self) -> None:
        chosen = self._selected_summary() is not None
        busy = "delete" in self._tasks.pending
        self.edit_button.disabled = not chosen or busy
        self.delete_button.disabled = not chosen or busy
        self.run_button.disabled = not chosen or busy or self.runs.submitting
        self.loading_indicator.value = pending_html(self._tasks.pending)
