"""Both faces' create forms are one description: what GET /ncp-df/form serves the sidebar (its
groups, fields, labels, order, help texts, defaults and dropdown choices) is what the notebook's
CreateWorkspaceForm shows, against the same service."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from ncp_df_jupyter.core.retry import RetryPolicy
from ncp_df_jupyter.emulator import EmulatorThread
from ncp_df_jupyter.kernel.blocking import BlockingClient
from ncp_df_jupyter.kernel.connection import Connection
from ncp_df_jupyter.widgets import CreateWorkspaceForm
from ncp_df_jupyter.widgets.form.attributes import attribute_of

from ..conftest import ACCOUNT_ID
from ..widgets.form_reading import field_boxes, help_of, label_of, notebook_layout
from .test_routes import create


@pytest.fixture
def notebook_form(emu_env: EmulatorThread) -> Iterator[Callable[[], CreateWorkspaceForm]]:
    """Opens the notebook's form on the emulator the server talks to (when the test says)."""
    client = BlockingClient(**emu_env.endpoint.client_kwargs(), timeout=5.0,
                            retry=RetryPolicy.fast())
    forms: list[CreateWorkspaceForm] = []

    def open_form() -> CreateWorkspaceForm:
        forms.append(CreateWorkspaceForm(Connection(client), ACCOUNT_ID))
        return forms[-1].wait(10)

    yield open_form
    for form in forms:
        form.wait(10)
        form.close()
    client.close()


def test_the_sidebars_form_and_the_notebooks_are_one_description(
        api, notebook_form: Callable[[], CreateWorkspaceForm]) -> None:
    create(api, name="big-one", gpu_model="A100", queue="gpu-large")
    served = api("GET", "form", params={"account": ACCOUNT_ID}).body
    form = notebook_form()

    # The same groups in order, each with the same labels in order.
    fields = served["fields"]
    sidebar = [(g["title"], [f["title"] for f in fields if f["group"] == g["id"]])
               for g in served["groups"]]
    assert notebook_layout(form) == sidebar
    # The same help texts, under the same labels.
    assert {label_of(box): help_of(box) for box in field_boxes(form)} == {
        f["title"]: f["help"] for f in fields}
    # The same defaults (the account and the image are the service's: checked below).
    for field in fields:
        if field["default"] is not None and field["key"] not in (
                "accountId", "configuration.docker.image"):
            assert getattr(form, attribute_of(field["key"])).value == field["default"], field
    by_key = {f["key"]: f for f in fields}
    assert form.account.value == by_key["accountId"]["default"] == ACCOUNT_ID
    assert form.image.value == by_key["configuration.docker.image"]["default"]
    # The same dropdown choices: documented values first, then the ones in use.
    for key in ("configuration.resource.gpuModel", "configuration.queueName"):
        offered = [value for _label, value in getattr(form, attribute_of(key)).options]
        assert offered == [c["value"] for c in by_key[key]["choices"]], key
    assert "A100" in [v for _l, v in form.gpu_model.options]
    # The same kinds of input: the ones made of rows have the same columns.
    for key, rows in (("configuration.docker.env", form.env),
                      ("configuration.data.input", form.inputs),
                      ("configuration.data.output", form.outputs),
                      ("configuration.docker.exposeTcpPorts", form.ports)):
        assert [c.title for c in rows.columns] == [p["title"] for p in by_key[key]["parts"]]
