"""The notebook form is the core's form description (core/schema/form.py), as the sidebar's is:
the same groups, labels, order, help texts, defaults and kinds of input; in Korean when the
kernel's locale is Korean."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import ipywidgets as widgets
import pytest

from ncp_df_jupyter.core.schema.form import form_fields, form_groups
from ncp_df_jupyter.emulator import EmulatorControl
from ncp_df_jupyter.kernel import i18n
from ncp_df_jupyter.widgets import CreateWorkspaceForm
from ncp_df_jupyter.widgets.form.attributes import ATTRIBUTE_OF_KEY, attribute_of
from ncp_df_jupyter.widgets.form.inputs import ChoiceOrOther
from ncp_df_jupyter.widgets.form.rows import RowList

from .form_reading import field_boxes, help_of, label_of, notebook_layout

MakeForm = Callable[..., CreateWorkspaceForm]


def core_layout() -> list[tuple[str, list[str]]]:
    fields = form_fields()
    return [(g.title, [f.title for f in fields if f.group == g.id]) for g in form_groups()]


def test_groups_labels_and_order_are_the_cores(make_form: MakeForm) -> None:
    form = make_form().wait()
    assert notebook_layout(form) == core_layout()
    assert [group for group, _labels in notebook_layout(form)] == [
        "Basics", "Resources", "Container", "Data"]


def test_help_texts_are_the_schemas_under_their_fields(make_form: MakeForm) -> None:
    form = make_form().wait()
    shown = {label_of(box): help_of(box) for box in field_boxes(form)}
    assert shown == {f.title: f.help for f in form_fields()}


def test_defaults_are_the_schemas(make_form: MakeForm) -> None:
    form = make_form().wait()
    defaults = {f.key: f.default for f in form_fields() if f.default is not None}
    assert defaults["configuration.resource.gpuModel"] == "V100"
    shown = {key: getattr(form, attribute_of(key)).value for key in defaults}
    assert shown == defaults
    sent = form.configuration()
    assert (sent["queueName"], sent["resource"]["gpuModel"]) == ("gpu", "V100")


def test_every_field_has_the_kind_of_input_it_asks_for(make_form: MakeForm) -> None:
    form = make_form().wait()
    kinds = {"choice-or-other": ChoiceOrOther, "number": widgets.IntText,
             "textarea": widgets.Textarea, "image": widgets.Combobox,
             "key-value": RowList, "number-list": RowList, "rows": RowList,
             "account": widgets.Dropdown, "start-from": widgets.Dropdown, "text": widgets.Text}
    assert set(ATTRIBUTE_OF_KEY) == {f.key for f in form_fields()}  # none forgotten
    for field in form_fields():
        assert isinstance(getattr(form, attribute_of(field.key)), kinds[field.widget]), field.key


def test_other_reveals_a_text_box_whose_value_is_sent(make_form: MakeForm) -> None:
    form = make_form().wait()
    gpu = form.gpu_model
    assert [label for label, _v in gpu.dropdown.options] == ["V100", "T4", "Other…"]
    assert gpu.other.layout.display == "none"
    gpu.dropdown.label = "Other…"
    assert gpu.other.layout.display != "none" and gpu.value == ""
    gpu.other.value = "H100"
    form.wait()
    assert form.configuration()["resource"]["gpuModel"] == "H100"
    # A value the list does not hold shows as Other… with the value in its box.
    form.queue.value = "gpu-night"
    assert (form.queue.dropdown.label, form.queue.other.value) == ("Other…", "gpu-night")
    form.queue.dropdown.value = "gpu"
    assert form.queue.value == "gpu" and form.queue.other.layout.display == "none"
    form.gpu_model.add_values(["H100"])  # offered later (the second round): now a choice
    assert (gpu.dropdown.value, gpu.value) == ("H100", "H100")


def test_rows_have_labelled_buttons_and_one_arrow_direction(make_form: MakeForm) -> None:
    form = make_form().wait()
    assert [form.env.add_button.description, form.ports.add_button.description,
            form.inputs.add_button.description, form.outputs.add_button.description] == [
        "Add variable", "Add port", "Add input", "Add output"]
    form.env.add({"key": "A", "value": "1"})
    form.env.add({"key": "B", "value": "2"})
    assert {r.remove_button.description for r in form.env.rows} == {"Remove"}
    assert [r.remove_button.tooltip for r in form.env.rows] == [
        "Remove row 1 of Environment variables", "Remove row 2 of Environment variables"]
    form.env.remove(0)
    assert form.env.rows[0].remove_button.tooltip == "Remove row 1 of Environment variables"
    assert [r.inputs["key"].placeholder for r in form.env.rows] == ["Variable"]

    def shown(rows: RowList) -> list[str]:
        row = rows.add()
        return ["→" if isinstance(w, widgets.HTML) and "→" in w.value
                else getattr(w, "placeholder", "") or w.description for w in row.children
                if w not in (row.remove_button, row.message)]

    assert shown(form.inputs) == ["HDFS path", "→", "Container path"]
    assert shown(form.outputs) == ["Container path", "→", "HDFS path", "Overwrite"]


def test_a_bad_port_is_named_on_its_row(make_form: MakeForm, control: EmulatorControl) -> None:
    form = make_form().wait()
    form.name.value, form.command.value = "ports", "python x"
    form.ports.add({"item": "8888"})
    form.ports.add({"item": "http"})
    form.wait()
    assert form.ports.rows[0].message.value == ""
    assert "whole number" in form.ports.rows[1].message.value  # the core's wording
    form.ports.rows[1].inputs["item"].value = "70000"
    form.wait()
    assert "TCP port number" in form.ports.rows[1].message.value
    assert form.create_button.disabled
    form.ports.rows[1].inputs["item"].value = "6006"
    form.wait()
    assert form.ports.value == [8888, 6006] and not form.create_button.disabled
    assert form.configuration()["docker"]["exposeTcpPorts"] == [8888, 6006]


@pytest.fixture
def korean_kernel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The kernel's locale Korean (the shipped catalogue, compiled by the build)."""
    for name in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGUAGE", "ko_KR")
    i18n.forget()
    assert i18n.language() == "ko_KR", "no compiled Korean catalogue (python tools/catalogs.py "\
        "compile)"
    yield
    monkeypatch.delenv("LANGUAGE")
    i18n.forget()


def test_in_korean_the_form_shows_the_korean_labels(korean_kernel: None,
                                                    make_form: MakeForm) -> None:
    form = make_form().wait()
    expected = [(i18n._(group), [i18n._(label) for label in labels])
                for group, labels in core_layout()]
    assert notebook_layout(form) == expected
    assert [group for group, _labels in expected] == ["기본", "리소스", "컨테이너", "데이터"]
    english = [label for _group, labels in core_layout() for label in labels]
    korean = [label for _group, labels in expected for label in labels]
    assert [k for k, e in zip(korean, english, strict=True) if k == e] == []  # all translated
    assert form.gpu_model.dropdown.options[-1][0] == i18n._("Other…") != "Other…"
    assert form.env.add_button.description == i18n._("Add variable") != "Add variable"
