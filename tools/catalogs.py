"""The translation catalogues: finding every msgid, keeping the .po files current, compiling them.

One source for every face: ``ncp_df_jupyter/locale/<ll_CC>/LC_MESSAGES/ncp_df_jupyter.po``. It
holds the sidebar's strings (``trans.__('Delete %1', name)`` in src/), the Python faces' strings
(``_("Delete {name}")``, ``ngettext``, ``pgettext``, and ``N_`` for texts translated elsewhere)
and the workspace schema's titles, help texts and rule wordings, which both forms show.

    python tools/catalogs.py update    # add new msgids to every .po (empty, to be translated)
    python tools/catalogs.py compile   # write the .json (JupyterLab) and .mo (Python) beside them
    python tools/catalogs.py check     # list what is missing or broken (exit 1 if anything is)

The build compiles them too (hatch_build.py), so wheels and editable installs carry the .json and
.mo files, which are git-ignored. JupyterLab finds the .json through the package's
``jupyterlab.locale`` entry point (``ncp_df_jupyter = "ncp_df_jupyter"``): the domain is the
entry point's name, and the file's header language is ``ko-KR`` (what the frontend looks up).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "ncp_df_jupyter"
DOMAIN = "ncp_df_jupyter"
SCHEMA = PACKAGE / "core" / "schema" / "workspace.schema.json"

# babel keyword specs: TranslationBundle's methods (src/), and gettext's names (Python).
TS_KEYWORDS = {"__": None, "_n": (1, 2), "_p": ((1, "c"), 2), "_np": ((1, "c"), 2, 3)}
PY_KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2),
               "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
# The schema's texts a person reads: labels, help texts, rule wordings, group titles.
SCHEMA_TEXTS = ("title", "description", "x-message")

TS_PLACEHOLDER = re.compile(r"%\d+")
PY_PLACEHOLDER = re.compile(r"\{\w*\}")


@dataclass
class Found:
    """A msgid and where it was seen."""

    msgid: str
    plural: str | None = None
    context: str | None = None
    style: str = "none"  # the placeholders it uses: "ts" (%1), "py" ({name}) or "none"
    places: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid


# -- finding msgids ----------------------------------------------------------------------------


def _sources(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.suffix in suffixes and "__tests__" not in path.parts and path.is_file():
            yield path


def _babel(path: Path, method: str, keywords: dict[str, Any], options: dict[str, Any]
           ) -> Iterator[tuple[str, str | None, str | None, int]]:
    from babel.messages.extract import extract

    with path.open("rb") as handle:
        for lineno, message, _comments, context in extract(method, handle, keywords=keywords,
                                                            options=options):
            ids = message if isinstance(message, tuple) else (message,)
            if ids and ids[0]:
                yield ids[0], ids[1] if len(ids) > 1 else None, context, lineno


def _schema_texts(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SCHEMA_TEXTS and isinstance(value, str):
                yield value, f"{where}/{key}"
            elif key == "x-message" and isinstance(value, dict):  # one wording per keyword
                for keyword, text in value.items():
                    if isinstance(text, str):
                        yield text, f"{where}/x-message/{keyword}"
            else:
                yield from _schema_texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _schema_texts(item, f"{where}/{index}")


def extract_all(repo: Path = REPO) -> dict[tuple[str | None, str], Found]:
    """Every msgid of the package: the sidebar's, the Python faces' and the schema's."""
    found: dict[tuple[str | None, str], Found] = {}

    def add(msgid: str, plural: str | None, context: str | None, style: str, place: str) -> None:
        entry = found.setdefault((context, msgid), Found(msgid, plural, context))
        entry.plural = entry.plural or plural
        if style != "none" and entry.style == "none":
            entry.style = style
        entry.places.append(place)

    ts_options = {"jsx": True, "template_string": True, "parse_template_string": False}
    for path in _sources(repo / "src", (".ts", ".tsx")):
        for msgid, plural, context, line in _babel(path, "javascript", TS_KEYWORDS, ts_options):
            add(msgid, plural, context, "ts", f"{path.relative_to(repo)}:{line}")
    for path in _sources(repo / "ncp_df_jupyter", (".py",)):
        if "labextension" in path.parts:
            continue
        for msgid, plural, context, line in _babel(path, "python", PY_KEYWORDS, {}):
            add(msgid, plural, context, "py", f"{path.relative_to(repo)}:{line}")
    schema = json.loads((repo / SCHEMA.relative_to(REPO)).read_text(encoding="utf-8"))
    for text, where in _schema_texts(schema, "#"):
        add(text, None, None, "none", f"workspace.schema.json{where[1:]}")
    return found


def placeholders(text: str, style: str) -> list[str]:
    pattern = {"ts": TS_PLACEHOLDER, "py": PY_PLACEHOLDER}.get(style)
    return sorted(pattern.findall(text)) if pattern else []


# -- the .po files -----------------------------------------------------------------------------


def po_files(package: Path = PACKAGE) -> list[Path]:
    return sorted(package.glob(f"locale/*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(path: Path) -> Any:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=path.parts[-3], domain=DOMAIN)


def problems(found: dict[tuple[str | None, str], Found], catalog: Any) -> list[str]:
    """Each msgid without a usable translation: missing, empty, fuzzy, or with other
    placeholders than its msgid."""
    said: list[str] = []
    for entry in found.values():
        message = catalog.get(entry.msgid, context=entry.context)
        where = entry.places[0]
        if message is None:
            said.append(f"no translation of {entry.msgid!r} ({where})")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            said.append(f"an empty or fuzzy translation of {entry.msgid!r} ({where})")
            continue
        wanted = placeholders(entry.msgid, entry.style)
        for text in strings:
            if placeholders(text, entry.style) != wanted:
                said.append(f"the translation {text!r} of {entry.msgid!r} has placeholders "
                            f"{placeholders(text, entry.style)}, not {wanted} ({where})")
    return said


def update(package: Path = PACKAGE, repo: Path = REPO) -> list[str]:
    """Add every msgid the sources have and a .po lacks (untranslated); returns them."""
    from babel.messages.catalog import Message
    from babel.messages.pofile import write_po

    found = extract_all(repo)
    added: list[str] = []
    for path in po_files(package):
        catalog = read_catalog(path)
        # babel's placeholders otherwise: one project, its issues, its engineers
        catalog.project, catalog.version = "ncp-df-jupyter", "1"
        catalog.msgid_bugs_address = "https://github.com/ncp-df-jupyter/ncp-df-jupyter/issues"
        catalog.last_translator = "ncp-df-jupyter engineers"
        catalog.language_team = f"{catalog.locale.english_name} (ncp-df-jupyter)"
        for entry in found.values():
            if catalog.get(entry.msgid, context=entry.context) is None:
                msgid: Any = (entry.msgid, entry.plural) if entry.plural else entry.msgid
                msgstr: Any = ("", "") if entry.plural else ""
                catalog[msgid] = Message(msgid, msgstr, locations=[], context=entry.context)
                added.append(f"{path.parts[-3]}: {entry.msgid}")
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False,
                     no_location=True)
    return added


# -- compiling ---------------------------------------------------------------------------------


def jed(catalog: Any) -> dict[str, Any]:
    """A catalogue as JupyterLab reads it (Jed 2 style, like the language packs' files)."""
    out: dict[str, Any] = {"": {
        "domain": DOMAIN,
        # the frontend looks up "ko-KR" then "ko"; "ko_KR" would silently find nothing
        "language": str(catalog.locale).replace("_", "-"),
        "plural_forms": catalog.plural_forms,
        "version": catalog.version or "0"}}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = list(message.string if isinstance(message.string, tuple)
                       else (message.string,))
        if not all(strings):
            continue  # untranslated: the interface shows the msgid
        if len(ids) > 1 and len(strings) == 1:
            strings.append("")  # JupyterLab reads a one-element value as singular only
        key = f"{message.context}\x04{ids[0]}" if message.context else ids[0]
        out[key] = strings
    return out


def compile_all(package: Path = PACKAGE) -> list[Path]:
    """Write ``<domain>.mo`` and ``<domain>.json`` beside every ``<domain>.po``."""
    from babel.messages.mofile import write_mo

    written: list[Path] = []
    for path in po_files(package):
        catalog = read_catalog(path)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        path.with_suffix(".json").write_text(
            json.dumps(jed(catalog), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8")
        written += [path.with_suffix(".mo"), path.with_suffix(".json")]
    return written


def main(argv: Iterable[str]) -> int:
    command = next(iter(argv), "check")
    if command == "update":
        for line in update():
            print("added", line)
        return 0
    if command == "compile":
        for path in compile_all():
            print("wrote", path.relative_to(REPO))
        return 0
    found = extract_all()
    said = [f"{path.parts[-3]}: {line}" for path in po_files()
            for line in problems(found, read_catalog(path))]
    print("\n".join(said) or f"{len(found)} msgids, every one translated")
    return 1 if said else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
