"""What the client reported during a chaos run, and the check of the emulator's final state
against it.

Every workspace the run tried to create is followed from what the client said:
- ``certain``: the client answered with success (create/delete/setConfiguration), so the state
  must match exactly;
- ``unknown``: a call failed in a way that may or may not have changed the service (a timeout, a
  dropped connection, a 5xx, or a refusal that followed such an attempt). Then the state may
  hold either outcome, and nothing else.

AI apps are followed the same way, one name prefix per submit: an app the client reported is
there once with that id, a refused submit left none, an unknown one left one or none, never
two; an app reported killed is KILLED, one never killed is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ncp_df_jupyter.core.errors import DataForestError
from ncp_df_jupyter.core.protocol import APP_FINISHED_STATES


@dataclass
class Tracked:
    """One workspace as the client reported it."""

    name: str
    id: str | None = None  # known once a create reported success
    exists: bool | None = None  # None: unknown
    # Configurations it may hold now: one when certain, several after an unknown outcome.
    configurations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class TrackedApp:
    """One submitted AI app as the client reported it."""

    prefix: str
    workspace: str
    id: str | None = None
    exists: bool | None = None  # None: unknown (the submit failed after it may have been sent)
    killed: bool | None = False  # None: a kill was tried and its outcome is unknown


@dataclass
class Failure:
    call: str  # the client method
    operation: str  # the API operation the error should name ("a|b": either)
    error: BaseException


@dataclass
class Ledger:
    tracked: dict[str, Tracked] = field(default_factory=dict)
    apps: dict[str, TrackedApp] = field(default_factory=dict)  # by name prefix
    failures: list[Failure] = field(default_factory=list)
    successes: dict[str, int] = field(default_factory=dict)

    def succeeded(self, call: str) -> None:
        self.successes[call] = self.successes.get(call, 0) + 1

    def failed(self, call: str, operation: str, error: BaseException) -> None:
        self.failures.append(Failure(call, operation, error))

    # -- the check ---------------------------------------------------------------------------------

    def problems_with(self, state_workspaces: list[dict[str, Any]]) -> list[str]:
        """Every way the final state disagrees with what the client reported (empty: none)."""
        found: list[str] = []
        by_name: dict[str, list[dict[str, Any]]] = {}
        for row in state_workspaces:
            by_name.setdefault(row["name"], []).append(row)
        duplicates = {name: len(rows) for name, rows in by_name.items() if len(rows) > 1}
        if duplicates:
            found.append(f"duplicated workspaces: {duplicates}")
        reported_ids = [t.id for t in self.tracked.values() if t.id]
        if len(reported_ids) != len(set(reported_ids)):
            found.append("the client reported one id for two creates")

        for name in by_name:
            if name not in self.tracked:
                found.append(f"workspace {name!r} exists but was never created by the run")
        for name, tracked in self.tracked.items():
            rows = by_name.get(name, [])
            row = rows[0] if rows else None
            if tracked.exists is True and row is None:
                found.append(f"lost: {name!r} (id {tracked.id}) was reported created")
            if tracked.exists is False and row is not None:
                found.append(f"{name!r} exists (id {row['id']}) but the client reported it "
                             "deleted or never created")
            if row is None:
                continue
            if tracked.id is not None and row["id"] != tracked.id:
                found.append(f"{name!r} has id {row['id']} but the client reported "
                             f"{tracked.id}")
            if tracked.configurations and row["configuration"] not in tracked.configurations:
                found.append(f"{name!r} holds a configuration the client never reported: "
                             f"{row['configuration']}")
        return found


def app_problems(ledger: Ledger, state_apps: list[dict[str, Any]]) -> list[str]:
    """Every way the emulator's apps disagree with what the client reported (empty: none)."""
    found: list[str] = []
    by_prefix: dict[str, list[dict[str, Any]]] = {}
    for row in state_apps:
        by_prefix.setdefault(row["name"].rsplit("-", 1)[0], []).append(row)
    for prefix, rows in by_prefix.items():
        tracked = ledger.apps.get(prefix)
        if tracked is None:
            found.append(f"app {prefix!r} exists but was never submitted by the run")
        elif len(rows) > 1:
            found.append(f"submitted twice: {prefix!r} ({[r['id'] for r in rows]})")
    for prefix, tracked in ledger.apps.items():
        rows = by_prefix.get(prefix, [])
        if tracked.exists is True and [r["id"] for r in rows] != [tracked.id]:
            found.append(f"app {prefix!r} reported as {tracked.id} but the service has {rows}")
        if tracked.exists is False and rows:
            found.append(f"app {prefix!r} exists but its submit was reported refused")
        for row in rows:
            if tracked.killed is True and row["state"] not in APP_FINISHED_STATES:
                found.append(f"app {prefix!r} was reported killed but is {row['state']}")
            if tracked.killed is False and row["state"] == "KILLED":
                found.append(f"app {prefix!r} is KILLED but was never killed")
    return found


def unclear_messages(failures: list[Failure], secret: str) -> list[str]:
    """Failures that are not a DataForestError with one clear sentence naming the operation."""
    bad: list[str] = []
    for failure in failures:
        error, text = failure.error, str(failure.error)
        if not isinstance(error, DataForestError):
            bad.append(f"{failure.call}: {type(error).__name__} is not a DataForestError: {text}")
            continue
        named = tuple(f"DataForest {op}" for op in failure.operation.split("|"))
        clear = (text.startswith(named) and text.endswith(".")
                 and "\n" not in text and len(text) < 400 and "Traceback" not in text
                 and secret not in text)
        if not clear:
            bad.append(f"{failure.call}: unclear message {text!r}")
    return bad
