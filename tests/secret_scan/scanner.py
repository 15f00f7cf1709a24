"""Find secret values in files: as written, URL-encoded, or with JSON's escaped slashes.

The secret key is searched for as a string. Signatures (44-character base64 HMAC-SHA256 values)
can be thousands per run, so each file is searched once for anything shaped like one, and what
is found is looked up in the set of recorded signatures.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

# A signature ends with its one "=" of padding; base64 text before it may run on.
_SIGNATURE_SHAPE = re.compile(rb"[A-Za-z0-9+/]{43,}=")
SIGNATURE_LENGTH = 44


@dataclass(frozen=True)
class Finding:
    """Where a secret was found; never the secret itself (this text may be printed)."""

    path: Path
    what: str  # "the secret key" or "a signature"
    form: str  # "as is", "URL-encoded", "JSON-escaped"
    offset: int

    def __str__(self) -> str:
        return f"{self.path}: {self.what} ({self.form}) at byte {self.offset}"


@dataclass
class ScanResult:
    files: list[Path] = field(default_factory=list)
    bytes: int = 0
    findings: list[Finding] = field(default_factory=list)


def _views(data: bytes) -> Iterable[tuple[str, bytes]]:
    yield "as is", data
    if b"%" in data:
        yield "URL-encoded", unquote_to_bytes(data)
    if b"\\/" in data:
        yield "JSON-escaped", data.replace(b"\\/", b"/")


def scan_bytes(path: Path, data: bytes, secrets: Collection[str],
               signatures: Collection[str]) -> list[Finding]:
    found: list[Finding] = []
    wanted = {s.encode() for s in signatures}
    for form, view in _views(data):
        for secret in secrets:
            at = view.find(secret.encode())
            if at >= 0:
                found.append(Finding(path, "the secret key", form, at))
        if wanted:
            for match in _SIGNATURE_SHAPE.finditer(view):
                if match.group()[-SIGNATURE_LENGTH:] in wanted:
                    found.append(Finding(path, "a signature", form,
                                         match.end() - SIGNATURE_LENGTH))
    return found


def scan_tree(root: Path, secrets: Collection[str], signatures: Collection[str],
              skip: Collection[Path] = ()) -> ScanResult:
    """Every file under ``root`` except those inside a folder of ``skip``."""
    result = ScanResult()
    skipped = [s.resolve() for s in skip]
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        resolved = path.resolve()
        if any(resolved.is_relative_to(s) for s in skipped):
            continue
        try:
            data = path.read_bytes()
        except OSError:  # removed meanwhile (another run cleaning up its own folder)
            continue
        result.files.append(path)
        result.bytes += len(data)
        result.findings += scan_bytes(path, data, secrets, signatures)
    return result
