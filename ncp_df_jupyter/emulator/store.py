"""The emulator's state: accounts and workspaces in SQLite (a file in WAL mode, or memory).

Every change is one statement in its own transaction, committed before the answer is sent, so
a ``kill -9`` loses nothing that was acknowledged and leaves nothing half-written.

Reads are served from an in-memory mirror of the tables (loaded when the store opens, updated
after each committed write under the same lock), so a read costs a dict lookup instead of a
query; SQLite stays the record that survives a restart.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    principal TEXT NOT NULL,
    status TEXT NOT NULL,
    disabled INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS workspaces (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    description TEXT,
    image TEXT,
    configuration TEXT NOT NULL,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    UNIQUE (account_id, name)
);
"""


class NameTaken(Exception):
    """A workspace with that name already exists in the account."""


class StateFileError(Exception):
    """The ``--state`` path cannot hold the emulator's state; the message says why, in one
    sentence naming the path."""


@dataclass(frozen=True)
class AccountRow:
    id: str
    name: str
    principal: str
    status: str
    disabled: bool
    created_at: str


@dataclass(frozen=True)
class WorkspaceRow:
    id: str
    account_id: str
    name: str
    description: str | None
    image: str | None
    configuration_json: str
    created_at: str
    modified_at: str

    @functools.cached_property
    def configuration(self) -> dict[str, Any]:
        """Parsed once per row (rows are immutable); callers only read it, never mutate it."""
        value: dict[str, Any] = json.loads(self.configuration_json)
        return value


def _unusable(path: str | None, exc: sqlite3.Error) -> StateFileError:
    folder = os.path.dirname(os.path.abspath(path)) if path else ""
    if path and os.path.isdir(path):
        reason = "it is a directory"
    elif path and not os.path.isdir(folder):
        reason = f"its folder {folder!r} does not exist"
    else:
        reason = str(exc)  # sqlite's words: "attempt to write a readonly database"...
    return StateFileError(f"cannot keep the emulator's state in {path!r}: {reason}.")


def _open(path: str | None) -> sqlite3.Connection:
    """The database, its tables made, checked writable now (not at the first create)."""
    try:
        db = sqlite3.connect(path or ":memory:", isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise _unusable(path, exc) from None
    try:
        if path:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        db.execute("BEGIN IMMEDIATE")  # a read-only file opens, then refuses every write
        db.execute("ROLLBACK")
    except sqlite3.Error as exc:
        db.close()
        raise _unusable(path, exc) from None
    return db


_WS_COLUMNS = "id, account_id, name, description, image, configuration, created_at, modified_at"


class Store:
    def __init__(self, path: str | None = None) -> None:
        self.path = path
        # One connection shared by the event loop and control calls from other threads.
        self._lock = threading.RLock()
        self._db = _open(path)
        self._accounts: dict[str, AccountRow] = {}
        # Per account, its workspaces in creation order (= ORDER BY seq); plus an id index.
        self._by_account: dict[str, dict[str, WorkspaceRow]] = {}
        self._workspaces: dict[str, WorkspaceRow] = {}
        self._names: set[tuple[str, str]] = set()  # (account id, name), the UNIQUE constraint
        # Bumped by every write, so answers computed from the state know when they are stale.
        self.version = 0
        try:
            self._load()
        except sqlite3.Error as exc:  # another program's database, or a damaged one
            self._db.close()
            raise _unusable(path, exc) from None

    def _load(self) -> None:
        with self._lock:
            for r in self._db.execute("SELECT * FROM accounts ORDER BY created_at, id"):
                self._accounts[r[0]] = AccountRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5])
            for r in self._db.execute(f"SELECT {_WS_COLUMNS} FROM workspaces ORDER BY seq"):
                self._remember(WorkspaceRow(*r))

    def _remember(self, row: WorkspaceRow) -> None:
        self._workspaces[row.id] = row
        self._by_account.setdefault(row.account_id, {})[row.id] = row
        self._names.add((row.account_id, row.name))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def connection(self) -> tuple[sqlite3.Connection, threading.RLock]:
        """The one connection and its lock, for the tables other modules keep (apps)."""
        return self._db, self._lock

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- accounts ---------------------------------------------------------------------------------

    def add_account(self, row: AccountRow) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO accounts VALUES (?, ?, ?, ?, ?, ?)",
                (row.id, row.name, row.principal, row.status, int(row.disabled), row.created_at))
            self._accounts[row.id] = row
            self.version += 1

    def accounts(self) -> list[AccountRow]:
        with self._lock:
            rows = list(self._accounts.values())
        return sorted(rows, key=lambda a: (a.created_at, a.id))

    def account(self, account_id: str) -> AccountRow | None:
        return self._accounts.get(account_id)

    # -- workspaces -------------------------------------------------------------------------------

    def insert_workspace(self, row: WorkspaceRow) -> None:
        with self._lock:
            try:
                self._db.execute(
                    f"INSERT INTO workspaces ({_WS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (row.id, row.account_id, row.name, row.description, row.image,
                     row.configuration_json, row.created_at, row.modified_at))
            except sqlite3.IntegrityError as exc:
                raise NameTaken(row.name) from exc
            self._remember(row)
            self.version += 1

    def workspaces(self, account_id: str | None = None) -> list[WorkspaceRow]:
        with self._lock:
            if account_id is None:
                return list(self._workspaces.values())
            return list(self._by_account.get(account_id, {}).values())

    def workspace(self, workspace_id: str) -> WorkspaceRow | None:
        return self._workspaces.get(workspace_id)

    def name_taken(self, account_id: str, name: str) -> bool:
        with self._lock:
            return (account_id, name) in self._names

    def count(self, account_id: str) -> int:
        with self._lock:
            return len(self._by_account.get(account_id, {}))

    def set_configuration(self, workspace_id: str, configuration_json: str, image: str | None,
                          modified_at: str) -> bool:
        with self._lock:
            cur = self._db.execute(
                "UPDATE workspaces SET configuration = ?, image = ?, modified_at = ? WHERE id = ?",
                (configuration_json, image, modified_at, workspace_id))
            row = self._workspaces.get(workspace_id)
            if cur.rowcount == 1 and row is not None:
                # Assigning to an existing key keeps its place: the order stays creation order.
                self._remember(replace(row, configuration_json=configuration_json, image=image,
                                       modified_at=modified_at))
            self.version += 1
        return cur.rowcount == 1

    def delete_workspace(self, workspace_id: str) -> bool:
        with self._lock:
            cur = self._db.execute("DELETE FROM workspaces WHERE id = ?", (workspace_id,))
            row = self._workspaces.pop(workspace_id, None)
            if row is not None:
                self._by_account.get(row.account_id, {}).pop(workspace_id, None)
                self._names.discard((row.account_id, row.name))
            self.version += 1
        return cur.rowcount == 1

    def clear(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM workspaces")
            db.execute("DELETE FROM accounts")
            self._accounts.clear()
            self._by_account.clear()
            self._workspaces.clear()
            self._names.clear()
            self.version += 1
