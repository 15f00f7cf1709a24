"""The create / edit form: ``CreateWorkspaceForm`` (form.py) and the parts it owns - its state
(state.py), its widgets (view.py, laid out by layout.py; rows.py), what it loads from the service
(loading.py), what it sends (sending.py), and how it checks a request (checking.py) and shows
each broken rule on its field (field_messages.py)."""

from .form import CreateWorkspaceForm

__all__ = ["CreateWorkspaceForm"]
