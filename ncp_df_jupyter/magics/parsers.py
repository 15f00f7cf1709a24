"""The argument parsers of the ``%df_*`` magics (create and set_config come from ``options``).

Errors are OptionError (one sentence plus the usage line); ``-h`` / ``--help`` prints the help.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import shlex
from typing import Any

from ..core.schema import rules
from ..kernel import command_line


class HelpShown(Exception):
    """``-h`` / ``--help`` was on the line: the help was printed, nothing else happens."""


def _parser(prog: str, description: str, *arguments: tuple[tuple[str, ...], dict[str, Any]]
            ) -> argparse.ArgumentParser:
    parser = command_line.command_parser(prog, description)
    for flags, settings in arguments:
        parser.add_argument(*flags, **settings)
    return parser


_ACCOUNT = (("--account",), {"metavar": "ID_OR_NAME",
                             "help": "account (may be left out when the key has only one)"})
_WS = (("ws",), {"metavar": "WS", "help": "workspace id or name"})


@functools.cache
def parsers() -> dict[str, argparse.ArgumentParser]:
    """The parser of each magic, by the magic's name."""
    return {
        "df_create": command_line.create_parser(),
        "df_set_config": command_line.set_config_parser(),
        "df_list": _parser("%df_list", "List the workspaces of an account.", _ACCOUNT),
        "df_show": _parser("%df_show", "Show one workspace.", _WS, _ACCOUNT),
        "df_config": _parser("%df_config", "Show a workspace's configuration (YAML).", _WS,
                             _ACCOUNT),
        "df_delete": _parser(
            "%df_delete", "Delete a workspace (only with --yes).", _WS, _ACCOUNT,
            (("--yes",), {"action": "store_true", "help": "really delete it"})),
        "df_images": _parser("%df_images", "List the Docker images DataForest offers.", (
            ("framework",), {"nargs": "?", "choices": rules.frameworks(),
                             "help": "only this framework's images"})),
        "df_accounts": _parser("%df_accounts", "List the DataForest accounts of this key."),
        "df_check": _parser("%df_check", "Is a workspace name free?",
                            (("name",), {"metavar": "NAME", "help": "workspace name"}), _ACCOUNT),
        "df_form": _parser("%df_form", "Show the create-workspace form.", _ACCOUNT),
        "df_browse": _parser("%df_browse", "Show the workspace browser.", _ACCOUNT),
        "df_profile": _parser("%df_profile", "Use another credentials profile; without NAME, "
                              "show the endpoint and key in use.", (
                                  ("name",), {"nargs": "?", "metavar": "NAME",
                                              "help": "profile in ~/.ncloud/configure"})),
        "df_connect": _parser(
            "%df_connect", "Choose the endpoint, credentials profile and default account of "
            "this kernel, and check that they work.",
            (("--endpoint",), {"metavar": "URL", "help": "DataForest API URL"}),
            (("--profile",), {"metavar": "P", "help": "profile in ~/.ncloud/configure"}),
            (("--account",), {"metavar": "ID_OR_NAME", "help": "default account"})),
    }


def usage(magic: str) -> str:
    return parsers()[magic].format_usage().strip()


def parse(magic: str, line: str) -> argparse.Namespace:
    """Read ``line`` with the magic's parser; HelpShown after printing the help if asked."""
    parser = parsers()[magic]
    try:
        tokens = shlex.split(line)
    except ValueError:
        tokens = []  # parse_args reports the quoting problem
    if "-h" in tokens or "--help" in tokens:
        print(parser.format_help())
        raise HelpShown
    return command_line.parse_args(line, parser)


def parse_configuration_options(magic: str, line: str) -> command_line.CreateOptions:
    return command_line.CreateOptions(**vars(parse(magic, line)))


def document(magics: type) -> None:
    """Append each magic's options to its docstring, so ``%df_create?`` lists them."""
    for name, parser in parsers().items():
        method = getattr(magics, name)
        method.__doc__ = f"{inspect.cleandoc(method.__doc__ or '')}\n\n{parser.format_help()}"
