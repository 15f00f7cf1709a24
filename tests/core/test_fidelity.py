"""The client against a service that differs from our emulator's defaults.

Each test sets the emulator's behaviour (``POST /_emulator/behaviour``, emulator/behaviour.py)
to what the pages allow a real service to do (spec section 13, "Still open" N in each name),
then drives the real client over loopback HTTP.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.errors import ValidationError
from ncp_df_jupyter.core.models import Configuration
from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.emulator.behaviour import ROW_FIELDS, SERVICE_FIELDS

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG, minimal_config


def stored(control: EmulatorControl, workspace_id: str) -> dict[str, Any]:
    """What the emulator holds (its state, not our client's reading of it)."""
    (row,) = [w for w in control.state()["workspaces"] if w["id"] == workspace_id]
    configuration: dict[str, Any] = row["configuration"]
    return configuration


def with_service_fields(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` as the extra_fields emulator stores it: its own fields at every level."""
    out = copy.deepcopy(config)
    out.update(SERVICE_FIELDS["configuration"])
    out["docker"].update(SERVICE_FIELDS["docker"])
    out["resource"].update(SERVICE_FIELDS["resource"])
    out["data"].update(SERVICE_FIELDS["data"])
    for name in ("input", "output"):
        for row in out["data"][name]:
            row.update(SERVICE_FIELDS[f"data.{name}"])
    return out


# -- unknown fields (open 6, 8, 12) ----------------------------------------------------------------

async def test_unknown_fields_survive_a_python_round_trip(client: DataForestClient,
                                                          control: EmulatorControl) -> None:
    control.set_behaviour(extra_fields=True)
    created = await client.create_workspace(ACCOUNT_ID, "rich", GOOD_CONFIG)
    service_had = stored(control, created.id)
    assert service_had == with_service_fields(GOOD_CONFIG)

    detail = await client.get_workspace(created.id)
    assert detail.raw["clusterName"] == ROW_FIELDS["clusterName"]
    config = detail.configuration
    assert config is not None and config.resource is not None
    config.resource.gpu_count = 2
    await client.set_configuration(created.id, config)
    assert stored(control, created.id) == {
        **service_had, "resource": {**service_had["resource"], "gpuCount": 2}}


async def test_a_dict_made_from_the_answer_keeps_its_unknown_fields(
        client: DataForestClient, control: EmulatorControl) -> None:
    control.set_behaviour(extra_fields=True)
    created = await client.create_workspace(ACCOUNT_ID, "rich", GOOD_CONFIG)
    (entry,) = await client.get_configurations(created.id)
    body = entry.configuration.to_api()  # as the sidebar's PUT sends it
    body["queueName"] = "gpu-large"
    await client.set_configuration(created.id, body)
    assert stored(control, created.id) == {**with_service_fields(GOOD_CONFIG),
                                           "queueName": "gpu-large"}


async def test_an_unknown_field_the_service_never_sent_is_a_typo(
        client: DataForestClient, control: EmulatorControl) -> None:
    control.set_behaviour(extra_fields=True)
    created = await client.create_workspace(ACCOUNT_ID, "rich", GOOD_CONFIG)
    body = {**with_service_fields(GOOD_CONFIG), "qeueName": "gpu"}
    sets_before = control.count("setConfiguration")
    with pytest.raises(ValidationError) as caught:
        await client.set_configuration(created.id, body)
    assert caught.value.field == "configuration.qeueName"
    assert control.count("setConfiguration") == sets_before  # nothing was sent
    with pytest.raises(ValidationError):  # and a create has nothing to compare with
        await client.create_workspace(ACCOUNT_ID, "typo", {**minimal_config(), "gpu": 1})
    assert control.count("create") == 1


async def test_a_typo_is_refused_before_the_stored_configuration_is_read(
        client: DataForestClient, control: EmulatorControl) -> None:
    created = await client.create_workspace(ACCOUNT_ID, "plain", GOOD_CONFIG)
    reads = control.count("getConfigurationList")
    bad = {**GOOD_CONFIG, "priority": 1, "resource": {"gpuCount": 99}}
    with pytest.raises(ValidationError) as caught:
        await client.set_configuration(created.id, bad)
    assert caught.value.field == "configuration.resource.gpuCount"
    assert control.count("getConfigurationList") == reads


# -- nulls (open 14) -------------------------------------------------------------------------------

async def test_a_service_that_sends_nulls(client: DataForestClient,
                                          control: EmulatorControl) -> None:
    created = await client.create_workspace(ACCOUNT_ID, "sparse", minimal_config())
    control.set_behaviour(nulls=True)
    detail = await client.get_workspace(created.id)
    assert detail.raw["contents"][0]["configuration"]["resource"] is None  # it did send nulls
    assert detail.configuration is not None
    assert detail.configuration.to_api() == minimal_config()
    (summary,) = await client.describe_workspaces(ACCOUNT_ID)
    assert summary.configuration == detail.configuration
    await client.set_configuration(created.id, detail.configuration)
    assert stored(control, created.id) == minimal_config()


async def test_nulls_a_person_passes_are_absent(client: DataForestClient,
                                                control: EmulatorControl) -> None:
    config = {**minimal_config(), "resource": None, "data": None, "queueName": None}
    config["docker"] = {**config["docker"], "args": None, "env": None}
    created = await client.create_workspace(ACCOUNT_ID, "nulls", config)
    assert stored(control, created.id) == minimal_config()


# -- the order of contents (open 7) ----------------------------------------------------------------

@pytest.mark.parametrize("order", ["oldest_first", "newest_first"])
async def test_the_current_configuration_whatever_the_order(
        client: DataForestClient, control: EmulatorControl, order: str) -> None:
    control.set_behaviour(history=True, order=order)
    created = await client.create_workspace(ACCOUNT_ID, "changing", minimal_config("a:1"))
    for image in ("b:2", "c:3"):
        await client.set_configuration(created.id, minimal_config(image))
    entries = await client.get_configurations(created.id)
    images = [e.configuration.image for e in entries]
    assert images == (["a:1", "b:2", "c:3"] if order == "oldest_first" else ["c:3", "b:2", "a:1"])
    detail = await client.get_workspace(created.id)
    assert detail.configuration is not None and detail.configuration.image == "c:3"
    (summary,) = await client.describe_workspaces(ACCOUNT_ID)
    assert summary.image == "c:3"


# -- imageVersion (open 13) and an unanswered create -----------------------------------------------

async def test_an_unanswered_create_is_found_whatever_image_version_holds(
        client: DataForestClient, control: EmulatorControl) -> None:
    control.set_behaviour(image_version="tag_only")
    control.set_faults([{"operation": "create", "action": "drop_after_commit", "times": 1}])
    created = await client.create_workspace(ACCOUNT_ID, "lost-answer", GOOD_CONFIG)
    (row,) = await client.list_workspaces(ACCOUNT_ID)
    assert row.image_version == "2.15.0-gpu"  # not the image: compared with nothing
    assert created.id == row.id and created.name == "lost-answer"
    assert control.count("create") == 1  # never sent twice


async def test_a_workspace_of_someone_else_is_reported_as_taken(
        client: DataForestClient, control: EmulatorControl) -> None:
    control.set_behaviour(image_version="tag_only")
    theirs = await client.create_workspace(ACCOUNT_ID, "same-name", minimal_config("a:1"))
    control.set_faults([{"operation": "create", "action": "drop", "times": 1}])
    with pytest.raises(ValidationError) as caught:
        await client.create_workspace(ACCOUNT_ID, "same-name", minimal_config("b:2"))
    assert caught.value.field == "name" and theirs.id in str(caught.value)
    assert [w["id"] for w in control.state()["workspaces"]] == [theirs.id]


async def test_a_create_that_went_through_with_other_resources_is_not_ours(
        client: DataForestClient, control: EmulatorControl) -> None:
    theirs = {**minimal_config(), "resource": {"gpuCount": 1}}
    await client.create_workspace(ACCOUNT_ID, "same-image", theirs)
    control.set_faults([{"operation": "create", "action": "drop", "times": 1}])
    with pytest.raises(ValidationError):
        await client.create_workspace(ACCOUNT_ID, "same-image",
                                      {**minimal_config(), "resource": {"gpuCount": 2}})


# -- loose types (open 3, 6, 8) --------------------------------------------------------------------

async def test_a_loosely_typed_service_is_read(client: DataForestClient,
                                               control: EmulatorControl) -> None:
    created = await client.create_workspace(ACCOUNT_ID, "loose", GOOD_CONFIG)
    await client.create_workspace(ACCOUNT_ID, "other", minimal_config())
    control.set_behaviour(loose_types=True)
    entries = await client.get_configurations(created.id)
    assert entries[0].configuration == Configuration.from_api(GOOD_CONFIG)
    raw = (await client.get_workspace(created.id)).raw["contents"][0]["configuration"]
    assert raw["resource"]["memoryMb"] == "15360" and raw["docker"]["exposeTcpPorts"] == "8888"
    summaries = await client.describe_workspaces(ACCOUNT_ID)
    assert [s.gpus for s in summaries] == ["T4 x 1", ""]
    (detail_row,) = [r for r in await client.list_workspaces(ACCOUNT_ID) if r.id == created.id]
    assert detail_row.disabled is False  # "false"
