"""Notebook widgets: a form that creates DataForest AI workspaces, a workspace browser, and a
monitor that follows an AI app.

    from ncp_df_jupyter.widgets import CreateWorkspaceForm, RunMonitor, WorkspaceBrowser
    CreateWorkspaceForm()      # in a cell: the form ("Create and run" also starts a run)
    WorkspaceBrowser()         # the account's workspaces, with detail, edit, delete and run
    RunMonitor(app)            # an AI app live: state, elapsed time, log tail, Kill

Importing this module imports ipywidgets (``import ncp_df_jupyter`` does not).
"""

from typing import Any

from .browser import WorkspaceBrowser
from .form import CreateWorkspaceForm
from .monitor import RunMonitor

__all__ = ["CreateWorkspaceForm", "RunMonitor", "WorkspaceBrowser", "open_widget"]

_KINDS: dict[str, type[Any]] = {"form": CreateWorkspaceForm, "browser": WorkspaceBrowser,
                                "monitor": RunMonitor}


def open_widget(kind: str, **kwargs: Any) -> Any:
    """The widget a magic shows (``%df_form``: "form", ``%df_browse``: "browser",
    ``%df_submit``: "monitor" with ``app=``)."""
    return _KINDS[kind](**kwargs)
