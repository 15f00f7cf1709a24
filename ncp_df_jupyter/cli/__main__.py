"""``python -m ncp_df_jupyter.cli``: the ``ncp-df`` command without its script."""

import sys

from . import main

sys.exit(main())
