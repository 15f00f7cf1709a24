"""``CreateWorkspaceForm``: create a DataForest AI workspace (or edit one's configuration).

The form is the box a notebook shows. It owns its parts, as dask-gateway's ``Options`` owns its
widget: a ``FormState`` (what is loaded; no widgets), a ``FormView`` (the ipywidgets), a
``Background`` (the requests in flight), a ``FormLoader`` (loading.py: what to ask and when) and
a ``FormSender`` (sending.py: create or save). This module wires them: it reacts to the person,
checks what would be sent (checking.py) and answers the public calls.

The form is ``ready`` when the first round of requests is back (accounts getList, the account's
getList and the framework's images, concurrently); the second round only adds dropdown values.
Every request runs on the portal thread and its result is applied there (see background.py):
a click returns at once and ``wait()`` works in a script and in a notebook cell alike. What
loads the form fails under its title (``load_status``); a create or save fails under its button
(``status``). Without credentials the form shows how to give them (credentials_help.py).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from ...core import request_bodies
from ...core.errors import CredentialsError
from ...core.models import Configuration, WorkspaceDetail
from ...core.schema import rules
from ...kernel import connection, magic_code
from ...kernel.blocking import BlockingClient
from ...kernel.i18n import _
from ..background import Background
from ..credentials_help import credentials_help
from ..fields import descendants, set_options
from ..runs import Runs
from ..status import ErrorContext, Status
from . import checking
from .loading import FormLoader
from .rows import EnvRows, InputRows, OutputRows
from .sending import FormSender
from .state import FormState, NameKey
from .view import FormView, ViewWidget, no_start

FIRST_ROUND = frozenset({"accounts", "workspaces", "images", "workspace"})
# What the person did: its failure is shown under the button, not under the title.
SENDING = frozenset({"create", "save"})
# The private parts a form without credentials never made (reaching one raises that error).
NEEDS_CONNECTION = frozenset({"_tasks", "_loader", "_sender"})


class CreateWorkspaceForm(widgets.VBox):
    """A form that creates a workspace, or with ``workspace_id`` changes its configuration.

    ``client``: a BlockingClient or session Connection (default: the kernel's connection).
    ``on_saved(detail)`` is called (on the portal thread) after a create or save succeeded.
    Without credentials the form says how to give them; its Try again button opens the form.
    """

    name_check_delay = 0.3  # seconds of quiet typing before checkAvailableName is asked
    view: FormView  # built in __init__ while the first requests are in flight

    # The view's widgets, reached as attributes of the form: form.name.value = "...".
    account = ViewWidget[widgets.Dropdown]()
    start_from = ViewWidget[widgets.Dropdown]()
    name = ViewWidget[widgets.Text]()
    description = ViewWidget[widgets.Text]()
    queue = ViewWidget[widgets.Dropdown]()
    gpu_model = ViewWidget[widgets.Dropdown]()
    gpu_count = ViewWidget[widgets.IntText]()
    cpu_count = ViewWidget[widgets.IntText]()
    memory_mb = ViewWidget[widgets.IntText]()
    framework = ViewWidget[widgets.ToggleButtons]()
    image = ViewWidget[widgets.Combobox]()
    command = ViewWidget[widgets.Text]()
    args = ViewWidget[widgets.Text]()
    workdir = ViewWidget[widgets.Text]()
    env = ViewWidget[EnvRows]()
    ports = ViewWidget[widgets.IntsInput]()
    inputs = ViewWidget[InputRows]()
    outputs = ViewWidget[OutputRows]()
    user_package_uri = ViewWidget[widgets.Text]()
    create_button = ViewWidget[widgets.Button]()
    create_and_run_button = ViewWidget[widgets.Button]()
    status = ViewWidget[Status]()
    load_status = ViewWidget[Status]()
    loading_indicator = ViewWidget[widgets.HTML]()
    show_code_button = ViewWidget[widgets.ToggleButton]()
    code = ViewWidget[widgets.HTML]()
    message_widgets = ViewWidget[dict[str, widgets.HTML]]()

    def __init__(self, client: BlockingClient | connection.Connection | None = None,
                 account_id: str | None = None, *, workspace_id: str | None = None,
                 on_saved: Callable[[WorkspaceDetail], None] | None = None) -> None:
        super().__init__()
        self.credentials_error: CredentialsError | None = None
        self.state = FormState(workspace_id=workspace_id)
        start = functools.partial(self._start, client, account_id, on_saved)
        start()

    def __getattr__(self, name: str) -> Any:
        # Only reached for what a form without credentials never made (its view, its tasks).
        # (traitlets asks for private hooks such as _children_validate: those stay absent)
        error = self.__dict__.get("credentials_error")
        if error is not None and (not name.startswith("_") or name in NEEDS_CONNECTION):
            raise error
        raise AttributeError(name)

    def _start(self, client: BlockingClient | connection.Connection | None,
               account_id: str | None,
               on_saved: Callable[[WorkspaceDetail], None] | None) -> None:
        try:
            self.connection = connection.wrap(client)
        except CredentialsError as error:
            self.credentials_error = error
            retry = functools.partial(self._start, client, account_id, on_saved)
            old, self.children = self.children, list(
                credentials_help(error, retry, type(self).__name__))
            for child in old:
                child.close()
            return
        self.credentials_error = None
        old = self.children
        self._first_round_done = threading.Event()
        self._tasks = Background(self.connection, self._status_for, self._settled)
        self._loader = FormLoader(self._tasks, self.state, self)
        with self._tasks.lock:
            # Requests first, widgets while they are in flight (building them takes about as
            # long as a round trip): every answer waits for this lock, so it finds the view.
            self._loader.first_round(account_id, rules.frameworks()[0])  # the view's first
            aio = self.connection.client.aio
            self.view = FormView(account_id=account_id, editing=self.state.editing,
                                 context=ErrorContext(aio.endpoint, self._tasks.budget))
            self.runs = Runs(self._tasks, lambda: self.view.status)  # "Create and run"
            self.children = [*self.view.children, self.runs]
            self._sender = FormSender(self._tasks, self.state, self.view, self._loader, on_saved)
            self._watch()
            self._revalidate()
        for child in old:
            child.close()

    def _status_for(self, label: str) -> Status:
        return self.view.status if label in SENDING else self.view.load_status

    # -- public -----------------------------------------------------------------------------------

    @property
    def workspace_id(self) -> str | None:
        """The workspace whose configuration the form edits (None: the form creates one)."""
        return self.state.workspace_id

    @property
    def created(self) -> WorkspaceDetail | None:
        """The workspace the last create made (None before)."""
        return self._sender.created

    @property
    def ready(self) -> bool:
        """True when the first round is back for the current account and framework."""
        with self._tasks.lock:
            return self.state.first_round_back(self.view.account.value,
                                               self.view.framework.value)

    @property
    def loading(self) -> bool:
        """True while any request is in flight (what ``wait()`` waits for)."""
        return bool(self._tasks.pending)

    @property
    def pending(self) -> list[str]:
        """What is in flight, e.g. ["choices", "name check"]."""
        return self._tasks.pending

    @property
    def field_messages(self) -> dict[str, str]:
        """The message shown beside each field that has one."""
        with self._tasks.lock:
            return dict(self.state.messages.fields)

    def wait(self, timeout: float | None = 10.0) -> CreateWorkspaceForm:
        """Block until no request is in flight (TimeoutError otherwise)."""
        self._tasks.wait(timeout)
        return self

    def wait_ready(self, timeout: float | None = 10.0) -> bool:
        """Block until the first round is back (not the second); returns ``ready`` (False
        when it failed: the status says why). TimeoutError when time runs out."""
        if not self._first_round_done.wait(timeout):
            raise TimeoutError(f"the form was not ready after {timeout:g} s; still loading "
                               f"{', '.join(self.pending)}.")
        return self.ready

    def configuration(self) -> dict[str, Any]:
        """The configuration the form would send, in the API's shape."""
        with self._tasks.lock:
            return self.view.read_configuration().to_api()

    def request_body(self) -> dict[str, Any]:
        """The whole create (or setConfiguration) request body the form would send."""
        with self._tasks.lock:
            config = self.view.read_configuration()
            if self.state.workspace_id is not None:
                return request_bodies.set_configuration_request(self.state.workspace_id, config)
            body = request_bodies.create_request(self.view.account.value or "", self._name(),
                                                 config, self._description())
            # An empty name or account reads "required", not as a broken pattern.
            return {key: value for key, value in body.items() if value != ""}

    def to_magic(self) -> str:
        """The equivalent ``%df_create`` (or ``%df_set_config``) line, or a ``%%`` cell with the
        configuration as YAML when a value cannot go on a line (magic_code)."""
        with self._tasks.lock:
            config = self.view.read_configuration()
            account = self.state.account_ref(self.view.account.value)
            if self.state.workspace_id is not None:
                return magic_code.set_config_code(config, workspace_id=self.state.workspace_id,
                                                  name=self._name() or None, account=account)
            return magic_code.create_code(self._name(), config,
                                          description=self._description(), account=account)

    def fill(self, configuration: Configuration | Mapping[str, Any]) -> None:
        """Put a configuration (object or API dict) into every field."""
        with self._tasks.lock:
            config = configuration if isinstance(configuration, Configuration) else (
                Configuration.from_api(configuration))
            self._loader.fill_quietly(config)
            self._revalidate()

    def reload(self) -> None:
        """Forget cached answers and load accounts, workspaces and images again."""
        with self._tasks.lock:
            self.state.forget_loaded()
            self._first_round_done.clear()
            self._loader.first_round(self.view.account.value, self.view.framework.value,
                                     fresh=True)

    def close(self) -> None:
        """Close every widget of the form, not only the box around them."""
        for child in descendants(self):
            child.close()
        super().close()

    def _name(self) -> str:
        return self.view.name.value.strip()

    def _description(self) -> str | None:
        return self.view.description.value.strip() or None

    def _name_key(self) -> NameKey:
        return self.view.account.value, self._name()

    # -- reacting to the person -------------------------------------------------------------------

    def _watch(self) -> None:
        view = self.view

        def on(widget: widgets.Widget, handler: Callable[[], None]) -> None:
            def changed(_change: Any) -> None:
                with self._tasks.lock:
                    if self._tasks.quiet:
                        return
                    self.state.service_messages.clear()  # the person changes what was refused
                    handler()
                    self._revalidate()
            widget.observe(changed, names="value")

        on(view.account, self._account_changed)
        on(view.start_from, self._start_from_changed)
        on(view.name, self._loader.check_name_later)
        on(view.framework, self._framework_changed)
        for widget in (view.description, view.queue, view.gpu_model, view.gpu_count,
                       view.cpu_count, view.memory_mb, view.image, view.command, view.args,
                       view.workdir, view.ports, view.user_package_uri):
            on(widget, lambda: None)
        for rows in (view.env, view.inputs, view.outputs):
            rows.on_change(self._rows_changed)
        view.create_button.on_click(self._create_clicked)
        view.create_and_run_button.on_click(lambda _b: self._create_clicked(run=True))

    def _rows_changed(self) -> None:
        with self._tasks.lock:
            if not self._tasks.quiet:
                self._revalidate()

    def _account_changed(self) -> None:
        with self._tasks.quietly():
            set_options(self.view.start_from, [no_start()], keep="")
        self.state.forget_workspaces()
        if self.view.account.value:
            self._loader.load_account(self.view.account.value)
        self._loader.check_name_later()

    def _start_from_changed(self) -> None:
        if self.view.start_from.value:  # the empty choice keeps what the fields hold
            self._loader.start_from(self.view.start_from.value)

    def _framework_changed(self) -> None:
        framework = self.view.framework.value
        if framework in self.state.images:
            self._loader.show_images(framework)
        else:
            self._loader.load_images(framework)

    # -- checking ---------------------------------------------------------------------------------

    def _revalidate(self) -> None:
        """Check the request against the workspace model and show each field's message."""
        view = self.view
        messages = checking.field_messages(
            self.request_body(), editing=self.state.editing,
            env_keys=[(i, entry["key"]) for i, entry in view.env.entries()],
            sent_rows={"inputs": [i for i, _ in view.inputs.entries()],
                       "outputs": [i for i, _ in view.outputs.entries()]},
            name_taken=self.state.name_taken(self._name_key()),
            service_messages=self.state.service_messages,
            # what the service sent passes untouched (the client checks it the same way)
            passed_through=view.read_configuration().extra_paths())
        self.state.messages = messages
        view.show_messages(messages)
        self._update_button()

    def _blocked_because(self) -> str | None:
        """Why Create cannot be pressed now, as a sentence (None when it can)."""
        key = self._name_key()
        return checking.blocked_because(
            ready=self.ready, messages=self.state.messages, pending=self._tasks.pending,
            name_unchecked=not self.state.editing and not self.state.name_checked(key),
            just_created=not self.state.editing and key in self.state.created,
            labels=self.view.labels)

    def _update_button(self) -> None:
        reason = self._blocked_because()
        self.view.create_button.disabled = reason is not None
        self.view.create_button.tooltip = reason or ""  # why it cannot be pressed yet
        self.view.create_and_run_button.disabled = reason is not None
        self.view.create_and_run_button.tooltip = reason or _(
            "Create the workspace, then run it as an AI app")
        self.view.loading_indicator.value = self._tasks.indicator_html()

    def _settled(self) -> None:
        self._revalidate()
        if not self._first_round_done.is_set() and not self._tasks.busy_with(FIRST_ROUND):
            self._first_round_done.set()

    # -- create / save ----------------------------------------------------------------------------

    def _create_clicked(self, _button: Any = None, run: bool = False) -> None:
        with self._tasks.lock:
            self.state.service_messages.clear()
            self._revalidate()
            reason = self._blocked_because()
            if reason is not None:
                nothing = _("Nothing was sent.")
                self.view.status.error(f"{nothing} {reason}")
                return
            config, line = self.view.read_configuration(), self.to_magic()
            if self.state.workspace_id is not None:
                self._sender.save(self.state.workspace_id, self.view.name.value, config, line)
            else:
                then = (lambda made: self.runs.submit(made.id, made.name)) if run else None
                self._sender.create(self.view.account.value, self._name(), self._description(),
                                    config, line, then)
            self._update_button()
