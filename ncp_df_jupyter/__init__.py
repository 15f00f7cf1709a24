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
    # "X as X": re-exported for type checkers (__all__ above is not static enough for them).
    from .client import DataForestClient as DataForestClient
    from .credentials import Credentials as Credentials
    from .credentials import resolve_credentials as resolve_credentials
    from .errors import DataForestError as DataForestError
    from .errors import ValidationError as ValidationError
    from .models import Account as Account
    from .models import ConfigurationEntry as ConfigurationEntry
    from .models import Workspace as Workspace
    from .models import WorkspaceDetail as WorkspaceDetail
    from .models import WorkspaceSummary as WorkspaceSummary
    from .portal import BlockingClient as BlockingClient
    from .portal import Portal as Portal
    from .portal import get_portal as get_portal
    from .retry import RetryPolicy as RetryPolicy
    from .spec import Configuration as Configuration
    from .spec import Data as Data
    from .spec import DataInput as DataInput
    from .spec import DataOutput as DataOutput
    from .spec import Docker as Docker
    from .spec import Resource as Resource


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext ncp_df_jupyter``: the ``%df_*`` magics and rich display of workspaces."""
    from .magics import load  # IPython.core.magic is imported here, not with the package

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from .magics import unload

    unload(ipython)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ncp_df_jupyter' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the built sidebar lives, for `jupyter-builder develop`."""
    return [{"src": "labextension", "dest": "@ncp-df/jupyter"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    """The jupyter_server extension (imported only by the server)."""
    from .server.app import DataForestServerApp

    return [{"module": "ncp_df_jupyter.server.app", "app": DataForestServerApp}]
