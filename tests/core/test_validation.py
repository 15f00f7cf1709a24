"""Every workspace rule both ways: the client refuses bad input before sending anything, the
emulator refuses the same input sent raw, and good input passes both."""

from __future__ import annotations

import copy
import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ncp_df_jupyter import Configuration, DataForestClient
from ncp_df_jupyter.core.errors import NotFoundError, ValidationError
from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID
from ..support import GOOD_CONFIG, minimal_config, send_raw

UNKNOWN_ID = "A" * 22  # well-formed, but no such workspace


def _config(**changes: Any) -> dict[str, Any]:
    """GOOD_CONFIG with dotted paths replaced ("docker.image": ...); a value of ... deletes."""
    config = copy.deepcopy(GOOD_CONFIG)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = config
        for key in parents:
            node = node[key]
        if value is ...:
            del node[last]
        else:
            node[last] = value
    return config


def _create(name: Any = "ok", configuration: Any = None, description: Any = None,
            account: Any = ACCOUNT_ID) -> tuple[str, dict[str, Any]]:
    body: dict[str, Any] = {"accountId": account, "name": name,
                            "configuration": GOOD_CONFIG if configuration is None
                            else configuration}
    if description is not None:
        body["description"] = description
    return "create", body


# (case id, operation, request body, the field path the error must name)
INVALID: list[tuple[str, str, dict[str, Any], str]] = [
    ("name-empty", *_create(name=""), "name"),
    ("name-16", *_create(name="a" * 16), "name"),
    ("name-double-hyphen", *_create(name="a--b"), "name"),
    ("name-trailing-hyphen", *_create(name="ab-"), "name"),
    ("name-leading-hyphen", *_create(name="-ab"), "name"),
    ("name-uppercase-first", *_create(name="Ab"), "name"),
    ("name-uppercase-later", *_create(name="aB"), "name"),
    ("name-digit-first", *_create(name="1ab"), "name"),
    ("name-underscore", *_create(name="a_b"), "name"),
    ("name-space", *_create(name="a b"), "name"),
    ("name-non-ascii", *_create(name="café"), "name"),
    ("name-trailing-newline", *_create(name="abc\n"), "name"),
    ("name-not-text", *_create(name=5), "name"),
    ("description-256", *_create(description="x" * 256), "description"),
    ("description-not-text", *_create(description=["x"]), "description"),
    ("image-issue-example", *_create(configuration=_config(docker__image="tensorflow/r2.3.1-py3")),
     "configuration.docker.image"),
    ("image-uppercase", *_create(configuration=_config(docker__image="TensorFlow:2.15")),
     "configuration.docker.image"),
    ("image-no-tag", *_create(configuration=_config(docker__image="tensorflow")),
     "configuration.docker.image"),
    ("image-other-prefix", *_create(configuration=_config(docker__image="library/tf:2")),
     "configuration.docker.image"),
    ("image-name-31", *_create(configuration=_config(docker__image="n" * 31 + ":t")),
     "configuration.docker.image"),
    ("image-tag-21", *_create(configuration=_config(docker__image="n:" + "t" * 21)),
     "configuration.docker.image"),
    ("image-two-colons", *_create(configuration=_config(docker__image="a:b:c")),
     "configuration.docker.image"),
    ("image-trailing-newline", *_create(configuration=_config(docker__image="tf:2.15\n")),
     "configuration.docker.image"),
    ("image-empty", *_create(configuration=_config(docker__image="")),
     "configuration.docker.image"),
    ("gpu-count-0", *_create(configuration=_config(resource__gpuCount=0)),
     "configuration.resource.gpuCount"),
    ("gpu-count-9", *_create(configuration=_config(resource__gpuCount=9)),
     "configuration.resource.gpuCount"),
    ("gpu-count-text", *_create(configuration=_config(resource__gpuCount="2")),
     "configuration.resource.gpuCount"),
    ("gpu-count-fraction", *_create(configuration=_config(resource__gpuCount=2.5)),
     "configuration.resource.gpuCount"),
    ("gpu-count-bool", *_create(configuration=_config(resource__gpuCount=True)),
     "configuration.resource.gpuCount"),
    ("cpu-count-0", *_create(configuration=_config(resource__cpuCount=0)),
     "configuration.resource.cpuCount"),
    ("memory-text", *_create(configuration=_config(resource__memoryMb="15GB")),
     "configuration.resource.memoryMb"),
    ("docker-missing", *_create(configuration=_config(docker=...)), "configuration.docker"),
    ("docker-not-object", *_create(configuration=_config(docker="tf:1")), "configuration.docker"),
    ("docker-image-missing", *_create(configuration=_config(docker__image=...)),
     "configuration.docker.image"),
    ("docker-command-missing", *_create(configuration=_config(docker__command=...)),
     "configuration.docker.command"),
    ("docker-command-empty", *_create(configuration=_config(docker__command="")),
     "configuration.docker.command"),
    ("unknown-configuration-field", *_create(configuration=_config(gpus=2)),
     "configuration.gpus"),
    ("unknown-docker-field", *_create(configuration=_config(docker__ports=[80])),
     "configuration.docker.ports"),
    ("unknown-resource-field", *_create(configuration=_config(resource__gpu=1)),
     "configuration.resource.gpu"),
    ("port-0", *_create(configuration=_config(docker__exposeTcpPorts=[0])),
     "configuration.docker.exposeTcpPorts[0]"),
    ("port-65536", *_create(configuration=_config(docker__exposeTcpPorts=[80, 65536])),
     "configuration.docker.exposeTcpPorts[1]"),
    ("port-text", *_create(configuration=_config(docker__exposeTcpPorts=["80"])),
     "configuration.docker.exposeTcpPorts[0]"),
    ("port-single-int-0", *_create(configuration=_config(docker__exposeTcpPorts=0)),
     "configuration.docker.exposeTcpPorts[0]"),
    ("port-repeated", *_create(configuration=_config(docker__exposeTcpPorts=[80, 80])),
     "configuration.docker.exposeTcpPorts"),
    ("env-value-not-text", *_create(configuration=_config(docker__env={"A": 1})),
     "configuration.docker.env.A"),
    ("data-input-path-missing", *_create(configuration=_config(data__input=[{"hdfs": "/x"}])),
     "configuration.data.input[0].path"),
    ("data-overwrite-text", *_create(configuration=_config(
        data__output=[{"hdfs": "/x", "path": "/y", "overwrite": "yes"}])),
     "configuration.data.output[0].overwrite"),
    ("queue-empty", *_create(configuration=_config(queueName="")), "configuration.queueName"),
    ("configuration-not-object", *_create(configuration="gpu"), "configuration"),
    ("account-id-23", *_create(account="A" * 23), "accountId"),
    ("account-id-not-base62", *_create(account="abc-def"), "accountId"),
    ("account-id-empty", *_create(account=""), "accountId"),
    ("account-id-newline", *_create(account="abc\n"), "accountId"),
    ("check-name", "checkAvailableName", {"accountId": ACCOUNT_ID, "name": "Bad"}, "name"),
    ("check-account", "checkAvailableName", {"accountId": "a.b", "name": "ok"}, "accountId"),
    ("list-account", "getList", {"search": {"accountId": "x" * 23}}, "search.accountId"),
    ("detail-id", "getDetail", {"id": "not/base62"}, "id"),
    ("configurations-id", "getConfigurationList", {"id": ""}, "id"),
    ("delete-id", "delete", {"id": "a" * 23}, "id"),
    ("set-config-id", "setConfiguration", {"id": "x y", "configuration": GOOD_CONFIG}, "id"),
    ("set-config-image", "setConfiguration",
     {"id": UNKNOWN_ID, "configuration": _config(docker__image="tensorflow/r2.3.1-py3")},
     "configuration.docker.image"),
    ("set-config-gpu", "setConfiguration",
     {"id": UNKNOWN_ID, "configuration": _config(resource__gpuCount="2")},
     "configuration.resource.gpuCount"),
    ("images-framework", "getDockerImageList", {"search": {"typeName": "jax"}},
     "search.typeName"),
]


async def _call(client: DataForestClient, operation: str, body: dict[str, Any]) -> Any:
    """The client method for ``operation``, called with the parts of ``body``."""
    if operation == "create":
        return await client.create_workspace(body["accountId"], body["name"],
                                             body["configuration"], body.get("description"))
    if operation == "checkAvailableName":
        return await client.check_available_name(body["accountId"], body["name"])
    if operation == "getList":
        return await client.list_workspaces(body["search"]["accountId"])
    if operation == "getDetail":
        return await client.get_workspace(body["id"])
    if operation == "getConfigurationList":
        return await client.get_configurations(body["id"])
    if operation == "delete":
        return await client.delete_workspace(body["id"])
    if operation == "setConfiguration":
        return await client.set_configuration(body["id"], body["configuration"])
    if operation == "getDockerImageList":
        return await client.list_docker_images(body["search"]["typeName"])
    raise AssertionError(operation)


@pytest.mark.parametrize(("operation", "body", "field"),
                         [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
async def test_client_refuses_before_sending(client: DataForestClient, control: EmulatorControl,
                                             operation: str, body: dict[str, Any],
                                             field: str) -> None:
    before = control.requests()
    with pytest.raises(ValidationError) as caught:
        await _call(client, operation, body)
    error = caught.value
    assert error.field == field
    assert str(error).startswith(field + " ")
    assert "\n" not in str(error).rstrip("\n") and str(error).endswith(".")
    assert control.requests() == before  # nothing was sent


@pytest.mark.parametrize(("operation", "body", "field"),
                         [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
async def test_emulator_refuses_the_same_body_sent_raw(emulator: EmulatorThread,
                                                       control: EmulatorControl, operation: str,
                                                       body: dict[str, Any], field: str) -> None:
    status, answer, _ = await send_raw(emulator.url, operation, body)
    assert status == 400
    assert answer["success"] is False
    assert answer["message"].startswith(f"invalid request parameter ({field}, ")
    assert control.state()["workspaces"] == []


async def test_emulator_message_for_the_issue_example(emulator: EmulatorThread) -> None:
    _, body = _create(configuration=_config(docker__image="tensorflow/r2.3.1-py3"))
    status, answer, _ = await send_raw(emulator.url, "create", body)
    assert status == 400
    assert answer["success"] is False
    assert answer["message"].startswith(
        "invalid request parameter (configuration.docker.image, 'tensorflow/r2.3.1-py3'). ")
    assert set(answer) == {"success", "message"}


async def test_emulator_refuses_unknown_top_level_fields(emulator: EmulatorThread) -> None:
    _, body = _create()
    status, answer, _ = await send_raw(emulator.url, "create", {**body, "gpu": 1})
    assert status == 400
    assert answer["message"].startswith("invalid request parameter (gpu, ")


def test_configuration_error_lists_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.check("configuration", {"docker": {}, "resource": {"gpuCount": 0}}, "configuration")
    paths = [p.path for p in caught.value.problems]
    assert paths == ["configuration.docker.command", "configuration.docker.image",
                     "configuration.resource.gpuCount"]
    assert "(2 more problems)" in str(caught.value)


# -- valid input passes ------------------------------------------------------------------------

VALID_NAMES = ["a", "a1", "a-b", "abc-1-x9", "a" * 15, "z0-0-0", "ab12cd"]
VALID_IMAGES = ["tensorflow:2.15.0-gpu", "dataforest/tf-notebook:2.15.0", "a:b",
                "n" * 30 + ":" + "t" * 20, "my_img.x-y:1.0_rc-1", "dataforest/" + "n" * 30 + ":1"]


@pytest.mark.parametrize("name", VALID_NAMES)
async def test_valid_names_are_created(client: DataForestClient, control: EmulatorControl,
                                       name: str) -> None:
    created = await client.create_workspace(ACCOUNT_ID, name, minimal_config())
    assert control.state()["workspaces"][0]["name"] == name == created.name


@pytest.mark.parametrize("image", VALID_IMAGES)
async def test_valid_images_are_created(client: DataForestClient, control: EmulatorControl,
                                        image: str) -> None:
    await client.create_workspace(ACCOUNT_ID, "img", minimal_config(image))
    assert control.state()["workspaces"][0]["configuration"]["docker"]["image"] == image


@pytest.mark.parametrize("changes", [
    {"resource__gpuCount": 1}, {"resource__gpuCount": 8}, {"docker__exposeTcpPorts": [1, 65535]},
    {"docker__exposeTcpPorts": []}, {"resource__gpuModel": "A100"}, {"queueName": "gpu-large"},
    {"resource": ...}, {"data": ...}, {"docker__env": {}}, {"name": "anything at all"},
    {"userPackageUri": "hdfs:///user/x/pkg.tar.gz"},
], ids=str)
async def test_valid_configurations_are_created(client: DataForestClient,
                                                control: EmulatorControl,
                                                changes: dict[str, Any]) -> None:
    config = _config(**changes)
    await client.create_workspace(ACCOUNT_ID, "cfg", config)
    assert control.state()["workspaces"][0]["configuration"] == config


@pytest.mark.parametrize("description", ["", "x" * 255, "설명 " * 50])
async def test_valid_descriptions(client: DataForestClient, control: EmulatorControl,
                                  description: str) -> None:
    await client.create_workspace(ACCOUNT_ID, "desc", minimal_config(), description=description)
    assert control.state()["workspaces"][0]["description"] == description


async def test_well_formed_ids_are_sent(client: DataForestClient, control: EmulatorControl) -> None:
    for call in (client.get_workspace, client.get_configurations, client.delete_workspace):
        with pytest.raises(NotFoundError):
            await call(UNKNOWN_ID)
    with pytest.raises(NotFoundError):
        await client.set_configuration(UNKNOWN_ID, GOOD_CONFIG)
    with pytest.raises(NotFoundError):
        await client.list_workspaces("0" * 22)
    assert [r["operation"] for r in control.requests()] == [
        "getDetail", "getConfigurationList", "delete", "setConfiguration", "getList"]


async def test_type_page_spellings_are_accepted(client: DataForestClient,
                                                control: EmulatorControl) -> None:
    config = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "python",
                         "arg": "train.py --epochs 3", "exposeTcpPorts": 8888}}
    created = await client.create_workspace(ACCOUNT_ID, "typepage", config)
    wire = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "python",
                       "args": "train.py --epochs 3", "exposeTcpPorts": [8888]}}
    assert control.state()["workspaces"][0]["configuration"] == wire
    assert created.configuration is not None and created.configuration.to_api() == wire
    assert Configuration.from_api(config).to_api() == wire
    await client.set_configuration(created.id, config)  # and for setConfiguration


async def test_type_page_spellings_sent_raw_are_accepted(emulator: EmulatorThread,
                                                         control: EmulatorControl) -> None:
    config = {"docker": {"image": "tensorflow:2.15.0-gpu", "command": "python",
                         "arg": "x", "exposeTcpPorts": 22}}
    status, answer, _ = await send_raw(emulator.url, "create", _create(configuration=config)[1])
    assert (status, answer["success"]) == (200, True)
    assert control.state()["workspaces"][0]["configuration"]["docker"] == {
        "image": "tensorflow:2.15.0-gpu", "command": "python", "args": "x",
        "exposeTcpPorts": [22]}


# -- the configuration model round-trips exactly ----------------------------------------------

def test_round_trip_of_the_full_configuration() -> None:
    config = Configuration.from_api(GOOD_CONFIG)
    assert config.to_api() == GOOD_CONFIG
    assert Configuration.from_api(config.to_api()) == config
    assert (config.image, config.gpu_model, config.gpu_count) == ("tensorflow:2.15.0-gpu",
                                                                  "T4", 1)


def test_from_api_keeps_a_value_of_a_wrong_shape_as_it_was_sent() -> None:
    # What the service sends is read, never refused: a shape nothing can be read from is kept.
    odd = {"docker": {"image": "a:b", "command": "c", "env": []}, "data": {"input": 3}}
    config = Configuration.from_api(odd)
    assert config.data is not None and config.data.input is None
    assert config.data.extra == {"input": 3} and config.docker.extra == {"env": []}
    assert config.to_api() == odd
    assert config.extra_paths() == {"configuration.data.input", "configuration.docker.env"}
    with pytest.raises(ValidationError) as caught:  # only a configuration that is no object
        Configuration.from_api([])  # type: ignore[arg-type]
    assert caught.value.field == "configuration"


_text = st.text(st.characters(codec="utf-8"), max_size=12)
_docker = st.fixed_dictionaries(
    {"image": _text, "command": _text},
    optional={"args": _text, "workdir": _text,
              "env": st.dictionaries(_text, _text, max_size=3),
              "exposeTcpPorts": st.lists(st.integers(1, 65535), max_size=3)})
_resource = st.fixed_dictionaries({}, optional={
    "cpuCount": st.integers(1, 64), "gpuCount": st.integers(1, 8), "gpuModel": _text,
    "memoryMb": st.integers(1, 10**6)})
_data = st.fixed_dictionaries({}, optional={
    "input": st.lists(st.fixed_dictionaries({"hdfs": _text, "path": _text}), max_size=2),
    "output": st.lists(st.fixed_dictionaries({"hdfs": _text, "path": _text},
                                             optional={"overwrite": st.booleans()}), max_size=2)})
_api_configuration = st.fixed_dictionaries({"docker": _docker}, optional={
    "resource": _resource, "data": _data, "queueName": _text, "name": _text,
    "userPackageUri": _text})


@settings(max_examples=200, deadline=None, database=None)
@given(_api_configuration)
def test_round_trip_property(body: dict[str, Any]) -> None:
    config = Configuration.from_api(body)
    assert config.to_api() == body
    assert Configuration.from_api(config.to_api()) == config


# -- the name rule, stated independently -------------------------------------------------------

def name_is_valid(text: str) -> bool:
    """The documented name rule in plain Python (no regular expression)."""
    allowed = set(string.ascii_lowercase + string.digits + "-")
    return (1 <= len(text) <= 15 and text[0] in string.ascii_lowercase
            and all(c in allowed for c in text) and "--" not in text
            and not text.endswith("-"))


@settings(max_examples=300, deadline=None, database=None)
@given(st.from_regex(r"[a-z](?:-?[a-z0-9])*", fullmatch=True).filter(lambda s: len(s) <= 15))
def test_generated_valid_names_pass(name: str) -> None:
    assert name_is_valid(name)
    assert rules.problems("workspaceName", name, "name") == []


_name_like = st.text(st.sampled_from(string.ascii_lowercase[:4] + "A09-_ \n"), max_size=18)


@settings(max_examples=600, deadline=None, database=None)
@given(st.one_of(_name_like, st.text(max_size=20)))
def test_name_rule_agrees_with_independent_statement(text: str) -> None:
    found = rules.problems("workspaceName", text, "name")
    assert (found == []) == name_is_valid(text), (text, found)
    assert all(p.path == "name" for p in found)
