"""The emulator's AI apps: a table beside the workspaces, in the same SQLite connection (so a
``--state`` file keeps them across restarts), mirrored in memory for reads.

A row holds an app's schedule (when it was submitted, how long it is accepted and runs, how it
ends) and the furthest state seen; the state at any moment is computed from that
(emulator/app_runs.py). Every change is one committed statement, as in store.py.
"""

from __future__ import annotations

import json
from dataclasses import fields

from .app_runs import Run
from .store import Store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS apps (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    app_id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    workspace_name TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_name TEXT NOT NULL,
    submitted_ms INTEGER NOT NULL,
    accept_ms INTEGER NOT NULL,
    run_ms INTEGER NOT NULL,
    final_state TEXT NOT NULL,
    final_status TEXT NOT NULL,
    log_lines TEXT NOT NULL,
    image TEXT NOT NULL,
    cpu_count INTEGER NOT NULL,
    memory_mb INTEGER NOT NULL,
    reached TEXT NOT NULL,
    ended_ms INTEGER,
    body TEXT NOT NULL
);
"""
_COLUMNS = tuple(f.name for f in fields(Run))
_JSON_COLUMNS = ("log_lines", "body")


def _row(values: tuple[object, ...]) -> Run:
    named = dict(zip(_COLUMNS, values, strict=True))
    for name in _JSON_COLUMNS:
        named[name] = json.loads(str(named[name]))
    return Run(**named)  # type: ignore[arg-type]


class AppStore:
    def __init__(self, store: Store) -> None:
        self._db, self._lock = store.connection()
        with self._lock:
            self._db.executescript(_SCHEMA)
            self._runs: dict[str, Run] = {}  # by id, in submission order
            self._by_app_id: dict[str, str] = {}
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM apps ORDER BY seq")
            for values in rows:
                self._remember(_row(values))

    def _remember(self, run: Run) -> None:
        self._runs[run.id] = run
        self._by_app_id[run.app_id] = run.id

    def insert(self, run: Run) -> None:
        values = [json.dumps(getattr(run, c)) if c in _JSON_COLUMNS else getattr(run, c)
                  for c in _COLUMNS]
        with self._lock:
            self._db.execute(f"INSERT INTO apps ({', '.join(_COLUMNS)}) VALUES "
                             f"({', '.join('?' * len(_COLUMNS))})", values)
            self._remember(run)

    def update(self, run: Run) -> None:
        """Keep how far ``run`` got (its state and end); the schedule never changes."""
        with self._lock:
            self._db.execute("UPDATE apps SET reached = ?, ended_ms = ? WHERE id = ?",
                             (run.reached, run.ended_ms, run.id))
            self._remember(run)

    def get(self, app_id: str) -> Run | None:
        return self._runs.get(app_id)

    def by_yarn_id(self, yarn_id: str) -> Run | None:
        found = self._by_app_id.get(yarn_id)
        return None if found is None else self._runs.get(found)

    def all(self, account_id: str | None = None) -> list[Run]:
        with self._lock:
            runs = list(self._runs.values())
        return runs if account_id is None else [r for r in runs if r.account_id == account_id]

    def count(self) -> int:
        return len(self._runs)

    def clear(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM apps")
            self._runs.clear()
            self._by_app_id.clear()
