"""A workspace's configuration (AiAppTypeSpec): the objects, and their API shape both ways.

``Configuration`` converts to and from the API's JSON exactly (``to_api()`` /
``Configuration.from_api``); a plain dict in the API's shape is accepted wherever a
configuration is (``ConfigurationLike``). The rules a configuration must follow are not here but
in the schema (``core/schema``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ValidationError, short


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
        from ..schema.rules import check  # the rules read the schema file: only when asked

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
