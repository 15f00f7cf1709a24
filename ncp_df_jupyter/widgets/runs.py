"""The runs a widget started: "Run" in the workspace browser, "Create and run" in the form.

``Runs`` submits an AI app from a workspace (its configuration as it is, the name prefix the
core makes from the workspace's name) through the widget's ``Background``, says how it went on
the widget's status line, and shows a ``RunMonitor`` for each run, the newest first.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ..core.apps import default_name_prefix
from ..core.models import AppDetail
from ..kernel.i18n import _
from .background import Background
from .monitor import RunMonitor
from .status import Status


class Runs(widgets.VBox):
    """A box of run monitors, and the submit that adds one."""

    def __init__(self, tasks: Background, status: Callable[[], Status]) -> None:
        super().__init__()
        self._tasks = tasks
        self._status = status
        self.monitors: list[RunMonitor] = []

    @property
    def submitting(self) -> bool:
        return self._tasks.busy_with({"submit"})

    def submit(self, workspace_id: str, workspace_name: str | None) -> None:
        """Run the workspace's configuration as an AI app; its monitor appears when the
        service has accepted it."""
        prefix = default_name_prefix(workspace_name)
        name = workspace_name or workspace_id
        self._status().busy(_("Submitting an app from workspace {name}...").format(name=name))

        def submitted(app: AppDetail) -> None:
            self._status().ok(_("Submitted app {app} from workspace {name}.").format(
                app=app.label, name=name))
            monitor = RunMonitor(app, self._tasks.connection)
            self.monitors.insert(0, monitor)
            self.children = tuple(self.monitors)

        self._tasks.run("submit", lambda c: c.submit_app(workspace_id, prefix), submitted)

    def close(self) -> None:
        for monitor in self.monitors:
            monitor.close()
        super().close()
