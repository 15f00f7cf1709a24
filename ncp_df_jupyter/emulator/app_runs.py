"""How an emulated AI app runs: its behaviour (set through ``POST /_emulator/apps``), and the
YARN-like state it is in at a given moment, computed from timestamps when it is read (nothing
runs in the background, so no request ever waits for an app).

    ACCEPTED --accept_ms--> RUNNING --run_ms--> FINISHED (SUCCEEDED | FAILED) or FAILED (FAILED)
    kill, from ACCEPTED or RUNNING --> KILLED (KILLED)

finalStatus is UNDEFINED until the end; an end, once reached, never changes (the store keeps the
furthest state seen, so even a clock set back cannot undo it). Spec: dataforest-ai-apps.md §7.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..core.protocol import APP_FINISHED_STATES

KST = dt.timezone(dt.timedelta(hours=9))
CONTAINER = "worker-0"  # one worker per app (UNCONFIRMED key and component)
COMPONENT = "worker"
# Resource defaults of the type page (spec 4.3), used when a submit leaves them out.
DEFAULT_CPUS = 1
DEFAULT_MEMORY_MB = 15360


class BadAppBehaviour(ValueError):
    """A behaviour the control API cannot use; the message names the field."""


@dataclass(frozen=True)
class Behaviour:
    """How apps submitted from now on run. The defaults make a short, believable demo."""

    accept_ms: int = 2_000
    run_ms: int = 8_000
    final_status: str = "SUCCEEDED"  # or FAILED
    final_state: str = "FINISHED"  # or FAILED (the container crashed: finalStatus FAILED)
    log_lines: int | list[str] = 12  # how many lines of a training log, or the lines
    name_prefix: str | None = None  # only for apps of this prefix (None: every other app)

    @classmethod
    def parse(cls, body: Any) -> Behaviour:
        if not isinstance(body, dict):
            raise BadAppBehaviour("the body must be a JSON object")
        names = {f.name for f in fields(cls)}
        unknown = set(body) - names
        if unknown:
            raise BadAppBehaviour(f"unknown field(s): {', '.join(sorted(unknown))} "
                               f"(known: {', '.join(sorted(names))})")
        behaviour = cls(**body)
        for name in ("accept_ms", "run_ms"):
            value = getattr(behaviour, name)
            if not _whole(value) or not 0 <= value <= 7 * 24 * 3600 * 1000:
                raise BadAppBehaviour(f"{name} must be a whole number of milliseconds from 0 to "
                                   "a week")
        if behaviour.final_status not in ("SUCCEEDED", "FAILED"):
            raise BadAppBehaviour("final_status must be SUCCEEDED or FAILED")
        if behaviour.final_state not in ("FINISHED", "FAILED"):
            raise BadAppBehaviour("final_state must be FINISHED or FAILED")
        if behaviour.final_state == "FAILED" and behaviour.final_status != "FAILED":
            raise BadAppBehaviour("final_state FAILED goes with final_status FAILED")
        lines = behaviour.log_lines
        if not ((_whole(lines) and 0 <= lines <= 10_000) or (  # type: ignore[operator]
                isinstance(lines, list) and len(lines) <= 10_000
                and all(isinstance(line, str) for line in lines))):
            raise BadAppBehaviour("log_lines must be a number of lines from 0 to 10000 or a list "
                               "of texts")
        if behaviour.name_prefix is not None and not isinstance(behaviour.name_prefix, str):
            raise BadAppBehaviour("name_prefix must be a text")
        return behaviour

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Run:
    """One app's schedule and what has happened to it (a row of the apps table)."""

    id: str
    app_id: str  # YARN: application_<cluster start ms>_<seq>
    account_id: str
    workspace_id: str
    workspace_name: str
    name: str
    queue_name: str
    submitted_ms: int
    accept_ms: int
    run_ms: int
    final_state: str
    final_status: str
    log_lines: list[str]
    image: str
    cpu_count: int
    memory_mb: int
    reached: str = "ACCEPTED"  # the furthest state seen so far
    ended_ms: int | None = None  # when it reached its end (kill or natural)
    body: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def running_ms(self) -> int:
        return self.submitted_ms + self.accept_ms

    @property
    def natural_end_ms(self) -> int:
        return self.running_ms + self.run_ms

    @property
    def container_id(self) -> str:
        cluster, seq = self.app_id.split("_")[1:3]
        return f"container_e17_{cluster}_{seq}_01_000002"

    def at(self, now_ms: int) -> Run:
        """This run as it stands at ``now_ms``: never earlier than what was already seen."""
        if self.reached in APP_FINISHED_STATES:
            return self
        if now_ms >= self.natural_end_ms:
            return replace(self, reached=self.final_state, ended_ms=self.natural_end_ms)
        if now_ms >= self.running_ms and self.reached == "ACCEPTED":
            return replace(self, reached="RUNNING")
        return self

    def killed(self, now_ms: int) -> Run:
        """Killed at ``now_ms`` (``self`` must be the run as it stands then, not finished)."""
        return replace(self, reached="KILLED", ended_ms=now_ms)

    @property
    def final(self) -> str:
        if self.reached == "KILLED":
            return "KILLED"
        return self.final_status if self.reached in APP_FINISHED_STATES else "UNDEFINED"

    def changed_ms(self) -> int:
        """When it entered its current state."""
        if self.ended_ms is not None:
            return self.ended_ms
        return self.running_ms if self.reached == "RUNNING" else self.submitted_ms

    @property
    def ran(self) -> bool:
        """Whether its container ever started (a kill while ACCEPTED leaves none)."""
        if self.reached == "ACCEPTED":
            return False
        if self.reached == "KILLED":
            return (self.ended_ms or 0) >= self.running_ms
        return True

    def container_status(self) -> str:
        if self.reached == "RUNNING":
            return "READY"
        if self.reached == "KILLED":
            return "STOPPED"
        return "SUCCEEDED" if self.final == "SUCCEEDED" else "FAILED"


def iso(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, tz=KST).isoformat(timespec="milliseconds")


def training_log(count: int, command: str, image: str, gpus: str) -> list[str]:
    """``count`` lines a training script could print (the default demo log)."""
    head = [f"Starting container {CONTAINER} with image {image}",
            f"$ {command}".rstrip(),
            f"Found {gpus}; loading data from /data/in"]
    tail = ["Saved the model to /data/out/model", "Training finished"]
    epochs = max(0, count - len(head) - len(tail))
    body = []
    for epoch in range(1, epochs + 1):
        loss = 0.69 / (1 + 0.45 * epoch)
        accuracy = 1 - 0.5 / (1 + 0.6 * epoch)
        body.append(f"Epoch {epoch}/{epochs} - loss: {loss:.4f} - accuracy: {accuracy:.4f}")
    return (head + body + tail)[:count]


def failed_log(command: str, image: str, gpus: str) -> list[str]:
    """A training that runs out of GPU memory (the failed sample of `ncp-df demo`)."""
    return [f"Starting container {CONTAINER} with image {image}", f"$ {command}",
            f"Found {gpus}; loading data from /data/in",
            "Epoch 1/10 - loss: 2.3120 - accuracy: 0.1180",
            "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB"]


def long_log(command: str, image: str, gpus: str, minutes: int) -> list[str]:
    """A line a minute for ``minutes``: a long run whose log grows while a demo watches."""
    steps = [f"step {minute * 100}/{minutes * 100} - loss: {2.4 / (1 + minute / 60):.4f}"
             for minute in range(1, minutes + 1)]
    return [f"Starting container {CONTAINER} with image {image}", f"$ {command}",
            f"Found {gpus}; loading data from /data/in", *steps, "Training finished"]


def log_text(run: Run, now_ms: int) -> str:
    """The container's stdout+stderr as it stands at ``now_ms``: the scripted lines appear
    evenly over the run, then how it ended."""
    until = run.ended_ms if run.ended_ms is not None else now_ms
    lines = run.log_lines
    shown = []
    for index, line in enumerate(lines):
        at = run.running_ms + (run.run_ms * index) // max(1, len(lines))
        if at > until:
            break
        shown.append(f"[{iso(at)}] {line}")
    if run.reached == "KILLED":
        shown.append(f"[{iso(until)}] Container killed on request. Exit code is 143")
    elif run.reached in APP_FINISHED_STATES and run.final_status == "FAILED":
        shown.append(f"[{iso(until)}] The training script exited with code 1")
    return "".join(f"{line}\n" for line in shown)
