"""Generated magic code (kernel/magic_code.py: ``form.to_magic()``, "show as code", the edit
form's ``%df_set_config``) run by a real IPython InteractiveShell with the extension loaded,
against the emulator: whatever the values hold (braces, dollars, quotes, line breaks, unicode),
the configuration that arrives is the one the code was written from, and nothing is evaluated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.dry_run import DryRun
from ncp_df_jupyter.core.models import (
    Configuration,
    Data,
    DataInput,
    DataOutput,
    Docker,
    Resource,
    WorkspaceDetail,
)
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, EmulatorControl
from ncp_df_jupyter.kernel import connection, magic_code
from ncp_df_jupyter.widgets import CreateWorkspaceForm

from .test_write_magics import stored

# What IPython's formatter or a shell parser treat specially, Korean; then what cannot be on a
# line at all (line breaks of every kind, other controls, a bidirectional override).
ON_A_LINE = [*"{}$'\"\\ -=!#?%;`", "한", "{x}", "$HOME", "$$", "{{", "}}", "$x.y", "${x}"]
OFF_A_LINE = [*"\t\n\r:", "\u2028", "\x85", "\x1b", "\u202e", "\\\n"]
USER_NAMESPACE = {"x": "EXPANDED", "HOME": "EXPANDED", "y": "EXPANDED"}  # what expanding finds
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def texts(special: list[str], characters: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(special), characters), min_size=1,
                    max_size=10).map("".join)


line_texts = texts(ON_A_LINE, st.characters(codec="utf-8", categories=("L", "N", "P", "S")))
any_texts = texts(ON_A_LINE + OFF_A_LINE, st.characters(exclude_categories=("Cs",)))
# Names follow the workspace name rule (the magics refuse any other before anything).
names = st.from_regex(r"[a-z](-?[a-z0-9]){0,6}", fullmatch=True)


@st.composite
def configurations(draw: st.DrawFn, text: st.SearchStrategy[str]) -> Configuration:
    """Valid configurations (so a dry run shows them) whose free texts are anything. The form
    strips what is typed and leaves out what is empty: required texts keep something."""
    kept = text.filter(str.strip)
    optional = st.one_of(st.none(), text)
    inputs = draw(st.lists(st.builds(DataInput, hdfs=kept, path=kept), max_size=2))
    outputs = draw(st.lists(st.builds(DataOutput, hdfs=kept, path=kept,
                                      overwrite=st.booleans()), max_size=2))
    env = draw(st.dictionaries(kept.filter(lambda k: "=" not in k), st.text(max_size=6) | text,
                               max_size=3))
    return Configuration(
        docker=Docker(image="tensorflow:2.15.0-gpu", command=draw(kept), args=draw(optional),
                      workdir=draw(optional), env=env or None,
                      expose_tcp_ports=draw(st.lists(st.integers(1, 65535), unique=True,
                                                     max_size=2)) or None),
        resource=Resource(gpu_model=draw(kept), gpu_count=draw(st.integers(1, 8))),
        queue_name=draw(kept), user_package_uri=draw(optional),
        data=Data(input=inputs or None, output=outputs or None) if inputs or outputs else None)


# Half of them fit a line (braces and dollars escaped), half need the cell.
any_configuration = st.one_of(configurations(line_texts), configurations(any_texts))
descriptions = st.one_of(st.none(), line_texts, any_texts)


def with_dry_run(code: str) -> str:
    """The code with --dry-run at the end of its first line (the line of a cell magic)."""
    first, newline, rest = code.partition("\n")
    return f"{first} --dry-run{newline}{rest}"


def run(ip: InteractiveShell, code: str) -> Any:
    result = ip.run_cell(code, store_history=False)
    assert result.error_before_exec is None and result.error_in_exec is None, code
    return result.result


def assert_inert(code: str) -> None:
    """Nothing IPython acts on: one line, or a cell whose first line is inert and whose body is
    YAML (never expanded); no brace or dollar that the formatter would take."""
    line = code.split("\n", 1)[0]
    assert len(line.splitlines()) == 1
    assert "{" not in line.replace("{{", "") and "}" not in line.replace("}}", "")
    assert all(line[i + 1] == "'" for i, char in enumerate(line) if char == "$"), line
    if "\n" in code:
        assert line.startswith("%%") and isinstance(yaml.safe_load(code.split("\n", 1)[1]), dict)
    else:
        assert line.startswith("%df_")


@pytest.fixture
def shell(ip: InteractiveShell) -> Iterator[InteractiveShell]:
    ip.user_ns.update(USER_NAMESPACE)
    yield ip


def test_create_code_gives_the_magic_exactly_its_values(shell: InteractiveShell) -> None:
    @SETTINGS
    @given(config=any_configuration, name=names, description=descriptions,
           account=st.sampled_from([None, "df-demo", DEMO_ACCOUNT_ID]))
    def check(config: Configuration, name: str, description: str | None,
              account: str | None) -> None:
        code = magic_code.create_code(name, config, description=description, account=account)
        assert_inert(code)
        plan = run(shell, with_dry_run(code))
        assert isinstance(plan, DryRun), code
        assert plan.body["configuration"] == config.to_api(), code
        assert (plan.body["name"], plan.body.get("description")) == (name, description)
        assert plan.body["accountId"] == DEMO_ACCOUNT_ID

    check()


def test_set_config_code_gives_the_magic_exactly_its_values(shell: InteractiveShell,
                                                            control: EmulatorControl) -> None:
    target = next(w for w in control.state()["workspaces"] if w["name"] == "mnist-train")

    @SETTINGS
    @given(config=any_configuration,
           name=st.sampled_from(["mnist-train", None, "{x}", "mnist\ntrain", "$HOME"]),
           account=st.sampled_from([None, "df-demo", "{x}\n"]))
    def check(config: Configuration, name: str | None, account: str | None) -> None:
        code = magic_code.set_config_code(config, workspace_id=target["id"], name=name,
                                          account=account)
        assert_inert(code)
        plan = run(shell, with_dry_run(code))
        assert isinstance(plan, DryRun), code
        assert plan.body == {"id": target["id"], "configuration": config.to_api()}, code

    check()


@pytest.fixture
def make_form() -> Iterator[Callable[..., CreateWorkspaceForm]]:
    forms: list[CreateWorkspaceForm] = []

    def make(**kwargs: Any) -> CreateWorkspaceForm:
        form = CreateWorkspaceForm(connection.current(), account_id=DEMO_ACCOUNT_ID, **kwargs)
        form.name_check_delay = 0.01
        forms.append(form)
        return form.wait(10)

    yield make
    for form in forms:
        try:
            form.wait(10)  # the last name check, before the kernel's connection goes
        finally:
            form.close()


def test_the_forms_code_runs_as_the_form_would_send(shell: InteractiveShell,
                                                    control: EmulatorControl,
                                                    make_form: Callable[..., Any]) -> None:
    """``to_magic()`` of the create form and of the edit form, filled with anything."""
    target = next(w for w in control.state()["workspaces"] if w["name"] == "llm-finetune")
    create, edit = make_form(), make_form(workspace_id=target["id"])

    @SETTINGS
    @given(config=any_configuration, name=names, description=line_texts | any_texts)
    def check(config: Configuration, name: str, description: str) -> None:
        for form in (create, edit):
            form.fill(config)
        create.name.value, create.description.value = name, description
        code = create.to_magic()
        assert_inert(code)
        plan = run(shell, with_dry_run(code))
        assert plan.body == create.request_body(), code
        code = edit.to_magic()
        assert_inert(code)
        plan = run(shell, with_dry_run(code))
        assert plan.body == edit.request_body(), code

    check()


CANARY_CODE = '{__import__("os").system("touch CANARY")}'


def canary_configuration(canary: Path) -> tuple[Configuration, str]:
    """Every free text holds code that makes ``canary`` when evaluated; the description too."""
    code = CANARY_CODE.replace("CANARY", str(canary))
    also = [code, f"$(touch {canary})", f"x\n!touch {canary}", f"x\u2028!touch {canary}",
            f"'{code}'", f"\"{code}\"", f"\\{code}"]
    config = Configuration(
        docker=Docker(image="tensorflow:2.15.0-gpu", command=code, args=also[1],
                      workdir=also[4], env={"RUN": code, "ALSO": also[2], code: "key"},
                      expose_tcp_ports=[8888]),
        resource=Resource(gpu_model="T4", gpu_count=1), queue_name=also[5],
        user_package_uri=also[6],
        data=Data(input=[DataInput(code, "/data/in")],
                  output=[DataOutput("/user/out", code, True)]))
    return config, also[3]


@pytest.mark.parametrize("on_a_line", [True, False], ids=["line", "cell"])
def test_the_canary_is_never_evaluated(shell: InteractiveShell, control: EmulatorControl,
                                       tmp_path: Path, on_a_line: bool) -> None:
    """A shared workspace whose values hold code: the offered code creates it as it is, and the
    file the code would make does not appear."""
    canary = tmp_path / "x"
    config, description = canary_configuration(canary)
    if on_a_line:  # without the line break and the input path's ":" everything fits a line
        config.docker.env = {"RUN": config.docker.command or ""}
        config.data = Data(input=[DataInput(config.docker.command or "", "/data/in")])
        description = CANARY_CODE.replace("CANARY", str(canary))
    code = magic_code.create_code("canary", config, description=description, account="df-demo")
    assert ("\n" not in code) is on_a_line
    created = run(shell, code)
    assert not canary.exists()
    assert isinstance(created, WorkspaceDetail) and created.description == description
    assert stored(control, "canary") == config.to_api()
    edited = magic_code.set_config_code(config, workspace_id=created.id, name="canary",
                                        account="df-demo")
    run(shell, edited)
    assert not canary.exists()
    assert stored(control, "canary") == config.to_api()


def test_ipython_does_evaluate_the_canary_in_a_plain_quoted_line(shell: InteractiveShell,
                                                                 tmp_path: Path) -> None:
    """Why the escaping exists: the same value, merely shell-quoted, runs."""
    canary = tmp_path / "x"
    shell.run_cell(f"%df_check '{CANARY_CODE.replace('CANARY', str(canary))}'",
                   store_history=False)
    assert canary.exists()
