"""The create form's plain parts, without widgets or a service: its state and its checking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ncp_df_jupyter.core.models import Account
from ncp_df_jupyter.core.schema import rules
from ncp_df_jupyter.widgets.form.checking import blocked_because, field_messages
from ncp_df_jupyter.widgets.form.field_messages import FieldMessages
from ncp_df_jupyter.widgets.form.state import FormState

VALID: dict[str, Any] = {"accountId": "acc1", "name": "train-one",
         "configuration": {"queueName": "gpu",
                           "docker": {"image": "tensorflow:2.15.0-gpu", "command": "python x"},
                           "resource": {"gpuModel": "T4", "gpuCount": 1}}}


def messages(body: Mapping[str, Any] = VALID, *, env_keys: Sequence[tuple[int, str]] = (),
             sent_rows: Mapping[str, Sequence[int]] | None = None, name_taken: bool = False,
             service_messages: Mapping[str, str] | None = None) -> FieldMessages:
    return field_messages(body, editing=False, env_keys=env_keys, sent_rows=sent_rows or {},
                          name_taken=name_taken, service_messages=service_messages or {})


def test_a_valid_request_has_no_messages() -> None:
    assert messages().fields == {}


def test_what_only_the_form_knows_is_added_to_the_rules() -> None:
    found = messages(env_keys=[(0, "A"), (2, "A")], name_taken=True,
                     service_messages={"image": "refused by the service (see below)"})
    assert found.fields == {"env": "A is given twice", "name": rules.NAME_TAKEN,
                            "image": "refused by the service (see below)"}
    assert found.rows["env"] == {2: "A is given twice"}  # the second row holding the key


def test_a_problem_of_a_sent_item_is_shown_on_the_row_it_came_from() -> None:
    body = {**VALID, "configuration": {**VALID["configuration"],
                                       "data": {"input": [{"hdfs": "/in", "path": ""}]}}}
    found = messages(body, sent_rows={"inputs": [3], "outputs": []})
    assert list(found.rows["inputs"]) == [3]  # rows 0-2 were empty, so not sent


def test_create_waits_for_loading_then_fields_then_requests_then_the_name() -> None:
    clean, broken = FieldMessages(), messages(name_taken=True)
    reason = blocked_because(ready=False, messages=broken, pending=[], name_unchecked=True)
    assert reason is not None and "loading" in reason
    reason = blocked_because(ready=True, messages=broken, pending=[], name_unchecked=True)
    assert reason is not None and "name" in reason and "red" in reason
    reason = blocked_because(ready=True, messages=clean, pending=["choices", "name check"],
                             name_unchecked=True)
    assert reason == "Wait a moment: still checking the name."  # choices do not block
    assert blocked_because(ready=True, messages=clean, pending=["choices"],
                           name_unchecked=False) is None
    # The name of the workspace this form just made: not "taken", but not again either.
    reason = blocked_because(ready=True, messages=clean, pending=[], name_unchecked=False,
                             just_created=True)
    assert reason is not None and "just created" in reason
    # Fields are named as the form labels them.
    reason = blocked_because(ready=True, messages=broken, pending=[], name_unchecked=False,
                             labels={"name": "Workspace name"})
    assert reason == "Fix the fields marked in red first: Workspace name."


def test_state_knows_when_the_first_round_is_back() -> None:
    state = FormState()
    assert not state.first_round_back("acc-1", "tensorflow")
    state.accounts, state.workspaces_for = [Account("acc-1", "demo")], "acc-1"
    state.images["tensorflow"] = ["tensorflow:2.15.0-gpu"]
    assert state.first_round_back("acc-1", "tensorflow")
    assert not state.first_round_back("acc-2", "tensorflow")  # another account's list
    assert not state.first_round_back("acc-1", "pytorch")
    assert state.framework_of("tensorflow:2.15.0-gpu") == "tensorflow"
    assert "tensorflow" not in state.missing_frameworks()


def test_state_names_an_account_by_name_only_when_that_is_unambiguous() -> None:
    state = FormState(accounts=[Account("a1", "demo"), Account("a2", "twin"),
                                Account("a3", "twin")])
    assert state.account_ref("a1") == "demo"
    assert state.account_ref("a2") == "a2"
    assert state.account_ref(None) is None
