"""The one parser of configuration options, shared by the magics and the form.

``%df_create NAME --gpu-model T4 --image tensorflow:2.15.0-gpu ...`` is parsed here into
:class:`CreateOptions`; :func:`apply_options` lays the options over a base configuration (empty,
or copied ``--from`` another workspace). ``magic_code`` writes a configuration back as the
equivalent line (or cell), so ``form.to_magic()`` and the magic round-trip exactly.
Only the shape of options is checked here; the workspace rules are checked by the model
(``core.schema``). Cells (YAML or JSON configurations) are read by ``magics.cells``.
"""

from __future__ import annotations

import argparse
import copy
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ..core.errors import ValidationError
from ..core.models import Configuration, Data, DataInput, DataOutput, Resource
from ..core.schema import rules
from .suggestions import closest_options, did_you_mean


class OptionError(ValidationError):
    """A magic's options could not be read; ``usage`` is the line to show with it."""

    def __init__(self, message: str, usage: str, option: str | None = None) -> None:
        super().__init__(message, field=option, rule=message)
        self.usage = usage


@dataclass
class CreateOptions:
    """Everything a create (or set-config) line can say, before it meets a base configuration."""

    name: str | None = None
    account: str | None = None
    from_workspace: str | None = None
    description: str | None = None
    queue: str | None = None
    gpu_model: str | None = None
    gpu_count: int | None = None
    cpu_count: int | None = None
    memory_mb: int | None = None
    framework: str | None = None
    image: str | None = None
    command: str | None = None
    args: str | None = None
    workdir: str | None = None
    env: list[tuple[str, str]] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    inputs: list[DataInput] = field(default_factory=list)
    outputs: list[DataOutput] = field(default_factory=list)
    user_package_uri: str | None = None
    dry_run: bool = False
    replace: bool = False  # set-config only: start from an empty configuration


@dataclass
class SubmitOptions(CreateOptions):
    """A ``%df_submit`` line: the workspace (``name``), the run's own options, and the
    configuration options of a create, as overrides of the workspace's configuration."""

    name_prefix: str | None = None
    wait: bool = False
    timeout: float | None = None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise OptionError(f"{self.prog}: {message}.", self.format_usage().strip())


def _whole(option: str, minimum: int = 0) -> Any:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option} must be a whole number (got {text!r})") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{option} must be at least {minimum} (got {value})")
        return value
    return convert


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--timeout must be a number of seconds (got {text!r})"
                                         ) from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"--timeout must be more than 0 s (got {text})")
    return value


def _env_pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--env takes KEY=VALUE (got {text!r})")
    return key, value


def _input(text: str) -> DataInput:
    hdfs, sep, path = text.rpartition(":")
    if not sep or not hdfs or not path:
        raise argparse.ArgumentTypeError(f"--input takes HDFS_PATH:CONTAINER_PATH (got {text!r})")
    return DataInput(hdfs=hdfs, path=path)


def _output(text: str) -> DataOutput:
    rest, overwrite = (text[: -len(":overwrite")], True) if text.endswith(":overwrite") else (
        text, False)
    hdfs, sep, path = rest.rpartition(":")
    if not sep or not hdfs or not path:
        raise argparse.ArgumentTypeError(
            f"--output takes HDFS_PATH:CONTAINER_PATH[:overwrite] (got {text!r})")
    return DataOutput(hdfs=hdfs, path=path, overwrite=overwrite)


def _add_configuration_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    fewest_gpus, most_gpus = rules.gpu_count_range()
    add("--queue", metavar="Q", help="YARN queue (gpu)")
    add("--gpu-model", metavar="M", help="GPU model, e.g. V100 or T4")
    add("--gpu-count", metavar="N", type=_whole("--gpu-count"),
        help=f"GPUs, {fewest_gpus} to {most_gpus}")
    add("--cpu-count", metavar="N", type=_whole("--cpu-count"), help="CPUs")
    add("--memory-mb", metavar="N", type=_whole("--memory-mb"), help="memory in MB")
    add("--framework", choices=rules.frameworks(),
        help="pick the image from this framework's list (the first one unless --image)")
    add("--image", metavar="IMAGE", help="docker image, name:tag")
    add("--command", metavar="CMD", help="command the container runs")
    add("--args", metavar="ARGS", help="arguments of the command")
    add("--workdir", metavar="DIR", help="working directory in the container")
    add("--env", metavar="KEY=VALUE", nargs="+", action="extend", type=_env_pair, default=[],
        help="environment variables")
    add("--port", metavar="N", nargs="+", action="extend", type=_whole("--port", 1), default=[],
        dest="ports", help="TCP ports to expose")
    add("--input", metavar="HDFS:PATH", nargs="+", action="extend", type=_input, default=[],
        dest="inputs", help="HDFS path copied into the container path")
    add("--output", metavar="HDFS:PATH[:overwrite]", nargs="+", action="extend", type=_output,
        default=[], dest="outputs", help="container path copied to HDFS afterwards")
    add("--user-package", metavar="URI", dest="user_package_uri",
        help="HDFS path of a user package")
    add("--dry-run", action="store_true",
        help="show the request body and an equivalent curl command; send nothing")


def command_parser(prog: str, description: str, usage: str | None = None
                   ) -> argparse.ArgumentParser:
    """An argument parser whose errors are OptionError (one sentence plus the usage line)."""
    # No abbreviations: "--gpu 2" is a mistake to report, not a guess at --gpu-count.
    return _Parser(prog=prog, add_help=False, exit_on_error=False, allow_abbrev=False,
                   description=description, usage=usage)


# argparse's own usage of the configuration options runs to a dozen lines; errors show this.
_CONFIGURATION_USAGE = "[configuration options] [--dry-run]  (--help lists them)"


def create_parser() -> argparse.ArgumentParser:
    parser = command_parser(
        "%df_create", "Create a DataForest AI workspace.",
        "%(prog)s NAME [--account ID_OR_NAME] [--from WORKSPACE] [--description TEXT] "
        + _CONFIGURATION_USAGE)
    parser.add_argument("name", metavar="NAME", nargs="?",
                        help="workspace name (in a cell, may be the cell's name instead)")
    parser.add_argument("--account", metavar="ID_OR_NAME",
                        help="account (may be left out when there is only one)")
    parser.add_argument("--from", dest="from_workspace", metavar="WORKSPACE",
                        help="start from this workspace's configuration")
    parser.add_argument("--description", metavar="TEXT", help="description")
    _add_configuration_options(parser)
    return parser


def set_config_parser() -> argparse.ArgumentParser:
    parser = command_parser(
        "%df_set_config", "Change a workspace's configuration.",
        "%(prog)s WS [--account ID_OR_NAME] [--replace] " + _CONFIGURATION_USAGE)
    parser.add_argument("name", metavar="WS", nargs="?",
                        help="workspace id or name (in a cell, may be the cell's id instead)")
    parser.add_argument("--account", metavar="ID_OR_NAME", help="account of the workspace")
    parser.add_argument("--replace", action="store_true",
                        help="make the configuration exactly the given options (default: change "
                             "only the given options of the current configuration)")
    _add_configuration_options(parser)
    return parser


def add_timeout_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--timeout", metavar="SECONDS", type=_seconds,
                        help=f"stop waiting after this long ({what} goes on)")


def submit_parser() -> argparse.ArgumentParser:
    """``%df_submit WS ...``: the configuration options override the workspace's configuration
    for this run only (the workspace keeps its own)."""
    parser = command_parser(
        "%df_submit", "Run an AI app (a GPU job) from a workspace's configuration; options "
        "override it for this run only.",
        "%(prog)s WS [--account ID_OR_NAME] [--name-prefix P] [--wait [--timeout SECONDS]] "
        + _CONFIGURATION_USAGE)
    parser.add_argument("name", metavar="WS", help="workspace id or name")
    parser.add_argument("--account", metavar="ID_OR_NAME",
                        help="account of the workspace (may be left out when there is only one)")
    parser.add_argument("--name-prefix", metavar="P",
                        help="start of the app's name, 2 to 8 characters (default: the "
                             "workspace's name, cut to 8)")
    parser.add_argument("--wait", action="store_true",
                        help="wait for the app to end, printing its changes of state")
    add_timeout_option(parser, "the app")
    _add_configuration_options(parser)
    return parser


def submit_overrides(options: CreateOptions) -> dict[str, Any]:
    """The configuration options of a line as submit overrides in the API's shape (only what
    was given; objects merge onto the workspace's configuration, lists replace)."""
    body = apply_options(options).to_api()
    if not body.get("docker"):
        body.pop("docker", None)
    return body


def _split(line: str, parser: argparse.ArgumentParser) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as exc:
        raise OptionError(f"{parser.prog}: {exc} (check the quotes).",
                          parser.format_usage().strip()) from None


def parse_args(line: str, parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Read a magic's line with ``parser``; OptionError (with the usage line) when it cannot.
    Unknown options are named together, each with the option probably meant."""
    try:
        found, extra = parser.parse_known_args(_split(line, parser))
    except argparse.ArgumentError as exc:
        message, option = exc.message, exc.argument_name
        if option and option not in message:
            message = f"{option}: {message}"
        raise OptionError(f"{parser.prog}: {message}.", parser.format_usage().strip(),
                          option) from None
    if extra:
        raise OptionError(f"{parser.prog}: {_unknown(extra, parser)}.",
                          parser.format_usage().strip(),
                          next((t for t in extra if t.startswith("-")), None))
    return found


def _unknown(extra: list[str], parser: argparse.ArgumentParser) -> str:
    """"unknown option --gpus (did you mean --gpu-count?)"; words that follow an unknown
    option are taken as its value, other leftover words are named as argparse would."""
    unknown = [t for t in extra if t.startswith("-") and t != "-"]
    if not unknown:
        return f"unrecognized arguments: {' '.join(extra)}"
    named = [f"{t}{did_you_mean(closest_options(t, parser))}" for t in unknown]
    if len(named) == 1:
        return f"unknown option {named[0]}"
    return f"unknown options {', '.join(named[:-1])} and {named[-1]}"


def parse_line(line: str, parser: argparse.ArgumentParser | None = None) -> CreateOptions:
    """Read a create / set-config line into options; OptionError when it cannot."""
    return CreateOptions(**vars(parse_args(line, parser or create_parser())))


def apply_options(options: CreateOptions, base: Configuration | None = None) -> Configuration:
    """The base configuration (or an empty one) with every given option laid over it.

    List options (env, ports, inputs, outputs) replace the base's list when given; env is the
    exception: given variables are added to (or override) the base's.
    """
    config = copy.deepcopy(base) if base is not None else Configuration()
    if options.queue is not None:
        config.queue_name = options.queue
    resource = config.resource or Resource()
    for attr in ("gpu_model", "gpu_count", "cpu_count", "memory_mb"):
        value = getattr(options, attr)
        if value is not None:
            setattr(resource, attr, value)
    if resource != Resource() or config.resource is not None:
        config.resource = resource
    docker = config.docker
    for attr in ("image", "command", "args", "workdir"):
        value = getattr(options, attr)
        if value is not None:
            setattr(docker, attr, value)
    if options.env:
        docker.env = {**(docker.env or {}), **dict(options.env)}
    if options.ports:
        docker.expose_tcp_ports = list(options.ports)
    if options.inputs or options.outputs:
        data = config.data or Data()
        if options.inputs:
            data.input = list(options.inputs)
        if options.outputs:
            data.output = list(options.outputs)
        config.data = data
    if options.user_package_uri is not None:
        config.user_package_uri = options.user_package_uri
    return config


__all__: Sequence[str] = (
    "CreateOptions", "OptionError", "SubmitOptions", "add_timeout_option", "apply_options",
    "command_parser", "create_parser", "parse_args", "parse_line", "set_config_parser",
    "submit_overrides", "submit_parser",
)
