"""The fast schema checker agrees with the reference implementation (jsonschema, Draft 7).

rules.problems interprets core/schema/workspace.schema.json with core/schema/checker.py; here
hypothesis mutates valid requests in every way and both must call the result valid or invalid
alike, and blame the same fields.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator as _Draft7
from jsonschema import ValidationError as SchemaError
from jsonschema import validators

from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.core.schema.checker import SchemaChecker, ecma_regex


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    # JSON Schema patterns are ECMA-262 regexes, where "$" does not match before a final
    # newline; jsonschema uses Python's re as is. Only that one difference is corrected here.
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield SchemaError(f"{instance!r} does not match {pattern!r}")


Draft7Validator = validators.extend(_Draft7, {"pattern": _ecma_pattern})

VALID_CREATE: dict[str, Any] = {
    "accountId": "DfDemoAccount000000001",
    "name": "train-1",
    "description": "a workspace",
    "configuration": {
        "name": "cfg",
        "queueName": "gpu",
        "userPackageUri": "/user/pkg.tgz",
        "resource": {"gpuModel": "T4", "gpuCount": 2, "cpuCount": 4, "memoryMb": 15360},
        "docker": {"image": "dataforest/tf-notebook:2.15.0", "command": "jupyter lab",
                   "args": "--port 8888", "workdir": "/w", "env": {"A": "1"},
                   "exposeTcpPorts": [8888, 6006]},
        "data": {"input": [{"hdfs": "/in", "path": "/data/in"}],
                 "output": [{"hdfs": "/out", "path": "/data/out", "overwrite": True}]},
    },
}

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 70000), st.floats(allow_nan=False, width=32),
    st.sampled_from(["", "a", "A", "a--b", "abc-", "tensorflow:2.3", "tensorflow/r2.3.1-py3",
                     "x" * 16, "x" * 300, "DfDemoAccount000000001", "bad id!", "T4", "gpu",
                     "a=b", "dataforest/a:b"]),
    st.text(max_size=40),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, sub in value.items():
            found += _paths(sub, (*prefix, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += _paths(sub, (*prefix, index))
    return found


@st.composite
def mutated_requests(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(VALID_CREATE)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
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


def _reference_paths(validator: Draft7Validator, value: Any) -> set[str]:
    return {".".join(map(str, e.absolute_path)) for e in validator.iter_errors(value)}


@settings(max_examples=600, deadline=None)
@given(mutated_requests())
def test_same_verdict_as_jsonschema(request_body: Any) -> None:
    reference = Draft7Validator(rules.load_schema())
    ours = rules.problems("createRequest", request_body)
    assert (not ours) == reference.is_valid(request_body), (ours, request_body)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_arbitrary_json_same_verdict(value: Any) -> None:
    schema = rules.load_schema()
    for name in ("idRequest", "listRequest", "checkAvailableNameRequest", "configuration"):
        reference = Draft7Validator({"$ref": f"#/definitions/{name}",
                                     "definitions": schema["definitions"]})
        assert (not rules.problems(name, value)) == reference.is_valid(value), (name, value)


def test_valid_request_has_no_problems() -> None:
    assert rules.problems("createRequest", VALID_CREATE) == []
    assert Draft7Validator(rules.load_schema()).is_valid(VALID_CREATE)


def test_unknown_keyword_is_refused_not_ignored() -> None:
    checker = SchemaChecker({"definitions": {"x": {"type": "string", "format": "uri"}}})
    with pytest.raises(ValueError, match="unsupported keyword"):
        checker.check("x", "a")
