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


_APP = (("app",), {"metavar": "APP", "help": "app id or name"})
_APP_ACCOUNT = (("--account",), {"metavar": "ID_OR_NAME",
                                 "help": "account of the app (needed only to find it by name "
                                         "when the key has several)"})


@functools.cache
def app_parsers() -> dict[str, argparse.ArgumentParser]:
    """The parser of each AI app magic (magics/apps.py), by the magic's name."""
    wait = _parser("%df_wait", "Wait for an AI app to end, printing its changes of state.",
                   _APP, _APP_ACCOUNT)
    command_line.add_timeout_option(wait, "the app")
    return {
        "df_submit": command_line.submit_parser(),
        "df_apps": _parser(
            "%df_apps", "List the AI apps of an account, newest first.", _ACCOUNT,
            (("--workspace",), {"metavar": "WS", "help": "only those run from this workspace "
                                                        "(id or name)"}),
            (("--running",), {"action": "store_true", "help": "only those not ended yet"})),
        "df_app": _parser("%df_app", "Show one AI app with its containers.", _APP, _APP_ACCOUNT),
        "df_logs": _parser(
            "%df_logs", "Print the log of an AI app's container.", _APP, _APP_ACCOUNT,
            (("--container",), {"metavar": "NAME", "help": "container (default: the first)"}),
            (("--follow",), {"action": "store_true",
                             "help": "print the log as it grows, until the app ends"})),
        "df_wait": wait,
        "df_kill": _parser(
            "%df_kill", "Kill an AI app (only with --yes).", _APP, _APP_ACCOUNT,
            (("--yes",), {"action": "store_true", "help": "really kill it"})),
    }


def _parser_of(magic: str) -> argparse.ArgumentParser:
    found = parsers().get(magic)
    return found if found is not None else app_parsers()[magic]


def usage(magic: str) -> str:
    return _parser_of(magic).format_usage().strip()


def parse(magic: str, line: str) -> argparse.Namespace:
    """Read ``line`` with the magic's parser; HelpShown after printing the help if asked."""
    parser = _parser_of(magic)
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


def document(magics: type, which: dict[str, argparse.ArgumentParser] | None = None) -> None:
    """Append each magic's options to its docstring, so ``%df_create?`` lists them."""
    for name, parser in (parsers() if which is None else which).items():
        method = getattr(magics, name)
        method.__doc__ = f"{inspect.cleandoc(method.__doc__ or '')}\n\n{parser.format_help()}"
