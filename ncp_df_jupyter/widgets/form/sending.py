"""What the form sends: createWorkspace, or setConfiguration in edit mode, and how it went (the
status line, "show as code", a field the service refused). Checking comes first, in the form:
``FormSender`` is only asked once Create may be pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.errors import DataForestError, ValidationError
from ...core.models import Configuration, WorkspaceDetail
from ...kernel.i18n import _
from ..background import Background
from .field_messages import field_of
from .loading import FormLoader
from .state import FormState
from .view import FormView


class FormSender:
    """Sends the form's requests; ``created`` is the workspace the last create made."""

    def __init__(self, tasks: Background, state: FormState, view: FormView, loader: FormLoader,
                 on_saved: Callable[[WorkspaceDetail], None] | None) -> None:
        self._tasks = tasks
        self._state = state
        self._view = view
        self._loader = loader
        self._on_saved = on_saved
        self.created: WorkspaceDetail | None = None

    def create(self, account: str, name: str, description: str | None, config: Configuration,
               line: str, then: Callable[[WorkspaceDetail], None] | None = None) -> None:
        """Create the workspace; ``line`` (the equivalent magic) is offered once it exists;
        ``then(detail)`` follows a create that succeeded ("Create and run")."""
        view, state = self._view, self._state
        view.status.busy(_("Creating workspace {name} in account {account}...").format(
            name=name, account=state.account_ref(account)))

        def created(detail: WorkspaceDetail) -> None:
            self.created = detail
            state.names[(account, name)] = False  # taken now: a second click cannot repeat it
            state.created.add((account, name))  # ... but not "already used": it is this one
            view.status.ok(_("Created workspace {name} (id {id}).").format(
                name=detail.name, id=detail.id))
            view.show_code(line)
            if account == view.account.value:
                self._loader.load_account(account)  # the new workspace joins "start from"
            if self._on_saved is not None:
                self._on_saved(detail)
            if then is not None:
                then(detail)

        self._tasks.run("create", lambda c: c.create_workspace(account, name, config,
                                                               description),
                        created, on_error=self._failed)

    def save(self, workspace_id: str, name: str, config: Configuration, line: str) -> None:
        """Replace the workspace's configuration (edit mode)."""
        view = self._view
        view.status.busy(_("Saving the configuration of {name}...").format(name=name))

        def saved(_none: None) -> None:
            view.status.ok(_("Saved the configuration of {name} (id {id}).").format(
                name=name, id=workspace_id))
            view.show_code(line)
            if self._on_saved is not None and self._state.detail is not None:
                self._on_saved(self._state.detail)

        self._tasks.run("save", lambda c: c.set_configuration(workspace_id, config), saved,
                        on_error=self._failed)

    def _failed(self, error: DataForestError) -> None:
        self._view.status.error(error)
        if isinstance(error, ValidationError) and error.field:
            field, _row = field_of(error.field)
            if field != "status":
                # Shown beside the field until the person changes something (form._watch).
                self._state.service_messages[field] = _("refused by the service (see below)")
