"""ncp_df_jupyter: NAVER Cloud DataForest AI workspaces from Jupyter.

Importing the package is cheap (it is what ``%load_ext`` pays first): aiohttp, ipywidgets,
tornado and jupyter_server are imported only when the part that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; resolved on first attribute access (PEP 562).
_LAZY = {
    "DataForestClient": "client",
    "BlockingClient": "portal",
    "Portal": "portal",
    "get_portal": "portal",
    "Configuration": "spec",
    "Docker": "spec",
    "Resource": "spec",
    "Data": "spec",
    "DataInput": "spec",
    "DataOutput": "spec",
    "Account": "models",
    "Workspace": "models",
    "WorkspaceDetail": "models",
    "WorkspaceSummary": "models",
    "ConfigurationEntry": "models",
    "RetryPolicy": "retry",
    "Credentials": "credentials",
    "resolve_credentials": "credentials",
    "DataForestError": "errors",
    "ValidationError": "errors",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:
    from .client import DataForestClient
    from .credentials import Credentials, resolve_credentials
    from .errors import DataForestError, ValidationError
    from .models import Account, ConfigurationEntry, Workspace, WorkspaceDetail, WorkspaceSummary
    from .portal import BlockingClient, Portal, get_portal
    from .retry import RetryPolicy
    from .spec import Configuration, Data, DataInput, DataOutput, Docker, Resource


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ncp_df_jupyter' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
