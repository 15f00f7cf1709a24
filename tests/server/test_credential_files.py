"""A broken ~/.ncloud/configure (not UTF-8, a FIFO, too large, a bad key in it) is explained by
GET /ncp-df/status and refused as a JSON 401 by every other route of a real jupyter server: never
a 500, never a hang.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ncp_df_jupyter.core.credentials import MAX_CONFIG_BYTES

from ..conftest import ACCOUNT_ID, TEST_ACCESS_KEY, TEST_SECRET_KEY
from ..stand_ins import fifo_released_after
from .test_errors import assert_json_error
from .workspaces import new_workspace

GUARD_S = 5.0
KEYS = f"[DEFAULT]\nncloud_access_key_id = {TEST_ACCESS_KEY}\nncloud_secret_access_key = "

# (method, path parts, params, body) of every route under /ncp-df/ but status.
ROUTES: list[tuple[str, tuple[str, ...], dict[str, str], object]] = [
    ("GET", ("accounts",), {}, None),
    ("GET", ("workspaces",), {"account": ACCOUNT_ID}, None),
    ("POST", ("workspaces",), {}, new_workspace()),
    ("GET", ("workspaces", "ws0000000001"), {}, None),
    ("DELETE", ("workspaces", "ws0000000001"), {}, None),
    ("GET", ("workspaces", "ws0000000001", "configuration"), {}, None),
    ("PUT", ("workspaces", "ws0000000001", "configuration"), {},
     {"configuration": new_workspace()["configuration"]}),
    ("GET", ("images",), {}, None),
    ("GET", ("names", ACCOUNT_ID, "free-name"), {}, None),
    ("GET", ("schema",), {"account": ACCOUNT_ID}, None),
]

BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "not-utf8": (lambda p: p.write_bytes(KEYS.encode() + b"secr\xe9t\n"), "is not UTF-8 text"),
    "too-large": (lambda p: p.write_bytes(KEYS.encode() + b"s\n" + b"#" * MAX_CONFIG_BYTES),
                  "is larger than 64 KiB"),
    "bad-key": (lambda p: p.write_bytes(KEYS.encode() + b"sec ret\n"),
                "The secret key from [DEFAULT] of"),
    "directory": (lambda p: p.mkdir(), "is a directory"),
}


@pytest.fixture
def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emu_env) -> Path:
    """The server's configure file, with the environment's keys gone so that it is read."""
    for name in ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "configure"
    monkeypatch.setenv("NCP_DF_CONFIG_FILE", str(path))
    return path


def assert_explained_everywhere(api, path: Path, says: str) -> None:
    status = api("GET", "status")
    assert status.status == 200, status.body
    problem = status.body["credentials"]["problem"]
    assert status.body["credentials"]["configured"] is False
    assert str(path) in problem and says in problem
    for method, parts, params, body in ROUTES:
        answer = api(method, *parts, body=body, params=params)
        assert_json_error(answer, 401)
        assert answer.body["error"] == "CredentialsError", (method, parts)
        assert answer.message == problem


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_configure_file_is_explained_not_a_500(api, configure: Path, case: str) -> None:
    make, says = BROKEN[case]
    make(configure)
    if configure.is_file():
        configure.chmod(0o600)
    assert_explained_everywhere(api, configure, says)


def test_a_fifo_there_never_blocks_the_server(api, configure: Path) -> None:
    with fifo_released_after(configure, GUARD_S) as had_to_release:
        assert_explained_everywhere(api, configure, "is a named pipe (FIFO)")
    assert not had_to_release()


def test_fixing_the_file_needs_no_restart(api, configure: Path) -> None:
    configure.write_bytes(b"\xff\xfe[DEFAULT]\n")
    configure.chmod(0o600)
    assert api("GET", "accounts").status == 401
    configure.write_text(KEYS + TEST_SECRET_KEY + "\n", encoding="utf-8")
    configure.chmod(0o600)
    assert api("GET", "accounts").status == 200
    assert api("GET", "status").body["credentials"]["configured"] is True
