"""The core: a plain async library for the DataForest API, with no Jupyter in it.

protocol (wire facts), signing, credentials, retry, transport (one signed request), client
(one method per operation), caching, errors, models, requests (request bodies), dry_run, and
schema/ (the rules). Nothing here imports IPython, ipywidgets, tornado, traitlets or
jupyter_server; the faces build on this, never the other way round.
"""
