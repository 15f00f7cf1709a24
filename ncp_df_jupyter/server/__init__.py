"""The jupyter_server extension behind the JupyterLab sidebar: a small REST API under /ncp-df/.

``app.DataForestServerApp`` is the ExtensionApp (configuration traitlets), ``service`` turns REST
calls into calls of the core's caching client, ``schema`` fills the workspace schema's dropdowns,
``errors`` maps the core's exceptions to HTTP answers, and ``handlers`` / ``routes`` are the thin
tornado layer. Nothing here builds requests to DataForest, signs, retries or restates a rule.
"""
