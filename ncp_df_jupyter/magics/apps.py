"""The AI app magics: ``%df_submit``, ``%df_apps``, ``%df_app``, ``%df_logs``, ``%df_wait``,
``%df_kill``. APP is an app id, its name or its YARN id (core ``find_app``).

They share DataForestMagics' settings and connection (plumbing.py) and its conventions: one
line for an expected failure, values that show themselves (kernel/app_display.py), ``-h``.
Waiting and following use the core's ``wait_app`` and ``follow_log`` on the portal; what they
see is printed from the magic's own thread, so it lands in its own cell. Nothing here polls.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Any, Protocol

from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class

from ..core.apps import default_name_prefix
from ..core.dry_run import DryRun
from ..core.merge import deep_merge
from ..core.models import App, AppDetail, Configuration
from ..core.plain_text import plain_text
from ..core.request_bodies import SUBMIT_CONFIGURATION_FIELDS
from ..core.schema import rules
from ..core.schema.rules import Problem
from ..core.times import newest_first
from ..kernel import command_line
from ..kernel.app_display import AppLog, AppTable, change_line, elapsed_text, state_text
from ..kernel.i18n import _
from ..kernel.magic_code import magic_line
from . import cells
from .parsers import app_parsers, document, parse
from .plumbing import Plumbing, expected_errors

if TYPE_CHECKING:
    from ..core.app_follow import LogUpdate
    from ..core.caching import CachingClient
    from .lookup import Lookup


class SharedSettings(Protocol):
    """What the app magics take from DataForestMagics."""

    all_errors_are_fatal: bool
    plumbing: Plumbing


def _say(sentence: str, **values: Any) -> None:
    """Print one of our (translated) sentences, the service's values in it as plain text."""
    print(sentence.format(**{k: plain_text(v) for k, v in values.items()}), flush=True)


def _ended(app: App) -> str:
    return _("App {app} ended {state} after {elapsed}.").format(
        app=plain_text(app.label), state=plain_text(state_text(app)),
        elapsed=elapsed_text(app.elapsed_ms_at()) or "?")


@magics_class
class AppMagics(Magics):
    """``%df_submit`` and the other AI app magics; configured through DataForestMagics."""

    def __init__(self, shell: Any = None, *, settings: SharedSettings) -> None:
        super().__init__(shell=shell)
        self._settings = settings

    @property
    def all_errors_are_fatal(self) -> bool:
        return self._settings.all_errors_are_fatal

    @property
    def plumbing(self) -> Plumbing:
        return self._settings.plumbing

    def _app(self, magic: str, app: str, account: str | None) -> AppDetail:
        lookup = self.plumbing.lookup()
        return lookup.app(app, lambda: lookup.account(account, magic))

    # -- submit -----------------------------------------------------------------------------------

    @line_cell_magic
    @expected_errors
    def df_submit(self, line: str, cell: str | None = None) -> AppDetail | DryRun | None:
        """Run an AI app from a workspace and return it (``app = %df_submit WS ...``): the
        workspace's configuration, with the line's options (and, as a cell magic, the cell's
        YAML or JSON overrides) laid over it for this run only. Without --wait it returns at
        once and shows a live run monitor; with --wait it prints each change of state and
        returns the app once it has ended."""
        opts = command_line.SubmitOptions(**vars(parse("df_submit", line)))
        found = _line_problems(opts)  # every problem of the line at once, before any request
        if found:
            raise rules.refusal(found)
        content = cells.read_submit_cell(cell) if cell is not None else None
        lookup = self.plumbing.lookup()
        target = lookup.workspace(opts.name or "", lambda: lookup.account(opts.account,
                                                                          "df_submit"))
        if content is not None:
            cells.agree_with_line("aiWorkspaceId", content.workspace_id, target.id)
        prefix = (opts.name_prefix or (content.name_prefix if content else None)
                  or default_name_prefix(target.name))
        if opts.framework is not None and opts.image is None:
            opts.image = lookup.first_image(opts.framework)
        overrides = deep_merge(content.overrides if content else {},
                               command_line.submit_overrides(opts)) or None
        run = self.plumbing.run
        if opts.dry_run:
            return run(lambda c: c.dry_run_submit(target.id, prefix, overrides),
                       f"Reading workspace {target.name}")
        # Checked first (the core's rules), so a refusal comes before the "Submitting" line.
        body = run(lambda c: c.submit_request(target.id, prefix, overrides),
                   f"Reading workspace {target.name}")
        doing = _("Submitting an app from workspace {workspace} ({what})").format(
            workspace=repr(target.name), what=_described(body))
        app, seconds = self.plumbing.write(
            doing, lambda c: c.submit_app(target.id, prefix, overrides))
        _say(_("Submitted app {name} (id {id}) in {seconds} s."), name=repr(app.name or ""),
             id=app.id, seconds=f"{seconds:.1f}")
        if opts.wait:
            return self._wait(app, opts.timeout)
        self._show_monitor(app)
        return app

    def _show_monitor(self, app: AppDetail) -> None:
        from IPython.display import display

        display(self.plumbing.open_widget("monitor", app=app,  # type: ignore[no-untyped-call]
                                          client=self.plumbing.connection()))

    def _wait(self, app: App, timeout: float | None) -> AppDetail:
        """Wait for ``app`` on the portal, printing each change here; its final detail."""

        async def work(cache: CachingClient, emit: Any) -> AppDetail:
            return await cache.wait_app(app.id, timeout, on_change=emit)

        def show(detail: AppDetail) -> None:
            print(plain_text(change_line(detail)), flush=True)

        try:
            final = self.plumbing.run_showing(work, show)
        except KeyboardInterrupt:
            _stopped_waiting(app)
            raise
        print(_ended(final), flush=True)
        # A detail names no workspace (the submit answer and list rows do).
        return dataclasses.replace(final, workspace_name=final.workspace_name or
                                   app.workspace_name)

    # -- reading ----------------------------------------------------------------------------------

    @line_magic
    @expected_errors
    def df_apps(self, line: str, cell: None = None) -> AppTable:
        """The account's AI apps as a table, newest first (a list of App); --workspace: those
        run from one workspace; --running: those not ended yet."""
        args = parse("df_apps", line)
        lookup: Lookup = self.plumbing.lookup()
        account = lookup.account(args.account, "df_apps")
        workspace_id, where = None, _("account {account}").format(account=account.name)
        if args.workspace:
            workspace = lookup.workspace(args.workspace, lambda: account)
            workspace_id = workspace.id
            where = _("workspace {workspace} (account {account})").format(
                workspace=workspace.name, account=account.name)
        rows = self.plumbing.run(lambda c: c.list_apps(account.id, workspace_id),
                                 f"Reading the apps of {where}")
        rows = newest_first(rows, created=lambda app: app.started_at)
        if args.running:
            rows = [app for app in rows if not app.is_finished]
        return AppTable(rows, where, running_only=args.running)

    @line_magic
    @expected_errors
    def df_app(self, line: str, cell: None = None) -> AppDetail:
        """One AI app with its containers and their log links (an AppDetail)."""
        args = parse("df_app", line)
        return self._app("df_app", args.app, args.account)

    @line_magic
    @expected_errors
    def df_logs(self, line: str, cell: None = None) -> AppLog | None:
        """The log of an app's container (the first unless --container) as text; --follow
        prints it as it grows until the app ends (and returns nothing)."""
        args = parse("df_logs", line)
        detail = self._app("df_logs", args.app, args.account)
        container = detail.log_container(args.container)  # checks --container when it can
        if args.follow:
            self._follow(detail, args.container)
            return None
        if container is None:
            _say(_("App {app} has no containers yet ({state}); its log starts when it runs "
                   "(--follow waits for it)."), app=detail.label, state=state_text(detail))
            return None
        text = self.plumbing.run(lambda c: c.app_log(container),
                                 f"Reading the log of {container.name}")
        return AppLog(text)

    def _follow(self, detail: AppDetail, container: str | None) -> None:
        if not detail.containers and not detail.is_finished:
            _say(_("Waiting for app {app} to start ({state})..."), app=detail.label,
                 state=state_text(detail))

        async def work(cache: CachingClient, emit: Any) -> LogUpdate | None:
            last = None
            async for last in cache.follow_log(detail.id, container):
                emit(last)
                if last.error is not None:
                    break  # the log cannot be read: say so rather than wait in silence
            return last

        def show(update: LogUpdate) -> None:
            if update.added:
                print(update.added, end="" if update.added.endswith("\n") else "\n",
                      flush=True)  # printable already (core/app_logs.py)

        try:
            last = self.plumbing.run_showing(work, show)
        except KeyboardInterrupt:
            _stopped_waiting(detail)
            raise
        if last is not None and last.error is not None:
            raise last.error
        if last is not None:
            print(_ended(last.app), flush=True)

    @line_magic
    @expected_errors
    def df_wait(self, line: str, cell: None = None) -> AppDetail:
        """Wait for an app to end, printing each change of state; returns its final detail
        (--timeout: give up waiting after that long; the app goes on)."""
        args = parse("df_wait", line)
        detail = self._app("df_wait", args.app, args.account)
        if detail.is_finished:
            print(_ended(detail), flush=True)
            return detail
        return self._wait(detail, args.timeout)

    # -- kill -------------------------------------------------------------------------------------

    @line_magic
    @expected_errors
    def df_kill(self, line: str, cell: None = None) -> AppDetail | None:
        """Kill an app, only when --yes is given; without it, say what would be killed. Returns
        the app as it is after the kill."""
        args = parse("df_kill", line)
        detail = self._app("df_kill", args.app, args.account)
        if detail.is_finished:
            _say(_("App {app} has already ended ({state}); there is nothing to kill."),
                 app=detail.label, state=state_text(detail))
            return detail
        what = _("app {app} ({state})").format(app=detail.label, state=state_text(detail))
        if not args.yes:
            again = magic_line("df_kill", [args.app, *(
                ["--account", args.account] if args.account else []), "--yes"])
            _say(_("Would kill {what}. Nothing was killed; to kill it, run:"), what=what)
            print(again or magic_line("df_kill", [detail.id, "--yes"]) or
                  "%df_kill with its id and --yes")
            return None
        _none, seconds = self.plumbing.write(_("Killing {what}").format(what=what),
                                         lambda c: c.kill_app(detail.id))
        after = self.plumbing.run(lambda c: c.get_app(detail.id), f"Reading app {detail.id}")
        _say(_("Killed app {app} in {seconds} s; it is {state} now."), app=detail.label,
             seconds=f"{seconds:.1f}", state=state_text(after))
        return after


document(AppMagics, app_parsers())


def _line_problems(opts: command_line.SubmitOptions) -> list[Problem]:
    """The broken rules of what the line gives (its name prefix and its overrides), checked
    against the submit request's rules; what the workspace adds is checked by the core once the
    request is put together (a field a submit does not carry, too: the core names it)."""
    given = {key: value for key, value in command_line.submit_overrides(opts).items()
             if key in SUBMIT_CONFIGURATION_FIELDS}
    if opts.name_prefix is not None:
        given["namePrefix"] = opts.name_prefix
    return [p for p in rules.problems("appSubmitRequest", given) if not p.missing]


def _described(body: dict[str, Any]) -> str:
    """"T4 x 2, tensorflow:2.15.0-gpu": what a submit body runs on."""
    config = Configuration.from_api({key: body.get(key) for key in ("docker", "resource")})
    return ", ".join(part for part in (config.gpus, config.docker.image) if part)


def _stopped_waiting(app: App) -> None:
    again = magic_line("df_wait", [app.id]) or "%df_wait"
    stop = magic_line("df_kill", [app.id, "--yes"]) or "%df_kill"
    print(plain_text(_("Stopped waiting; app {app} goes on ({again} waits again, {stop} "
                       "stops it).").format(app=app.label, again=again, stop=stop)),
          file=sys.stderr)


__all__ = ["AppMagics"]
