"""Request bodies the server tests send (valid by the workspace rules unless a test breaks them)."""

from __future__ import annotations

import copy
from typing import Any

from ..conftest import ACCOUNT_ID


def new_workspace(name: str = "sidebar-ws", *, gpu_model: str = "T4", queue: str = "gpu",
                  image: str = "tensorflow:2.15.0-gpu", account: str = ACCOUNT_ID
                  ) -> dict[str, Any]:
    """A create body in the API's shape, as the sidebar's form sends it."""
    return copy.deepcopy({
        "accountId": account,
        "name": name,
        "description": "made by a server test",
        "configuration": {
            "queueName": queue,
            "resource": {"gpuModel": gpu_model, "gpuCount": 1, "cpuCount": 4, "memoryMb": 30720},
            "docker": {"image": image, "command": "jupyter lab", "exposeTcpPorts": [8888]},
        },
    })
