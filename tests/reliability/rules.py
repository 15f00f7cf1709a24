"""The key workspace rules, stated again in plain Python from the API reference, without the
schema file, regular expressions or any code of the package: the independent statement the
validator (core/schema/rules.problems over core/schema/workspace.schema.json) is checked against.

Each function answers "does this value keep the rule?" for one field.
"""

from __future__ import annotations

from typing import Any

LOWER = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
BASE62 = DIGITS + LOWER + LOWER.upper()
IMAGE_CHARS = LOWER + DIGITS + "._-"


def is_whole_number(value: Any) -> bool:
    """JSON has one number type: 2 and 2.0 are the same whole number; true is not a number."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def id_ok(value: Any) -> bool:
    """An account or workspace id: 1 to 22 letters and digits."""
    return (isinstance(value, str) and 1 <= len(value) <= 22
            and all(c in BASE62 for c in value))


def name_ok(value: Any) -> bool:
    """A workspace name: 1 to 15 characters, lowercase letters, digits and hyphens; starts with
    a letter; no hyphen at the end and never two in a row."""
    if not isinstance(value, str) or not 1 <= len(value) <= 15:
        return False
    if value[0] not in LOWER or value.endswith("-") or "--" in value:
        return False
    return all(c in LOWER or c in DIGITS or c == "-" for c in value)


def name_prefix_ok(value: Any) -> bool:
    """An AI app's name prefix: 2 to 8 characters, a lowercase letter first, then lowercase
    letters, digits and hyphens (the charset is UNCONFIRMED; the length is stated)."""
    if not isinstance(value, str) or not 2 <= len(value) <= 8:
        return False
    return value[0] in LOWER and all(c in LOWER or c in DIGITS or c == "-" for c in value[1:])


def description_ok(value: Any) -> bool:
    """Optional free text of at most 255 characters."""
    return isinstance(value, str) and len(value) <= 255


def image_ok(value: Any) -> bool:
    """name:tag, optionally prefixed with dataforest/; name 1 to 30 and tag 1 to 20 characters
    of lowercase letters, digits, '.', '_' and '-'."""
    if not isinstance(value, str):
        return False
    rest = value.removeprefix("dataforest/")
    if rest.count(":") != 1:
        return False
    name, tag = rest.split(":")
    return (1 <= len(name) <= 30 and 1 <= len(tag) <= 20
            and all(c in IMAGE_CHARS for c in name + tag))


def gpu_count_ok(value: Any) -> bool:
    """A whole number of GPUs from 1 to 8."""
    return is_whole_number(value) and 1 <= value <= 8


def command_ok(value: Any) -> bool:
    """The container's command: required, non-empty text."""
    return isinstance(value, str) and len(value) >= 1


def without_nulls(value: Any) -> Any:
    """What the client and the service read: null means absent, at every level."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value if v is not None]
    return value


def create_request_problems(body: Any) -> set[str]:
    """The dotted paths of the key fields a create request gets wrong (required ones missing
    included). Only the fields above are judged; the request's other fields are left valid by
    the tests that use this."""
    wrong: set[str] = set()
    if not isinstance(body, dict):
        return {""}
    if "accountId" not in body or not id_ok(body["accountId"]):
        wrong.add("accountId")
    if "name" not in body or not name_ok(body["name"]):
        wrong.add("name")
    if "description" in body and not description_ok(body["description"]):
        wrong.add("description")
    configuration = body.get("configuration")
    if not isinstance(configuration, dict):
        wrong.add("configuration")
        return wrong
    docker = configuration.get("docker")
    if not isinstance(docker, dict):
        wrong.add("configuration.docker")
    else:
        if "image" not in docker or not image_ok(docker["image"]):
            wrong.add("configuration.docker.image")
        if "command" not in docker or not command_ok(docker["command"]):
            wrong.add("configuration.docker.command")
    resource = configuration.get("resource")
    if isinstance(resource, dict) and "gpuCount" in resource and not gpu_count_ok(
            resource["gpuCount"]):
        wrong.add("configuration.resource.gpuCount")
    if "resource" in configuration and not isinstance(resource, dict):
        wrong.add("configuration.resource")  # optional, but when given (even null) an object
    return wrong
