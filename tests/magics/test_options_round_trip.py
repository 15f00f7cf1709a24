"""The form's ``to_magic()`` line (command_line.create_line) and the magics' parser agree exactly:
parsing a written line gives back the configuration it was written from."""

from __future__ import annotations

import shlex

from hypothesis import given, settings
from hypothesis import strategies as st
from IPython.core.interactiveshell import InteractiveShell

from ncp_df_jupyter.core.models import Configuration, Data, DataInput, DataOutput, Docker, Resource
from ncp_df_jupyter.kernel import command_line

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


@settings(max_examples=300, deadline=None)
@given(config=configurations(), name=names, description=optional, account=optional)
def test_create_line_round_trips(config: Configuration, name: str, description: str | None,
                                 account: str | None) -> None:
    line = command_line.create_line(name, config, description=description, account=account)
    assert line.startswith("%df_create ")
    parsed = command_line.parse_line(line[len("%df_create "):])
    assert (parsed.name, parsed.description, parsed.account) == (name, description, account)
    assert command_line.apply_options(parsed) == config


@settings(max_examples=150, deadline=None)
@given(config=configurations(), workspace=names, account=optional)
def test_set_config_line_round_trips(config: Configuration, workspace: str,
                                     account: str | None) -> None:
    line = command_line.set_config_line(workspace, config, account=account)
    parsed = command_line.parse_line(line[len("%df_set_config "):],
                                     command_line.set_config_parser())
    assert (parsed.name, parsed.account) == (workspace, account)
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
    """Through IPython itself (which expands $name and {name} in magic lines)."""
    line = command_line.create_line("tricky", TRICKY, description="a 'quoted' text",
                                    account="df-demo")
    plan = ip.run_cell(line + " --dry-run").result
    assert plan.body["configuration"] == TRICKY.to_api()
    assert plan.body["description"] == "a 'quoted' text"
    edit = command_line.set_config_line("mnist-train", TRICKY, account="df-demo")
    plan = ip.run_cell(edit + " --dry-run").result
    assert plan.body["configuration"] == TRICKY.to_api()


def test_the_line_is_one_shell_like_line() -> None:
    line = command_line.create_line("tricky", TRICKY)
    assert "\n" not in line
    assert shlex.split(line)[:2] == ["%df_create", "tricky"]
