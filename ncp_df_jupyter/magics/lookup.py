"""Finding what a magic line names: an account, a workspace or an AI app, by id or name.

Reads go through the kernel's cached connection, so a magic that looks up a workspace and then
lists the account costs the service one getList.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..core.errors import DataForestError, ForbiddenError, NotFoundError, ValidationError
from ..core.models import (
    Account,
    AppDetail,
    Configuration,
    Workspace,
    WorkspaceDetail,
    current_configuration,
    find_account,
    sole_usable_account,
    usable_accounts,
)
from ..core.schema import rules
from ..kernel.command_line import OptionError
from ..kernel.suggestions import closest, did_you_mean
from .parsers import usage

if TYPE_CHECKING:
    from ..core.caching import CachingClient

T = TypeVar("T")


class Runner(Protocol):
    """Runs ``work`` on the portal and waits; ``waiting`` says what for, if it is slow."""

    def __call__(self, work: Callable[[CachingClient], Awaitable[T]],
                 waiting: str | None = None) -> T: ...


class Lookup:
    def __init__(self, run: Runner, default_account: str | None) -> None:
        self.run = run
        self.default_account = default_account

    def accounts(self) -> list[Account]:
        return self.run(lambda c: c.list_accounts(), "Reading the accounts")

    def usual_account(self, accounts: list[Account]) -> Account | None:
        """The account a magic uses without --account: the configured one, else the only one
        this key may use (accounts without permission do not count)."""
        if self.default_account:
            return find_account(accounts, self.default_account)
        return sole_usable_account(accounts)

    def account(self, given: str | None, magic: str) -> Account:
        """The account named (by id or name), else the usual one; errors say what to choose."""
        wanted = given or self.default_account
        accounts = self.accounts()
        names = ", ".join(a.name for a in accounts)
        if wanted:
            found = find_account(accounts, wanted)
            if found is None:
                meant = did_you_mean([repr(n) for n in closest(wanted, (a.name for a in accounts))])
                raise NotFoundError(f"No account named or with id {wanted!r}{meant}; this key's "
                                    f"accounts are: {names or 'none'}.",
                                    operation="accounts.getList")
            return found
        sole = sole_usable_account(accounts)
        if sole is not None:
            return sole
        usable = usable_accounts(accounts)
        if not accounts:
            raise NotFoundError("This key has no DataForest accounts; create one in the NCP "
                                "console first.", operation="accounts.getList")
        if not usable:
            raise ForbiddenError(f"This key has no permission on any of its accounts ({names}).",
                                 operation="accounts.getList")
        raise OptionError(
            f"%{magic}: this key has {len(usable)} accounts ({', '.join(a.name for a in usable)})"
            "; choose one with --account, or for the whole kernel with %df_connect --account.",
            usage(magic), "--account")

    def workspace(self, ws: str, account: Callable[[], Account], *, detail: bool = False
                  ) -> Workspace | WorkspaceDetail:
        """A workspace by id or name. What cannot be a name (the model says) is taken as an id
        and read directly; a name is looked up in ``account()``'s list."""
        if rules.problems("workspaceName", ws):
            if rules.problems("id", ws):
                rule = rules.problems("workspaceName", ws, "a name")[0].rule
                raise ValidationError(f"{ws!r} is neither a workspace id nor a workspace name "
                                      f"(a name {rule}).", field="WS", rule=rule)
            return self.run(lambda c: c.get_workspace(ws), f"Reading workspace {ws}")
        where = account()
        try:
            found = self.run(lambda c: c.find_workspace(where.id, ws),
                             f"Reading the workspaces of {where.name}")
        except NotFoundError as exc:
            if exc.status is not None:
                raise  # the service's own answer, not "not in the list"
            rows = self.run(lambda c: c.list_workspaces(where.id))  # cached: no second request
            meant = did_you_mean([repr(n) for n in closest(ws, (r.name for r in rows))])
            raise NotFoundError(f"No workspace named or with id {ws!r} in account {where.name}"
                                f"{meant}; %df_list --account {where.name} shows them.",
                                operation=exc.operation) from None
        if detail:
            return self.run(lambda c: c.get_workspace(found.id), f"Reading workspace {ws}")
        return dataclasses.replace(found, account_name=found.account_name or where.name)

    def app(self, given: str, account: Callable[[], Account]) -> AppDetail:
        """An AI app with its containers, by id, name or YARN id. What can be an id is read
        directly; a name (or an id the service does not know) is looked up among the apps of
        ``account()`` (core ``find_app``)."""
        unknown_id: NotFoundError | None = None
        if not rules.problems("id", given):
            try:
                return self.run(lambda c: c.get_app(given), f"Reading app {given}")
            except NotFoundError as exc:
                if exc.status is None:
                    raise
                unknown_id = exc  # perhaps a name that looks like an id
        try:
            where = account()
        except DataForestError:
            if unknown_id is not None:
                raise unknown_id from None  # the service's answer about the id says most
            raise
        try:
            found = self.run(lambda c: c.find_app(where.id, given),
                             f"Reading the apps of {where.name}")
        except NotFoundError as exc:
            if exc.status is not None:
                raise  # the service's own answer, not "not in the list"
            raise NotFoundError(f"No AI app named or with id {given!r} in account {where.name}; "
                                f"%df_apps --account {where.name} shows them.",
                                operation=exc.operation) from None
        detail = self.run(lambda c: c.get_app(found.id), f"Reading app {given}")
        # A detail names no workspace (a list row does).
        return dataclasses.replace(detail, workspace_name=detail.workspace_name or
                                   found.workspace_name)

    def configuration_of(self, workspace: Workspace | WorkspaceDetail) -> Configuration:
        entries = self.run(lambda c: c.get_configurations(workspace.id),
                           f"Reading the configuration of {workspace.name}")
        current = current_configuration(entries)
        if current is None:
            raise NotFoundError(f"Workspace {workspace.name!r} has no stored configuration.",
                                operation="getConfigurationList")
        return current

    def first_image(self, framework: str) -> str:
        """The first image DataForest lists for ``framework`` (what --framework picks)."""
        images = self.run(lambda c: c.image_choices([framework]),
                          f"Reading the {framework} images")[framework]
        if not images:
            raise NotFoundError(f"DataForest lists no {framework} images; give --image.",
                                operation="getDockerImageList")
        return images[0]
