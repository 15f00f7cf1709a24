"""The emulated DataForest service: the eight AI Workspaces operations and Accounts getList
(here), and the four AI Apps operations (apps.py, mixed in).

Handlers take the parsed JSON body and answer (status, body) exactly as the API reference
describes, checking requests against the same workspace model the client uses. Where the pages
are silent, ``behaviour`` decides (see behaviour.py, the emulator's behaviour guide).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import string
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from ..core import models
from ..core.models._read import drop_nulls
from ..core.protocol import DF_FORBIDDEN, DF_INVALID, DF_NOT_FOUND, DF_QUOTA, OPERATIONS, Operation
from ..core.schema import rules
from . import seed
from .apps import AppOperations
from .auth import KeyRing
from .behaviour import Behaviour
from .faults import Faults
from .store import AccountRow, NameTaken, Store, WorkspaceRow

KST = dt.timezone(dt.timedelta(hours=9))
_BASE62 = string.digits + string.ascii_letters

Answer = tuple[int, dict[str, Any]]


def service_message(problem: rules.Problem) -> str:
    """A broken rule as DataForest words it. The create page's example is
    ``invalid request parameter (configuration.docker.image, 'tensorflow/r2.3.1-py3'). Must
    match "^(dataforest/)?..."`` (singular, the regex in double quotes, no final period); other
    rules take the same prefix and their keyword's own words (not the client's x-message)."""
    rule = problem.plain_rule
    return (f"invalid request parameter ({problem.path}, '{_as_sent(problem.value)}'). "
            f"{rule[0].upper()}{rule[1:]}")


def _as_sent(value: Any) -> str:
    if value is None or isinstance(value, str):
        return "null" if value is None else value
    return json.dumps(value, ensure_ascii=False)


def df_error(status: int, message: str) -> Answer:
    return status, {"success": False, "message": message}


# The request log is a ring of this many entries (a setting), each path cut to MAX_LOGGED_PATH
# characters: what any local process can make it hold stays a few MB.
DEFAULT_REQUEST_LOG_SIZE = 10_000
MAX_LOGGED_PATH = 256


def _encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()  # as web.json_response would


# Reads whose answer depends only on the stored state, and which request fields select it
# (the body has been validated when these run).
_READ_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "accounts.getList": lambda body: None,
    "checkAvailableName": lambda body: (body["accountId"], body["name"]),
    "getList": lambda body: body["search"]["accountId"],
    "getDetail": lambda body: body["id"],
    "getConfigurationList": lambda body: body["id"],
    "getDockerImageList": lambda body: body["search"]["typeName"],
}
_MAX_KEPT_ANSWERS = 10_000
_MAX_HISTORY = 20  # earlier configurations kept per workspace for the history mode


class Emulator(AppOperations):
    """State, clock, keys, fault rules and request log of one emulated service."""

    def __init__(
        self,
        keys: Mapping[str, str] | None = None,
        state_path: str | None = None,
        *,
        sample_workspaces: bool = False,
        max_workspaces: int | None = None,
        request_log_size: int = DEFAULT_REQUEST_LOG_SIZE,
    ) -> None:
        self.keys = KeyRing(keys or {seed.DEMO_ACCESS_KEY: seed.DEMO_SECRET_KEY})
        self.store = Store(state_path)
        self.faults = Faults()
        self.clock_offset_ms = 0
        self.max_workspaces = max_workspaces
        self.sample_workspaces = sample_workspaces
        self.behaviour = Behaviour()
        # Earlier configurations per workspace, (configuration, the time it was set), oldest
        # first: what contents shows in the history mode (memory only).
        self._history: dict[str, list[tuple[dict[str, Any], str]]] = {}
        # The creation time of the latest workspace: each new one is made after it, so
        # "newest first" has one answer even for workspaces made in the same millisecond.
        self._last_created: str | None = None
        self.requests: deque[dict[str, Any]] = deque(maxlen=request_log_size)
        self._answers: dict[tuple[str, Any], tuple[int, bytes]] = {}
        self._answers_version = -1
        self._init_apps()
        if not self.store.accounts():  # a fresh state; a reopened --state file keeps its data
            self._seed()

    # -- clock, ids, log --------------------------------------------------------------------------

    def now_ms(self) -> int:
        return int(time.time() * 1000) + self.clock_offset_ms

    def now_iso(self, after: str | None = None) -> str:
        """Now, ISO-8601 in KST; with ``after``, at least a millisecond later than it (writes
        in the same millisecond still get times in their order)."""
        now = self.now_ms()
        if after is not None:
            try:
                previous = int(dt.datetime.fromisoformat(after).timestamp() * 1000)
            except ValueError:
                previous = now
            if now <= previous < now + 1000:
                now = previous + 1
        moment = dt.datetime.fromtimestamp(now / 1000, tz=KST)
        return moment.isoformat(timespec="milliseconds")

    def set_behaviour(self, changes: Any) -> Behaviour:
        """Change some behaviour fields (behaviour.py; BadBehaviour names a wrong one)."""
        self.behaviour = Behaviour.parse(changes, self.behaviour)
        self._answers_version = -1  # kept answers were shaped by the old behaviour
        return self.behaviour

    @staticmethod
    def new_id() -> str:
        return "".join(secrets.choice(_BASE62) for _ in range(22))

    def record(self, operation: str | None, path: str, status: int | None,
               fault: str | None = None) -> None:
        if len(path) > MAX_LOGGED_PATH:
            path = path[:MAX_LOGGED_PATH - 1] + "\u2026"
        self.requests.append({"operation": operation, "path": path, "status": status,
                              "fault": fault, "at": self.now_ms()})

    def reset(self) -> None:
        self.store.clear()
        self._reset_apps()
        self.faults.clear()
        self.requests.clear()
        self.clock_offset_ms = 0
        self.behaviour = Behaviour()
        self._history.clear()
        self._last_created = None
        self._seed()

    def _seed(self) -> None:
        created = self.now_iso()
        for account_id, name, disabled in seed.ACCOUNTS:
            self.store.add_account(AccountRow(account_id, name, f"{name}@KR.DF.NAVERNCP.COM",
                                              "RUNNING", disabled, created))
        if self.sample_workspaces:
            ids = {name: self._insert(seed.DEMO_ACCOUNT_ID, name, description, configuration)
                   for name, description, configuration in seed.SAMPLE_WORKSPACES}
            self._seed_apps(ids)

    def _insert(self, account_id: str, name: str, description: str | None,
                configuration: dict[str, Any]) -> str:
        now = self._last_created = self.now_iso(after=self._last_created)
        workspace_id = self.new_id()
        self.store.insert_workspace(WorkspaceRow(
            workspace_id, account_id, name, description, configuration["docker"].get("image"),
            json.dumps(configuration), now, now))
        return workspace_id

    # -- dispatch ---------------------------------------------------------------------------------

    def handle(self, op: Operation, body: Any) -> Answer:
        checked = self._checked(op, body)
        if isinstance(checked, tuple):
            return checked
        return self._handler(op)(checked)

    def respond(self, op: Operation, body: Any) -> tuple[int, bytes]:
        """``handle``, encoded as the JSON body to send. The answer of a read is kept until the
        next write (it depends on nothing else), so repeated reads skip building and encoding."""
        checked = self._checked(op, body)
        if isinstance(checked, tuple):
            return checked[0], _encode(checked[1])
        key_of = _READ_KEYS.get(op.key)
        if key_of is None:
            status, payload = self._handler(op)(checked)
            return status, _encode(payload)
        version = self.store.version  # read first: a write from now on invalidates the answer
        if version != self._answers_version:
            self._answers.clear()
            self._answers_version = version
        key = (op.key, key_of(checked))
        answer = self._answers.get(key)
        if answer is None:
            status, payload = self._handler(op)(checked)
            answer = (status, _encode(payload))
            if len(self._answers) < _MAX_KEPT_ANSWERS:
                self._answers[key] = answer
        return answer

    def _checked(self, op: Operation, body: Any) -> dict[str, Any] | Answer:
        """The body to act on, or the answer refusing it."""
        if not isinstance(body, dict):
            return df_error(400, f"{DF_INVALID}: the request body must be a JSON object")
        body = drop_nulls(body)  # null is absent, as a Java service reads it (the client never
        # sends one; spec section 13, open 14)
        if op.key in ("create", "setConfiguration") and isinstance(body.get("configuration"),
                                                                   Mapping):
            body = {**body, "configuration": models.normalize_configuration(body["configuration"])}
        if op.key == "apps.submit" and isinstance(body.get("docker"), Mapping):
            body = {**body, "docker": dict(models.normalize_docker(body["docker"]))}
        # a submit carries docker, resource and data at its top, the writes in "configuration"
        own = (self.behaviour.own_fields(body, prefix="") if op.key == "apps.submit"
               else self.behaviour.own_fields(body.get("configuration")))
        found = rules.problems(op.request_schema, body, passed_through=own)
        if found:
            return df_error(400, service_message(found[0]))
        checked: dict[str, Any] = body
        return checked

    def _handler(self, op: Operation) -> Callable[[dict[str, Any]], Answer]:
        handler: Callable[[dict[str, Any]], Answer] = getattr(
            self, "op_" + op.key.replace(".", "_"))
        return handler

    def _usable_account(self, account_id: str) -> AccountRow | Answer:
        account = self.store.account(account_id)
        if account is None:
            return df_error(404, DF_NOT_FOUND)
        if account.disabled:
            return df_error(403, DF_FORBIDDEN)
        return account

    def _usable_workspace(self, workspace_id: str) -> WorkspaceRow | Answer:
        row = self.store.workspace(workspace_id)
        if row is None:
            return df_error(404, DF_NOT_FOUND)
        account = self.store.account(row.account_id)
        if account is not None and account.disabled:
            return df_error(403, DF_FORBIDDEN)
        return row

    # -- operations -------------------------------------------------------------------------------

    def op_accounts_getList(self, body: dict[str, Any]) -> Answer:
        contents = [{"id": a.id, "name": a.name, "principal": a.principal, "status": a.status,
                     "createdAt": a.created_at, "disabled": a.disabled}
                    for a in self.store.accounts()]
        return 200, {"success": True, "total": len(contents), "contents": contents}

    def op_checkAvailableName(self, body: dict[str, Any]) -> Answer:
        account = self._usable_account(body["accountId"])
        if isinstance(account, tuple):
            return account
        available = not self.store.name_taken(account.id, body["name"])
        return 200, {"success": True, "availableName": available,
                     "message": "available" if available else "already in use"}

    def op_create(self, body: dict[str, Any]) -> Answer:
        account = self._usable_account(body["accountId"])
        if isinstance(account, tuple):
            return account
        if self.max_workspaces is not None and self.store.count(account.id) >= self.max_workspaces:
            return df_error(400, DF_QUOTA)
        try:
            workspace_id = self._insert(account.id, body["name"], body.get("description"),
                                        self.behaviour.stored(body["configuration"]))
        except NameTaken:
            return df_error(400, service_message(rules.Problem("name", rules.NAME_TAKEN,
                                                               body["name"])))
        # The create page's example answer: no message.
        return 200, {"success": True, "id": workspace_id}

    def _list_item(self, row: WorkspaceRow, account_name: str) -> dict[str, Any]:
        return self.behaviour.row({
            "id": row.id, "name": row.name, "accountName": account_name,
            "description": row.description, "disabled": False,
            "imageVersion": self.behaviour.image_version_of(row.image),
            "createdAt": row.created_at, "modifiedAt": row.modified_at})

    def op_getList(self, body: dict[str, Any]) -> Answer:
        account = self._usable_account(body["search"]["accountId"])
        if isinstance(account, tuple):
            return account
        contents = [self._list_item(row, account.name) for row in self.store.workspaces(account.id)]
        return 200, {"success": True, "total": len(contents),
                     "contents": self.behaviour.ordered(contents)}

    def _entries(self, row: WorkspaceRow) -> list[dict[str, Any]]:
        """The contents of getDetail / getConfigurationList: the current configuration, or in
        the history mode every one the workspace had, in the behaviour's order."""
        shape = self.behaviour.configuration
        earlier = self._history.get(row.id, []) if self.behaviour.history else []
        entries = [{"configuration": shape(configuration), "createdAt": row.created_at,
                    "modifiedAt": set_at} for configuration, set_at in earlier]
        entries.append({"configuration": shape(row.configuration), "createdAt": row.created_at,
                        "modifiedAt": row.modified_at})
        return self.behaviour.ordered(entries)

    def op_getDetail(self, body: dict[str, Any]) -> Answer:
        row = self._usable_workspace(body["id"])
        if isinstance(row, tuple):
            return row
        account = self.store.account(row.account_id)
        return 200, {"success": True, "message": "success", **self.behaviour.row({
            "id": row.id, "name": row.name, "accountId": row.account_id,
            "accountName": account.name if account else None,
            "description": row.description,
            "imageVersion": self.behaviour.image_version_of(row.image),
            "createdAt": row.created_at, "modifiedAt": row.modified_at}),
            "contents": self._entries(row)}

    def op_getConfigurationList(self, body: dict[str, Any]) -> Answer:
        row = self._usable_workspace(body["id"])
        if isinstance(row, tuple):
            return row
        contents = self._entries(row)
        return 200, {"success": True, "message": "success", "total": len(contents),
                     "contents": contents}

    def op_setConfiguration(self, body: dict[str, Any]) -> Answer:
        row = self._usable_workspace(body["id"])
        if isinstance(row, tuple):
            return row
        configuration = body["configuration"]
        history = self._history.setdefault(row.id, [])
        history.append((row.configuration, row.modified_at))
        del history[:-_MAX_HISTORY]
        # UNCONFIRMED whether the service merges; the emulator replaces the whole configuration.
        self.store.set_configuration(row.id, json.dumps(configuration),
                                     configuration["docker"].get("image"),
                                     self.now_iso(after=row.modified_at))
        return 200, {"success": True, "message": "success", "id": row.id}

    def op_getDockerImageList(self, body: dict[str, Any]) -> Answer:
        images = seed.DOCKER_IMAGES[body["search"]["typeName"]]
        return 200, {"success": True, "message": "success",
                     "dockerImages": {k: list(v) for k, v in images.items()}}

    def op_delete(self, body: dict[str, Any]) -> Answer:
        row = self._usable_workspace(body["id"])
        if isinstance(row, tuple):
            return row
        self.store.delete_workspace(row.id)
        self._history.pop(row.id, None)
        return 200, {"success": True, "message": "success", "id": row.id}

    # -- for tests and the control API ------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        return {
            "accounts": [a.__dict__ for a in self.store.accounts()],
            "workspaces": [{"id": w.id, "accountId": w.account_id, "name": w.name,
                            "description": w.description, "configuration": w.configuration,
                            "createdAt": w.created_at, "modifiedAt": w.modified_at}
                           for w in self.store.workspaces()],
            "apps": self.apps_snapshot(),
        }


assert all(hasattr(Emulator, "op_" + key.replace(".", "_")) for key in OPERATIONS)
