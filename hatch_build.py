"""Build hook: compile the translation catalogues (.po) into what the installed package reads.

JupyterLab reads ``<domain>.json`` and Python's gettext ``<domain>.mo`` from
``ncp_df_jupyter/locale/<ll_CC>/LC_MESSAGES/``; both are git-ignored and made here, for wheels
and editable installs alike (tools/catalogs.py does the work).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":  # the sdist ships the .po sources
            return
        sys.path.insert(0, self.root)
        from tools.catalogs import compile_all

        written = compile_all(Path(self.root) / "ncp_df_jupyter")
        self.app.display_info(f"compiled {len(written)} translation files")
