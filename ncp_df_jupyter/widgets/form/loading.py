"""How the create form is filled from the service.

Three parts: the requests (``Work``: what to ask the kernel connection's CachingClient; the
form's Background runs them on the portal), the fills (an answer into a dropdown, keeping what
the person chose), and ``FormLoader``, which decides when to ask and whether an answer is still
wanted (a result for an account, name or "start from" no longer selected is ignored).

The first round goes out at once and concurrently (accounts getList, the account's getList, the
framework's getDockerImageList); the second (getConfigurationList of every workspace, through
the cache's ``choices``) only adds GPU models and queues to the dropdowns.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from collections.abc import Sequence
from typing import Protocol

import ipywidgets as widgets

from ...core.caching import CachingClient
from ...core.errors import DataForestError
from ...core.models import (
    Account,
    Choices,
    Configuration,
    ConfigurationEntry,
    Workspace,
    WorkspaceDetail,
    current_configuration,
    default_account,
)
from ...core.schema import rules
from ...kernel.i18n import _
from ..background import Background, Work
from ..fields import account_options, set_options
from .inputs import ChoiceOrOther
from .state import FormState
from .view import FormView, no_start

Images = dict[str, list[str]]  # framework -> image references
StartFrom = tuple[list[ConfigurationEntry], Images]

# -- requests -------------------------------------------------------------------------------------


def accounts(fresh: bool = False) -> Work[list[Account]]:
    async def work(cache: CachingClient) -> list[Account]:
        if fresh:
            cache.invalidate()  # on the portal loop, which owns the cache
        return await cache.list_accounts()
    return work


def workspaces(account_id: str) -> Work[list[Workspace]]:
    return lambda cache: cache.list_workspaces(account_id)


def choices(account_id: str) -> Work[Choices]:
    """The second round: GPU models and queues of the configurations in use."""
    return lambda cache: cache.choices(account_id)


def images(frameworks: list[str]) -> Work[Images]:
    """The image lists of these frameworks (none asked: nothing read)."""
    async def work(cache: CachingClient) -> Images:
        return await cache.image_choices(frameworks) if frameworks else {}
    return work


def workspace(workspace_id: str) -> Work[WorkspaceDetail]:
    return lambda cache: cache.get_workspace(workspace_id)


def configurations(workspace_id: str, missing: list[str]) -> Work[StartFrom]:
    """A workspace's configurations, and the image lists still ``missing`` (which tell the
    framework of its image)."""
    async def work(cache: CachingClient) -> StartFrom:
        entries, found = await asyncio.gather(cache.get_configurations(workspace_id),
                                              images(missing)(cache))
        return entries, found
    return work


def name_available(account_id: str, name: str, delay: float) -> Work[bool]:
    """checkAvailableName after ``delay`` seconds of quiet typing (cancelled when superseded)."""
    async def work(cache: CachingClient) -> bool:
        await asyncio.sleep(delay)
        return await cache.check_available_name(account_id, name)
    return work


# -- fills ----------------------------------------------------------------------------------------


def offer_accounts(dropdown: widgets.Dropdown, found: Sequence[Account],
                   wanted: str | None) -> None:
    """Every account; ``wanted`` stays selected, else the default account (core.models)."""
    chosen = default_account(found)
    set_options(dropdown, account_options(found),
                keep=wanted or (chosen.id if chosen else None))


def offer_workspaces(dropdown: widgets.Dropdown, rows: Sequence[Workspace]) -> None:
    """The "Start from" choices: an empty configuration, or one of the account's workspaces."""
    set_options(dropdown, [no_start(), *((w.name, w.id) for w in rows)], keep=dropdown.value)


def add_choices(gpu_model: ChoiceOrOther, queue: ChoiceOrOther, found: Choices) -> None:
    """Add the values in use, never removing one and never changing the selection."""
    gpu_model.add_values(found.gpu_models)
    queue.add_values(found.queues)


def offer_images(image: widgets.Combobox, refs: list[str], previous: list[str],
                 keep_value: bool = False) -> None:
    """Offer a framework's images; a picked (not typed) image follows the framework, i.e. one
    of the ``previous`` offers is replaced by the first of ``refs``."""
    image.options = refs
    current = image.value.strip()
    if not keep_value and refs and (not current or current in previous) and (
            current not in refs):
        image.value = refs[0]


# -- when to ask ----------------------------------------------------------------------------------


class LoadTarget(Protocol):
    """What a FormLoader fills. The view is looked up when an answer arrives: the form sends its
    first requests before it builds the view, and answers wait for the form's lock."""

    @property
    def view(self) -> FormView: ...

    @property
    def name_check_delay(self) -> float: ...


class FormLoader:
    """The form's requests and how their answers fill its state and view (no checking, no
    creating). Every method runs under the form's lock."""

    def __init__(self, tasks: Background, state: FormState, form: LoadTarget) -> None:
        self._tasks = tasks
        self._state = state
        self._form = form
        self._name_check: concurrent.futures.Future[bool] | None = None

    def first_round(self, account_id: str | None, framework: str, fresh: bool = False) -> None:
        # Accounts first: on a reload their request also forgets what the cache holds.
        self._tasks.run("accounts", accounts(fresh), self._accounts_loaded)
        self.load_images(framework)
        if self._state.workspace_id is not None:
            self._tasks.run("workspace", workspace(self._state.workspace_id),
                            self._workspace_loaded)
        if account_id:
            self.load_account(account_id)

    def load_account(self, account_id: str) -> None:
        """The account's workspaces ("start from"), then the second round."""
        self._state.workspaces_requested = account_id
        self._tasks.run("workspaces", workspaces(account_id),
                        functools.partial(self._workspaces_loaded, account_id))

    def load_images(self, framework: str) -> None:
        self._tasks.run("images", images([framework]),
                        functools.partial(self._images_loaded, framework))

    def show_images(self, framework: str, keep_value: bool = False) -> None:
        """Offer the framework's images, if they are known."""
        refs = self._state.images.get(framework)
        if refs is None:
            return
        previous = self._state.images.get(self._state.shown_images_for or "", [])
        offer_images(self._form.view.image, refs, previous, keep_value)
        self._state.shown_images_for = framework

    def fill_quietly(self, config: Configuration) -> None:
        """Put ``config`` into every field, its framework's images offered."""
        view = self._form.view
        with self._tasks.quietly():
            view.write_configuration(config, self._state.framework_of(config.image))
            self.show_images(view.framework.value, keep_value=True)
            view.remember_filled(config)  # what the person does not change is sent as it was

    def start_from(self, workspace_id: str) -> None:
        """Load a workspace's current configuration into the form ("Start from")."""
        def apply(result: StartFrom) -> None:
            entries, found = result
            self._state.images.update(found)
            view = self._form.view
            current = current_configuration(entries)
            if view.start_from.value != workspace_id or current is None:
                return
            self.fill_quietly(current)
            view.load_status.show("info", _("Loaded the configuration of {name}.").format(
                name=view.start_from.label))

        self._tasks.run("start from",
                        configurations(workspace_id, self._state.missing_frameworks()), apply)

    def check_name_later(self) -> None:
        """Debounced checkAvailableName for the current name (superseding an older one)."""
        if self._name_check is not None:
            self._name_check.cancel()
            self._name_check = None
        view = self._form.view
        key = account, name = view.account.value, view.name.value.strip()
        if (self._state.editing or not account or self._state.name_checked(key)
                or rules.problems("workspaceName", name)):
            return

        def checked(free: bool) -> None:
            self._state.names[key] = free

        def failed(error: DataForestError) -> None:
            self._state.names[key] = None  # unknown: the create will find out
            if key == (view.account.value, view.name.value.strip()):
                view.load_status.error(error)

        self._name_check = self._tasks.run(
            "name check", name_available(account, name, self._form.name_check_delay), checked,
            on_error=failed)

    # -- answers ----------------------------------------------------------------------------------

    def _accounts_loaded(self, found: list[Account]) -> None:
        view = self._form.view
        self._state.accounts = found
        wanted = view.account.value
        if wanted is not None and wanted not in {a.id for a in found}:
            names = ", ".join(a.name for a in found) or _("none")
            view.load_status.error(_("Account {account} is not one of the accounts this key "
                                     "can use ({names}); choose one.").format(
                account=wanted, names=names))
            wanted = None
        with self._tasks.quietly():
            offer_accounts(view.account, found, wanted)
        if not found:
            view.load_status.error(_("This key has no DataForest account; create one in the "
                                     "NAVER Cloud console first."))
        elif self._state.workspaces_requested != view.account.value:
            self.load_account(view.account.value)
            self.check_name_later()

    def _workspaces_loaded(self, account_id: str, rows: list[Workspace]) -> None:
        view = self._form.view
        if account_id != view.account.value:
            return  # another account was chosen meanwhile
        self._state.workspaces_for, self._state.workspaces = account_id, rows
        with self._tasks.quietly():
            offer_workspaces(view.start_from, rows)
        # Second round: the configurations in use add GPU models and queues to the dropdowns.
        self._tasks.run("choices", choices(account_id),
                        functools.partial(self._choices_loaded, account_id))

    def _choices_loaded(self, account_id: str, found: Choices) -> None:
        view = self._form.view
        if account_id != view.account.value:
            return
        with self._tasks.quietly():
            add_choices(view.gpu_model, view.queue, found)

    def _images_loaded(self, framework: str, found: Images) -> None:
        self._state.images.update(found)
        if framework == self._form.view.framework.value:
            with self._tasks.quietly():
                self.show_images(framework)

    def _workspace_loaded(self, detail: WorkspaceDetail) -> None:
        """Edit mode: the workspace's name, description, account and configuration."""
        view = self._form.view
        self._state.detail = detail
        with self._tasks.quietly():
            view.name.value = detail.name
            view.description.value = detail.description or ""
            if detail.account_id and view.account.value is None:
                set_options(view.account, [(detail.account_id, detail.account_id)],
                            keep=detail.account_id)
        config = detail.configuration
        missing = self._state.missing_frameworks() if config is not None and config.image else []
        if missing:
            # Learn the other framework's images first, so the right framework is chosen.
            self._tasks.run("workspace", images(missing), self._prefill_edit)
        elif config is not None:
            self.fill_quietly(config)
        if view.account.value and self._state.workspaces_requested != view.account.value:
            self.load_account(view.account.value)

    def _prefill_edit(self, found: Images) -> None:
        self._state.images.update(found)
        detail = self._state.detail
        if detail is not None and detail.configuration is not None:
            self.fill_quietly(detail.configuration)
