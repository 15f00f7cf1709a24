"""After every other test of the run: the secret key and every signature value an emulator
accepted appear nowhere in what the run produced (logs, captured output, saved outputs).

tests/conftest.py records all of it under test-artifacts/ and sorts this module last.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from ncp_df_jupyter.core.signing import Signer

from ..conftest import (
    ARTIFACTS,
    RUN_DIR,
    RUNS_DIR,
    SECRETS_DIR,
    SESSION_LOG,
    TEST_ACCESS_KEY,
    TEST_SECRET_KEY,
    recorded_signatures,
)
from .scanner import scan_tree


def test_the_scanner_finds_what_is_planted(tmp_path: Path) -> None:
    """The scan can fail: planted secrets are found in every form, clean files pass."""
    signer = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY)
    planted = signer.signature("POST", "/api/v2/aiworkspaces/getList", "1700000000000")
    # Find one with "/" and "+" in it, so the URL-encoded and JSON-escaped forms differ.
    stamp = 1700000000000
    while "/" not in planted or "+" not in planted:
        stamp += 1
        planted = signer.signature("POST", "/api/v2/aiworkspaces/getList", str(stamp))
    never_seen = signer.signature("POST", "/never/sent", "1")
    (tmp_path / "app.log").write_text(f"INFO request\nDEBUG key={TEST_SECRET_KEY}\n")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "har.json").write_text(
        json.dumps({"url": f"http://x/?sig={quote(planted, safe='')}"}))
    (tmp_path / "escaped.json").write_text(
        json.dumps({"h": planted}).replace("/", "\\/"))
    (tmp_path / "blob.bin").write_bytes(b"\x00\x89PNG" + b"QUJD" + planted.encode() + b"\x00")
    (tmp_path / "clean.txt").write_text(
        f"x-ncp-apigw-signature-v2: <hidden> {TEST_ACCESS_KEY} {never_seen[:20]}\n")
    skipped = tmp_path / "secrets"
    skipped.mkdir()
    (skipped / "signatures.txt").write_text(planted + "\n")

    result = scan_tree(tmp_path, [TEST_SECRET_KEY], {planted, "A" * 43 + "="},
                       skip=[skipped])

    found = {(f.path.name, f.what, f.form) for f in result.findings}
    assert found == {
        ("app.log", "the secret key", "as is"),
        ("har.json", "a signature", "URL-encoded"),
        ("escaped.json", "a signature", "JSON-escaped"),
        ("blob.bin", "a signature", "as is"),
    }
    assert sorted(p.name for p in result.files) == [
        "app.log", "blob.bin", "clean.txt", "escaped.json", "har.json"]
    assert all(planted not in str(f) and TEST_SECRET_KEY not in str(f) for f in result.findings)


def test_no_secret_in_anything_the_run_produced(request: pytest.FixtureRequest) -> None:
    others = [item for item in request.session.items
              if getattr(item, "module", None) is not request.module]
    if not others:
        pytest.skip("nothing ran before the scan; run it with the rest of the suite (pytest)")
    signatures = recorded_signatures()
    log_text = SESSION_LOG.read_text(encoding="utf-8", errors="replace")
    if "ncp_df_jupyter.client" in log_text and " -> 200 " in log_text:
        # The client logged answered requests, so an emulator verified signatures.
        assert signatures, "requests were answered but no signature was recorded"

    # Everything under test-artifacts/ but other runs' folders (theirs to scan) and the record
    # of signatures itself.
    other_runs = [folder for folder in RUNS_DIR.iterdir() if folder != RUN_DIR]
    result = scan_tree(ARTIFACTS, [TEST_SECRET_KEY], signatures,
                       skip=[*other_runs, SECRETS_DIR])

    assert SESSION_LOG in result.files and SESSION_LOG.stat().st_size > 0
    print(f"scanned {len(result.files)} files, {result.bytes:,} bytes, for the secret key and "
          f"{len(signatures)} signature values")
    assert not result.findings, "secret values leaked:\n" + "\n".join(
        str(f) for f in result.findings[:20])
