"""Keys are checked when they are loaded (printable ASCII, nothing else inside): a bad one is a
CredentialsError naming which key and where it came from, never showing it, and nothing is sent.
The signature of the headers made to send hides itself from every repr.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ncp_df_jupyter import DataForestClient
from ncp_df_jupyter.core.credentials import Credentials, Secret, resolve_credentials
from ncp_df_jupyter.core.errors import CredentialsError
from ncp_df_jupyter.core.protocol import HEADER_SIGNATURE
from ncp_df_jupyter.core.signing import Signer

from ..conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..stand_ins import answers

# (the bad part, what the error calls it): put inside a made-up key at character 5.
BAD_PARTS = [
    ("\r\nX-Injected: 1", "a line break"),
    ("\n", "a line break"),
    (" ", "a space"),
    ("\t", "a space"),
    ("\u3000", "a space"),  # the ideographic space a Korean input method types
    ("\x00", "a control character"),
    ("\x1b", "a control character"),
    ("\u202e", "a control character"),
    ("키", "a character that is not ASCII"),
]


def spoiled(key: str, part: str) -> str:
    return key[:4] + part + key[4:]


@pytest.mark.parametrize(("part", "kind"), BAD_PARTS, ids=[repr(p) for p, _ in BAD_PARTS])
def test_a_bad_access_key_in_the_arguments(part: str, kind: str) -> None:
    key = spoiled(TEST_ACCESS_KEY, part)
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials(key, TEST_SECRET_KEY)
    message = str(caught.value)
    assert message.startswith(f"The access key from arguments holds {kind} (character 5 of ")
    assert TEST_ACCESS_KEY[4:] not in message and TEST_ACCESS_KEY[:4] not in message


@pytest.mark.parametrize(("part", "kind"), BAD_PARTS[:3], ids=[repr(p) for p, _ in BAD_PARTS[:3]])
def test_a_bad_secret_key_in_the_environment(monkeypatch: pytest.MonkeyPatch, part: str,
                                             kind: str) -> None:
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", spoiled(TEST_SECRET_KEY, part))
    with pytest.raises(CredentialsError) as caught:
        resolve_credentials()
    message = str(caught.value)
    assert message.startswith("The secret key from environment (NCLOUD_ACCESS_KEY_ID, "
                              f"NCLOUD_SECRET_ACCESS_KEY) holds {kind}")
    assert TEST_SECRET_KEY[4:12] not in message


def test_a_bad_key_in_the_configure_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "configure"
    path.write_text(f"[DEFAULT]\nncloud_access_key_id = {TEST_ACCESS_KEY}\n"
                    f"ncloud_secret_access_key = {spoiled(TEST_SECRET_KEY, chr(27))}\n",
                    encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    with pytest.raises(CredentialsError, match=rf"^The secret key from \[DEFAULT\] of {path} "
                                               "holds a control character"):
        resolve_credentials()


def test_surrounding_whitespace_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    creds = resolve_credentials(f" {TEST_ACCESS_KEY}\n", f"{TEST_SECRET_KEY}\r\n")
    assert (creds.access_key, creds.secret_key.reveal()) == (TEST_ACCESS_KEY, TEST_SECRET_KEY)
    monkeypatch.setenv("NCLOUD_ACCESS_KEY_ID", f"{TEST_ACCESS_KEY}\n")
    monkeypatch.setenv("NCLOUD_SECRET_ACCESS_KEY", f"\t{TEST_SECRET_KEY}")
    assert resolve_credentials().access_key == TEST_ACCESS_KEY


def test_nothing_is_sent_with_a_bad_key() -> None:
    with answers(200, {"success": True, "contents": []}) as server:
        with pytest.raises(CredentialsError, match="access key from arguments holds a line"):
            DataForestClient(f"{TEST_ACCESS_KEY}\r\nX-Injected: 1", TEST_SECRET_KEY, server.url)
        with pytest.raises(CredentialsError, match="secret key from sidecar holds a space"):
            DataForestClient(credentials=Credentials(TEST_ACCESS_KEY,
                                                     Secret("bad secret"), "sidecar"),
                             endpoint=server.url)
    assert server.requests == []


def test_signed_headers_hide_the_signature_from_repr() -> None:
    headers = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY).headers("POST", "/api/v2/x", 1)
    signature = Signer(TEST_ACCESS_KEY, TEST_SECRET_KEY).signature("POST", "/api/v2/x", "1")
    assert headers[HEADER_SIGNATURE] == signature  # what is sent is the signature itself
    assert f"{headers[HEADER_SIGNATURE]}" == signature and str(headers[HEADER_SIGNATURE]) == (
        signature)
    for shown in (repr(headers), str(headers), repr(list(headers.items()))):
        assert signature not in shown
