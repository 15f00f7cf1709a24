"""The options ``magic_code`` writes (``configuration_tokens``) and the magics' parser agree
exactly: parsing the written tokens gives back the configuration they were written from.
(What IPython does to a line before the parser sees it: test_magic_code.py.)"""

from __future__ import annotations

import shlex

from hypothesis import given, settings
from hypothesis import strategies as st
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.models import Configuration, Data, DataInput, DataOutput, Docker, Resource
from ncp_df_jupyter.kernel import command_line, magic_code

# Anything a text field can hold on one line (a magic is one line), except the value "--",
# which argparse swallows as its end-of-options marker even in "--args=--".
text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\n\r"),
               min_size=1, max_size=12).filter(lambda t: t != "--")
container_path = st.builds(lambda t: "/" + t, text.filter(lambda t: ":" not in t))
optional = st.one_of(st.none(), text)
# Workspace names and ids never start with "-" (so they never read as an option).
names = text.filter(lambda t: not t.startswith("-"))


@st.composite
def configurations(draw: st.DrawFn) -> Configuration:
    """Configurations as the form builds them: empty lists and objects are left out (None)."""
    resource = draw(st.one_of(st.none(), st.builds(
        Resource, gpu_model=optional, gpu_count=st.one_of(st.none(), st.integers(1, 8)),
        cpu_count=st.one_of(st.none(), st.integers(1, 64)),
        memory_mb=st.one_of(st.none(), st.integers(1, 10**6))).filter(
        lambda r: r != Resource())))
    inputs = draw(st.lists(st.builds(DataInput, hdfs=text, path=container_path), max_size=2))
    outputs = draw(st.lists(st.builds(DataOutput, hdfs=text, path=container_path,
                                      overwrite=st.booleans()), max_size=2))
    env = draw(st.dictionaries(text.filter(lambda k: "=" not in k), st.text(max_size=8),
                               max_size=3))
    ports = draw(st.lists(st.integers(1, 65535), unique=True, max_size=3))
    return Configuration(
        docker=Docker(image=draw(optional), command=draw(optional), args=draw(optional),
                      workdir=draw(optional), env=env or None, expose_tcp_ports=ports or None),
        resource=resource, queue_name=draw(optional), user_package_uri=draw(optional),
        data=Data(input=inputs or None, output=outputs or None) if inputs or outputs else None)


def _create_tokens(name: str, config: Configuration, description: str | None,
                   account: str | None) -> list[str]:
    tokens = [name]
    for option, value in (("--account", account), ("--description", description)):
        if value is not None:
            tokens += [f"{option}={value}"] if value.startswith("-") else [option, value]
    return tokens + magic_code.configuration_tokens(config)


@settings(max_examples=300, deadline=None)
@given(config=configurations(), name=names, description=optional, account=optional)
def test_create_tokens_round_trip(config: Configuration, name: str, description: str | None,
                                  account: str | None) -> None:
    line = shlex.join(_create_tokens(name, config, description, account))
    parsed = command_line.parse_line(line)
    assert (parsed.name, parsed.description, parsed.account) == (name, description, account)
    assert command_line.apply_options(parsed) == config


@settings(max_examples=150, deadline=None)
@given(config=configurations(), workspace=names)
def test_set_config_tokens_round_trip(config: Configuration, workspace: str) -> None:
    line = shlex.join([workspace, "--replace", *magic_code.configuration_tokens(config)])
    parsed = command_line.parse_line(line, command_line.set_config_parser())
    assert parsed.name == workspace and parsed.replace
    assert command_line.apply_options(parsed) == config


TRICKY = Configuration(
    docker=Docker(image="tensorflow:2.15.0-gpu", command="bash -c 'echo \"$HOME\" && ls'",
                  args="--epochs 3 --name 'x y'", workdir="/home/work dir",
                  env={"PATH_EXTRA": "$PATH:/opt", "EMPTY": "", "Q": "it's", "DASH": "-v"},
                  expose_tcp_ports=[8888, 6006]),
    resource=Resource(gpu_model="T4", gpu_count=2, cpu_count=8, memory_mb=30720),
    queue_name="gpu", user_package_uri="/user/df/pkg.tgz",
    data=Data(input=[DataInput("hdfs://nn:8020/in", "/data/in")],
              output=[DataOutput("/user/out", "/data/out", True),
                      DataOutput("/user/keep", "/data/keep", False)]))


def test_a_written_line_runs_as_a_magic(ip: InteractiveShell) -> None:
    """Through IPython itself (which expands $name and {name} in magic lines), with variables
    of those names set."""
    ip.user_ns.update(HOME="EXPANDED", PATH="EXPANDED")
    line = magic_code.create_code("tricky", TRICKY, description="a 'quoted' text",
                                  account="df-demo")
    assert "\n" not in line
    plan = ip.run_cell(line + " --dry-run").result
    assert plan.body["configuration"] == TRICKY.to_api()
    assert plan.body["description"] == "a 'quoted' text"
    edit = magic_code.set_config_code(TRICKY, workspace_id="W1", name="mnist-train",
                                      account="df-demo")
    plan = ip.run_cell(edit + " --dry-run").result
    assert plan.body["configuration"] == TRICKY.to_api()


def test_the_line_is_one_shell_like_line() -> None:
    line = magic_code.create_code("tricky", TRICKY)
    assert "\n" not in line
    assert shlex.split(line)[:2] == ["%df_create", "tricky"]
