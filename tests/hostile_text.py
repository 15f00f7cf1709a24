"""Service text a broken or hostile DataForest may send, put straight into the emulator's state
(the service answers it as data; our client's rules never see it on the way in).

Every string holds terminal escape sequences (colour, window title, clear screen, 8-bit CSI), a
CR/LF that would forge a log line or a table row, a NUL, a NEL, a bidirectional override and a
Korean word that must stay as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ncp_df_jupyter.core.plain_text import UNSAFE
from ncp_df_jupyter.emulator import DEMO_ACCOUNT_ID, Emulator
from ncp_df_jupyter.emulator.store import AccountRow, WorkspaceRow

FORGED = "\r\n2026-12-01 09:00:00 WARNING forged line"
HOSTILE = ("evil\x1b[31m\x1b]0;owned\x07\x1b[2J\x9b1m" + FORGED + "\x00\x85\u202egnp.exe 한글")
# How plain_text writes it: every unsafe character visible, the rest as it was.
HOSTILE_SHOWN = ("evil\\x1b[31m\\x1b]0;owned\\x07\\x1b[2J\\x9b1m\\r\\n2026-12-01 09:00:00 "
                 "WARNING forged line\\x00\\x85\\u202egnp.exe 한글")


def no_unsafe(text: str, allowed: str = "\n") -> bool:
    """Whether ``text`` holds no control, separator or bidirectional character (the line breaks
    of the output itself allowed)."""
    return all(char in allowed for char in UNSAFE.findall(text))


@dataclass(frozen=True)
class Planted:
    workspace_id: str
    name: str


def plant_workspace(emulator: Emulator, *, name: str = HOSTILE, workspace_id: str | None = None,
                    account_id: str = DEMO_ACCOUNT_ID) -> Planted:
    """A workspace whose every text is hostile, stored as the service would answer it."""
    configuration: dict[str, Any] = {
        "queueName": "gpu" + HOSTILE,
        "resource": {"gpuModel": "T4" + HOSTILE, "gpuCount": 1},
        "docker": {"image": "tensorflow:2.15.0-gpu" + HOSTILE, "command": HOSTILE,
                   "env": {"KEY" + HOSTILE: HOSTILE}},
        "data": {"input": [{"hdfs": HOSTILE, "path": "/data/in"}]},
    }
    now = emulator.now_iso()
    workspace_id = workspace_id or emulator.new_id()
    emulator.store.insert_workspace(WorkspaceRow(
        workspace_id, account_id, name, HOSTILE, configuration["docker"]["image"],
        json.dumps(configuration), now, now))
    return Planted(workspace_id, name)


def plant_account(emulator: Emulator, account_id: str = "HostileAccount00000001") -> str:
    emulator.store.add_account(AccountRow(account_id, "acct" + HOSTILE, "x@KR.DF.NAVERNCP.COM",
                                          "RUNNING" + HOSTILE, False, emulator.now_iso()))
    return account_id
