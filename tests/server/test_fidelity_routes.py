"""The sidebar's routes against a service that differs from the emulator's defaults
(emulator/behaviour.py): unknown fields survive the PUT, loose types never fail the list."""

from __future__ import annotations

from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.emulator.behaviour import ROW_FIELDS, SERVICE_FIELDS

from ..conftest import ACCOUNT_ID
from .test_routes import create, stored


def test_the_sidebars_put_keeps_unknown_fields(api, control: EmulatorControl) -> None:
    control.set_behaviour(extra_fields=True)
    workspace_id = create(api, name="rich")
    before = stored(control)[workspace_id]["configuration"]
    assert before["docker"]["shmSizeMb"] == SERVICE_FIELDS["docker"]["shmSizeMb"]

    got = api("GET", "workspaces", workspace_id, "configuration")
    assert got.body["configuration"] == before  # the browser sees every field
    changed = {**got.body["configuration"], "queueName": "gpu-large"}
    put = api("PUT", "workspaces", workspace_id, "configuration", body={"configuration": changed})
    assert put.status == 200, put.body
    assert stored(control)[workspace_id]["configuration"] == {**before, "queueName": "gpu-large"}

    typo = {**changed, "docker": {**changed["docker"], "imagee": "x:y"}}
    refused = api("PUT", "workspaces", workspace_id, "configuration", body={"configuration": typo})
    assert refused.status == 400 and refused.body["field"] == "configuration.docker.imagee"


def test_the_list_shows_unknown_row_fields(api, control: EmulatorControl) -> None:
    control.set_behaviour(extra_fields=True)
    create(api, name="rich")
    listed = api("GET", "workspaces", params={"account": ACCOUNT_ID})
    (row,) = listed.body["workspaces"]
    assert row["clusterName"] == ROW_FIELDS["clusterName"] and row["image"]


def test_a_loosely_typed_account_is_listed_not_refused(api, control: EmulatorControl) -> None:
    create(api, name="loose")
    create(api, name="other", gpu_model="V100")
    control.set_behaviour(loose_types=True, nulls=True)
    listed = api("GET", "workspaces", params={"account": ACCOUNT_ID, "fresh": "1"})
    assert listed.status == 200, listed.body  # was a 400 ValidationError for the whole account
    rows = {row["name"]: row for row in listed.body["workspaces"]}
    assert (rows["loose"]["gpuCount"], rows["loose"]["gpus"]) == (1, "T4 x 1")
    assert rows["loose"]["configuration"]["resource"]["memoryMb"] == 30720
    assert rows["other"]["gpus"] == "V100 x 1"
