"""The workspace model: configuration objects and the rules they must follow.

The rules themselves live in ``schema/workspace.schema.json`` (one place, also served to the
JupyterLab sidebar); this module checks API-shaped dicts against it and turns each broken rule
into a :class:`Problem` that names the field. ``Configuration`` converts to and from the API's
JSON exactly (``to_api()`` / ``Configuration.from_api``); a plain dict in the API's shape is
accepted wherever a configuration is.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .errors import ValidationError, short
from .schema_check import SchemaChecker


@functools.cache
def load_schema() -> dict[str, Any]:
    """The workspace JSON Schema (do not mutate; use ``schema_copy`` to change it)."""
    text = resources.files("ncp_df_jupyter").joinpath("schema/workspace.schema.json").read_text(
        encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_copy() -> dict[str, Any]:
    return copy.deepcopy(load_schema())


def definition(name: str) -> dict[str, Any]:
    found: dict[str, Any] = load_schema()["definitions"][name]
    return found


def documented_values(*path: str) -> list[str]:
    """The documented values of an open value set, e.g. ("resource", "gpuModel") -> [V100, T4]."""
    node: Any = definition(path[0])
    for key in path[1:]:
        node = node["properties"][key]
    return list(node.get("examples", []))


def frameworks() -> list[str]:
    """The typeName values of getDockerImageList (tensorflow, pytorch), from the schema."""
    search = definition("dockerImageListRequest")["properties"]["search"]
    return list(search["properties"]["typeName"]["enum"])


# Names are unique per account; the one wording of that rule, wherever it is reported.
NAME_TAKEN = "is already used by another workspace of this account"


def documented_gpu_models() -> list[str]:
    return documented_values("resource", "gpuModel")


def documented_queues() -> list[str]:
    return documented_values("configuration", "queueName")


# ---------------------------------------------------------------------------------------------
# Checking


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (a dotted path in the API's shape), what was there, and the rule."""

    path: str
    rule: str  # reads after the path: "must be a whole number from 1 to 8"
    value: Any = None
    missing: bool = False

    def sentence(self) -> str:
        """The client's wording: one sentence naming the field and the rule."""
        if self.missing:
            return f"{self.path} {self.rule}."
        return f"{self.path} {self.rule} (got {short(self.value)})."

    def service_message(self) -> str:
        """The emulator's wording, modelled on DataForest's "invalid request parameter" answers."""
        value = "null" if self.missing else short(self.value)
        rule = self.rule[0].upper() + self.rule[1:]
        return f"invalid request parameter ({self.path}, {value}). {rule}."


def _dotted(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


@functools.cache
def _checker() -> SchemaChecker:
    return SchemaChecker(load_schema())


def problems(definition_name: str, value: Any, prefix: str = "") -> list[Problem]:
    """Every broken rule of ``value`` against a schema definition, ordered by field path."""
    found = [Problem(_join(prefix, _dotted(v.path)) if v.path else prefix, v.rule, v.value,
                     v.missing)
             for v in _checker().check(definition_name, value)]
    return sorted(found, key=lambda p: p.path)


def check(definition_name: str, value: Any, prefix: str = "") -> None:
    """Raise ValidationError for the first broken rule (all of them are in ``.problems``)."""
    found = problems(definition_name, value, prefix)
    if found:
        first = found[0]
        extra = f" ({len(found) - 1} more problem{'s' if len(found) > 2 else ''})" if len(
            found) > 1 else ""
        raise ValidationError(first.sentence()[:-1] + extra + ".", field=first.path,
                              rule=first.rule, problems=found)


# ---------------------------------------------------------------------------------------------
# The configuration model (AiAppTypeSpec)


def _object(value: Any, path: str, part: str = "") -> Mapping[str, Any]:
    """``value`` itself when it is a mapping (only read, never changed), else the error naming
    ``path`` + ``part`` (joined only then: this runs for every configuration read)."""
    if type(value) is dict or isinstance(value, Mapping):  # dict first: JSON gives dicts
        return value
    where = path + part
    raise ValidationError(f"{where} must be an object (got {short(value)}).", field=where,
                          rule="must be an object")


def _list(value: Any, path: str) -> list[Any]:
    if type(value) is not list:
        raise ValidationError(f"{path} must be a list (got {short(value)}).", field=path,
                              rule="must be a list")
    return value


def _drop_none(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v for k, v in pairs if v is not None}


@dataclass
class DataInput:
    hdfs: str
    path: str

    def to_api(self) -> dict[str, Any]:
        return _drop_none((("hdfs", self.hdfs), ("path", self.path)))


@dataclass
class DataOutput:
    hdfs: str
    path: str
    overwrite: bool | None = None

    def to_api(self) -> dict[str, Any]:
        return _drop_none((("hdfs", self.hdfs), ("path", self.path), ("overwrite", self.overwrite)))


@dataclass
class Data:
    input: list[DataInput] | None = None
    output: list[DataOutput] | None = None

    def to_api(self) -> dict[str, Any]:
        return _drop_none((
            ("input", None if self.input is None else [i.to_api() for i in self.input]),
            ("output", None if self.output is None else [o.to_api() for o in self.output]),
        ))


@dataclass
class Docker:
    image: str | None = None
    command: str | None = None
    args: str | None = None
    workdir: str | None = None
    env: dict[str, str] | None = None
    expose_tcp_ports: list[int] | None = None

    def to_api(self) -> dict[str, Any]:
        return _drop_none((
            ("image", self.image), ("command", self.command), ("args", self.args),
            ("workdir", self.workdir),
            ("env", None if self.env is None else dict(self.env)),
            ("exposeTcpPorts", None if self.expose_tcp_ports is None
             else list(self.expose_tcp_ports)),
        ))


@dataclass
class Resource:
    gpu_model: str | None = None
    gpu_count: int | None = None
    cpu_count: int | None = None
    memory_mb: int | None = None

    def to_api(self) -> dict[str, Any]:
        return _drop_none((
            ("cpuCount", self.cpu_count), ("gpuCount", self.gpu_count),
            ("gpuModel", self.gpu_model), ("memoryMb", self.memory_mb),
        ))


@dataclass
class Configuration:
    """A workspace's settings (AiAppTypeSpec). Unset (None) fields are left out of the API body."""

    docker: Docker = field(default_factory=Docker)
    resource: Resource | None = None
    queue_name: str | None = None
    name: str | None = None
    user_package_uri: str | None = None
    data: Data | None = None

    def to_api(self) -> dict[str, Any]:
        return _drop_none((
            ("data", None if self.data is None else self.data.to_api()),
            ("docker", self.docker.to_api()),
            ("name", self.name),
            ("queueName", self.queue_name),
            ("resource", None if self.resource is None else self.resource.to_api()),
            ("userPackageUri", self.user_package_uri),
        ))

    @classmethod
    def from_api(cls, body: Mapping[str, Any], path: str = "configuration") -> Configuration:
        """Read an API-shaped configuration; accepts the type page's spellings too
        (``arg`` for ``args``, a single integer for ``exposeTcpPorts``)."""
        body = _object(body, path)
        docker_body = normalize_docker(_object(body.get("docker", {}), path, ".docker"))
        ports = docker_body.get("exposeTcpPorts")
        env = docker_body.get("env")
        docker = Docker(
            image=docker_body.get("image"), command=docker_body.get("command"),
            args=docker_body.get("args"), workdir=docker_body.get("workdir"),
            env=None if env is None else dict(_object(env, path, ".docker.env")),
            expose_tcp_ports=None if ports is None else list(
                _list(ports, f"{path}.docker.exposeTcpPorts")),
        )
        resource = None
        if body.get("resource") is not None:
            r = _object(body["resource"], path, ".resource")
            resource = Resource(gpu_model=r.get("gpuModel"), gpu_count=r.get("gpuCount"),
                                cpu_count=r.get("cpuCount"), memory_mb=r.get("memoryMb"))
        data = None
        if body.get("data") is not None:
            d = _object(body["data"], path, ".data")
            inputs = None if d.get("input") is None else [
                DataInput(**_pick(_object(item, f"{path}.data.input[{i}]"), ("hdfs", "path")))
                for i, item in enumerate(_list(d["input"], f"{path}.data.input"))]
            outputs = None if d.get("output") is None else [
                DataOutput(**_pick(_object(item, f"{path}.data.output[{i}]"),
                                   ("hdfs", "path", "overwrite")))
                for i, item in enumerate(_list(d["output"], f"{path}.data.output"))]
            data = Data(input=inputs, output=outputs)
        return cls(docker=docker, resource=resource, queue_name=body.get("queueName"),
                   name=body.get("name"), user_package_uri=body.get("userPackageUri"), data=data)

    def validate(self) -> None:
        check("configuration", self.to_api(), "configuration")

    @property
    def image(self) -> str | None:
        return self.docker.image

    @property
    def gpu_model(self) -> str | None:
        return self.resource.gpu_model if self.resource else None

    @property
    def gpu_count(self) -> int | None:
        return self.resource.gpu_count if self.resource else None

    @property
    def gpus(self) -> str:
        """"T4 x 2" style text for tables ("" when neither is set)."""
        model, count = self.gpu_model, self.gpu_count
        if model and count:
            return f"{model} x {count}"
        return model or (f"{count} GPU" if count else "")


def _pick(body: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    out = {k: body.get(k) for k in keys}
    return {k: v for k, v in out.items() if v is not None or k in ("hdfs", "path")}


def normalize_docker(docker: Mapping[str, Any]) -> Mapping[str, Any]:
    """The wire examples' docker shape from either spelling the reference uses (``docker``
    itself when it already has that shape: this runs for every configuration read)."""
    ports = docker.get("exposeTcpPorts")
    if "arg" not in docker and (type(ports) is not int):
        return docker
    out = dict(docker)
    if "arg" in out:
        arg = out.pop("arg")
        out.setdefault("args", arg)
    ports = out.get("exposeTcpPorts")
    if isinstance(ports, int) and not isinstance(ports, bool):
        out["exposeTcpPorts"] = [ports]
    return out


def normalize_configuration(body: Mapping[str, Any]) -> dict[str, Any]:
    """An API configuration dict with the type-page spellings turned into the wire ones."""
    out = dict(body)
    if isinstance(out.get("docker"), Mapping):
        out["docker"] = normalize_docker(out["docker"])
    return out


ConfigurationLike = Configuration | Mapping[str, Any]


def configuration_body(configuration: ConfigurationLike) -> dict[str, Any]:
    """The API body of a configuration given as an object or as an API-shaped dict."""
    if isinstance(configuration, Configuration):
        return configuration.to_api()
    if isinstance(configuration, Mapping):
        return normalize_configuration(configuration)
    raise ValidationError(
        f"configuration must be a Configuration or a dict in the API's shape "
        f"(got {type(configuration).__name__}).", field="configuration",
        rule="must be a Configuration or a dict")


def image_choices(docker_images: Mapping[str, Iterable[str]]) -> list[str]:
    """Flatten getDockerImageList's map into image references, keeping the service's order.

    The meaning of the map's keys is UNCONFIRMED: values that are already ``name:tag`` are taken
    as they are, bare values are read as tags of the key.
    """
    seen: dict[str, None] = {}
    for key, values in docker_images.items():
        for value in values:
            ref = value if ":" in value else f"{key}:{value}"
            seen.setdefault(ref, None)
    return list(seen)


def create_request(account_id: str, name: str, configuration: ConfigurationLike,
                   description: str | None = None) -> dict[str, Any]:
    """The body of ``create``: what the client sends and a dry run shows."""
    body: dict[str, Any] = {"accountId": account_id, "name": name,
                            "configuration": configuration_body(configuration)}
    if description is not None:
        body["description"] = description
    return body


def set_configuration_request(workspace_id: str,
                              configuration: ConfigurationLike) -> dict[str, Any]:
    """The body of ``setConfiguration``."""
    return {"id": workspace_id, "configuration": configuration_body(configuration)}
