"""DataForest accounts (Accounts getList) and which of them a person may use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..msgids import N_
from ._read import flag, text, with_unknown


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    principal: str | None = None
    status: str | None = None
    disabled: bool | None = None
    created_at: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Account:
        return cls(
            id=text(body, "id") or "", name=text(body, "name") or "",
            principal=text(body, "principal"), status=text(body, "status"),
            disabled=flag(body.get("disabled")),
            # the type page spells it createAt, the examples createdAt
            created_at=text(body, "createdAt") or text(body, "createAt"),
            raw=dict(body),
        )

    def to_api(self) -> dict[str, Any]:
        return with_unknown({
            "id": self.id, "name": self.name, "principal": self.principal,
            "status": self.status, "disabled": self.disabled, "createdAt": self.created_at},
            self.raw, ("createAt",))  # the type page's spelling, read as createdAt


def usable_accounts(accounts: Iterable[Account]) -> list[Account]:
    """The accounts this key may use (``disabled``: no resource permission on it)."""
    return [a for a in accounts if not a.disabled]


# How an account this key may not use is labelled (a msgid: faces show it translated).
NO_PERMISSION_LABEL = N_("{name} (no permission)")


def account_label(account: Account) -> str:
    """How an account is shown in a list or dropdown."""
    return NO_PERMISSION_LABEL.format(name=account.name) if account.disabled else account.name


def find_account(accounts: Iterable[Account], id_or_name: str) -> Account | None:
    return next((a for a in accounts if id_or_name in (a.id, a.name)), None)


def offered_accounts(accounts: Sequence[Account]) -> list[Account]:
    """The accounts a form offers: those this key may use (every one when it may use none, so
    the form still names them and the service's refusal says why)."""
    return usable_accounts(accounts) or list(accounts)


def default_account(accounts: Sequence[Account]) -> Account | None:
    """The account a form preselects when a person has chosen none: the first one offered."""
    offered = offered_accounts(accounts)
    return offered[0] if offered else None


def sole_usable_account(accounts: Iterable[Account]) -> Account | None:
    """The account a command uses when none is named: the only one this key may use, if there is
    exactly one (acting on "the first of several" unasked would surprise)."""
    usable = usable_accounts(accounts)
    return usable[0] if len(usable) == 1 else None
