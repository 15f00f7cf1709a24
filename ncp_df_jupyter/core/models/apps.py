"""AI Apps as the client returns them: list rows (``App``), details (``AppDetail``) and their
containers (``AppContainer``).

Read leniently: any field may be missing or null, numbers may come as text, the reference's
syntax-block spellings (``elapesdMillis``, ``conponent``, ``logurl``) are read too, and every
field the client does not know is kept (``extra``, and in ``to_api()``), as for configurations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ValidationError, short
from ..protocol import APP_FIELD_SLIPS, APP_FINISHED_STATES
from ..times import moment
from ._read import flag, text


def _pick(body: Mapping[str, Any], key: str) -> Any:
    """The value under the wire name, or under one of its documented slips."""
    if body.get(key) is not None:
        return body[key]
    for slip in APP_FIELD_SLIPS.get(key, ()):
        if body.get(slip) is not None:
            return body[slip]
    return None


def _whole(value: Any) -> int | None:
    """A whole number from a JSON number or its text ("65000"); None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _text_of(value: Any) -> str | None:
    return value if value is None or type(value) is str else str(value)


def parse_time(value: str | None) -> dt.datetime | None:
    """An ISO-8601 timestamp of the service as an aware datetime (UTC when it names no zone);
    None when missing or unreadable (the format is UNCONFIRMED): the one reading, core/times."""
    return moment(value)


def _shown(text: str) -> str:
    """Service text inside one of our sentences: as it is when short and printable, else its
    repr (cut), so it can never break the line or drive a terminal."""
    return text if text.isprintable() and len(text) <= 40 else short(text, 40)


def _known(keys: tuple[str, ...]) -> frozenset[str]:
    slips = [s for k in keys for s in APP_FIELD_SLIPS.get(k, ())]
    return frozenset((*keys, *slips))


_CONTAINER_KEYS = ("component", "containerId", "status", "logUrl", "dockerImage", "cpuCount",
                   "memoryMb", "createdAt")
_APP_KEYS = ("id", "appId", "name", "accountName", "queueName", "workspaceName", "state",
             "finalStatus", "startedAt", "finishedAt", "modifiedAt", "elapsedMillis",
             "disabled")
# Answer fields that describe the answer, not the app.
_ANSWER_KEYS = ("success", "message", "containers")


@dataclass(frozen=True)
class AppContainer:
    """One container of an AI app (a value of getDetail's ``containers`` map)."""

    name: str  # the map key, e.g. "worker-0" (UNCONFIRMED meaning)
    component: str | None = None
    container_id: str | None = None
    status: str | None = None
    log_url: str | None = None
    docker_image: str | None = None
    cpu_count: int | None = None
    memory_mb: int | None = None
    created_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, name: str, body: Mapping[str, Any]) -> AppContainer:
        known = _known(_CONTAINER_KEYS)
        return cls(
            name=name, component=_text_of(_pick(body, "component")),
            container_id=text(body, "containerId"), status=_text_of(_pick(body, "status")),
            log_url=_text_of(_pick(body, "logUrl")), docker_image=text(body, "dockerImage"),
            cpu_count=_whole(body.get("cpuCount")), memory_mb=_whole(body.get("memoryMb")),
            created_at=text(body, "createdAt"),
            extra={k: v for k, v in body.items() if k not in known})

    def to_api(self) -> dict[str, Any]:
        return {**self.extra, "component": self.component, "containerId": self.container_id,
                "status": self.status, "logUrl": self.log_url, "dockerImage": self.docker_image,
                "cpuCount": self.cpu_count, "memoryMb": self.memory_mb,
                "createdAt": self.created_at}


def read_containers(value: Any) -> list[AppContainer]:
    """The ``containers`` map (the reference's shape) in key order; a list of objects is read
    too, named by their ``name`` or position. Anything that is not an object is skipped."""
    pairs: list[tuple[Any, Any]]
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = [(item.get("name", i) if isinstance(item, Mapping) else i, item)
                 for i, item in enumerate(value)]
    else:
        return []
    return [AppContainer.from_api(str(name), body) for name, body in pairs
            if isinstance(body, Mapping)]


@dataclass(frozen=True)
class App:
    """An AI app as getList lists it (AiAppResponse); also the base of ``AppDetail``."""

    id: str
    name: str | None = None
    app_id: str | None = None  # the YARN application id, application_<cluster ts>_<seq>
    state: str | None = None
    final_status: str | None = None
    workspace_name: str | None = None
    account_name: str | None = None
    queue_name: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    modified_at: str | None = None
    elapsed_ms: int | None = None
    disabled: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @staticmethod
    def _fields(body: Mapping[str, Any]) -> dict[str, Any]:
        known = _known(_APP_KEYS + _ANSWER_KEYS)
        return dict(
            id=str(body.get("id") or ""), name=text(body, "name"), app_id=text(body, "appId"),
            state=text(body, "state"), final_status=text(body, "finalStatus"),
            workspace_name=text(body, "workspaceName"), account_name=text(body, "accountName"),
            queue_name=text(body, "queueName"), started_at=text(body, "startedAt"),
            finished_at=text(body, "finishedAt"), modified_at=text(body, "modifiedAt"),
            elapsed_ms=_whole(_pick(body, "elapsedMillis")), disabled=flag(body.get("disabled")),
            extra={k: v for k, v in body.items() if k not in known})

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> App:
        return cls(**cls._fields(body))

    @property
    def is_finished(self) -> bool:
        """True once the app is FINISHED, FAILED or KILLED (it never changes again)."""
        return self.state in APP_FINISHED_STATES

    @property
    def started(self) -> dt.datetime | None:
        """``started_at`` as an aware datetime (None when missing or unreadable)."""
        return parse_time(self.started_at)

    @property
    def outcome(self) -> str:
        """One word for every face's badge: "waiting" (submitted, not running yet), "running",
        "succeeded", "failed", "killed", or "ended" (finished in a way this release does not
        know)."""
        if self.state == "KILLED" or self.final_status == "KILLED":
            return "killed"
        if self.state == "FAILED" or self.final_status == "FAILED":
            return "failed"
        if self.is_finished:
            return "succeeded" if self.final_status == "SUCCEEDED" else "ended"
        return "running" if self.state == "RUNNING" else "waiting"

    def elapsed_ms_at(self, now: dt.datetime | None = None) -> int | None:
        """How long the app has run (ms): from its start to its end once finished (the
        service's ``elapsedMillis`` when the times cannot be read), else to ``now`` (default:
        this computer's clock). List rows carry no ``elapsedMillis``, so the times decide."""
        started = self.started
        ended = parse_time(self.finished_at)
        if self.is_finished or ended is not None:
            if started is not None and ended is not None:
                return max(0, int((ended - started).total_seconds() * 1000))
            return self.elapsed_ms
        if started is None:
            return self.elapsed_ms
        moment = now or dt.datetime.now(dt.timezone.utc)
        ran = int((moment - started).total_seconds() * 1000)
        # A clock behind the service's would give a negative time: its own figure is better.
        return ran if ran >= 0 else self.elapsed_ms

    @property
    def label(self) -> str:
        """How messages name the app: its name and id (service text, shown as data)."""
        return f"{self.name!r} (id {_shown(self.id)})" if self.name else f"id {_shown(self.id)}"

    @property
    def shown_state(self) -> str:
        """The state for a sentence: the service's word, or what stands for it."""
        return _shown(self.state) if self.state else "in an unknown state"

    def to_api(self) -> dict[str, Any]:
        return {**self.extra, "id": self.id, "appId": self.app_id, "name": self.name,
                "accountName": self.account_name, "queueName": self.queue_name,
                "workspaceName": self.workspace_name, "state": self.state,
                "finalStatus": self.final_status, "startedAt": self.started_at,
                "finishedAt": self.finished_at, "modifiedAt": self.modified_at,
                "elapsedMillis": self.elapsed_ms, "disabled": self.disabled}


@dataclass(frozen=True)
class AppDetail(App):
    """getDetail's answer (also what submit returns): the app with its containers."""

    containers: list[AppContainer] = field(default_factory=list)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> AppDetail:
        return cls(**cls._fields(body), containers=read_containers(body.get("containers")))

    def container(self, name: str) -> AppContainer:
        """The container with this map key (``KeyError`` naming the ones there are)."""
        for container in self.containers:
            if container.name == name:
                return container
        there = ", ".join(c.name for c in self.containers) or "none yet"
        raise KeyError(f"app {self.label} has no container {name!r} (containers: {there})")

    def log_container(self, name: str | None = None) -> AppContainer | None:
        """The container whose log a face shows: the one named, else the first; None while
        the app has no containers yet. ``ValidationError`` (field ``container``) naming the
        containers there are when it has some but none of that name."""
        if not self.containers:
            return None
        if name is None:
            return self.containers[0]
        for container in self.containers:
            if container.name == name:
                return container
        there = ", ".join(_shown(c.name) for c in self.containers)
        raise ValidationError(f"app {self.label} has no container {short(name, 40)} (its "
                              f"containers: {there}).", field="container",
                              rule="must be a container of the app")

    def to_api(self) -> dict[str, Any]:
        body = super().to_api()
        body["containers"] = {c.name: c.to_api() for c in self.containers}
        return body
