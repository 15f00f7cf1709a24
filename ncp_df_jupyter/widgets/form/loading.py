"""Loading what the create form offers: accounts, workspaces, images and configurations.

The first round goes out at once and concurrently (accounts getList, the account's getList, the
framework's getDockerImageList); the second (getConfigurationList of every workspace, through
the cache's ``choices``) only adds GPU models and queues to the dropdowns. Results are applied on
the portal thread under the form's lock, and a result for something no longer selected (another
account, an older name, another "start from") is ignored.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Mapping
from typing import Any

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
)
from ...core.schema import rules
from ..background import BackgroundWidget
from ..fields import account_options, add_values, first_usable, set_options
from .view import NO_START, FormView


async def _image_choices(cache: CachingClient, frameworks: list[str]) -> dict[str, list[str]]:
    """The image lists of these frameworks (none asked: nothing read)."""
    return await cache.image_choices(frameworks) if frameworks else {}


class FormLoading(BackgroundWidget, FormView):
    """The requests of the form and how their answers fill it (no checking, no creating)."""

    workspace_id: str | None
    name_check_delay: float
    _accounts: list[Account] | None
    _workspaces_for: str | None
    _workspaces_requested: str | None
    _workspaces: list[Workspace]
    _images: dict[str, list[str]]
    _shown_images_for: str | None
    _names: dict[tuple[str, str], bool | None]
    _name_check: Any
    _detail: WorkspaceDetail | None

    def _revalidate(self) -> None:
        raise NotImplementedError

    def fill(self, configuration: Configuration | Mapping[str, Any]) -> None:
        """Put a configuration (object or API dict) into every field."""
        with self._lock:
            config = configuration if isinstance(configuration, Configuration) else (
                Configuration.from_api(configuration))
            with self._quietly():
                self.write_configuration(config, self._framework_of(config.image))
                self._show_images(self.framework.value, keep_value=True)
                self.remember_filled(config)
            self._revalidate()

    def _load_first_round(self, account_id: str | None, fresh: bool = False) -> None:
        framework = rules.frameworks()[0] if not hasattr(self, "framework") else (
            self.framework.value)

        async def accounts(cache: CachingClient) -> list[Account]:
            if fresh:
                cache.invalidate()  # on the portal loop, which owns the cache; submitted first
            return await cache.list_accounts()

        self._tasks.run("accounts", accounts, self._accounts_loaded)
        self._load_images(framework)
        if self.workspace_id is not None:
            workspace_id = self.workspace_id
            self._tasks.run("workspace", lambda c: c.get_workspace(workspace_id),
                            self._workspace_loaded)
        if account_id:
            self._load_account(account_id)

    def _accounts_loaded(self, accounts: list[Account]) -> None:
        self._accounts = accounts
        wanted = self.account.value
        if wanted is not None and wanted not in {a.id for a in accounts}:
            self.status.error(f"Account {wanted} is not one of the accounts this key can use "
                              f"({', '.join(a.name for a in accounts) or 'none'}); choose one.")
            wanted = None
        with self._quietly():
            set_options(self.account, account_options(accounts),
                        keep=wanted or first_usable(accounts))
        if not accounts:
            self.status.error("This key has no DataForest account; create one in the NAVER "
                              "Cloud console first.")
        elif self._workspaces_requested != self.account.value:
            self._load_account(self.account.value)
            self._check_name_later()

    def _load_account(self, account_id: str) -> None:
        self._workspaces_requested = account_id
        self._tasks.run("workspaces", lambda c: c.list_workspaces(account_id),
                        functools.partial(self._workspaces_loaded, account_id))

    def _workspaces_loaded(self, account_id: str, rows: list[Workspace]) -> None:
        if account_id != self.account.value:
            return  # the user picked another account meanwhile
        self._workspaces_for, self._workspaces = account_id, rows
        with self._quietly():
            set_options(self.start_from, [NO_START, *((w.name, w.id) for w in rows)],
                        keep=self.start_from.value)
        # Second round: the configurations in use add GPU models and queues to the dropdowns.
        self._tasks.run("choices", lambda c: c.choices(account_id),
                        functools.partial(self._choices_loaded, account_id))

    def _choices_loaded(self, account_id: str, choices: Choices) -> None:
        if account_id != self.account.value:
            return
        with self._quietly():
            add_values(self.gpu_model, choices.gpu_models)
            add_values(self.queue, choices.queues)

    def _load_images(self, framework: str) -> None:
        self._tasks.run("images", lambda c: c.image_choices([framework]),
                        functools.partial(self._images_loaded, framework))

    def _images_loaded(self, framework: str, images: dict[str, list[str]]) -> None:
        self._images.update(images)
        if framework == self.framework.value:
            with self._quietly():
                self._show_images(framework)

    def _show_images(self, framework: str, keep_value: bool = False) -> None:
        """Offer the framework's images; a picked (not typed) image follows the framework."""
        refs = self._images.get(framework)
        if refs is None:
            return
        previous = self._images.get(self._shown_images_for or "", [])
        self.image.options = refs
        self._shown_images_for = framework
        current = self.image.value.strip()
        if not keep_value and refs and (not current or current in previous) and (
                current not in refs):
            self.image.value = refs[0]

    def _framework_of(self, image: str | None) -> str | None:
        for framework, refs in self._images.items():
            if image and image in refs:
                return framework
        return None

    def _missing_frameworks(self) -> list[str]:
        """Frameworks whose images are not known yet: a loaded configuration's image tells its
        framework only once every list is known."""
        return [f for f in rules.frameworks() if f not in self._images]

    def _start_from(self, workspace_id: str) -> None:
        missing = self._missing_frameworks()

        async def work(cache: CachingClient) -> tuple[list[ConfigurationEntry],
                                                      dict[str, list[str]]]:
            entries, images = await asyncio.gather(cache.get_configurations(workspace_id),
                                                   _image_choices(cache, missing))
            return entries, images

        def apply(result: tuple[list[ConfigurationEntry], dict[str, list[str]]]) -> None:
            entries, images = result
            self._images.update(images)
            current = current_configuration(entries)
            if self.start_from.value != workspace_id or current is None:
                return
            self.fill(current)
            self.status.show("info", f"Loaded the configuration of {self.start_from.label}.")

        self._tasks.run("start from", work, apply)

    # -- edit mode --------------------------------------------------------------------------------

    def _enter_edit_mode(self) -> None:
        self.create_button.description = "Save configuration"
        self.create_button.icon = "save"
        for widget in (self.account, self.name, self.description):
            widget.disabled = True
        self.name.placeholder = "loading..."

    def _workspace_loaded(self, detail: WorkspaceDetail) -> None:
        self._detail = detail
        with self._quietly():
            self.name.value = detail.name
            self.description.value = detail.description or ""
            if detail.account_id and self.account.value is None:
                set_options(self.account, [(detail.account_id, detail.account_id)],
                            keep=detail.account_id)
        config = detail.configuration
        missing = self._missing_frameworks() if config is not None and config.image else []
        if missing:
            # Learn the other framework's images first, so the right framework is chosen.
            self._tasks.run("workspace", lambda c: c.image_choices(missing), self._prefill_edit)
        elif config is not None:
            self.fill(config)
        if self.account.value and self._workspaces_requested != self.account.value:
            self._load_account(self.account.value)

    def _prefill_edit(self, images: dict[str, list[str]]) -> None:
        self._images.update(images)
        if self._detail is not None and self._detail.configuration is not None:
            self.fill(self._detail.configuration)

    def _check_name_later(self) -> None:
        """Debounced checkAvailableName for the current name (superseding an older one)."""
        if self._name_check is not None:
            self._name_check.cancel()
            self._name_check = None
        account, name = self.account.value, self.name.value.strip()
        if (self.workspace_id is not None or not account or (account, name) in self._names
                or rules.problems("workspaceName", name)):
            return
        delay = self.name_check_delay

        async def work(cache: CachingClient) -> bool:
            await asyncio.sleep(delay)
            return await cache.check_available_name(account, name)

        def failed(error: DataForestError) -> None:
            self._names[(account, name)] = None  # unknown: the create will find out
            if (account, name) == (self.account.value, self.name.value.strip()):
                self.status.error(error)

        self._name_check = self._tasks.run(
            "name check", work, lambda free: self._names.__setitem__((account, name), free),
            on_error=failed)
