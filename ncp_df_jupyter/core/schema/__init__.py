"""The workspace rules: ``workspace.schema.json`` (the one statement of them), its checker and
the functions that apply it (``rules``)."""
