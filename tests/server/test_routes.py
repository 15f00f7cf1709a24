"""Every route of /ncp-df/ against the emulator: what the sidebar reads and what it changes."""

from __future__ import annotations

import jsonschema
import pytest

from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.core.schema.form import form_fields
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread
from ncp_df_jupyter.emulator.seed import LOCKED_ACCOUNT_ID

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY
from .workspaces import new_workspace


def create(api, **kwargs) -> str:
    answer = api("POST", "workspaces", body=new_workspace(**kwargs))
    assert answer.status == 201, answer.body
    return str(answer.body["id"])


def stored(control: EmulatorControl) -> dict[str, dict]:
    return {w["id"]: w for w in control.state()["workspaces"]}


def test_status_shows_endpoint_and_a_masked_access_key(api, emu_env: EmulatorThread) -> None:
    answer = api("GET", "status")
    assert answer.status == 200
    assert answer.body["endpoint"] == emu_env.url
    credentials = answer.body["credentials"]
    assert credentials["configured"] is True
    assert credentials["problem"] is None
    assert "NCLOUD_ACCESS_KEY_ID" in credentials["source"]
    masked = credentials["accessKey"]
    assert masked != TEST_ACCESS_KEY and TEST_ACCESS_KEY not in answer.text
    assert masked[:4] == TEST_ACCESS_KEY[:4] and "*" in masked


def test_accounts_are_the_keys_accounts(api) -> None:
    answer = api("GET", "accounts")
    assert answer.status == 200
    by_id = {a["id"]: a for a in answer.body["accounts"]}
    assert by_id[ACCOUNT_ID]["name"] == "df-demo"
    assert by_id[LOCKED_ACCOUNT_ID]["disabled"] is True
    assert answer.body["defaultAccountId"] == ACCOUNT_ID  # the first this key may use


def test_create_read_change_and_delete_a_workspace(api, control: EmulatorControl) -> None:
    created = api("POST", "workspaces", body=new_workspace("from-rest"))
    assert created.status == 201
    workspace_id = created.body["id"]
    assert stored(control)[workspace_id]["name"] == "from-rest"

    listed = api("GET", "workspaces", params={"account": ACCOUNT_ID})
    assert listed.status == 200 and listed.body["accountId"] == ACCOUNT_ID
    row = next(w for w in listed.body["workspaces"] if w["id"] == workspace_id)
    assert (row["name"], row["image"], row["gpuModel"], row["gpuCount"], row["queueName"]) == (
        "from-rest", "tensorflow:2.15.0-gpu", "T4", 1, "gpu")
    assert row["createdAt"] and row["configuration"]["docker"]["command"] == "jupyter lab"

    detail = api("GET", "workspaces", workspace_id)
    assert detail.status == 200
    assert (detail.body["name"], detail.body["accountId"]) == ("from-rest", ACCOUNT_ID)

    config = api("GET", "workspaces", workspace_id, "configuration")
    assert config.status == 200
    assert config.body["configuration"]["resource"]["gpuModel"] == "T4"

    changed = dict(config.body["configuration"])
    changed["resource"] = {**changed["resource"], "gpuCount": 2}
    put = api("PUT", "workspaces", workspace_id, "configuration",
              body={"configuration": changed})
    assert put.status == 200 and put.body["configuration"]["resource"]["gpuCount"] == 2
    assert stored(control)[workspace_id]["configuration"]["resource"]["gpuCount"] == 2

    deleted = api("DELETE", "workspaces", workspace_id)
    assert (deleted.status, deleted.text) == (204, "")
    assert workspace_id not in stored(control)
    assert api("GET", "workspaces", workspace_id).status == 404
    listed = api("GET", "workspaces", params={"account": ACCOUNT_ID})
    assert workspace_id not in {w["id"] for w in listed.body["workspaces"]}


@pytest.mark.parametrize(("framework", "marker"), [("tensorflow", "tf"), ("pytorch", "torch")])
def test_images_of_one_framework(api, framework: str, marker: str) -> None:
    answer = api("GET", "images", params={"framework": framework})
    assert answer.status == 200 and answer.body["framework"] == framework
    images = answer.body["images"]
    assert images and all(marker in ref.replace("tensorflow", "tf") for ref in images)
    assert list(answer.body["byFramework"]) == [framework]


def test_images_of_every_framework_without_a_filter(api) -> None:
    answer = api("GET", "images")
    assert answer.status == 200
    assert set(answer.body["byFramework"]) == {"tensorflow", "pytorch"}
    assert "tensorflow:2.15.0-gpu" in answer.body["images"]
    assert "pytorch:2.3.0-cuda12.1" in answer.body["images"]


def test_name_availability(api) -> None:
    free = api("GET", "names", ACCOUNT_ID, "brand-new")
    assert free.status == 200 and free.body["available"] is True and "message" not in free.body
    create(api, name="brand-new")
    taken = api("GET", "names", ACCOUNT_ID, "brand-new")
    assert taken.status == 200 and taken.body["available"] is False
    assert "brand-new" in taken.body["message"] and "already used" in taken.body["message"]


def test_schema_offers_the_services_choices_and_keeps_every_rule(api) -> None:
    create(api, name="big-one", gpu_model="A100", queue="gpu-large")
    answer = api("GET", "schema", params={"account": ACCOUNT_ID})
    assert answer.status == 200
    schema = answer.body
    jsonschema.Draft7Validator.check_schema(schema)

    account = schema["properties"]["accountId"]
    assert account["oneOf"] == [{"const": ACCOUNT_ID, "title": "df-demo"}]  # locked one left out
    assert account["default"] == ACCOUNT_ID
    definitions = schema["definitions"]
    gpu_models = definitions["resource"]["properties"]["gpuModel"]["examples"]
    queues = definitions["configuration"]["properties"]["queueName"]["examples"]
    assert gpu_models[:2] == rules.documented_gpu_models() and "A100" in gpu_models
    assert queues[0] == "gpu" and "gpu-large" in queues
    images = definitions["dockerImage"]["examples"]
    assert "tensorflow:2.15.0-gpu" in images and "pytorch:2.3.0-cuda12.1" in images
    assert definitions["dockerImage"]["default"] == images[0]

    # Only choices were added: without them it is the core's schema, rule for rule.
    del account["oneOf"], account["default"]
    definitions["resource"]["properties"]["gpuModel"]["examples"] = rules.documented_gpu_models()
    definitions["configuration"]["properties"]["queueName"]["examples"] = rules.documented_queues()
    del definitions["dockerImage"]["examples"], definitions["dockerImage"]["default"]
    assert schema == rules.load_schema()


def test_schema_images_follow_the_framework(api) -> None:
    answer = api("GET", "schema", params={"account": ACCOUNT_ID, "framework": "pytorch"})
    images = answer.body["definitions"]["dockerImage"]["examples"]
    assert images and all("torch" in ref for ref in images)


def test_schema_without_an_account_offers_the_documented_values(api) -> None:
    answer = api("GET", "schema")
    assert answer.status == 200
    resource = answer.body["definitions"]["resource"]["properties"]
    assert resource["gpuModel"]["examples"] == rules.documented_gpu_models()


def test_the_served_schema_accepts_what_the_server_accepts(api, control) -> None:
    """The form validates with the served schema; a body it accepts must be created."""
    schema = api("GET", "schema", params={"account": ACCOUNT_ID}).body
    body = new_workspace("schema-ok")
    jsonschema.validate(body, schema)
    assert api("POST", "workspaces", body=body).status == 201
    bad = new_workspace("Bad_Name")
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    assert [list(e.path) for e in errors] == [["name"]]
    refused = api("POST", "workspaces", body=bad)
    assert refused.status == 400 and refused.body["field"] == "name"


def test_schema_for_an_account_without_permission_still_opens_the_form(api) -> None:
    answer = api("GET", "schema", params={"account": LOCKED_ACCOUNT_ID})
    assert answer.status == 200
    resource = answer.body["definitions"]["resource"]["properties"]
    assert resource["gpuModel"]["examples"] == rules.documented_gpu_models()
    assert answer.body["properties"]["accountId"]["default"] == ACCOUNT_ID  # a usable one


def test_status_says_how_long_the_server_waits_for_dataforest(api) -> None:
    # The sidebar tells a person waiting how long at most: the server's own budget.
    assert api("GET", "status").body["timeoutSeconds"] == 5.0


def test_form_is_the_cores_description_with_the_services_choices(api) -> None:
    create(api, name="big-one", gpu_model="A100", queue="gpu-large")
    answer = api("GET", "form", params={"account": ACCOUNT_ID, "framework": "pytorch"})
    assert answer.status == 200
    served = answer.body
    schema = api("GET", "schema", params={"account": ACCOUNT_ID, "framework": "pytorch"}).body
    assert served["schema"] == schema
    # The one description both forms are drawn from, read from that same schema.
    assert served["fields"] == [f.to_api() for f in form_fields(schema)]
    assert [g["id"] for g in served["groups"]] == ["basics", "resources", "container", "data"]
    assert served["frameworks"] == [{"value": "tensorflow", "label": "TensorFlow"},
                                    {"value": "pytorch", "label": "PyTorch"}]
    by_key = {f["key"]: f for f in served["fields"]}
    gpu = by_key["configuration.resource.gpuModel"]
    assert [c["value"] for c in gpu["choices"]][:2] == rules.documented_gpu_models()
    assert "A100" in [c["value"] for c in gpu["choices"]]
    assert by_key["accountId"]["choices"] == [{"value": ACCOUNT_ID, "label": "df-demo"}]
    images = [c["value"] for c in by_key["configuration.docker.image"]["choices"]]
    assert images and all("torch" in ref for ref in images)
