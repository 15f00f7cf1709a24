"""The magics face: ``%df_*`` in a notebook or IPython (``%load_ext ncp_df_jupyter``).

magics (the %df_* commands), parsers (their argument parsers and help), lookup (accounts and
workspaces by id or name), cells (YAML/JSON cell bodies), writes (create / set-config with
progress). Options, display and the kernel's connection come from ``kernel/``, shared with the
widgets.
"""

from .magics import DataForestMagics, load, unload

__all__ = ["DataForestMagics", "load", "unload"]
