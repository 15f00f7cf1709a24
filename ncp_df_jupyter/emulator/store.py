"""The emulator's state: accounts and workspaces in SQLite (a file in WAL mode, or memory).

Every change is one statement in its own transaction, committed before the answer is sent, so
a ``kill -9`` loses nothing that was acknowledged and leaves nothing half-written.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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

    @property
    def configuration(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.configuration_json)
        return value


_WS_COLUMNS = "id, account_id, name, description, image, configuration, created_at, modified_at"


class Store:
    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._db = sqlite3.connect(path or ":memory:", isolation_level=None,
                                   check_same_thread=False)
        # One connection shared by the event loop and control calls from other threads.
        self._lock = threading.RLock()
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

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

    def accounts(self) -> list[AccountRow]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM accounts ORDER BY created_at, id").fetchall()
        return [AccountRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    def account(self, account_id: str) -> AccountRow | None:
        with self._lock:
            r = self._db.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return None if r is None else AccountRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5])

    # -- workspaces -------------------------------------------------------------------------------

    def insert_workspace(self, row: WorkspaceRow) -> None:
        try:
            with self._lock:
                self._db.execute(
                    f"INSERT INTO workspaces ({_WS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (row.id, row.account_id, row.name, row.description, row.image,
                     row.configuration_json, row.created_at, row.modified_at))
        except sqlite3.IntegrityError as exc:
            raise NameTaken(row.name) from exc

    def workspaces(self, account_id: str | None = None) -> list[WorkspaceRow]:
        with self._lock:
            if account_id is None:
                rows = self._db.execute(
                    f"SELECT {_WS_COLUMNS} FROM workspaces ORDER BY seq").fetchall()
            else:
                rows = self._db.execute(
                    f"SELECT {_WS_COLUMNS} FROM workspaces WHERE account_id = ? ORDER BY seq",
                    (account_id,)).fetchall()
        return [WorkspaceRow(*r) for r in rows]

    def workspace(self, workspace_id: str) -> WorkspaceRow | None:
        with self._lock:
            r = self._db.execute(f"SELECT {_WS_COLUMNS} FROM workspaces WHERE id = ?",
                                 (workspace_id,)).fetchone()
        return None if r is None else WorkspaceRow(*r)

    def name_taken(self, account_id: str, name: str) -> bool:
        with self._lock:
            r = self._db.execute("SELECT 1 FROM workspaces WHERE account_id = ? AND name = ?",
                                 (account_id, name)).fetchone()
        return r is not None

    def count(self, account_id: str) -> int:
        with self._lock:
            r = self._db.execute("SELECT COUNT(*) FROM workspaces WHERE account_id = ?",
                                 (account_id,)).fetchone()
        return int(r[0])

    def set_configuration(self, workspace_id: str, configuration_json: str, image: str | None,
                          modified_at: str) -> bool:
        with self._lock:
            cur = self._db.execute(
                "UPDATE workspaces SET configuration = ?, image = ?, modified_at = ? WHERE id = ?",
                (configuration_json, image, modified_at, workspace_id))
        return cur.rowcount == 1

    def delete_workspace(self, workspace_id: str) -> bool:
        with self._lock:
            cur = self._db.execute("DELETE FROM workspaces WHERE id = ?", (workspace_id,))
        return cur.rowcount == 1

    def clear(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM workspaces")
            db.execute("DELETE FROM accounts")
