"""ncp_df_jupyter: NAVER Cloud DataForest AI workspaces and AI apps from Jupyter.

One core, three faces (docs/architecture.md): ``core/`` (the async client, no Jupyter),
``kernel/`` (the core from synchronous code), and the faces ``magics/``, ``widgets/`` and
``server/`` (+ the TypeScript sidebar); ``emulator/`` and ``cli/`` beside them.

Importing the package is cheap (it is what ``%load_ext`` pays first): aiohttp, ipywidgets,
tornado and jupyter_server are imported only when the part that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# name -> module that defines it; resolved on first attribute access (PEP 562).
_LAZY = {
    "DataForestClient": "core.client",
    "BlockingClient": "kernel.blocking",
    "Portal": "kernel.portal",
    "get_portal": "kernel.portal",
    "Configuration": "core.models",
    "Docker": "core.models",
    "Resource": "core.models",
    "Data": "core.models",
    "DataInput": "core.models",
    "DataOutput": "core.models",
    "Account": "core.models",
    "Workspace": "core.models",
    "WorkspaceDetail": "core.models",
    "WorkspaceSummary": "core.models",
    "ConfigurationEntry": "core.models",
    "App": "core.models",
    "AppDetail": "core.models",
    "AppContainer": "core.models",
    "RetryPolicy": "core.retry",
    "Credentials": "core.credentials",
    "resolve_credentials": "core.credentials",
    "DataForestError": "core.errors",
    "ValidationError": "core.errors",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:
    # "X as X": re-exported for type checkers (__all__ above is not static enough for them).
    from .core.client import DataForestClient as DataForestClient
    from .core.credentials import Credentials as Credentials
    from .core.credentials import resolve_credentials as resolve_credentials
    from .core.errors import DataForestError as DataForestError
    from .core.errors import ValidationError as ValidationError
    from .core.models import Account as Account
    from .core.models import App as App
    from .core.models import AppContainer as AppContainer
    from .core.models import AppDetail as AppDetail
    from .core.models import Configuration as Configuration
    from .core.models import ConfigurationEntry as ConfigurationEntry
    from .core.models import Data as Data
    from .core.models import DataInput as DataInput
    from .core.models import DataOutput as DataOutput
    from .core.models import Docker as Docker
    from .core.models import Resource as Resource
    from .core.models import Workspace as Workspace
    from .core.models import WorkspaceDetail as WorkspaceDetail
    from .core.models import WorkspaceSummary as WorkspaceSummary
    from .core.retry import RetryPolicy as RetryPolicy
    from .kernel.blocking import BlockingClient as BlockingClient
    from .kernel.portal import Portal as Portal
    from .kernel.portal import get_portal as get_portal


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext ncp_df_jupyter``: the ``%df_*`` magics and rich display of workspaces."""
    from .magics import load  # IPython.core.magic is imported here, not with the package

    load(ipython, open_widget=_open_widget)


def _open_widget(kind: str, **kwargs: Any) -> Any:
    # The package wires its faces together; a magic that shows a widget comes through here.
    from .widgets import open_widget  # ipywidgets is imported only when a widget is asked for

    return open_widget(kind, **kwargs)


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
