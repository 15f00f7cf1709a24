"""Which widget of the notebook form shows each field of the core's form description.

The fields themselves (groups, labels, help, order, defaults, kinds of input) come from
``core/schema/form.py`` ``form_fields()``, the description the sidebar's form is drawn from too;
this only names the view's attribute for each field key, since ``form.gpu_model`` and its
siblings are what notebooks and scripts reach (the form's public API).
"""

from __future__ import annotations

ATTRIBUTE_OF_KEY: dict[str, str] = {
    "accountId": "account",
    "startFrom": "start_from",
    "name": "name",
    "description": "description",
    "configuration.queueName": "queue",
    "configuration.resource.gpuModel": "gpu_model",
    "configuration.resource.gpuCount": "gpu_count",
    "configuration.resource.cpuCount": "cpu_count",
    "configuration.resource.memoryMb": "memory_mb",
    "configuration.docker.image": "image",
    "configuration.docker.command": "command",
    "configuration.docker.args": "args",
    "configuration.docker.workdir": "workdir",
    "configuration.docker.env": "env",
    "configuration.docker.exposeTcpPorts": "ports",
    "configuration.data.input": "inputs",
    "configuration.data.output": "outputs",
    "configuration.userPackageUri": "user_package_uri",
}


def attribute_of(key: str) -> str:
    """The view's attribute for a field key; a field this release's notebook form cannot show
    is a bug to fix here (tests/widgets check every field of the schema has one)."""
    try:
        return ATTRIBUTE_OF_KEY[key]
    except KeyError:
        raise ValueError(f"the notebook form has no widget for the schema's field {key}; "
                         "name one in widgets/form/attributes.py") from None
