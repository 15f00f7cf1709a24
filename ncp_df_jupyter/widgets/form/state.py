"""What the create form knows besides what its widgets show: what it has loaded from the
service, what the service said about its names and requests, and the messages on its fields.

Plain data and the questions asked of it; no widgets and no requests. The values a person
types live in the view (``FormView``), which reads them as a ``Configuration``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ...core.models import Account, Workspace, WorkspaceDetail
from ...core.schema import rules
from .field_messages import FieldMessages

NameKey = tuple[str, str]  # (account id, workspace name)


@dataclass
class FormState:
    workspace_id: str | None = None  # edit mode: the workspace whose configuration is edited
    accounts: list[Account] | None = None  # None until accounts getList is back
    # The account whose getList was asked last, and the one whose list ``workspaces`` is.
    workspaces_requested: str | None = None
    workspaces_for: str | None = None
    workspaces: list[Workspace] = field(default_factory=list)
    images: dict[str, list[str]] = field(default_factory=dict)  # framework -> image references
    shown_images_for: str | None = None  # the framework whose images the image field offers
    # checkAvailableName's answers; None: the check failed (the create will find out).
    names: dict[NameKey, bool | None] = field(default_factory=dict)
    # The names this form created: taken now, but by the person's own success (Create waits
    # for another name; the name field is not marked "already used").
    created: set[NameKey] = field(default_factory=set)
    detail: WorkspaceDetail | None = None  # edit mode: the workspace, once loaded
    messages: FieldMessages = field(default_factory=FieldMessages)  # as shown now
    # Fields the service refused, until the person changes something.
    service_messages: dict[str, str] = field(default_factory=dict)

    @property
    def editing(self) -> bool:
        return self.workspace_id is not None

    def first_round_back(self, account_id: str | None, framework: str) -> bool:
        """Whether the first round is back for this account and framework (the form is ready)."""
        return (self.accounts is not None and account_id is not None
                and self.workspaces_for == account_id and framework in self.images
                and (not self.editing or self.detail is not None))

    def forget_loaded(self) -> None:
        """Before loading again: the images and the workspace list are asked for anew."""
        self.images.clear()
        self.workspaces_for = None

    def forget_workspaces(self) -> None:
        """Another account was chosen: its list is not known yet."""
        self.workspaces_for, self.workspaces = None, []

    def framework_of(self, image: str | None) -> str | None:
        """The framework whose image list holds ``image`` (None when no known list does)."""
        for framework, refs in self.images.items():
            if image and image in refs:
                return framework
        return None

    def missing_frameworks(self) -> list[str]:
        """Frameworks whose images are not known yet: a loaded configuration's image tells its
        framework only once every list is known."""
        return [f for f in rules.frameworks() if f not in self.images]

    def name_checked(self, key: NameKey) -> bool:
        return key in self.names

    def name_taken(self, key: NameKey) -> bool:
        """Taken by another workspace (not by the one this form just created)."""
        return self.names.get(key) is False and key not in self.created

    def account_ref(self, account_id: str | None) -> str | None:
        """How a magic line names the account: its name when unambiguous, else its id."""
        if not account_id:
            return None
        accounts: Sequence[Account] = self.accounts or []
        named = [a for a in accounts if a.id == account_id]
        if named and sum(a.name == named[0].name for a in accounts) == 1:
            return named[0].name
        return str(account_id)
