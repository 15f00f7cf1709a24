"""Chaos: 500 mixed operations through the client, AI apps among them, while about 20% of
requests meet an injected fault of every kind; afterwards the emulator holds exactly what the
client reported: workspaces and apps, none of them twice.

Ten workers share one client. Each owns the workspaces it creates (so the order of changes to
one workspace is known) and keeps a ledger of what the client said. The faults: 5xx and 429
answers, dropped connections before and after the change is committed, and delays before and
after committing, short ones and ones longer than the client's timeout (so the client gives up
on requests the service did, or did not yet, carry out).

Apps run long (a minute) so that kills land on running apps; each submit has its own name
prefix, so the final state tells which submit made which app.

What no client can prevent is left out: the API has no idempotency key and no version check,
so a create or setConfiguration the service applies after the client gave up on it can land
after newer changes (recreate a workspace whose name was freed meanwhile, or overwrite a newer
configuration). So those two get no long delay *before* committing; a long delay *after*
committing (the change is made, the answer is late) is kept for every operation, and long
delays before committing for the others.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from typing import Any

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.errors import DataForestError, SubmitOutcomeUnknownError, ValidationError
from ncp_df_jupyter.core.protocol import OPERATIONS as API_OPERATIONS
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from .ledger import Ledger, Tracked, TrackedApp, app_problems, unclear_messages

OPERATIONS = 500
WORKERS = 10
TIMEOUT_S = 0.4
LONG_DELAY_MS = 700  # longer than the client's timeout
FAULT_RATE = 0.20
OPERATION_KEYS = list(API_OPERATIONS)

# Every action; each rule fires with the same probability, so that together about 20% of the
# requests of an operation meet one (rules are tried in order, first match wins).
_EVERYWHERE: list[dict[str, Any]] = [
    {"action": "status", "status": 500},
    {"action": "status", "status": 502},
    {"action": "status", "status": 503},
    {"action": "status", "status": 504},
    {"action": "status", "status": 429, "retry_after": 0.01},
    {"action": "drop"},
    {"action": "drop_after_commit"},
    {"action": "delay", "delay_ms": 30},
    {"action": "delay_after_commit", "delay_ms": 30},
    {"action": "delay_after_commit", "delay_ms": LONG_DELAY_MS},
]
_LONG_BEFORE_COMMIT = {"action": "delay", "delay_ms": LONG_DELAY_MS}
_WRITES_APPLIED_LATE = ("create", "setConfiguration")


def fault_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for operation in OPERATION_KEYS:
        kinds = list(_EVERYWHERE)
        if operation not in _WRITES_APPLIED_LATE:
            kinds.append(_LONG_BEFORE_COMMIT)
        each = 1 - (1 - FAULT_RATE) ** (1 / len(kinds))
        rules += [{**rule, "operation": operation, "probability": round(each, 4)}
                  for rule in kinds]
    return rules


def config(worker: int, serial: int) -> dict[str, Any]:
    return {"docker": {"image": f"tensorflow:2.{serial % 16}.0-gpu", "command": "jupyter lab",
                       "env": {"WORKER": str(worker), "SERIAL": str(serial)}},
            "resource": {"gpuModel": "T4", "gpuCount": serial % 8 + 1},
            "queueName": "gpu"}


class Worker:
    """One of the concurrent users: picks operations at random on its own workspaces."""

    def __init__(self, number: int, client: DataForestClient, ledger: Ledger,
                 rng: random.Random) -> None:
        self.number = number
        self.client = client
        self.ledger = ledger
        self.rng = rng
        self.serial = 0
        self.mine: list[Tracked] = []
        self.my_apps: list[TrackedApp] = []

    async def run(self, operations: int) -> None:
        choices = [(self.create, 4), (self.list, 2), (self.get, 2), (self.configurations, 1),
                   (self.set_configuration, 2), (self.delete, 1), (self.name_check, 1),
                   (self.catalogue, 1), (self.submit, 2), (self.list_apps, 1),
                   (self.get_app, 1), (self.kill, 1)]
        actions, weights = zip(*choices, strict=True)
        for _ in range(operations):
            await self.rng.choices(actions, weights)[0]()

    def _existing(self) -> Tracked | None:
        known = [t for t in self.mine if t.exists is True]
        return self.rng.choice(known) if known else None

    async def _attempt(self, call: str, operation: str, coro: Any) -> Any:
        try:
            result = await coro
        except Exception as exc:  # anything else than a DataForestError fails the test later
            self.ledger.failed(call, operation, exc)
            return exc
        self.ledger.succeeded(call)
        return result

    async def create(self) -> None:
        self.serial += 1
        name = f"w{self.number}n{self.serial}"
        body = config(self.number, self.serial)
        tracked = self.ledger.tracked[name] = Tracked(name, configurations=[body])
        self.mine.append(tracked)
        result = await self._attempt("create_workspace", "create", self.client.create_workspace(
            ACCOUNT_ID, name, body, description=f"chaos {name}"))
        if isinstance(result, ValidationError):
            tracked.exists = False  # refused: nothing was made
        elif isinstance(result, BaseException):
            tracked.exists = None  # timed out or failed after sending: it may exist
        else:
            assert result.name == name and result.id
            tracked.id, tracked.exists = result.id, True

    async def list(self) -> None:
        rows = await self._attempt("list_workspaces", "getList",
                                   self.client.list_workspaces(ACCOUNT_ID))
        if isinstance(rows, BaseException):
            return
        listed = {row.name: row.id for row in rows}
        for tracked in self.mine:
            if tracked.exists is True:
                assert listed.get(tracked.name) == tracked.id, f"{tracked.name} not listed"
            elif tracked.exists is False:
                assert tracked.name not in listed, f"{tracked.name} listed after delete"

    async def get(self) -> None:
        tracked = self._existing()
        if tracked is None or tracked.id is None:
            return
        detail = await self._attempt("get_workspace", "getDetail",
                                     self.client.get_workspace(tracked.id))
        if not isinstance(detail, BaseException):
            assert detail.name == tracked.name
            assert detail.configuration is not None
            assert detail.configuration.to_api() in tracked.configurations

    async def configurations(self) -> None:
        tracked = self._existing()
        if tracked is None or tracked.id is None:
            return
        await self._attempt("get_configurations", "getConfigurationList",
                            self.client.get_configurations(tracked.id))

    async def set_configuration(self) -> None:
        tracked = self._existing()
        if tracked is None or tracked.id is None:
            return
        self.serial += 1
        body = config(self.number, self.serial)
        result = await self._attempt("set_configuration", "setConfiguration",
                                     self.client.set_configuration(tracked.id, body))
        if isinstance(result, BaseException):
            tracked.configurations.append(body)  # it may or may not have been applied
        else:
            tracked.configurations = [body]

    async def delete(self) -> None:
        tracked = self._existing()
        if tracked is None or tracked.id is None:
            return
        result = await self._attempt("delete_workspace", "delete",
                                     self.client.delete_workspace(tracked.id))
        tracked.exists = None if isinstance(result, BaseException) else False

    async def name_check(self) -> None:
        if not self.mine:
            return
        tracked = self.rng.choice(self.mine)
        free = await self._attempt("check_available_name", "checkAvailableName",
                                   self.client.check_available_name(ACCOUNT_ID, tracked.name))
        if isinstance(free, bool) and tracked.exists is not None:
            assert free is (not tracked.exists), tracked

    async def catalogue(self) -> None:
        if self.rng.random() < 0.5:
            await self._attempt("list_docker_images", "getDockerImageList",
                                self.client.list_docker_images("pytorch"))
        else:
            await self._attempt("list_accounts", "accounts.getList", self.client.list_accounts())


    # -- AI apps ----------------------------------------------------------------------------------

    def _known_app(self) -> TrackedApp | None:
        known = [a for a in self.my_apps if a.exists is True]
        return self.rng.choice(known) if known else None

    async def submit(self) -> None:
        tracked = self._existing()
        if tracked is None or tracked.id is None:
            return
        self.serial += 1
        app = TrackedApp(f"w{self.number}a{self.serial}", tracked.name)
        self.ledger.apps[app.prefix] = app
        self.my_apps.append(app)
        # A workspace read fails in its own name (getDetail) before anything is submitted.
        result = await self._attempt("submit_app", "apps.submit|getDetail", self.client.submit_app(
            tracked.id, app.prefix, {"resource": {"gpuCount": self.serial % 8 + 1}}))
        if isinstance(result, ValidationError):
            app.exists = False
        elif isinstance(result, SubmitOutcomeUnknownError) and result.candidates:
            app.exists = None
            assert all(c.name.startswith(app.prefix) for c in result.candidates)
        elif isinstance(result, BaseException):
            app.exists = None
        else:
            assert result.name.startswith(app.prefix) and result.id
            app.id, app.exists = result.id, True

    async def list_apps(self) -> None:
        rows = await self._attempt("list_apps", "apps.getList",
                                   self.client.list_apps(ACCOUNT_ID))
        if isinstance(rows, BaseException):
            return
        listed = {row.name.rsplit("-", 1)[0]: row.id for row in rows if row.name}
        for app in self.my_apps:
            if app.exists is True:
                assert listed.get(app.prefix) == app.id, f"{app.prefix} not listed"

    async def get_app(self) -> None:
        app = self._known_app()
        if app is None or app.id is None:
            return
        detail = await self._attempt("get_app", "apps.getDetail", self.client.get_app(app.id))
        if not isinstance(detail, BaseException):
            assert detail.name.startswith(app.prefix)
            if app.killed is True:
                assert detail.is_finished

    async def kill(self) -> None:
        app = self._known_app()
        if app is None or app.id is None or app.killed is True:
            return
        result = await self._attempt("kill_app", "apps.kill|apps.getDetail",
                                     self.client.kill_app(app.id))
        app.killed = None if isinstance(result, BaseException) else True


async def chaos_run(url: str, control: EmulatorControl, seed: int, attempts: int) -> Ledger:
    control.set_apps(accept_ms=100, run_ms=60_000)
    control.set_faults(fault_rules(), seed=seed)
    ledger = Ledger()
    retry = RetryPolicy.fast(max_attempts=attempts)
    retry.rng.seed(seed)
    async with DataForestClient(**_client_kwargs(url), timeout=TIMEOUT_S, retry=retry) as client:
        workers = [Worker(i, client, ledger, random.Random(seed * 100 + i))
                   for i in range(WORKERS)]
        await asyncio.gather(*(w.run(OPERATIONS // WORKERS) for w in workers))
    # A request delayed past the client's timeout is still being served: let it finish.
    await asyncio.sleep(LONG_DELAY_MS / 1000 + 0.3)
    control.clear_faults()
    return ledger


def _client_kwargs(url: str) -> dict[str, Any]:
    return {"endpoint": url, "access_key": TEST_ACCESS_KEY, "secret_key": TEST_SECRET_KEY}


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "attempts"), [(1, 2), (2, 3)])
async def test_state_equals_what_the_client_reported(emulator: EmulatorThread,
                                                     control: EmulatorControl,
                                                     seed: int, attempts: int) -> None:
    """With 2 attempts per call many calls fail (and leave unknown outcomes); with 3 (the
    default) few do."""
    ledger = await chaos_run(emulator.url, control, seed, attempts)

    log = control.requests()
    faults = Counter(r["fault"] for r in log if r["fault"])
    # The chaos happened: every action fired, at roughly the rate asked for.
    assert set(faults) == {"status", "drop", "drop_after_commit", "delay",
                           "delay_after_commit"}, faults
    rate = sum(faults.values()) / len(log)
    assert 0.12 < rate < 0.30, (rate, faults)
    sent = sum(ledger.successes.values()) + len(ledger.failures)
    assert sent >= 0.85 * OPERATIONS  # the rest found nothing of their worker's to act on
    created = [t for t in ledger.tracked.values() if t.exists is True]
    assert len(created) > 50 and ledger.successes.get("delete_workspace", 0) > 5

    state = control.state()
    problems = ledger.problems_with(state["workspaces"])
    assert problems == []
    assert app_problems(ledger, state["apps"]) == []
    submitted = [a for a in ledger.apps.values() if a.exists is True]
    assert len(submitted) > 10 and ledger.successes.get("kill_app", 0) > 2
    assert unclear_messages(ledger.failures, TEST_SECRET_KEY) == []
    assert all(isinstance(f.error, DataForestError) for f in ledger.failures)



def test_the_app_check_sees_what_it_must() -> None:
    """The final check of apps can fail: a second app of one submit, an app nobody submitted,
    a refused submit that made one, a reported kill that did not stop it, a kill nobody made."""
    ledger = Ledger()
    ledger.apps = {"w0a1": TrackedApp("w0a1", "ws", id="A", exists=True),
                   "w0a2": TrackedApp("w0a2", "ws", exists=False),
                   "w0a3": TrackedApp("w0a3", "ws", id="C", exists=True, killed=True),
                   "w0a4": TrackedApp("w0a4", "ws", id="D", exists=True)}

    def row(id: str, prefix: str, state: str = "RUNNING") -> dict[str, Any]:
        return {"id": id, "name": f"{prefix}-abc123", "state": state}

    assert app_problems(ledger, [row("A", "w0a1"), row("C", "w0a3", "KILLED"),
                                 row("D", "w0a4")]) == []
    found = app_problems(ledger, [row("A", "w0a1"), row("A2", "w0a1"), row("X", "w9a9"),
                                  row("B", "w0a2"), row("C", "w0a3"),
                                  row("D", "w0a4", "KILLED")])
    assert len(found) == 6, found
