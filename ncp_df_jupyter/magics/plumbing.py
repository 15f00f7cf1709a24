"""What every ``%df_*`` magic shares: the kernel's connection made from DataForestMagics'
settings, running work on the portal (blocking only the magic's own cell), and turning expected
failures into one line.

``DataForestMagics`` (the workspace magics, magics.py) owns the settings (its traitlets, so
``%config DataForestMagics.account = ...`` configures every magic) and one ``Plumbing``; the AI
app magics (apps.py) use the same ``Plumbing``, so both sets of magics share one connection.
"""

from __future__ import annotations

import concurrent.futures
import functools
import queue
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..core.errors import DataForestError, ValidationError
from ..core.plain_text import plain_text
from ..kernel.command_line import OptionError
from . import writes
from .lookup import Lookup
from .parsers import HelpShown

if TYPE_CHECKING:  # the client side is imported by the first magic that asks the service
    from ..core.caching import CachingClient
    from ..kernel.connection import Connection

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741  # an item a streaming magic shows as it comes
# (kind, client=Connection, account_id=str | None) -> the widget; kinds: "form", "browser",
# "monitor" (app=...).
WidgetOpener = Callable[..., Any]

# A read still running after this long gets a line saying what it waits for.
SLOW_NOTICE_SECONDS = 2.0
# How often a streaming magic's wait wakes to let Ctrl-C through (nothing is asked then).
_WAKE_SECONDS = 0.25


class Settings(Protocol):
    """The traits of DataForestMagics the connection is made from."""

    @property
    def endpoint(self) -> str | None: ...

    @property
    def profile(self) -> str | None: ...

    @property
    def account(self) -> str | None: ...

    @property
    def timeout(self) -> float | None: ...

    @property
    def cache_seconds(self) -> float | None: ...


def expected_errors(magic: Callable[..., Any]) -> Callable[..., Any]:
    """Expected failures become one line on stderr, several broken rules one line each (or
    are raised, if so configured)."""

    @functools.wraps(magic)
    def run(self: Any, line: str, cell: str | None = None) -> Any:
        try:
            return magic(self, line, cell)
        except HelpShown:
            return None
        except DataForestError as exc:
            if self.all_errors_are_fatal:
                raise
            prog = ("%%" if cell is not None else "%") + magic.__name__
            if isinstance(exc, OptionError):
                print(plain_text(exc), exc.usage, sep="\n", file=sys.stderr)
            elif isinstance(exc, ValidationError) and len(exc.problems) > 1:
                said = _sentences(exc)
                lead = (f"{len(said)} problems; nothing was sent:" if len(said) > 1 else
                        said[0])  # one field's rules, one wording: one problem
                print(f"{prog}: {plain_text(lead)}", *(f"  {plain_text(sentence)}"
                                                       for sentence in said[1:] and said),
                      sep="\n", file=sys.stderr)
            else:
                print(f"{prog}: {plain_text(exc)}", file=sys.stderr)
            return None

    return run


def _sentences(error: ValidationError) -> list[str]:
    """The broken rules' sentences, each once: two rules of one field worded by one x-message
    (a name's length and its pattern) are one problem to a person."""
    return list(dict.fromkeys(problem.sentence() for problem in error.problems))


def no_widgets(kind: str, **kwargs: Any) -> Any:
    raise RuntimeError("DataForestMagics was made without load(); it cannot open widgets.")


class Plumbing:
    """The magics' connection (made from ``settings`` when any is set, else the kernel's) and
    the ways a magic runs work on the portal."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.applied = False  # the settings in force are those the connection was made from
        self._made_connection = False  # the kernel's connection was made from these settings
        self.open_widget: WidgetOpener = no_widgets

    def connect_with_settings(self) -> Connection:
        from ..kernel import connection as kernel_connection

        settings = self.settings
        tuning: dict[str, Any] = {name: value for name, value in (
            ("timeout", settings.timeout), ("cache_seconds", settings.cache_seconds))
            if value is not None}
        connection = kernel_connection.connect(settings.endpoint, settings.profile, **tuning)
        self.applied = self._made_connection = True
        return connection

    def connection(self) -> Connection:
        """The kernel's shared connection (widgets use it too), made with these settings when
        any is set."""
        from ..kernel import connection

        if not self.applied:
            settings = self.settings
            if self._made_connection or any(value is not None for value in (
                    settings.endpoint, settings.profile, settings.timeout,
                    settings.cache_seconds)):
                return self.connect_with_settings()  # also when settings went back to None
            self.applied = True
        return connection.current()

    def run(self, work: Callable[[CachingClient], Awaitable[T]], waiting: str | None = None
            ) -> T:
        """Run ``work`` on the portal and wait (the cell blocks, the kernel's loop does not)."""
        future = self.connection().submit(work)
        try:
            done, _ = concurrent.futures.wait([future], timeout=SLOW_NOTICE_SECONDS)
            if not done and waiting:
                print(plain_text(f"{waiting}: still waiting for DataForest..."), flush=True)
            return future.result()
        except KeyboardInterrupt:
            future.cancel()
            raise

    def run_showing(self, work: Callable[[CachingClient, Callable[[I], None]], Awaitable[T]],
                    show: Callable[[I], None]) -> T:
        """Run ``work(cache, emit)`` on the portal and wait; each item it emits is shown with
        ``show`` here, in the magic's own thread, so what a magic prints while it waits lands
        in its own cell (never from the portal thread). KeyboardInterrupt, or an error of
        ``show``, stops the work."""
        items: queue.SimpleQueue[tuple[I]] = queue.SimpleQueue()
        future = self.connection().submit(lambda cache: work(cache, lambda i: items.put((i,))))
        try:
            while True:
                try:
                    (item,) = items.get(timeout=_WAKE_SECONDS)
                except queue.Empty:
                    if not future.done():
                        continue
                    while not items.empty():  # emitted just before the work ended
                        show(items.get()[0])
                    return future.result()
                show(item)
        except BaseException:
            future.cancel()
            raise

    def lookup(self) -> Lookup:
        return Lookup(self.run, self.settings.account)

    def write(self, doing: str, work: Callable[[CachingClient], Awaitable[T]]
              ) -> tuple[T, float]:
        """A change, announced once the client has checked it (writes.py)."""
        return writes.write(self.connection(), doing, work)

    def endpoint(self) -> str:
        return self.connection().client.endpoint
