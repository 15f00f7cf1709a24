"""The create / edit form: ``CreateWorkspaceForm`` (form.py) and the parts it owns - its state
(state.py), its widgets (view.py, drawn from the core's form description, the one the sidebar's
form is drawn from: one input per field by its kind, inputs.py and rows.py, named by
attributes.py, laid out by layout.py), what it loads from the service
(loading.py), what it sends (sending.py), and how it checks a request (checking.py) and shows
each broken rule on its field (field_messages.py)."""

from .form import CreateWorkspaceForm

__all__ = ["CreateWorkspaceForm"]
