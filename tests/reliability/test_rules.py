"""The workspace model's validator against an independent statement of the rules.

tests/core/test_schema_check.py checks that the core's rules.problems reads the schema file
exactly as jsonschema does. That cannot tell whether the schema file says what the API reference
says: here the key rules (name, image, gpuCount, ids, description, required docker/image/command)
are restated in plain Python (rules.py) and hypothesis looks for a value the two judge
differently. The same values then go through the client and straight to the emulator, which must
agree too.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ncp_df_jupyter import DataForestClient, RetryPolicy
from ncp_df_jupyter.core.errors import ValidationError
from ncp_df_jupyter.core.protocol import OPERATIONS
from ncp_df_jupyter.core.schema import rules as schema_rules
from ncp_df_jupyter.emulator import EmulatorControl, EmulatorThread

from ..conftest import ACCOUNT_ID
from . import rules
from .wire import Wire

MISSING = object()  # the field is left out of the request

# Characters near the allowed sets: other cases, other scripts' letters and digits, separators,
# a newline (JSON Schema's "$" does not match before it, Python's does).
NEAR = "aAzZ09-_./:@ \n\t\u00e9\u00c0\u0663\uff21\uff5a" + string.punctuation
texts = st.one_of(
    st.text(alphabet=rules.LOWER + rules.DIGITS + "-", max_size=17),
    st.text(alphabet=rules.BASE62, min_size=0, max_size=24),
    st.text(alphabet=NEAR, max_size=24),
    st.text(max_size=24))
not_text = st.one_of(st.none(), st.booleans(), st.integers(-3, 12), st.floats(-1, 10),
                     st.lists(st.integers(), max_size=1), st.just({}))
image_part = st.text(alphabet=rules.IMAGE_CHARS + "A:/@ ", min_size=0, max_size=32)


def _valid_name(first: str, rest: list[tuple[bool, str]]) -> str:
    return (first + "".join(("-" if hyphen else "") + c for hyphen, c in rest))[:15]


valid_names = st.builds(_valid_name, st.sampled_from(rules.LOWER), st.lists(
    st.tuples(st.booleans(), st.sampled_from(rules.LOWER + rules.DIGITS)), max_size=14)).filter(
    lambda name: not name.endswith("-"))
valid_images = st.builds(
    lambda prefix, name, tag: f"{prefix}{name}:{tag}", st.sampled_from(["", "dataforest/"]),
    st.text(alphabet=rules.IMAGE_CHARS, min_size=1, max_size=30),
    st.text(alphabet=rules.IMAGE_CHARS, min_size=1, max_size=20))
missing = st.just(MISSING)

# Per key field: (valid values, values near and far from valid - which may be valid by chance).
FIELDS: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "accountId": (st.just(ACCOUNT_ID), st.one_of(
        texts, not_text, missing, st.sampled_from(["a" * 22, "a" * 23, ""]))),
    "name": (valid_names, st.one_of(texts, not_text, missing, st.sampled_from(
        ["a--b", "a-", "-a", "1a", "abcdefghijklmnop", "abc\n", "A"]))),
    "description": (st.one_of(st.text(max_size=255), missing), st.one_of(
        st.text(min_size=250, max_size=260), not_text,
        st.sampled_from(["x" * 255, "x" * 256, "\u00e9" * 255, "\u00e9" * 256]))),
    "configuration": (st.just({}), st.one_of(not_text, missing)),
    "docker": (st.just({}), st.one_of(not_text, missing)),
    "image": (valid_images, st.one_of(
        st.builds(lambda prefix, name, sep, tag: prefix + name + sep + tag,
                  st.sampled_from(["", "dataforest/", "Dataforest/", "dataforest//", "other/"]),
                  image_part, st.sampled_from([":", "", "::", "/"]), image_part),
        texts, not_text, missing)),
    "command": (st.text(min_size=1, max_size=10), st.one_of(
        st.sampled_from(["", " "]), not_text, missing)),
    "resource": (st.just({}), st.one_of(not_text, missing)),
    "gpuCount": (st.one_of(st.integers(1, 8), missing), st.one_of(
        st.integers(-2, 10), st.sampled_from([1.0, 8.0, 8.5, 0.0, True, "2"]), not_text)),
}


def _without_missing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_missing(v) for k, v in value.items() if v is not MISSING}
    return value


@st.composite
def create_requests(draw: st.DrawFn) -> dict[str, Any]:
    """A create request with up to three key fields drawn from near and far of their rules
    and the others valid: whole requests are often valid, and every rule is met alone. The
    request's other fields stay valid, so only the key rules can be broken."""
    broken = draw(st.sets(st.sampled_from(sorted(FIELDS)), max_size=3))

    def value(name: str) -> Any:
        valid, anything = FIELDS[name]
        return draw(anything if name in broken else valid)

    body: dict[str, Any] = {"accountId": value("accountId"), "name": value("name"),
                            "description": value("description")}
    configuration = value("configuration")
    if isinstance(configuration, dict):
        configuration = {"queueName": "gpu"}
        docker = value("docker")
        if isinstance(docker, dict):
            docker = {"image": value("image"), "command": value("command")}
        resource = value("resource")
        if isinstance(resource, dict):
            resource = {"gpuModel": "T4", "gpuCount": value("gpuCount")}
        configuration.update(docker=docker, resource=resource)
    body["configuration"] = configuration
    cleaned: dict[str, Any] = _without_missing(body)
    return cleaned


def judged_by_the_model(body: dict[str, Any]) -> set[str]:
    return {problem.path for problem in schema_rules.problems("createRequest", body)}


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(body=create_requests())
@example(body={"accountId": ACCOUNT_ID, "name": "abc\n",
               "configuration": {"docker": {"image": "a:b", "command": "x"}}})
@example(body={"accountId": ACCOUNT_ID, "name": "ok",
               "configuration": {"docker": {"image": "dataforest/" + "a" * 30 + ":" + "b" * 20,
                                            "command": "x"},
                                 "resource": {"gpuCount": 8.0}}})
def test_the_model_agrees_with_the_rules_as_written(body: dict[str, Any]) -> None:
    assert judged_by_the_model(body) == rules.create_request_problems(body), json.dumps(
        body, default=str)


@pytest.mark.parametrize(("field", "good", "bad"), [
    ("name", ["a", "a-b", "x9", "abcdefghijklmno"], ["", "A", "a--b", "a-", "-a", "1a", "a_b",
                                                      "abcdefghijklmnop", "abc\n", "é"]),
    ("image", ["a:b", "dataforest/a:b", "a.b_c-d:1.0", "x" * 30 + ":" + "y" * 20],
     ["a", "a:b:c", "A:b", "a:", ":b", "dataforest/a", "other/a:b", "x" * 31 + ":y",
      "x:" + "y" * 21, "a:b\n"]),
    ("gpuCount", [1, 8, 2.0], [0, 9, -1, 1.5, True, "2", None]),
    ("id", ["a", "Z9", "a" * 22], ["", "a" * 23, "a-b", "a b", "é", 5, None]),
    ("description", ["", "x" * 255], ["x" * 256, 5, None]),
    ("namePrefix", ["ab", "a-", "a1-b", "abcdefgh"], ["a", "abcdefghi", "1a", "-a", "Ab", "a_b",
                                                     "ab\n", "a b", "é1", 5, None]),
])
def test_the_statement_itself_on_documented_examples(field: str, good: list[Any],
                                                     bad: list[Any]) -> None:
    """The plain statement says what the reference says, on its own examples (so the
    agreement above is agreement with the reference, not with a shared mistake)."""
    keep = {"name": rules.name_ok, "image": rules.image_ok, "gpuCount": rules.gpu_count_ok,
            "id": rules.id_ok, "description": rules.description_ok,
            "namePrefix": rules.name_prefix_ok}[field]
    assert [v for v in good if not keep(v)] == []
    assert [v for v in bad if keep(v)] == []


@settings(max_examples=1000, deadline=None)
@given(value=st.one_of(texts, not_text, st.text(alphabet=rules.LOWER + rules.DIGITS + "-",
                                                   max_size=10)))
def test_the_name_prefix_rule_agrees(value: Any) -> None:
    judged = schema_rules.problems("appSubmitRequest", {"namePrefix": value})
    refused = any(p.path == "namePrefix" for p in judged)
    assert refused is not rules.name_prefix_ok(value), value


# -- the same values through the client and straight to the emulator ----------------------------


@pytest.fixture
def wire(emulator: EmulatorThread) -> Iterator[Wire]:
    sender = Wire(emulator.url)
    yield sender
    sender.close()


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=create_requests())
async def test_client_and_emulator_judge_alike(emulator: EmulatorThread, wire: Wire,
                                               body: dict[str, Any]) -> None:
    """A request the rules refuse: the client raises ValidationError naming the first broken
    field and sends nothing; the emulator, sent it directly, answers 400 naming the same field.
    A request the rules accept: both create the workspace."""
    control = EmulatorControl(emulator.url)
    control.reset()
    if body.get("accountId") != ACCOUNT_ID and rules.id_ok(body.get("accountId")):
        body = {**body, "accountId": ACCOUNT_ID}  # a valid id of no account: 404, not a rule
    # Both read a null as an absent field (description=None: no description).
    wrong = sorted(rules.create_request_problems(rules.without_nulls(body)))
    client_wrong = wrong

    async with DataForestClient(**emulator.endpoint.client_kwargs(), timeout=5,
                                retry=RetryPolicy.fast(1)) as client:
        try:
            created = await client.create_workspace(
                body.get("accountId"), body.get("name"),  # type: ignore[arg-type]
                body.get("configuration"),  # type: ignore[arg-type]
                description=body.get("description"))
        except ValidationError as error:
            refused: ValidationError | None = error
        else:
            refused = None
    if not isinstance(body.get("configuration"), dict):
        return  # the client refuses a non-dict configuration in its own words, checked below
    if client_wrong:
        assert refused is not None and refused.field == client_wrong[0], (refused, client_wrong)
        assert control.count("create") == 0  # nothing was sent
    else:
        assert refused is None and created.name == body["name"]
        assert control.state()["workspaces"][0]["configuration"] == rules.without_nulls(
            body["configuration"])

    control.reset()
    reply = wire.send("POST", OPERATIONS["create"].path, json.dumps(body).encode())
    if wrong:
        assert reply.status == 400
        assert f"invalid request parameter ({wrong[0]}," in reply.json["message"]
    else:
        assert reply.status == 200 and reply.json["success"] is True


async def test_a_configuration_that_is_not_an_object_is_refused_before_sending(
        client: DataForestClient, control: EmulatorControl) -> None:
    for configuration in (None, [], "docker", 5):
        with pytest.raises(ValidationError) as caught:
            await client.create_workspace(ACCOUNT_ID, "ok", configuration)  # type: ignore[arg-type]
        assert caught.value.field == "configuration"
    assert control.count("create") == 0
