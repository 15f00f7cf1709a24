"""``CreateWorkspaceForm``: create a DataForest AI workspace (or edit one's configuration).

Loading: the first round of requests goes out at once and concurrently - accounts getList, the
account's getList and the image list of the framework - and the form is ``ready`` when it is
back. A second round (getConfigurationList of every existing workspace, bounded concurrency)
then adds the GPU models and queues in use to the dropdowns, never removing one and never
changing the selection. Without ``account_id`` and with several accounts the account's getList
has to wait for the accounts (the first usable account is chosen).

Every request runs on the portal thread and its result is applied there (see background.py):
a click returns at once and ``wait()`` works in a script and in a notebook cell alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ...core import request_bodies
from ...core.errors import DataForestError, ValidationError
from ...core.models import Account, Configuration, Workspace, WorkspaceDetail
from ...core.schema import rules
from ...kernel import command_line, connection
from ...kernel.blocking import BlockingClient
from ..fields import set_options
from .field_messages import FieldMessages, field_of, messages_for
from .loading import FormLoading
from .view import NO_START

# Requests whose result the form needs before Create may be pressed. The second round
# ("choices") only adds dropdown values, so it does not hold Create back.
BLOCKING = frozenset({"accounts", "workspaces", "images", "start from", "workspace",
                      "name check", "create", "save"})
FIRST_ROUND = frozenset({"accounts", "workspaces", "images", "workspace"})
ENV_TWICE = "is given twice"


class CreateWorkspaceForm(FormLoading):
    """A form that creates a workspace, or with ``workspace_id`` changes its configuration.

    ``client``: a BlockingClient or session Connection (default: the kernel's connection).
    ``on_saved(detail)`` is called (on the portal thread) after a create or save succeeded.
    """

    name_check_delay = 0.3  # seconds of quiet typing before checkAvailableName is asked

    def __init__(self, client: BlockingClient | connection.Connection | None = None,
                 account_id: str | None = None, *, workspace_id: str | None = None,
                 on_saved: Callable[[WorkspaceDetail], None] | None = None) -> None:
        super().__init__()
        self._start_background(connection.wrap(client))
        self.workspace_id = workspace_id
        self.on_saved = on_saved
        self.created: WorkspaceDetail | None = None
        self._accounts: list[Account] | None = None
        self._workspaces_for: str | None = None
        self._workspaces_requested: str | None = None
        self._workspaces: list[Workspace] = []
        self._images: dict[str, list[str]] = {}
        self._shown_images_for: str | None = None
        self._names: dict[tuple[str, str], bool | None] = {}  # (account, name) -> available
        self._name_check: Any = None
        self._detail: WorkspaceDetail | None = None
        self._first_round_done = threading.Event()
        self._messages = FieldMessages()
        self._service_messages: dict[str, str] = {}
        with self._lock:
            # Requests first, widgets while they are in flight: their results wait for the lock.
            self._load_first_round(account_id)
            self._build_fields()
            if account_id:
                set_options(self.account, [(account_id, account_id)], keep=account_id)
            if workspace_id:
                self._enter_edit_mode()
            self.children = self._layout(self._title())
            self._watch()
            self._revalidate()

    # -- public -----------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """True when the first round is back for the current account and framework."""
        with self._lock:
            return (self._accounts is not None and self.account.value is not None
                    and self._workspaces_for == self.account.value
                    and self.framework.value in self._images
                    and (self.workspace_id is None or self._detail is not None))

    @property
    def field_messages(self) -> dict[str, str]:
        """The message shown beside each field that has one."""
        with self._lock:
            return dict(self._messages.fields)

    def wait_ready(self, timeout: float | None = 10.0) -> bool:
        """Block until the first round is back (not the second); returns ``ready`` (False
        when it failed: the status says why). TimeoutError when time runs out."""
        if not self._first_round_done.wait(timeout):
            raise TimeoutError(f"the form was not ready after {timeout:g} s; still loading "
                               f"{', '.join(self.pending)}.")
        return self.ready

    def configuration(self) -> dict[str, Any]:
        """The configuration the form would send, in the API's shape."""
        with self._lock:
            return self.read_configuration().to_api()

    def request_body(self) -> dict[str, Any]:
        """The whole create (or setConfiguration) request body the form would send."""
        with self._lock:
            config = self.read_configuration()
            if self.workspace_id is not None:
                return request_bodies.set_configuration_request(self.workspace_id, config)
            body = request_bodies.create_request(self.account.value or "", self.name.value.strip(),
                                                 config, self.description.value.strip() or None)
            # An empty name or account reads "required", not as a broken pattern.
            return {key: value for key, value in body.items() if value != ""}

    def to_magic(self) -> str:
        """The equivalent ``%df_create`` (or ``%df_set_config``) line."""
        with self._lock:
            config = self.read_configuration()
            if self.workspace_id is not None:
                return command_line.set_config_line(self.name.value.strip() or self.workspace_id,
                                               config, account=self._account_ref())
            return command_line.create_line(self.name.value.strip(), config,
                                       description=self.description.value.strip() or None,
                                       account=self._account_ref())

    def reload(self) -> None:
        """Forget cached answers and load accounts, workspaces and images again."""
        with self._lock:
            self._images.clear()
            self._workspaces_for = None
            self._first_round_done.clear()
            self._load_first_round(self.account.value, fresh=True)

    def _title(self) -> str:
        return ("Edit a DataForest workspace's configuration" if self.workspace_id
                else "New DataForest AI workspace")

    # -- reacting to the user ---------------------------------------------------------------------

    def _watch(self) -> None:
        def on(widget: Any, handler: Callable[[], None]) -> None:
            def changed(_change: Any) -> None:
                with self._lock:
                    if self._quiet:
                        return
                    self._service_messages.clear()  # the user is changing what was refused
                    handler()
                    self._revalidate()
            widget.observe(changed, names="value")

        on(self.account, self._account_changed)
        on(self.start_from, self._start_from_changed)
        on(self.name, self._check_name_later)
        on(self.framework, self._framework_changed)
        for widget in (self.description, self.queue, self.gpu_model, self.gpu_count,
                       self.cpu_count, self.memory_mb, self.image, self.command, self.args,
                       self.workdir, self.ports, self.user_package_uri):
            on(widget, lambda: None)
        for rows in (self.env, self.inputs, self.outputs):
            rows.on_change(self._rows_changed)
        self.create_button.on_click(self._create_clicked)

    def _rows_changed(self) -> None:
        with self._lock:
            if not self._quiet:
                self._revalidate()

    def _account_changed(self) -> None:
        with self._quietly():
            set_options(self.start_from, [NO_START], keep="")
        self._workspaces_for, self._workspaces = None, []
        if self.account.value:
            self._load_account(self.account.value)
        self._check_name_later()

    def _start_from_changed(self) -> None:
        if self.start_from.value:  # the empty choice keeps what the fields hold
            self._start_from(self.start_from.value)

    def _framework_changed(self) -> None:
        if self.framework.value in self._images:
            self._show_images(self.framework.value)
        else:
            self._load_images(self.framework.value)

    # -- checking ---------------------------------------------------------------------------------

    def _revalidate(self) -> None:
        """Check the request against the workspace model and show each field's message."""
        body = self.request_body()
        schema = "setConfigurationRequest" if self.workspace_id else "createRequest"
        # what the service sent passes untouched (it is checked by the client the same way)
        problems = rules.problems(schema, body,
                                  passed_through=self.read_configuration().extra_paths())
        messages = messages_for(problems, {i: e["key"] for i, e in self.env.entries()})
        self._rows_of_entries(messages)
        taken = self._names.get((self.account.value, body.get("name", ""))) is False
        if "name" not in messages.fields and taken:
            messages.add("name", rules.NAME_TAKEN)
        seen: set[str] = set()
        for index, entry in self.env.entries():
            if entry["key"] in seen:
                messages.add("env", f"{entry['key']} {ENV_TWICE}", index)
            seen.add(entry["key"])
        for field, text in self._service_messages.items():
            messages.add(field, text)
        self._messages = messages
        self.show_messages(messages)
        self._update_button()

    def _rows_of_entries(self, messages: FieldMessages) -> None:
        """Problems name the n-th sent item; the form shows them on the row it came from."""
        for name, rows in (("inputs", self.inputs), ("outputs", self.outputs)):
            entries = rows.entries()
            by_item = messages.rows.get(name, {})
            messages.rows[name] = {entries[i][0]: text for i, text in by_item.items()
                                   if i < len(entries)}

    def _blocked_because(self) -> str | None:
        """Why Create cannot be pressed now, as a sentence (None when it can)."""
        if not self.ready:
            return "The form is still loading (or failed to load; see the message above)."
        if self._messages.fields:
            return ("Fix the fields marked in red first: "
                    f"{', '.join(f.replace('_', ' ') for f in self._messages.fields)}.")
        busy = [label for label in self._tasks.pending if label in BLOCKING]
        if busy:
            return f"Wait a moment: still {', '.join(busy)} in progress."
        if (self.workspace_id is None and (self.account.value, self.name.value.strip())
                not in self._names):
            return "Wait a moment: the name has not been checked yet."
        return None

    def _update_button(self) -> None:
        self.create_button.disabled = self._blocked_because() is not None
        self._show_pending()

    def _settled(self) -> None:
        self._revalidate()
        if not self._first_round_done.is_set() and not self._tasks.busy_with(FIRST_ROUND):
            self._first_round_done.set()

    def _account_ref(self) -> str | None:
        """How the magic line names the account: its name when unambiguous, else its id."""
        account_id = self.account.value
        if not account_id:
            return None
        named = [a for a in self._accounts or [] if a.id == account_id]
        if named and sum(a.name == named[0].name for a in self._accounts or []) == 1:
            return named[0].name
        return str(account_id)

    # -- create / save ----------------------------------------------------------------------------

    def _create_clicked(self, _button: Any = None) -> None:
        with self._lock:
            self._service_messages.clear()
            self._revalidate()
            reason = self._blocked_because()
            if reason is not None:
                self.status.error(f"Nothing was sent. {reason}")
                return
            config = self.read_configuration()
            line = self.to_magic()
            if self.workspace_id is not None:
                self._save(config, line)
            else:
                self._create(config, line)
            self._update_button()

    def _create(self, config: Configuration, line: str) -> None:
        account, name = self.account.value, self.name.value.strip()
        description = self.description.value.strip() or None
        self.status.busy(f"Creating workspace {name} in account {self._account_ref()}...")

        def created(detail: WorkspaceDetail) -> None:
            self.created = detail
            self._names[(account, name)] = False  # taken now: a second click cannot repeat it
            self.status.ok(f"Created workspace {detail.name} (id {detail.id}).")
            self.show_code(line)
            if account == self.account.value:
                self._load_account(account)  # the new workspace joins "start from"
            if self.on_saved is not None:
                self.on_saved(detail)

        self._tasks.run("create", lambda c: c.create_workspace(account, name, config,
                                                               description),
                        created, on_error=self._write_failed)

    def _save(self, config: Configuration, line: str) -> None:
        workspace_id, name = self.workspace_id, self.name.value
        assert workspace_id is not None
        self.status.busy(f"Saving the configuration of {name}...")

        def saved(_none: None) -> None:
            self.status.ok(f"Saved the configuration of {name} (id {workspace_id}).")
            self.show_code(line)
            if self.on_saved is not None and self._detail is not None:
                self.on_saved(self._detail)

        self._tasks.run("save", lambda c: c.set_configuration(workspace_id, config), saved,
                        on_error=self._write_failed)

    def _write_failed(self, error: DataForestError) -> None:
        self.status.error(error)
        if isinstance(error, ValidationError) and error.field:
            field, _row = field_of(error.field)
            if field != "status":
                self._service_messages[field] = "refused by the service (see below)"
