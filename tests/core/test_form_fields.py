"""The one form description (core/schema/form.py): groups, labels, order, defaults, widgets.

Both forms, the notebook's and the sidebar's, are drawn from it; these tests pin what the issue
names (the same groups, labels and defaults everywhere) and that no request field is forgotten.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.core.schema.form import (
    WIDGETS,
    form_field,
    form_fields,
    form_groups,
    frameworks,
)


def test_groups_in_order() -> None:
    assert [(g.id, g.title) for g in form_groups()] == [
        ("basics", "Basics"), ("resources", "Resources"), ("container", "Container"),
        ("data", "Data")]


def test_fields_labels_and_order_are_the_ones_both_forms_show() -> None:
    shown = [(f.group, f.title) for f in form_fields()]
    assert shown == [
        ("basics", "Account"), ("basics", "Start from"), ("basics", "Name"),
        ("basics", "Description"),
        ("resources", "Queue"), ("resources", "GPU model"), ("resources", "GPU count"),
        ("resources", "CPU count"), ("resources", "Memory (MB)"),
        ("container", "Docker image"), ("container", "Command"), ("container", "Arguments"),
        ("container", "Working directory"), ("container", "Environment variables"),
        ("container", "Exposed TCP ports"),
        ("data", "Inputs (HDFS → container)"), ("data", "Outputs (container → HDFS)"),
        ("data", "User package (HDFS)"),
    ]


def test_defaults_are_the_schemas_one_default() -> None:
    assert form_field("configuration.resource.gpuModel").default == "V100"
    assert form_field("configuration.queueName").default == "gpu"
    assert form_field("configuration.resource.gpuCount").default == 1
    assert form_field("configuration.resource.memoryMb").default == 15360
    assert form_field("configuration.resource.gpuModel").default == rules.definition(
        "resource")["properties"]["gpuModel"]["default"]


def test_widgets_required_and_parts() -> None:
    by_key = {f.key: f for f in form_fields()}
    assert by_key["configuration.queueName"].widget == "choice-or-other"
    assert by_key["configuration.resource.gpuModel"].widget == "choice-or-other"
    assert [c.value for c in by_key["configuration.resource.gpuModel"].choices] == (
        rules.documented_gpu_models())
    assert by_key["configuration.docker.image"].widget == "image"
    assert by_key["startFrom"].control and by_key["startFrom"].widget == "start-from"
    assert {k for k, f in by_key.items() if f.required} == {
        "accountId", "name", "configuration.docker.image", "configuration.docker.command"}
    env = by_key["configuration.docker.env"]
    assert env.widget == "key-value" and [p.title for p in env.parts] == ["Variable", "Value"]
    # One arrow direction: each row reads the way its data goes.
    inputs, outputs = by_key["configuration.data.input"], by_key["configuration.data.output"]
    assert [p.key for p in inputs.parts] == ["hdfs", "path"]
    assert [p.key for p in outputs.parts] == ["path", "hdfs", "overwrite"]
    assert outputs.parts[2].kind == "checkbox" and outputs.parts[2].default is False
    assert by_key["configuration.docker.exposeTcpPorts"].parts[0].kind == "number"


def _leaves(schema: dict[str, Any], node: dict[str, Any], path: tuple[str, ...] = ()
            ) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every property of the create request with its (resolved) node."""
    found = []
    for name, child in node.get("properties", {}).items():
        if "$ref" in child:
            child = {**rules.definition(child["$ref"].rsplit("/", 1)[-1]), **child}
        found.append(((*path, name), child))
        if child.get("type") == "object" and "x-widget" not in child:
            found += _leaves(schema, child, (*path, name))
    return found


def test_every_request_field_is_in_the_form_or_hidden_on_purpose() -> None:
    schema = rules.load_schema()
    keys = {f.key for f in form_fields()}
    for path, node in _leaves(schema, schema):
        if node.get("type") == "object" and "x-widget" not in node:
            continue  # a group of fields, checked through its own
        key = ".".join(path)
        assert key in keys or node.get("x-widget") == "hidden", (
            f"{key} is in the create request but no form shows it: give it x-group, "
            "x-order and x-widget (or x-widget hidden) in workspace.schema.json")


def test_every_widget_is_a_known_kind() -> None:
    assert {f.widget for f in form_fields()} <= WIDGETS


def test_a_filled_schema_gives_its_choices() -> None:
    schema = rules.schema_copy()
    schema["definitions"]["resource"]["properties"]["gpuModel"]["examples"] = ["V100", "A100"]
    schema["properties"]["accountId"]["oneOf"] = [{"const": "Acc1", "title": "research"}]
    fields = {f.key: f for f in form_fields(schema)}
    assert [c.value for c in fields["configuration.resource.gpuModel"].choices] == ["V100",
                                                                                     "A100"]
    assert [(c.value, c.label) for c in fields["accountId"].choices] == [("Acc1", "research")]


@pytest.mark.parametrize(("change", "says"), [
    (lambda s: s["definitions"]["docker"]["properties"]["command"].update(
        {"x-widget": "slider"}), "unknown x-widget 'slider'"),
    (lambda s: s["definitions"]["docker"]["properties"]["command"].update(
        {"x-group": "extras"}), "unknown group 'extras'"),
])
def test_a_schema_mistake_is_named(change, says: str) -> None:
    schema = copy.deepcopy(rules.load_schema())
    change(schema)
    with pytest.raises(ValueError, match=says):
        form_fields(schema)


def test_frameworks_have_their_display_names() -> None:
    assert [(c.value, c.label) for c in frameworks()] == [
        ("tensorflow", "TensorFlow"), ("pytorch", "PyTorch")]
    assert [c.value for c in frameworks()] == rules.frameworks()
