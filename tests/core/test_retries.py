"""Retries, the retry budget, Retry-After, and a create that never happens twice."""

from __future__ import annotations

import random
from typing import Any

import pytest

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.errors import (
    AuthenticationError,
    CreateOutcomeUnknownError,
    DataForestError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    RequestTimeoutError,
    ServiceError,
    ThrottledError,
    ValidationError,
)
from ncp_df_jupyter.core.retry import FailureKind, RetryBudget
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID
from ..support import free_port, minimal_config, new_client, wait_for_requests


class FixedRandom(random.Random):
    """rng.random() always answers the same number, so backoff is known exactly."""

    def __init__(self, value: float) -> None:
        super().__init__()
        self.value = value

    def random(self) -> float:
        return self.value


class RecordingPolicy(RetryPolicy):
    """A RetryPolicy that keeps every delay it hands to the client."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.delays: list[tuple[int, FailureKind, float | None, float]] = []

    def delay(self, attempt: int, kind: FailureKind, retry_after: float | None = None) -> float:
        chosen = super().delay(attempt, kind, retry_after)
        self.delays.append((attempt, kind, retry_after, chosen))
        return chosen


def _names(control: EmulatorControl, name: str) -> list[dict[str, Any]]:
    return [w for w in control.state()["workspaces"] if w["name"] == name]


# -- a create never happens twice ---------------------------------------------------------------

CREATE_FAULTS: list[dict[str, Any]] = [
    {"action": "status", "status": 503},
    {"action": "status", "status": 502},
    {"action": "status", "status": 500},
    {"action": "status", "status": 504},
    {"action": "status", "status": 429},
    {"action": "drop"},
    {"action": "drop_after_commit"},
    {"action": "delay", "delay_ms": 800},
    {"action": "delay_after_commit", "delay_ms": 800},
]


@pytest.mark.parametrize("fault", CREATE_FAULTS,
                         ids=[f"{f['action']}-{f.get('status', '')}" for f in CREATE_FAULTS])
async def test_create_under_fault_creates_exactly_one(emulator: EmulatorThread,
                                                      control: EmulatorControl,
                                                      fault: dict[str, Any]) -> None:
    control.set_faults([{"operation": "create", "times": 1, **fault}])
    async with new_client(emulator.url, timeout=0.5) as client:
        created = await client.create_workspace(ACCOUNT_ID, "once", minimal_config(),
                                                description="d")
    if fault["action"] in ("drop_after_commit", "delay_after_commit"):
        creates = wait_for_requests(control, "create", 1)
        assert len(creates) == 1  # found by looking, never sent again
        assert control.count("getList") >= 1
    else:
        # Wait for the faulty attempt too: a delayed create answers (too late) after its retry.
        creates = wait_for_requests(control, "create", 2)
        assert len(creates) == 2
    assert fault["action"] in [r["fault"] for r in creates]
    (row,) = _names(control, "once")
    assert created.id == row["id"]
    assert created.name == "once"


async def test_create_after_an_unanswered_attempt_that_did_not_happen(
        emulator: EmulatorThread, control: EmulatorControl) -> None:
    control.set_faults([{"operation": "create", "action": "drop", "times": 2}])
    async with new_client(emulator.url) as client:
        created = await client.create_workspace(ACCOUNT_ID, "third", minimal_config())
    assert [r["fault"] for r in control.requests("create")] == ["drop", "drop", None]
    assert control.count("getList") == 2  # looked before each retry
    assert [w["id"] for w in _names(control, "third")] == [created.id]


async def test_create_gives_up_when_it_cannot_find_out(emulator: EmulatorThread,
                                                       control: EmulatorControl) -> None:
    control.set_faults([{"operation": "create", "action": "drop"},
                        {"operation": "getList", "action": "status", "status": 503}])
    async with new_client(emulator.url) as client:
        with pytest.raises(CreateOutcomeUnknownError) as caught:
            await client.create_workspace(ACCOUNT_ID, "unknown", minimal_config())
    assert "list_workspaces" in str(caught.value)
    assert control.count("create") == 1  # never sent blindly a second time


async def test_name_used_by_another_workspace_is_a_validation_error(
        client: DataForestClient, control: EmulatorControl) -> None:
    await client.create_workspace(ACCOUNT_ID, "taken", minimal_config("pytorch:2.3.0-cuda12.1"))
    with pytest.raises(ValidationError) as caught:
        await client.create_workspace(ACCOUNT_ID, "taken", minimal_config())
    assert caught.value.field == "name"
    assert control.count("create") == 2
    assert len(_names(control, "taken")) == 1


async def test_unanswered_create_whose_name_belongs_to_another_workspace(
        emulator: EmulatorThread, control: EmulatorControl) -> None:
    async with new_client(emulator.url) as client:
        other = await client.create_workspace(ACCOUNT_ID, "taken",
                                              minimal_config("pytorch:2.3.0-cuda12.1"))
        control.set_faults([{"operation": "create", "action": "drop", "times": 1}])
        with pytest.raises(ValidationError) as caught:
            await client.create_workspace(ACCOUNT_ID, "taken", minimal_config())
    assert caught.value.field == "name"
    assert other.id in str(caught.value)
    assert [w["id"] for w in _names(control, "taken")] == [other.id]


# -- reads ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fault", "cls"), [
    ({"action": "status", "status": 429}, ThrottledError),
    ({"action": "status", "status": 500}, ServiceError),
    ({"action": "status", "status": 502}, ServiceError),
    ({"action": "status", "status": 503}, ServiceError),
    ({"action": "status", "status": 504}, ServiceError),
    ({"action": "drop"}, NetworkError),
], ids=["429", "500", "502", "503", "504", "drop"])
async def test_reads_retried_three_times_then_fail(emulator: EmulatorThread,
                                                   control: EmulatorControl,
                                                   fault: dict[str, Any],
                                                   cls: type[DataForestError]) -> None:
    control.set_faults([{"operation": "getList", **fault}])
    async with new_client(emulator.url) as client:
        with pytest.raises(cls):
            await client.list_workspaces(ACCOUNT_ID)
    assert control.count("getList") == 3


async def test_read_succeeds_after_transient_failures(emulator: EmulatorThread,
                                                      control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getDockerImageList", "action": "status", "status": 503,
                         "times": 1},
                        {"operation": "getDockerImageList", "action": "drop", "times": 1}])
    async with new_client(emulator.url) as client:
        assert await client.list_docker_images("tensorflow")
    assert [r["fault"] for r in control.requests("getDockerImageList")] == [
        "status", "drop", None]


async def test_read_retried_after_timeout(emulator: EmulatorThread,
                                          control: EmulatorControl) -> None:
    control.set_faults([{"operation": "accounts.getList", "action": "delay", "delay_ms": 800,
                         "times": 1}])
    async with new_client(emulator.url, timeout=0.3) as client:
        assert await client.list_accounts()
    assert len(wait_for_requests(control, "accounts.getList", 2)) == 2


async def test_timeouts_exhaust_attempts(emulator: EmulatorThread,
                                         control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getList", "action": "delay", "delay_ms": 400}])
    async with new_client(emulator.url, timeout=0.1) as client:
        with pytest.raises(RequestTimeoutError):
            await client.list_workspaces(ACCOUNT_ID)


async def test_connection_refused_is_retried_then_fails() -> None:
    policy = RecordingPolicy(max_attempts=3, transient_base=0.001)
    async with new_client(f"http://127.0.0.1:{free_port()}", retry=policy) as client:
        with pytest.raises(NetworkError):
            await client.list_accounts()
    assert [(a, k) for a, k, _, _ in policy.delays] == [(1, FailureKind.TRANSIENT),
                                                        (2, FailureKind.TRANSIENT)]


@pytest.mark.parametrize(("status", "cls"), [
    (400, ValidationError), (401, AuthenticationError), (403, ForbiddenError),
    (404, NotFoundError),
])
async def test_definite_refusals_are_not_retried(emulator: EmulatorThread,
                                                 control: EmulatorControl, status: int,
                                                 cls: type[DataForestError]) -> None:
    control.set_faults([{"operation": "*", "action": "status", "status": status}])
    async with new_client(emulator.url) as client:
        with pytest.raises(cls):
            await client.get_workspace("A" * 22)
        with pytest.raises(cls):
            await client.delete_workspace("A" * 22)
        with pytest.raises(cls):
            await client.create_workspace(ACCOUNT_ID, "nope", minimal_config())
    assert [r["operation"] for r in control.requests()] == ["getDetail", "delete", "create"]


# -- Retry-After and backoff ---------------------------------------------------------------------

async def test_retry_after_is_honoured(emulator: EmulatorThread,
                                       control: EmulatorControl) -> None:
    control.set_faults([{"operation": "getList", "action": "status", "status": 429,
                         "retry_after": 0.05, "times": 1}])
    policy = RecordingPolicy(rng=FixedRandom(0.0), retry_after_grace=5.0)
    async with new_client(emulator.url, retry=policy) as client:
        assert await client.list_workspaces(ACCOUNT_ID) == []
    assert policy.delays == [(1, FailureKind.THROTTLING, 0.05, 0.05)]
    assert control.count("getList") == 2


def test_backoff_arithmetic() -> None:
    policy = RetryPolicy(rng=FixedRandom(1.0), transient_base=0.1, throttling_base=1.0,
                         max_backoff=20.0, retry_after_grace=5.0)
    assert [policy.delay(n, FailureKind.TRANSIENT) for n in (1, 2, 3)] == [0.1, 0.2, 0.4]
    assert [policy.delay(n, FailureKind.THROTTLING) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert policy.delay(10, FailureKind.THROTTLING) == 20.0  # capped
    # a hint longer than the backoff is followed, up to backoff + grace
    assert policy.delay(1, FailureKind.THROTTLING, retry_after=3.0) == 3.0
    assert policy.delay(1, FailureKind.THROTTLING, retry_after=100.0) == 6.0
    # a hint shorter than the backoff does not shorten it
    assert policy.delay(3, FailureKind.THROTTLING, retry_after=0.5) == 4.0
    half = RetryPolicy(rng=FixedRandom(0.5), transient_base=0.1)
    assert half.delay(2, FailureKind.TRANSIENT) == pytest.approx(0.1)  # full jitter


# -- retry budget ---------------------------------------------------------------------------------

def test_budget_arithmetic() -> None:
    budget = RetryBudget(capacity=20)
    assert budget.acquire(FailureKind.TRANSIENT) == 14
    assert budget.acquire(FailureKind.TRANSIENT) == 0  # 6 left, a transient retry costs 14
    assert budget.acquire(FailureKind.THROTTLING) == 5
    assert budget.tokens == 1
    budget.refund(100)
    assert budget.tokens == 20  # never above capacity


async def test_spent_budget_stops_retries(emulator: EmulatorThread,
                                          control: EmulatorControl) -> None:
    budget = RetryBudget(capacity=20)
    control.set_faults([{"operation": "getList", "action": "status", "status": 503}])
    async with new_client(emulator.url, retry=RetryPolicy.fast()) as client:
        client.retry.budget = budget
        with pytest.raises(ServiceError):
            await client.list_workspaces(ACCOUNT_ID)
        assert control.count("getList") == 2  # one retry (14 tokens), then 6 left: no more
        with pytest.raises(ServiceError):
            await client.list_workspaces(ACCOUNT_ID)
        assert control.count("getList") == 3  # spent: no retry at all
        control.clear_faults()
        assert await client.list_workspaces(ACCOUNT_ID) == []  # a success refunds one token
    assert budget.tokens == 7


async def test_success_after_retries_refunds_their_cost(emulator: EmulatorThread,
                                                        control: EmulatorControl) -> None:
    budget = RetryBudget(capacity=100)
    control.set_faults([{"operation": "getList", "action": "status", "status": 503,
                         "times": 2}])
    async with new_client(emulator.url, retry=RetryPolicy.fast()) as client:
        client.retry.budget = budget
        await client.list_workspaces(ACCOUNT_ID)
    assert budget.tokens == 100


# -- delete ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", [{"action": "drop_after_commit"},
                                   {"action": "delay_after_commit", "delay_ms": 800},
                                   {"action": "status", "status": 503}])
async def test_delete_after_unanswered_attempt(emulator: EmulatorThread,
                                               control: EmulatorControl,
                                               fault: dict[str, Any]) -> None:
    async with new_client(emulator.url, timeout=0.5) as client:
        created = await client.create_workspace(ACCOUNT_ID, "del", minimal_config())
        control.set_faults([{"operation": "delete", "times": 1, **fault}])
        await client.delete_workspace(created.id)
    assert control.state()["workspaces"] == []
    if fault["action"] != "status":
        # the lookup found it gone: nothing sent again
        assert len(wait_for_requests(control, "delete", 1)) == 1
        assert control.count("getDetail") == 1
