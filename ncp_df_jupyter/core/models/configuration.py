"""A workspace's configuration (AiAppTypeSpec): the objects, and their API shape both ways.

``Configuration.from_api`` reads what the service sent leniently (``_read``): it never fails on
a value, and every level (the configuration, ``docker``, ``resource``, ``data`` and each data
row) keeps in ``extra`` what this release does not know or could not read, as it was sent.
``to_api()`` writes the known fields, then the extra ones (a known field that is set wins over
an extra one of the same name), so a configuration read and written back keeps every field the
service had. A plain dict in the API's shape is accepted wherever a configuration is
(``ConfigurationLike``). The rules a configuration must follow are not here but in the schema
(``core/schema``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard, TypeVar

from ..errors import ValidationError, short
from ._read import (
    UNREAD,
    Reader,
    Spec,
    _Unread,
    drop_nulls,
    read_env,
    read_flag,
    read_object,
    read_ports,
    read_text,
    read_whole,
    walk_extra,
)

Row = TypeVar("Row", "DataInput", "DataOutput")


def _fields(*spec: tuple[str, Reader]) -> tuple[Spec, frozenset[str]]:
    """The known fields of one API object, and their names."""
    return spec, frozenset(key for key, _reader in spec)


def _api(pairs: Iterable[tuple[str, Any]], extra: Mapping[str, Any]) -> dict[str, Any]:
    """The known fields that are set, then the extra ones they do not name."""
    out = {key: value for key, value in pairs if value is not None}
    for key, value in extra.items():
        out.setdefault(key, value)
    return out


@dataclass
class DataInput:
    hdfs: str
    path: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return _api((("hdfs", self.hdfs), ("path", self.path)), self.extra)

    @classmethod
    def read(cls, body: Any) -> DataInput | _Unread:
        if not _is_object(body):
            return UNREAD
        (hdfs, path), extra = read_object(body, *_INPUT)
        if hdfs is None or path is None:
            return UNREAD
        return cls(hdfs, path, extra)


@dataclass
class DataOutput:
    hdfs: str
    path: str
    overwrite: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return _api((("hdfs", self.hdfs), ("path", self.path), ("overwrite", self.overwrite)),
                    self.extra)

    @classmethod
    def read(cls, body: Any) -> DataOutput | _Unread:
        if not _is_object(body):
            return UNREAD
        (hdfs, path, overwrite), extra = read_object(body, *_OUTPUT)
        if hdfs is None or path is None:
            return UNREAD
        return cls(hdfs, path, overwrite, extra)


def _rows(read_row: Callable[[Any], Row | _Unread]) -> Callable[[Any], list[Row] | _Unread]:
    """A reader of a list of data rows (a single object is one row); one row that cannot be
    read keeps the whole list as it was sent."""

    def read(value: Any) -> list[Row] | _Unread:
        items = [value] if _is_object(value) else value
        if type(items) is not list:
            return UNREAD
        rows = [read_row(item) for item in items if item is not None]
        found = [row for row in rows if not isinstance(row, _Unread)]
        return found if len(found) == len(rows) else UNREAD

    return read


@dataclass
class Data:
    input: list[DataInput] | None = None
    output: list[DataOutput] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return _api((
            ("input", None if self.input is None else [i.to_api() for i in self.input]),
            ("output", None if self.output is None else [o.to_api() for o in self.output]),
        ), self.extra)

    @classmethod
    def read(cls, body: Any) -> Data | _Unread:
        if not _is_object(body):
            return UNREAD
        (inputs, outputs), extra = read_object(body, *_DATA)
        return cls(input=inputs, output=outputs, extra=extra)


@dataclass
class Docker:
    image: str | None = None
    command: str | None = None
    args: str | None = None
    # The release notes say workdir left the workspace API in 2024 (the create page still lists
    # it): sent only when set, and the service may drop it.
    workdir: str | None = None
    env: dict[str, str] | None = None
    expose_tcp_ports: list[int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return _api((
            ("image", self.image), ("command", self.command), ("args", self.args),
            ("workdir", self.workdir),
            ("env", None if self.env is None else dict(self.env)),
            ("exposeTcpPorts", None if self.expose_tcp_ports is None
             else list(self.expose_tcp_ports)),
        ), self.extra)

    @classmethod
    def read(cls, body: Any) -> Docker | _Unread:
        if not _is_object(body):
            return UNREAD
        (image, command, args, workdir, env, ports), extra = read_object(
            normalize_docker(body), *_DOCKER)
        return cls(image=image, command=command, args=args, workdir=workdir, env=env,
                   expose_tcp_ports=ports, extra=extra)


@dataclass
class Resource:
    gpu_model: str | None = None
    gpu_count: int | None = None
    cpu_count: int | None = None
    memory_mb: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return _api((
            ("cpuCount", self.cpu_count), ("gpuCount", self.gpu_count),
            ("gpuModel", self.gpu_model), ("memoryMb", self.memory_mb),
        ), self.extra)

    @classmethod
    def read(cls, body: Any) -> Resource | _Unread:
        if not _is_object(body):
            return UNREAD
        (gpu_model, gpu_count, cpu_count, memory_mb), extra = read_object(body, *_RESOURCE)
        return cls(gpu_model=gpu_model, gpu_count=gpu_count, cpu_count=cpu_count,
                   memory_mb=memory_mb, extra=extra)


@dataclass
class Configuration:
    """A workspace's settings (AiAppTypeSpec). Unset (None) fields are left out of the API body;
    ``extra`` holds what the service sent that this release does not read (see the module)."""

    docker: Docker = field(default_factory=Docker)
    resource: Resource | None = None
    queue_name: str | None = None
    name: str | None = None
    user_package_uri: str | None = None
    data: Data | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        docker = self.docker.to_api()
        return _api((
            ("data", None if self.data is None else self.data.to_api()),
            # an empty docker never hides one the service sent in a shape this release can't read
            ("docker", docker if docker or "docker" not in self.extra else None),
            ("name", self.name),
            ("queueName", self.queue_name),
            ("resource", None if self.resource is None else self.resource.to_api()),
            ("userPackageUri", self.user_package_uri),
        ), self.extra)

    @classmethod
    def from_api(cls, body: Mapping[str, Any], path: str = "configuration") -> Configuration:
        """Read an API-shaped configuration leniently (see the module); accepts the type page's
        spellings too (``arg`` for ``args``, a single integer for ``exposeTcpPorts``). Only a
        ``body`` that is not an object at all is refused."""
        (docker, resource, queue, name, package, data), extra = read_object(
            _object(body, path), *_CONFIGURATION)
        return cls(docker=docker if docker is not None else Docker(), resource=resource,
                   queue_name=queue, name=name, user_package_uri=package, data=data,
                   extra=extra)

    def other_fields(self, prefix: str = "") -> list[tuple[str, Any]]:
        """(dotted path, value) of every field kept in ``extra``, at every level, e.g.
        ("docker.shmSizeMb", 1024): what tables show besides the known fields."""

        def under(name: str) -> str:
            return f"{prefix}.{name}" if prefix else name

        found = list(walk_extra(self.extra, prefix))
        found += walk_extra(self.docker.extra, under("docker"))
        if self.resource is not None:
            found += walk_extra(self.resource.extra, under("resource"))
        if self.data is not None:
            found += walk_extra(self.data.extra, under("data"))
            rows: tuple[tuple[str, list[Any] | None], ...] = (
                ("input", self.data.input), ("output", self.data.output))
            for name, items in rows:
                for index, item in enumerate(items or ()):
                    found += walk_extra(item.extra, f"{under('data')}.{name}[{index}]")
        return found

    def extra_paths(self, prefix: str = "configuration") -> frozenset[str]:
        """The dotted paths (as the rules name fields) of every field kept in ``extra``."""
        return frozenset(path for path, _value in self.other_fields(prefix))

    def validate(self) -> None:
        from ..schema.rules import check  # the rules read the schema file: only when asked

        check("configuration", self.to_api(), "configuration",
              passed_through=self.extra_paths())

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


# The known fields of each object of AiAppTypeSpec, in the order the models take them.
_INPUT = _fields(("hdfs", read_text), ("path", read_text))
_OUTPUT = _fields(("hdfs", read_text), ("path", read_text), ("overwrite", read_flag))
_DATA = _fields(("input", _rows(DataInput.read)), ("output", _rows(DataOutput.read)))
_DOCKER = _fields(("image", read_text), ("command", read_text), ("args", read_text),
                  ("workdir", read_text), ("env", read_env), ("exposeTcpPorts", read_ports))
_RESOURCE = _fields(("gpuModel", read_text), ("gpuCount", read_whole), ("cpuCount", read_whole),
                    ("memoryMb", read_whole))
_CONFIGURATION = _fields(("docker", Docker.read), ("resource", Resource.read),
                         ("queueName", read_text), ("name", read_text),
                         ("userPackageUri", read_text), ("data", Data.read))


def _is_object(value: Any) -> TypeGuard[Mapping[str, Any]]:
    return type(value) is dict or isinstance(value, Mapping)  # dict first: JSON gives dicts


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if _is_object(value):
        return value
    raise ValidationError(f"{path} must be an object (got {short(value)}).", field=path,
                          rule="must be an object")


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
    """The API body of a configuration given as an object or as an API-shaped dict (whose
    nulls are absent, at every level)."""
    if isinstance(configuration, Configuration):
        return configuration.to_api()
    if isinstance(configuration, Mapping):
        return normalize_configuration(drop_nulls(configuration))
    raise ValidationError(
        f"configuration must be a Configuration or a dict in the API's shape "
        f"(got {type(configuration).__name__}).", field="configuration",
        rule="must be a Configuration or a dict")


def passed_through(configuration: ConfigurationLike,
                   prefix: str = "configuration") -> frozenset[str]:
    """The fields of ``configuration`` that go to the service unchecked: those a Configuration
    keeps in ``extra`` (read from the service); none of a dict (a person wrote it)."""
    if isinstance(configuration, Configuration):
        return configuration.extra_paths(prefix)
    return frozenset()
