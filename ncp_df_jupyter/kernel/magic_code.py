"""Magic code written for a person to run (``form.to_magic()``, "show as code", the advice of
``%df_delete``): it gives the magic exactly the values it was written from and evaluates nothing.

IPython does two things to a magic's line before the magic reads it:

- ``InteractiveShell.var_expand`` formats it with ``DollarFormatter``: ``{expr}`` is evaluated
  as Python (even inside quotes; ``{{`` and ``}}`` are literal braces), ``$name`` is replaced by
  a variable's value (``$$name`` is ``$name``, except after an odd number of single quotes);
- the cell is cut into lines at every line break ``str.splitlines`` knows (``\\n``, ``\\r``,
  ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``): what follows one
  is Python (``!`` a shell command).

The magics keep ``{var}`` for people (``%df_create {name}`` in loops); so a written line holds
nothing the formatter acts on. Each value is quoted as a shell would (``shlex.quote``), then
every brace is doubled and every ``$`` is followed by ``''`` (an empty quoted string: the shell
parser joins it to its neighbours, and ``$'`` is nothing to the formatter). A value that cannot go
on a line (a line break, another control character, a bidirectional override) or that the option
syntax cannot say (an env name with ``=``, a container path with ``:``) makes the code a cell
instead: ``%%df_create`` / ``%%df_set_config`` whose body is the configuration as YAML
(``core.plain_text.yaml_text``), read by the magics' cell reader. A cell's body is never expanded.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any

from ..core.models import Configuration
from ..core.plain_text import has_unsafe, yaml_text
from ..core.schema import rules
from . import command_line


def magic_token(value: str) -> str | None:
    """``value`` as one token of a magic's line, inert for IPython; None when it cannot be on a
    line at all."""
    if has_unsafe(value):  # line breaks, controls, bidirectional overrides, lone surrogates
        return None
    quoted = shlex.quote(value)  # every {, } and $ ends up inside single quotes
    return quoted.replace("{", "{{").replace("}", "}}").replace("$", "$''")


def magic_line(magic: str, tokens: Sequence[str]) -> str | None:
    """``%magic token...``, every token inert (:func:`magic_token`); None when one cannot be."""
    written = [magic_token(token) for token in tokens]
    if any(token is None for token in written):
        return None
    return " ".join([f"%{magic}", *(token for token in written if token is not None)])


def _flag(tokens: list[str], option: str, value: object) -> None:
    if value is None:
        return
    text = str(value)
    # "--args=--epochs 3": a value that starts with "-" would read as an option otherwise.
    tokens.extend([f"{option}={text}"] if text.startswith("-") else [option, text])


def configuration_tokens(config: Configuration) -> list[str]:
    """The options that rebuild ``config`` from an empty configuration (before quoting)."""
    tokens: list[str] = []
    _flag(tokens, "--queue", config.queue_name)
    if config.resource is not None:
        _flag(tokens, "--gpu-model", config.resource.gpu_model)
        _flag(tokens, "--gpu-count", config.resource.gpu_count)
        _flag(tokens, "--cpu-count", config.resource.cpu_count)
        _flag(tokens, "--memory-mb", config.resource.memory_mb)
    docker = config.docker
    _flag(tokens, "--image", docker.image)
    _flag(tokens, "--command", docker.command)
    _flag(tokens, "--args", docker.args)
    _flag(tokens, "--workdir", docker.workdir)
    for key, value in (docker.env or {}).items():
        _flag(tokens, "--env", f"{key}={value}")
    for port in docker.expose_tcp_ports or []:
        _flag(tokens, "--port", port)
    if config.data is not None:
        for item in config.data.input or []:
            _flag(tokens, "--input", f"{item.hdfs}:{item.path}")
        for out in config.data.output or []:
            suffix = ":overwrite" if out.overwrite else ""
            _flag(tokens, "--output", f"{out.hdfs}:{out.path}{suffix}")
    _flag(tokens, "--user-package", config.user_package_uri)
    return tokens


def _reads_back(tokens: list[str], parser_of: str, expected: dict[str, Any],
                config: Configuration) -> bool:
    """Whether the magic's parser reads ``tokens`` as exactly these values and ``config``
    (``--env A=B=C``, ``--input a:b:c``, a value "--" cannot say everything)."""
    parser = (command_line.create_parser() if parser_of == "create"
              else command_line.set_config_parser())
    try:
        options = command_line.parse_line(shlex.join(tokens), parser)
    except command_line.OptionError:
        return False
    read = {key: getattr(options, key) for key in expected}
    return read == expected and command_line.apply_options(options) == config


def _writable(value: str) -> bool:
    """Whether ``value`` can be a cell line's positional argument or option value."""
    return magic_token(value) is not None and not value.startswith("-")


def _cell(magic: str, on_line: list[str], body: dict[str, Any]) -> str:
    line = magic_line(magic, on_line)
    assert line is not None  # only inert tokens are put on a cell's line
    return f"%{line}\n{yaml_text(body)}"


def create_code(name: str, config: Configuration, *, description: str | None = None,
                account: str | None = None) -> str:
    """The ``%df_create`` line that creates ``name`` with exactly ``config``, or the
    ``%%df_create`` cell when a value cannot go on the line."""
    tokens = [name]
    _flag(tokens, "--account", account)
    _flag(tokens, "--description", description)
    tokens += configuration_tokens(config)
    expected = {"name": name, "account": account, "description": description}
    line = magic_line("df_create", tokens)
    if line is not None and _reads_back(tokens, "create", expected, config):
        return line
    on_line: list[str] = []
    body: dict[str, Any] = {}
    if _writable(name):
        on_line.append(name)
    else:
        body["name"] = name
    if account is not None and _writable(account):
        on_line.append(f"--account={account}")
    elif account is not None:
        body["accountId"] = account  # only an id reads back from there (the request's field)
    if description is not None:
        body["description"] = description
    body["configuration"] = config.to_api()
    return _cell("df_create", on_line, body)


def set_config_code(config: Configuration, *, workspace_id: str, name: str | None = None,
                    account: str | None = None) -> str:
    """The ``%df_set_config`` line that gives the workspace exactly ``config``, or the
    ``%%df_set_config`` cell when a value cannot go on the line. The workspace is named by
    ``name`` (with ``account``) when the name has the documented shape, else by its id."""
    by_name = name is not None and not rules.problems("workspaceName", name)
    workspace, account = (name, account) if by_name and name else (workspace_id, None)
    tokens = [workspace]
    _flag(tokens, "--account", account)
    tokens.append("--replace")
    tokens += configuration_tokens(config)
    line = magic_line("df_set_config", tokens)
    if line is not None and _reads_back(tokens, "set_config",
                                        {"name": workspace, "account": account}, config):
        return line
    body: dict[str, Any] = {}
    if _writable(workspace) and (account is None or _writable(account)):
        on_line = [workspace, *([f"--account={account}"] if account is not None else [])]
    elif _writable(workspace_id):
        on_line = [workspace_id]  # an id needs no account
    else:
        on_line, body["id"] = [], workspace_id
    body["configuration"] = config.to_api()
    return _cell("df_set_config", on_line, body)


__all__ = ["configuration_tokens", "create_code", "magic_line", "magic_token",
           "set_config_code"]
