"""IPython magics: DataForest AI workspaces in one line (``%load_ext ncp_df_jupyter``).

Each magic reads its line with the shared parser (``options``), asks the core through the
kernel's connection (``plumbing``: requests run on the portal thread, so the kernel's own event
loop is never nested or patched) and returns a value that shows itself (``display``). The AI app
magics (``%df_submit``, ``%df_apps``...) are in apps.py, on the same settings and connection.

Expected failures (DataForestError: bad options, broken rules, credentials, API errors, timeouts)
print one line on stderr, a bad option also its usage line, several broken rules one line each
(all of them at once, before anything is sent); ``all_errors_are_fatal`` raises them instead
(papermill, CI). Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class
from traitlets import Bool, Float, Unicode, observe

from ..core import request_bodies
from ..core.dry_run import DryRun
from ..core.errors import DataForestError, ValidationError
from ..core.models import Account, Configuration, Workspace, WorkspaceDetail
from ..core.plain_text import plain_text
from ..core.schema import rules
from ..core.schema.rules import Problem
from ..core.times import newest_first
from ..kernel import app_display, command_line, display
from ..kernel.command_line import OptionError
from ..kernel.magic_code import magic_line
from ..kernel.suggestions import closest, did_you_mean
from . import cells
from .apps import AppMagics
from .lookup import Lookup
from .parsers import document, parse, parse_configuration_options, usage
from .plumbing import Plumbing, WidgetOpener, expected_errors

if TYPE_CHECKING:  # the client side is imported by the first magic that asks the service
    from ..core.caching import CachingClient
    from ..kernel.connection import Connection

T = TypeVar("T")


def _required(magic: str, argument: str, on_line: str | None, in_cell: str | None) -> str:
    """The line's NAME / WS, else the one the cell's request names (a pasted --dry-run body)."""
    value = on_line or in_cell
    if not value:
        raise OptionError(f"%{magic}: the following arguments are required: {argument}.",
                          usage(magic))
    return value


def _line_problems(opts: command_line.CreateOptions, name: str | None, *, complete: bool
                   ) -> list[Problem]:
    """Every broken rule of what the line (and the cell's name) says, before any request.

    ``complete``: nothing else adds to the configuration (no --from, no cell), so a missing
    field is a problem too; otherwise only what the line gives is checked here, and the whole
    request is checked by the client once it is put together."""
    found = rules.problems("workspaceName", name, "name") if name is not None else []
    config = command_line.apply_options(opts)
    found += rules.problems("configuration", config.to_api(), "configuration")
    if opts.description is not None:
        found += rules.problems("description", opts.description, "description")
    image_later = opts.framework is not None and opts.image is None  # the framework's first
    return [p for p in found if not p.missing or (
        complete and not (image_later and p.path.startswith("configuration.docker.image")))]


def _refuse_if_any(found: list[Problem]) -> None:
    if found:
        raise rules.refusal(found)


def _describe(config: Configuration) -> str:
    return ", ".join(part for part in (config.gpus, config.docker.image) if part)


@magics_class
class DataForestMagics(Magics):
    """``%df_*`` magics. Configure with ``c.DataForestMagics.<trait>`` or ``%config``."""

    all_errors_are_fatal = Bool(False, help=(
        "Raise expected errors (bad options, API errors...) instead of printing one line, so "
        "that papermill and CI runs stop at the failing cell.")).tag(config=True)
    endpoint = Unicode(None, allow_none=True, help=(
        "DataForest API URL (default: $NCP_DF_ENDPOINT, else the public endpoint)."
    )).tag(config=True)
    profile = Unicode(None, allow_none=True, help=(
        "Profile of ~/.ncloud/configure to sign with (default: environment variables, then "
        "$NCLOUD_PROFILE, then DEFAULT).")).tag(config=True)
    account = Unicode(None, allow_none=True, help=(
        "Account id or name used when a magic gets no --account.")).tag(config=True)
    timeout = Float(None, allow_none=True, help=(
        "Seconds one DataForest call may take in all, retries included (default: the "
        "client's).")).tag(config=True)
    cache_seconds = Float(None, allow_none=True, help=(
        "Seconds a read (lists, details) is reused by the magics and widgets of this kernel "
        "(default: the session's).")).tag(config=True)

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        self.plumbing = Plumbing(self)  # shared with the AI app magics (apps.py)

    @observe("endpoint", "profile", "timeout", "cache_seconds")
    def _settings_changed(self, change: Any) -> None:
        plumbing = getattr(self, "plumbing", None)  # None while configured in __init__
        if plumbing is not None:
            plumbing.applied = False  # the next magic connects with the new settings

    # -- plumbing (plumbing.py) ---------------------------------------------------------------

    @property
    def open_widget(self) -> WidgetOpener:
        return self.plumbing.open_widget

    def _connect_with_settings(self) -> Connection:
        return self.plumbing.connect_with_settings()

    def _connection(self) -> Connection:
        return self.plumbing.connection()

    def _run(self, work: Callable[[CachingClient], Awaitable[T]], waiting: str | None = None
             ) -> T:
        return self.plumbing.run(work, waiting)

    @property
    def _lookup(self) -> Lookup:
        return self.plumbing.lookup()

    def _write(self, doing: str, work: Callable[[CachingClient], Awaitable[T]]) -> tuple[T, float]:
        return self.plumbing.write(doing, work)

    def _image_for(self, opts: command_line.CreateOptions, config: Configuration) -> None:
        """--framework without --image: the first image DataForest lists for it."""
        if opts.framework is not None and opts.image is None:
            config.docker.image = self._lookup.first_image(opts.framework)

    def _endpoint(self) -> str:
        return self.plumbing.endpoint()

    def _note_gpu_model(self, model: str | None, account_id: str | None) -> None:
        """Say so (without refusing: the pages do not list every model) when a GPU model given
        is neither documented nor in use in the account, with the closest one that is."""
        if model is None or model in rules.documented_gpu_models():
            return
        known = rules.documented_gpu_models()
        if account_id is not None:  # only asked for a model the documentation does not list
            known = self._run(lambda c: c.choices(account_id),
                              "Reading the GPU models in use").gpu_models
        if model in known:
            return
        meant = did_you_mean([repr(m) for m in closest(model, known, limit=2)])
        print(plain_text(f"Note: GPU model {model!r} is not one DataForest lists "
                         f"({', '.join(known)}){meant}; the service may refuse it."),
              file=sys.stderr)

    # -- the magics ---------------------------------------------------------------------------

    @line_cell_magic
    @expected_errors
    def df_create(self, line: str, cell: str | None = None) -> WorkspaceDetail | DryRun | None:
        """Create a workspace and return it (``ws = %df_create NAME ...``). As a cell magic, the
        cell holds the configuration (YAML or JSON, the API's shape); line options override it.
        --from copies another workspace's configuration first."""
        opts = parse_configuration_options("df_create", line)
        content = cells.read_configuration(cell, "create") if cell is not None else None
        name = _required("df_create", "NAME", opts.name, content.name if content else None)
        # Every problem of the line at once, before any request.
        _refuse_if_any(_line_problems(opts, name, complete=not opts.from_workspace and (
            content is None)))
        if content is not None:
            cells.agree_with_line("name", content.name, name)
        lookup = self._lookup
        account = lookup.account(opts.account or (content.account if content else None),
                                 "df_create")
        base = None
        if opts.from_workspace:
            base = lookup.configuration_of(lookup.workspace(opts.from_workspace, lambda: account))
        if content is not None:
            base = cells.merge_configuration(base, content.configuration)
        config = command_line.apply_options(opts, base)
        self._image_for(opts, config)
        self._note_gpu_model(opts.gpu_model, account.id)
        description = opts.description
        if description is None and content is not None:
            description = content.description
        if opts.dry_run:  # checked as the client would, but not sent
            body = request_bodies.create_request(account.id, name, config, description)
            return DryRun.checked("create", self._endpoint(), body, config.extra_paths())
        created, seconds = self._write(
            f"Creating workspace {name!r} in account {account.name} ({_describe(config)})",
            lambda c: c.create_workspace(account.id, name, config, description))
        print(plain_text(f"Created workspace {name!r} (id {created.id}) in {seconds:.1f} s."))
        return dataclasses.replace(created, account_name=account.name)

    @line_cell_magic
    @expected_errors
    def df_set_config(self, line: str, cell: str | None = None
                      ) -> display.ConfigurationChange | DryRun | None:
        """Change a workspace's configuration; the result shows what changed (its
        ``.configuration`` is the new configuration). The line form changes only
        the given options (with --replace: the configuration becomes exactly the options); the
        cell form replaces the whole configuration with the cell's (YAML or JSON), line options
        overriding it."""
        opts = parse_configuration_options("df_set_config", line)
        content = cells.read_configuration(cell, "setConfiguration") if cell is not None else None
        opts.name = _required("df_set_config", "WS", opts.name,
                              content.workspace_id if content else None)
        _refuse_if_any(_line_problems(opts, None, complete=False))  # before any request
        lookup = self._lookup
        account = functools.cache(lambda: lookup.account(opts.account, "df_set_config"))
        target = lookup.workspace(opts.name or "", account)
        stored = functools.cache(lambda: lookup.configuration_of(target))
        base: Configuration | None
        if content is not None:
            cells.agree_with_line("id", content.workspace_id, target.id)
            base = cells.merge_configuration(None, content.configuration, stored=stored)
        elif opts.replace:
            base = None
        elif command_line.apply_options(opts) == Configuration() and opts.framework is None:
            raise OptionError("%df_set_config: nothing to change; give options such as "
                              "--gpu-count 2, or the whole configuration in a %%df_set_config "
                              "cell.", usage("df_set_config"))
        else:
            base = stored()
        config = command_line.apply_options(opts, base)
        self._image_for(opts, config)
        self._note_gpu_model(opts.gpu_model, getattr(target, "account_id", None) or (
            account().id if account.cache_info().currsize else None))
        if opts.dry_run:
            return DryRun.checked("setConfiguration", self._endpoint(),
                                  request_bodies.set_configuration_request(target.id, config),
                                  config.extra_paths())
        before = base if cell is None and not opts.replace else stored()
        _, seconds = self._write(
            f"Changing the configuration of {target.name!r} ({_describe(config)})",
            lambda c: c.set_configuration(target.id, config))
        print(plain_text(f"Changed the configuration of {target.name!r} in {seconds:.1f} s."))
        return display.ConfigurationChange(target.name, before, config)

    @line_magic
    @expected_errors
    def df_list(self, line: str, cell: None = None) -> display.WorkspaceTable:
        """The account's workspaces as a table, newest first; a list of WorkspaceSummary."""
        args = parse("df_list", line)
        account = self._lookup.account(args.account, "df_list")
        rows = self._run(lambda c: c.describe_workspaces(account.id),
                         f"Reading the workspaces of {account.name}")
        return display.WorkspaceTable(newest_first(rows), account)

    @line_magic
    @expected_errors
    def df_show(self, line: str, cell: None = None) -> Workspace | WorkspaceDetail:
        """One workspace with its configuration (a WorkspaceDetail)."""
        args = parse("df_show", line)
        lookup = self._lookup
        return lookup.workspace(args.ws, lambda: lookup.account(args.account, "df_show"),
                                detail=True)

    @line_magic
    @expected_errors
    def df_config(self, line: str, cell: None = None) -> Configuration:
        """A workspace's configuration, shown as YAML you can paste into ``%%df_set_config``."""
        args = parse("df_config", line)
        lookup = self._lookup
        return lookup.configuration_of(
            lookup.workspace(args.ws, lambda: lookup.account(args.account, "df_config")))

    @line_magic
    @expected_errors
    def df_delete(self, line: str, cell: None = None) -> None:
        """Delete a workspace, only when --yes is given; without it, say what would go."""
        args = parse("df_delete", line)
        lookup = self._lookup
        target = lookup.workspace(args.ws, lambda: lookup.account(args.account, "df_delete"))
        where = f", account {target.account_name}" if target.account_name else ""
        what = f"workspace {target.name!r} (id {target.id}{where})"
        if not args.yes:
            again = magic_line("df_delete", [args.ws, *(
                ["--account", args.account] if args.account else []), "--yes"])
            print(plain_text(f"Would delete {what}. Nothing was deleted; to delete it, run:"))
            print(again or magic_line("df_delete", [target.id, "--yes"]) or
                  "%df_delete with its id and --yes")
            return None
        _, seconds = self._write(f"Deleting {what}", lambda c: c.delete_workspace(target.id))
        print(plain_text(f"Deleted workspace {target.name!r} in {seconds:.1f} s."))
        return None

    @line_magic
    @expected_errors
    def df_images(self, line: str, cell: None = None) -> display.ImageTable:
        """Docker images DataForest offers (a list of name:tag), per framework."""
        args = parse("df_images", line)
        frameworks = [args.framework] if args.framework else None  # None: every framework
        return display.ImageTable(self._run(lambda c: c.image_choices(frameworks),
                                            "Reading the image lists"))

    @line_magic
    @expected_errors
    def df_accounts(self, line: str, cell: None = None) -> display.AccountTable:
        """The DataForest accounts of this key (a list of Account); "(default)" marks the one
        used when a magic gets no --account."""
        parse("df_accounts", line)
        lookup = self._lookup
        accounts = lookup.accounts()
        return display.AccountTable(accounts, lookup.usual_account(accounts))

    @line_magic
    @expected_errors
    def df_check(self, line: str, cell: None = None) -> bool:
        """Whether NAME is a valid workspace name that is still free in the account."""
        args = parse("df_check", line)
        rules.check("workspaceName", args.name, "name")
        account = self._lookup.account(args.account, "df_check")
        free = self._run(lambda c: c.check_available_name(account.id, args.name),
                         "Checking the name")
        state = "free" if free else "already used"
        advice = "" if free else "; choose another name"
        print(plain_text(f"{args.name!r} is {state} in account {account.name}{advice}."))
        return free

    @line_magic
    @expected_errors
    def df_form(self, line: str, cell: None = None) -> Any:
        """The create-workspace form (its ``to_magic()`` gives the equivalent %df_create)."""
        args = parse("df_form", line)
        return self.open_widget("form", client=self._connection(),
                                account_id=self._chosen_account_id(args.account, "df_form"))

    @line_magic
    @expected_errors
    def df_browse(self, line: str, cell: None = None) -> Any:
        """The workspace browser."""
        args = parse("df_browse", line)
        return self.open_widget("browser", client=self._connection(),
                                account_id=self._chosen_account_id(args.account, "df_browse"))

    @line_magic
    @expected_errors
    def df_profile(self, line: str, cell: None = None) -> display.ConnectionInfo:
        """Sign with another profile of ~/.ncloud/configure (checked at once); without NAME, show
        the endpoint and key in use (the access key partly masked, the secret never)."""
        args = parse("df_profile", line)
        if args.name is None:
            return self._info(self._connection())
        return self._switch(profile=args.name)

    @line_magic
    @expected_errors
    def df_connect(self, line: str, cell: None = None) -> display.ConnectionInfo:
        """Connect this kernel (magics and widgets) to an endpoint with a profile's keys, and
        check them by reading the accounts."""
        args = parse("df_connect", line)
        changes = {"endpoint": args.endpoint, "profile": args.profile, "account": args.account}
        try:
            return self._switch(**{name: value for name, value in changes.items()
                                   if value is not None})
        except ValidationError as exc:
            if args.endpoint is None or exc.field != "endpoint":
                raise
            # The core checked the URL; say it about the option that gave it.
            raise OptionError(f"%df_connect: --endpoint {exc.rule} (got {args.endpoint!r}).",
                              usage("df_connect"), "--endpoint") from None

    # -- helpers of the last magics -----------------------------------------------------------

    def _chosen_account_id(self, given: str | None, magic: str) -> str | None:
        """The widgets get an account only when one was named; otherwise they offer a choice."""
        return self._lookup.account(given, magic).id if (given or self.account) else None

    def _switch(self, **settings: str) -> display.ConnectionInfo:
        """Connect with ``settings`` changed and check them; a failure changes nothing."""
        previous = {name: getattr(self, name) for name in settings}
        for name, value in settings.items():
            setattr(self, name, value)
        try:
            connection = self._connect_with_settings()
            accounts = self._run(lambda c: c.list_accounts(), "Checking the credentials")
            if self.account:
                self._lookup.account(None, "df_connect")  # the default account must exist
        except DataForestError:
            for name, value in previous.items():
                setattr(self, name, value)  # the next magic reconnects as before
            self.plumbing.applied = False
            raise
        return self._info(connection, accounts)

    def _info(self, connection: Connection, accounts: list[Account] | None = None
              ) -> display.ConnectionInfo:
        client = connection.client.aio
        usual = self._lookup.usual_account(accounts) if accounts is not None else None
        return display.ConnectionInfo(client.endpoint, client.credentials.masked_access_key,
                                      client.credentials.source, self.profile, accounts,
                                      usual.name if usual else self.account)


document(DataForestMagics)


def load(shell: Any, open_widget: WidgetOpener) -> None:
    """Register the magics (the workspace ones and the AI app ones, sharing one connection)
    and the display of workspaces, configurations and apps. ``open_widget`` makes the widgets
    %df_form, %df_browse and %df_submit show (given by the package: no face imports
    another)."""
    magics = DataForestMagics(shell=shell)
    magics.plumbing.open_widget = open_widget
    shell.register_magics(magics)
    shell.register_magics(AppMagics(shell=shell, settings=magics))
    display.register_formatters(shell)
    app_display.register_formatters(shell)


def unload(shell: Any) -> None:
    """Undo :func:`load` (``%unload_ext`` / ``%reload_ext``)."""
    manager = shell.magics_manager
    for cls in (DataForestMagics, AppMagics):
        instance = manager.registry.pop(cls.__name__, None)
        for kind, names in cls.magics.items():
            for name in names:
                manager.magics[kind].pop(name, None)
        if instance is not None and instance in getattr(shell, "configurables", []):
            shell.configurables.remove(instance)
    display.unregister_formatters(shell)
    app_display.unregister_formatters(shell)
