"""The AI app submit rules read by the fast checker exactly as jsonschema reads them."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ncp_df_jupyter.core.schema import rules

from .test_schema_check import Draft7Validator, _paths, json_values

VALID_SUBMIT: dict[str, Any] = {
    "aiWorkspaceId": "5R4q4qDy7AafDHz9IeTIfu", "namePrefix": "mnist", "queueName": "gpu",
    "data": {"input": [{"hdfs": "/user/df001/mnist/in", "path": "/data/in"}],
             "output": [{"hdfs": "/user/df001/mnist/out", "overwrite": True,
                         "path": "/data/out"}]},
    "docker": {"image": "tensorflow:r2.3.1-py3", "command": "python train.py",
               "args": "--epochs 3", "env": {"TF_CPP_MIN_LOG_LEVEL": "2"},
               "exposeTcpPorts": [6006]},
    "resource": {"cpuCount": 1, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 15360},
}  # the reference's own submit example (spec 3.1)


def _validator(name: str) -> Draft7Validator:
    return Draft7Validator({"$ref": f"#/definitions/{name}",
                            "definitions": rules.load_schema()["definitions"]})


@st.composite
def mutated_submits(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(VALID_SUBMIT)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        if not path:
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
        else:
            parent[path[-1]] = draw(json_values)
    return doc


def test_the_reference_example_is_valid() -> None:
    assert rules.problems("appSubmitRequest", VALID_SUBMIT) == []
    assert _validator("appSubmitRequest").is_valid(VALID_SUBMIT)


@settings(max_examples=600, deadline=None)
@given(mutated_submits())
def test_same_verdict_as_jsonschema(body: Any) -> None:
    ours = rules.problems("appSubmitRequest", body)
    assert (not ours) == _validator("appSubmitRequest").is_valid(body), (ours, body)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, st.text(max_size=10)))
def test_arbitrary_values_same_verdict(value: Any) -> None:
    for name in ("namePrefix", "appSubmitRequest"):
        assert (not rules.problems(name, value)) == _validator(name).is_valid(value), (
            name, value)
