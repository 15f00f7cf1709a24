"""Many tabs, one upstream request: identical reads are shared while in flight and cached briefly.

Upstream requests are counted by the emulator itself (GET /_emulator/requests).
"""

from __future__ import annotations

import time

import pytest

from ncp_df_jupyter import BlockingClient

from ..conftest import ACCOUNT_ID
from .workspaces import new_workspace

LIST = ("workspaces",)
OF_ACCOUNT = {"params": {"account": ACCOUNT_ID}}


@pytest.fixture
def three_workspaces(api) -> list[str]:
    ids = [api("POST", "workspaces", body=new_workspace(f"ws-{i}")).body["id"] for i in range(3)]
    return ids


def test_concurrent_list_requests_cost_one_upstream_list(fetch_many, control, three_workspaces
                                                         ) -> None:
    before_list = control.count("getList")
    before_configs = control.count("getConfigurationList")
    answers = fetch_many(20, *LIST, **OF_ACCOUNT)
    assert {a.status for a in answers} == {200}
    assert all(len(a.body["workspaces"]) == 3 for a in answers)
    assert control.count("getList") - before_list == 1
    assert control.count("getConfigurationList") - before_configs == 3  # one per workspace


def test_answers_are_reused_within_the_cache_time(fetch_many, control, three_workspaces) -> None:
    fetch_many(5, *LIST, **OF_ACCOUNT)
    first = control.count("getList")
    fetch_many(5, *LIST, **OF_ACCOUNT)
    assert control.count("getList") == first


@pytest.mark.parametrize("server_settings", [
    {"cache_seconds": 0.3, "max_attempts": 1, "request_timeout": 5.0}])
def test_answers_expire_after_the_cache_time(fetch_many, control, three_workspaces) -> None:
    fetch_many(5, *LIST, **OF_ACCOUNT)
    first = control.count("getList")
    time.sleep(0.4)
    fetch_many(5, *LIST, **OF_ACCOUNT)
    assert control.count("getList") == first + 1


def test_the_form_schema_of_five_tabs_costs_what_one_costs(fetch_many, control) -> None:
    answers = fetch_many(5, "schema", **OF_ACCOUNT)
    assert {a.status for a in answers} == {200}
    assert control.count("accounts.getList") == 1
    assert control.count("getDockerImageList") == 2  # one per framework
    assert control.count("getList") == 1


def test_a_write_makes_the_list_fresh(api, control) -> None:
    assert api("GET", *LIST, **OF_ACCOUNT).body["workspaces"] == []
    created = api("POST", "workspaces", body=new_workspace("fresh")).body["id"]
    listed = api("GET", *LIST, **OF_ACCOUNT).body["workspaces"]
    assert [w["id"] for w in listed] == [created]
    assert api("DELETE", "workspaces", created).status == 204
    assert api("GET", *LIST, **OF_ACCOUNT).body["workspaces"] == []
    assert control.count("getList") == 3


def test_a_refresh_asked_for_by_a_person_is_fresh(api, control, three_workspaces) -> None:
    api("GET", *LIST, **OF_ACCOUNT)
    first = control.count("getList")
    api("GET", *LIST, **OF_ACCOUNT)
    assert control.count("getList") == first  # cached
    api("GET", *LIST, params={"account": ACCOUNT_ID, "fresh": "1"})
    assert control.count("getList") == first + 1


def test_a_refresh_shows_a_configuration_changed_elsewhere(api, emu_env, three_workspaces
                                                           ) -> None:
    """Refresh drops the account's cached configurations too, not only its list."""
    changed_id = three_workspaces[0]

    def gpu_count(**params: str) -> int:
        listed = api("GET", *LIST, params={"account": ACCOUNT_ID, **params}).body["workspaces"]
        return int(next(w["gpuCount"] for w in listed if w["id"] == changed_id))

    assert gpu_count() == 1
    with BlockingClient(**emu_env.endpoint.client_kwargs()) as elsewhere:  # another client
        config = elsewhere.get_configurations(changed_id)[-1].configuration.to_api()
        config["resource"]["gpuCount"] = 3
        elsewhere.set_configuration(changed_id, config)
    assert gpu_count() == 1  # still the cached answer
    assert gpu_count(fresh="1") == 3
