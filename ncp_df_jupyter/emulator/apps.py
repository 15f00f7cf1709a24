"""The emulated AI Apps operations (submit, getList, getDetail, kill), the container logs
behind each logUrl, and the behaviour of apps submitted from now on (the control API's
``POST /_emulator/apps``).

Mixed into ``Emulator`` (service.py), whose checks (signature, faults, request schema) have
run before an ``op_apps_*`` handler is called. States are computed when read (app_runs.py).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..core.protocol import APP_FINISHED_STATES, DF_NOT_FOUND
from . import seed
from .app_runs import (
    COMPONENT,
    CONTAINER,
    DEFAULT_CPUS,
    DEFAULT_MEMORY_MB,
    Behaviour,
    Run,
    failed_log,
    iso,
    log_text,
    long_log,
    training_log,
)
from .app_store import AppStore

if TYPE_CHECKING:
    from .store import AccountRow, Store, WorkspaceRow

Answer = tuple[int, dict[str, Any]]
_NAME_CHARS = string.ascii_lowercase + string.digits
LOG_PATH = "/logs"


def _error(status: int, message: str) -> Answer:
    return status, {"success": False, "message": message}


class AppOperations:
    """AI apps of one emulated service."""

    store: Store
    apps: AppStore
    app_behaviours: dict[str | None, Behaviour]
    cluster_started_ms: int
    # Where logUrl points: set by EmulatorServer when it knows its port, else from a request.
    public_url: str | None

    if TYPE_CHECKING:
        def now_ms(self) -> int: ...

        @staticmethod
        def new_id() -> str: ...

        def _usable_account(self, account_id: str) -> AccountRow | Answer: ...

        def _usable_workspace(self, workspace_id: str) -> WorkspaceRow | Answer: ...

    def _init_apps(self) -> None:
        self.apps = AppStore(self.store)
        self.app_behaviours = {}
        self.cluster_started_ms = self.now_ms()
        self.public_url = None

    def _reset_apps(self) -> None:
        self.apps.clear()
        self.app_behaviours.clear()

    # -- behaviour (control API) ------------------------------------------------------------------

    def set_app_behaviour(self, body: Any) -> Behaviour:
        """How apps submitted from now on run (those of ``name_prefix`` only, when given);
        ``BadAppBehaviour`` names a field that cannot be used."""
        behaviour = Behaviour.parse(body)
        self.app_behaviours[behaviour.name_prefix] = behaviour
        return behaviour

    def app_behaviour_json(self) -> list[dict[str, Any]]:
        default = self.app_behaviours.get(None, Behaviour())
        others = [b for key, b in self.app_behaviours.items() if key is not None]
        return [default.to_json(), *(b.to_json() for b in others)]

    def _behaviour(self, name_prefix: str) -> Behaviour:
        return self.app_behaviours.get(name_prefix) or self.app_behaviours.get(None, Behaviour())

    # -- state ------------------------------------------------------------------------------------

    def _now(self, run: Run) -> Run:
        """The run as it stands now; a change of state is kept, so it never goes back."""
        current = run.at(self.now_ms())
        if current is not run:
            self.apps.update(current)
        return current

    def _visible(self, app_id: str) -> Run | Answer:
        run = self.apps.get(app_id)
        if run is None:
            return _error(404, DF_NOT_FOUND)
        account = self._usable_account(run.account_id)
        if isinstance(account, tuple):
            return account
        return self._now(run)

    # -- operations -------------------------------------------------------------------------------

    def op_apps_submit(self, body: dict[str, Any]) -> Answer:
        workspace = self._usable_workspace(body["aiWorkspaceId"])
        if isinstance(workspace, tuple):
            return workspace
        account = self._usable_account(workspace.account_id)
        if isinstance(account, tuple):
            return account
        run = self._new_run(body, workspace, account.id)
        self.apps.insert(run)
        return 200, {"success": True, "message": "success", **self._common(run, account.name),
                     "elapsedMillis": 0}

    def _new_run(self, body: dict[str, Any], workspace: WorkspaceRow, account_id: str,
                 behaviour: Behaviour | None = None) -> Run:
        prefix = body["namePrefix"]
        behaviour = behaviour or self._behaviour(prefix)
        docker, resource = body["docker"], body["resource"]
        command = f"{docker['command']} {docker.get('args') or ''}".strip()
        gpus = f"{resource.get('gpuCount', 1)} GPU(s) ({resource.get('gpuModel', 'V100')})"
        lines = behaviour.log_lines if isinstance(behaviour.log_lines, list) else training_log(
            behaviour.log_lines, command, docker["image"], gpus)
        seq = self.apps.count() + 1
        return Run(
            id=self.new_id(), app_id=f"application_{self.cluster_started_ms}_{seq:04d}",
            account_id=account_id, workspace_id=workspace.id, workspace_name=workspace.name,
            name=f"{prefix}-{''.join(secrets.choice(_NAME_CHARS) for _ in range(6))}",
            queue_name=body["queueName"], submitted_ms=self.now_ms(),
            accept_ms=behaviour.accept_ms, run_ms=behaviour.run_ms,
            final_state=behaviour.final_state, final_status=behaviour.final_status,
            log_lines=list(lines), image=docker["image"],
            cpu_count=int(resource.get("cpuCount", DEFAULT_CPUS)),
            memory_mb=int(resource.get("memoryMb", DEFAULT_MEMORY_MB)), body=body)

    def _seed_apps(self, workspace_ids: dict[str, str]) -> None:
        """The sample apps of `ncp-df demo` (seed.SAMPLE_APPS): one finished, one failed, one
        still running, submitted before the emulator started."""
        minute = 60_000
        for name, prefix, command, ago, runs, final_state, final_status in seed.SAMPLE_APPS:
            workspace = self.store.workspace(workspace_ids[name])
            assert workspace is not None
            config = workspace.configuration
            docker = {**config["docker"], "command": command}
            resource = config["resource"]
            gpus = f"{resource['gpuCount']} GPU(s) ({resource['gpuModel']})"
            lines = (failed_log(command, docker["image"], gpus) if final_state == "FAILED" else
                     long_log(command, docker["image"], gpus, runs) if runs > 60 else
                     training_log(12, command, docker["image"], gpus))
            body = {"aiWorkspaceId": workspace.id, "namePrefix": prefix,
                    "queueName": config["queueName"], "data": config["data"], "docker": docker,
                    "resource": resource}
            behaviour = Behaviour(accept_ms=20_000, run_ms=runs * minute,
                                  final_state=final_state, final_status=final_status,
                                  log_lines=lines)
            run = self._new_run(body, workspace, workspace.account_id, behaviour)
            self.apps.insert(replace(run, submitted_ms=self.now_ms() - ago * minute))

    def _account_name(self, run: Run) -> str | None:
        account = self.store.account(run.account_id)
        return account.name if account else None

    @staticmethod
    def _common(run: Run, account_name: str | None) -> dict[str, Any]:
        return {"id": run.id, "name": run.name, "accountName": account_name,
                "queueName": run.queue_name, "startedAt": iso(run.submitted_ms),
                "finishedAt": None if run.ended_ms is None else iso(run.ended_ms),
                "state": run.reached, "finalStatus": run.final}

    def op_apps_getList(self, body: dict[str, Any]) -> Answer:
        account = self._usable_account(body["search"]["accountId"])
        if isinstance(account, tuple):
            return account
        runs = [self._now(run) for run in self.apps.all(account.id)]
        runs.sort(key=lambda r: r.submitted_ms, reverse=True)  # newest first (UNCONFIRMED)
        contents = [{**self._common(run, account.name), "appId": run.app_id,
                     "workspaceName": run.workspace_name,
                     "modifiedAt": iso(run.changed_ms()), "disabled": False} for run in runs]
        return 200, {"success": True, "message": "success", "contents": contents}

    def op_apps_getDetail(self, body: dict[str, Any]) -> Answer:
        run = self._visible(body["id"])
        if isinstance(run, tuple):
            return run
        now = self.now_ms()
        elapsed = max(0, (run.ended_ms if run.ended_ms is not None else now) - run.submitted_ms)
        return 200, {"success": True, "message": "success",
                     **self._common(run, self._account_name(run)), "appId": run.app_id,
                     "elapsedMillis": elapsed, "containers": self._containers(run)}

    def _containers(self, run: Run) -> dict[str, Any]:
        if not run.ran:
            return {}
        url = f"{self.public_url or 'http://127.0.0.1'}{LOG_PATH}/{run.app_id}/{run.container_id}"
        return {CONTAINER: {"component": COMPONENT, "containerId": run.container_id,
                            "cpuCount": run.cpu_count, "memoryMb": run.memory_mb,
                            "dockerImage": run.image, "createdAt": iso(run.running_ms),
                            "status": run.container_status(), "logUrl": url}}

    def op_apps_kill(self, body: dict[str, Any]) -> Answer:
        run = self._visible(body["id"])
        if isinstance(run, tuple):
            return run
        if run.reached not in APP_FINISHED_STATES:  # an app that has ended stays as it is
            self.apps.update(run.killed(self.now_ms()))
        return 200, {"success": True, "message": "success", "id": run.id}

    # -- logs and snapshots -----------------------------------------------------------------------

    def container_log(self, yarn_id: str, container_id: str) -> str | None:
        """The log behind a logUrl as it stands now, or None when there is no such container."""
        run = self.apps.by_yarn_id(yarn_id)
        if run is None or container_id != run.container_id:
            return None
        run = self._now(run)
        return log_text(run, self.now_ms()) if run.ran else None

    def apps_snapshot(self) -> list[dict[str, Any]]:
        return [{"id": run.id, "appId": run.app_id, "name": run.name,
                 "accountId": run.account_id, "workspaceId": run.workspace_id,
                 "workspaceName": run.workspace_name, "state": run.reached,
                 "finalStatus": run.final, "body": run.body}
                for run in map(self._now, self.apps.all())]
