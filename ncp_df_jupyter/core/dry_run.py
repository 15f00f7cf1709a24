"""``--dry-run``: the request a magic would send, and the same request as a curl command.

The curl command signs in the shell with openssl, reading the key pair from the variables
NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY, so the secret never appears in it. The path
comes from ``protocol.OPERATIONS`` and the string-to-sign layout from ``signing.string_to_sign``
itself (rendered with shell variables in place of its inputs), so neither is stated twice.
"""

from __future__ import annotations

import html
import json
import re
import shlex
from dataclasses import dataclass
from typing import Any

from .credentials import ENV_ACCESS_KEYS, ENV_SECRET_KEYS
from .protocol import HEADER_ACCESS_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP, OPERATIONS
from .schema import rules
from .signing import string_to_sign

METHOD = "POST"  # every DataForest operation is a POST
ACCESS_KEY_VAR = ENV_ACCESS_KEYS[0]
SECRET_KEY_VAR = ENV_SECRET_KEYS[0]
# string_to_sign's inputs after the method, in its parameter order, as shell variables.
_SIGNED_VARS = ("URI", "TS", ACCESS_KEY_VAR)


def _printf_escape(char: re.Match[str]) -> str:
    return "\\n" if char.group() == "\n" else f"\\{ord(char.group()):03o}"


def _printf_literal(text: str) -> str:
    """``text`` as printf format text: backslash, percent and control characters escaped."""
    return re.sub(r"[\x00-\x1f]", _printf_escape, text.replace("\\", "\\\\").replace("%", "%%"))


def printf_signing_input() -> tuple[str, list[str]]:
    """(printf format, variable names) that print exactly what ``string_to_sign`` returns."""
    marks = [f"\x00{i}\x00" for i in range(len(_SIGNED_VARS))]
    layout = string_to_sign(METHOD, *marks)
    pieces = re.split("\x00(\\d+)\x00", layout)
    fmt, names = "", []
    for index, piece in enumerate(pieces):
        if index % 2:
            fmt += "%s"
            names.append(_SIGNED_VARS[int(piece)])
        else:
            fmt += _printf_literal(piece)
    return fmt, names


def curl_command(endpoint: str, operation: str, body: dict[str, Any]) -> str:
    """A shell script (bash/zsh) that sends ``body`` to ``operation``, signed with openssl."""
    fmt, names = printf_signing_input()
    signed_args = " ".join(f'"${name}"' for name in names)
    payload = json.dumps(body, indent=2, ensure_ascii=False)
    return "\n".join([
        f': "${{{ACCESS_KEY_VAR}:?export your NCP access key}}" '
        f'"${{{SECRET_KEY_VAR}:?export your NCP secret key}}"',
        f"ENDPOINT={shlex.quote(endpoint)}",
        f"URI={shlex.quote(OPERATIONS[operation].path)}",
        "TS=$(( $(date +%s) * 1000 ))",
        f"SIG=$(printf {shlex.quote(fmt)} {signed_args} | openssl dgst -sha256 -hmac "
        f'"${SECRET_KEY_VAR}" -binary | base64)',
        f'curl -sS -X {METHOD} "$ENDPOINT$URI" \\',
        "  -H 'Content-Type: application/json' \\",
        f'  -H "{HEADER_TIMESTAMP}: $TS" \\',
        f'  -H "{HEADER_ACCESS_KEY}: ${ACCESS_KEY_VAR}" \\',
        f'  -H "{HEADER_SIGNATURE}: $SIG" \\',
        "  --data-binary @- <<'JSON'",
        payload,
        "JSON",
    ])


@dataclass(frozen=True)
class DryRun:
    """What would have been sent: returned by ``%df_create --dry-run``,
    ``%df_set_config --dry-run`` and ``DataForestClient.dry_run_submit`` (an AI app submit,
    body built by ``request_bodies.submit_request``). Nothing was sent."""

    operation: str
    endpoint: str
    body: dict[str, Any]

    @classmethod
    def checked(cls, operation: str, endpoint: str, body: dict[str, Any],
                passed_through: frozenset[str] = frozenset()) -> DryRun:
        """A dry run of a body that passes the same checks the client makes before sending
        (``passed_through``: the fields the service sent, as the client passes them)."""
        rules.check(OPERATIONS[operation].request_schema, body, passed_through=passed_through)
        return cls(operation, endpoint, body)

    @property
    def url(self) -> str:
        return self.endpoint + OPERATIONS[self.operation].path

    @property
    def json(self) -> str:
        return json.dumps(self.body, indent=2, ensure_ascii=False)

    @property
    def curl(self) -> str:
        return curl_command(self.endpoint, self.operation, self.body)

    def _curl_note(self) -> str:
        return (f"The same request with curl (signed by openssl from ${ACCESS_KEY_VAR} and "
                f"${SECRET_KEY_VAR}; export them first):")

    def __repr__(self) -> str:
        return (f"Dry run: nothing was sent. The request would be:\n{METHOD} {self.url}\n"
                f"{self.json}\n\n{self._curl_note()}\n{self.curl}")

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        return (f"<div class='ncp-df-dry-run'><p><b>Dry run</b>: nothing was sent. "
                f"The request would be <code>{METHOD} {html.escape(self.url)}</code>:</p>"
                f"<pre>{html.escape(self.json)}</pre><p>{html.escape(self._curl_note())}</p>"
                f"<pre>{html.escape(self.curl)}</pre></div>")
