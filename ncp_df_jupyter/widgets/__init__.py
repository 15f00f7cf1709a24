"""Notebook widgets: a form that creates DataForest AI workspaces and a workspace browser.

    from ncp_df_jupyter.widgets import CreateWorkspaceForm, WorkspaceBrowser
    CreateWorkspaceForm()      # in a cell: the form
    WorkspaceBrowser()         # the account's workspaces, with detail, edit and delete

Importing this module imports ipywidgets (``import ncp_df_jupyter`` does not).
"""

from typing import Any

from .browser import WorkspaceBrowser
from .form import CreateWorkspaceForm

__all__ = ["CreateWorkspaceForm", "WorkspaceBrowser", "open_widget"]

_KINDS: dict[str, type[Any]] = {"form": CreateWorkspaceForm, "browser": WorkspaceBrowser}


def open_widget(kind: str, **kwargs: Any) -> Any:
    """The widget a magic shows (``%df_form``: "form", ``%df_browse``: "browser")."""
    return _KINDS[kind](**kwargs)
