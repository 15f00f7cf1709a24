"""Text from DataForest (names, ids, descriptions, messages) shown as plain text or YAML.

Data from the service is data: written to a terminal, a log or a text table it must never move
the cursor, change colours or titles (ESC sequences), start a new line (CR, LF, NEL, U+2028),
or make a line read differently from what it holds (bidirectional overrides). :func:`plain_text`
writes each such character as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``) and leaves
everything else, Korean and emoji included, as it is. HTML output escapes markup instead
(``html.escape``) and needs nothing from here.

:func:`yaml_text` dumps data as YAML with the same characters escaped, inside double-quoted
scalars, so the YAML reads back (safe loader) to exactly the same data.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# C0 controls (tab, CR and LF included), DEL, C1 controls (NEL, CSI...), the line and paragraph
# separators, the bidirectional formatting characters, and lone surrogates (which cannot even be
# encoded to UTF-8, so a log or a terminal would fail on them).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                    "\u2066-\u2069\ud800-\udfff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# What can be left unescaped in PyYAML's output: its own line breaks are structure, not data.
_LEFT_IN_YAML = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                           "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_char(char: str) -> str:
    """``\\n``, ``\\x1b``, ``\\u202e``: how one unsafe character is written (as Python and YAML
    double-quoted strings write it)."""
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def plain_text(value: object) -> str:
    """``value`` as text that is safe to print, log or put in a text table: every control,
    separator and bidirectional formatting character written as a visible escape."""
    text = value if isinstance(value, str) else str(value)
    if UNSAFE.search(text) is None:  # the usual case: nothing to do
        return text
    return UNSAFE.sub(lambda found: escape_char(found.group()), text)


def has_unsafe(text: str) -> bool:
    """Whether :func:`plain_text` would change ``text``."""
    return UNSAFE.search(text) is not None


def yaml_text(data: Any) -> str:
    """``data`` (JSON-like: dicts, lists, text, numbers, booleans, None) as block YAML, keys in
    their order, Korean as it is, every unsafe character escaped; read back with a safe loader
    it is ``data`` again. No trailing newline."""
    import yaml  # on first use: `import ncp_df_jupyter` stays cheap

    text: str = yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=2**31 - 1)
    # Every string holding an unsafe character was written double-quoted (_dumper), where PyYAML
    # escapes the controls itself but keeps the bidirectional and separator characters as they
    # are: escaping what is left is still the same string.
    return _LEFT_IN_YAML.sub(lambda found: escape_char(found.group()), text).rstrip("\n")


@functools.cache
def _dumper() -> Any:
    import yaml

    class Dumper(yaml.SafeDumper):  # type: ignore[misc]  # no stubs for yaml
        """Double-quotes every string with an unsafe character (the others are written as the
        safe dumper writes them)."""

    def text(dumper: Any, value: str) -> Any:
        style = '"' if has_unsafe(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


__all__ = ["escape_char", "has_unsafe", "plain_text", "yaml_text"]
