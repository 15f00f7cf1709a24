"""The core: a plain async library for the DataForest API, with no Jupyter in it.

protocol (wire facts), signing, credentials, retry, transport (one signed request), client
(one method per operation; the AI Apps ones in apps, with submit_lookup and app_logs), caching,
errors, models, request_bodies, merge, dry_run, and schema/ (the rules). Nothing here imports
IPython, ipywidgets, tornado, traitlets or jupyter_server; the faces build on this, never the
other way round.
"""
