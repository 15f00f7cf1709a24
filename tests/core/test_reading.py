"""Reading what a service may send: unknown fields, nulls, loose types, any order of entries.

The pages leave these open (spec section 13, "Still open" 6, 7, 8, 12, 14); the model reads them
leniently once, keeps what it cannot read, and writes it back unchanged.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ncp_df_jupyter.core.errors import ValidationError
from ncp_df_jupyter.core.models import (
    Account,
    Configuration,
    ConfigurationEntry,
    Resource,
    Workspace,
    WorkspaceDetail,
    configuration_body,
    current_entry,
    rebase,
)
from ncp_df_jupyter.core.schema import rules

from ..support import GOOD_CONFIG

# GOOD_CONFIG with a field this release does not know at every level.
RICH: dict[str, Any] = copy.deepcopy(GOOD_CONFIG)
RICH["priority"] = 3
RICH["docker"]["shmSizeMb"] = 8192
RICH["resource"]["gpuMemoryMb"] = 16384
RICH["data"]["cacheMode"] = "none"
RICH["data"]["input"][0]["mode"] = "copy"
RICH["data"]["output"][0]["mode"] = "copy"
RICH_PATHS = {"configuration.priority", "configuration.docker.shmSizeMb",
              "configuration.resource.gpuMemoryMb", "configuration.data.cacheMode",
              "configuration.data.input[0].mode", "configuration.data.output[0].mode"}


def test_unknown_fields_at_every_level_are_kept_and_written_back() -> None:
    config = Configuration.from_api(RICH)
    assert config.to_api() == RICH
    assert config.extra == {"priority": 3}
    assert config.docker.extra == {"shmSizeMb": 8192}
    assert config.data is not None and config.data.input is not None
    assert config.data.input[0].extra == {"mode": "copy"}
    assert config.extra_paths() == RICH_PATHS
    assert dict(config.other_fields())["resource.gpuMemoryMb"] == 16384


def test_a_changed_known_field_wins_and_the_unknown_ones_stay() -> None:
    config = Configuration.from_api(RICH)
    assert config.resource is not None
    config.resource.gpu_count = 4
    sent = config.to_api()
    assert sent["resource"] == {**RICH["resource"], "gpuCount": 4}
    assert sent["docker"]["shmSizeMb"] == 8192 and sent["priority"] == 3


def test_unknown_fields_pass_the_rules_only_where_the_service_sent_them() -> None:
    config = Configuration.from_api(RICH)
    config.validate()  # read from the service: passes untouched
    typo = {**GOOD_CONFIG, "docker": {**GOOD_CONFIG["docker"], "imagee": "x:y"}}
    with pytest.raises(ValidationError) as caught:
        rules.check("configuration", configuration_body(typo), "configuration")
    assert caught.value.field == "configuration.docker.imagee"
    assert str(caught.value).startswith("configuration.docker.imagee is not a known field")


def test_null_means_absent_in_answers() -> None:
    body = {"docker": {"image": "a:b", "command": "c", "args": None, "env": None,
                       "exposeTcpPorts": None, "workdir": None},
            "resource": None, "data": {"input": None, "output": None}, "queueName": None,
            "name": None, "userPackageUri": None}
    config = Configuration.from_api(body)
    assert config.to_api() == {"data": {}, "docker": {"image": "a:b", "command": "c"}}
    assert config.extra_paths() == frozenset()
    row = Workspace.from_api({"id": "W1", "name": "ws", "description": None, "disabled": None,
                              "imageVersion": None})
    assert (row.description, row.disabled, row.image_version) == (None, None, None)
    detail = WorkspaceDetail.from_api({"id": "W1", "name": "ws", "contents": None,
                                       "newField": None})
    assert detail.configurations == [] and "newField" not in detail.to_api()


def test_null_means_absent_in_what_a_person_passes() -> None:
    body = configuration_body({"docker": {"image": "a:b", "command": "c", "args": None,
                                          "env": {"A": "1", "B": None}},
                               "resource": None, "data": {"input": None},
                               "queueName": None})
    assert body == {"docker": {"image": "a:b", "command": "c", "env": {"A": "1"}}, "data": {}}
    rules.check("configuration", body, "configuration")  # before: "... must be text (got None)"


@pytest.mark.parametrize(("sent", "read"), [
    ({"resource": {"memoryMb": "15360", "gpuCount": "2", "cpuCount": 4.0}},
     {"memory_mb": 15360, "gpu_count": 2, "cpu_count": 4}),
    ({"docker": {"image": "a:b", "command": 123, "args": True, "exposeTcpPorts": "8888",
                 "env": {"N": 1, "F": 1.5, "B": False}}},
     {"command": "123", "args": "true", "expose_tcp_ports": [8888],
      "env": {"N": "1", "F": "1.5", "B": "false"}}),
    ({"docker": {"image": "a:b", "command": "c", "exposeTcpPorts": ["8888", 6006]}},
     {"expose_tcp_ports": [8888, 6006]}),
    ({"data": {"output": [{"hdfs": "/o", "path": "/p", "overwrite": "TRUE"}]}},
     {"overwrite": True}),
], ids=["integers-as-text", "text-as-numbers", "ports-mixed", "flag-as-text"])
def test_unambiguous_loose_values_are_coerced(sent: dict[str, Any], read: dict[str, Any]) -> None:
    config = Configuration.from_api(sent)
    found = {**vars(config.docker), **(vars(config.resource) if config.resource else {})}
    if config.data is not None and config.data.output:
        found.update(vars(config.data.output[0]))
    assert {key: found[key] for key in read} == read
    assert config.extra_paths() == frozenset()


def test_values_that_cannot_be_read_are_kept_as_sent() -> None:
    sent = {"docker": {"image": "a:b", "command": ["python", "x.py"], "exposeTcpPorts": "8888,8889",
                       "env": "A=1"},
            "resource": {"memoryMb": "15GB", "gpuCount": True},
            "data": {"input": [{"hdfs": "/in"}]}}
    config = Configuration.from_api(sent)
    assert config.resource == Resource(extra={"memoryMb": "15GB", "gpuCount": True})
    assert config.docker.command is None and config.docker.expose_tcp_ports is None
    assert config.to_api() == sent  # written back exactly as it came
    assert config.extra_paths() == {
        "configuration.docker.command", "configuration.docker.exposeTcpPorts",
        "configuration.docker.env", "configuration.resource.memoryMb",
        "configuration.resource.gpuCount", "configuration.data.input"}
    config.resource.memory_mb = 20480  # a field the person sets wins
    assert config.to_api()["resource"]["memoryMb"] == 20480


def test_ids_and_names_that_arrive_as_numbers_are_text() -> None:
    row = Workspace.from_api({"id": 12345, "name": None, "description": 7, "disabled": "false"})
    assert (row.id, row.name, row.description, row.disabled) == ("12345", "", "7", False)
    account = Account.from_api({"id": 42, "name": "df", "disabled": "true", "zone": "KR-1"})
    assert (account.id, account.disabled) == ("42", True)
    assert account.to_api()["zone"] == "KR-1"  # unknown, written back


def test_rows_write_their_unknown_fields_back() -> None:
    body = {"success": True, "message": "success", "id": "W1", "name": "ws",
            "clusterName": "c1", "contents": [], "ownerType": None}
    detail = WorkspaceDetail.from_api(body)
    assert detail.to_api()["clusterName"] == "c1"
    assert "success" not in detail.to_api() and "ownerType" not in detail.to_api()
    assert Workspace.from_api({"id": "W1", "name": "ws", "zone": "KR"}).to_api()["zone"] == "KR"


# -- which entry is current ------------------------------------------------------------------------

def _entry(image: str, created: str | None, modified: str | None) -> ConfigurationEntry:
    return ConfigurationEntry(Configuration.from_api({"docker": {"image": image}}),
                              created_at=created, modified_at=modified)


OLD = _entry("old:1", "2025-01-01T09:00:00+09:00", "2025-01-01T09:00:00+09:00")
MID = _entry("mid:1", "2025-01-01T09:00:00+09:00", "2025-01-02T09:00:00+09:00")
NEW = _entry("new:1", "2025-01-01T09:00:00+09:00", "2025-01-03T00:30:00Z")  # +09:00: 09:30


@pytest.mark.parametrize("order", [[OLD, MID, NEW], [NEW, MID, OLD], [MID, NEW, OLD]],
                         ids=["oldest-first", "newest-first", "shuffled"])
def test_the_current_entry_is_the_one_changed_last(order: list[ConfigurationEntry]) -> None:
    assert current_entry(order) is NEW
    detail = WorkspaceDetail(id="W1", name="ws", configurations=order)
    assert detail.configuration is NEW.configuration


def test_a_missing_modified_time_counts_as_the_creation_time() -> None:
    made_late = _entry("late:1", "2025-02-01T00:00:00+09:00", None)
    assert current_entry([made_late, MID]) is made_late
    assert current_entry([MID, made_late]) is made_late


def test_without_times_the_later_entry_in_the_document_wins() -> None:
    first, second = _entry("a:1", None, None), _entry("b:1", None, "not a time")
    assert current_entry([first, second]) is second
    assert current_entry([second, first]) is first
    assert current_entry([first, OLD]) is OLD  # a known time beats none
    assert current_entry([]) is None


# -- a form's edit laid over what the service sent ------------------------------------------------

def test_rebase_keeps_what_the_person_did_not_change() -> None:
    read = Configuration.from_api({**RICH, "resource": {"gpuCount": 1, "memoryMb": "15GB"}})
    # what a form shows of it: no unknown fields, its defaults where the service had nothing
    shown = Configuration.from_api({**GOOD_CONFIG, "resource": {"gpuCount": 1, "cpuCount": 1,
                                                                "memoryMb": 15360}})
    edited = copy.deepcopy(shown)
    assert edited.resource is not None
    edited.resource.gpu_count = 2
    edited.docker.args = None  # emptied
    result = rebase(edited, shown, read).to_api()
    assert result["resource"] == {"gpuCount": 2, "memoryMb": "15GB"}  # no default cpuCount
    assert "args" not in result["docker"] and result["docker"]["shmSizeMb"] == 8192
    assert result["priority"] == 3 and result["data"] == RICH["data"]
