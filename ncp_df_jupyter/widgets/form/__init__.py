"""The create / edit form: ``CreateWorkspaceForm`` (form.py), the widgets it shows (view.py,
rows.py), how it fills its dropdowns from the service (loading.py) and where each broken rule
is shown (field_messages.py)."""

from .form import CreateWorkspaceForm

__all__ = ["CreateWorkspaceForm"]
