"""Notebook widgets: a form that creates DataForest AI workspaces and a workspace browser.

    from ncp_df_jupyter.widgets import CreateWorkspaceForm, WorkspaceBrowser
    CreateWorkspaceForm()      # in a cell: the form
    WorkspaceBrowser()         # the account's workspaces, with detail, edit and delete

Importing this module imports ipywidgets (``import ncp_df_jupyter`` does not).
"""

from .browser import WorkspaceBrowser
from .form import CreateWorkspaceForm

__all__ = ["CreateWorkspaceForm", "WorkspaceBrowser"]
