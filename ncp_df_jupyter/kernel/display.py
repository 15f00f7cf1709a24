"""How the magics' results look: an HTML table in a notebook, aligned text in a terminal.

The values stay plain Python: the tables are lists (of WorkspaceSummary, Account, image names)
that also know how to show themselves; single workspaces and configurations are the core's own
objects, shown through IPython display formatters registered by ``%load_ext``.

Text output passes every value through ``plain_text`` (a name holding an ESC sequence or a line
break cannot drive a terminal or add a row); HTML output escapes markup with ``html.escape``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.models import Account, Configuration, WorkspaceDetail, WorkspaceSummary, account_label
from ..core.msgids import N_
from ..core.plain_text import plain_text, yaml_text
from ..core.times import display_time
from .i18n import _, ngettext

Row = Sequence[str]


def when(stamp: str | None) -> str:
    """A service time as every face shows it: ``2026-12-01 15:53 KST``, in the kernel's zone
    (core/times.py); text that is not a time as it came."""
    return display_time(stamp)


def text_table(headers: Row, rows: Iterable[Row]) -> str:
    """Columns padded to their widest cell, a dashed rule under the header; cells as plain
    text."""
    table = [list(headers), *([plain_text(cell) for cell in row] for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def html_table(headers: Row, rows: Iterable[Row], caption: str = "") -> str:
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{html.escape(str(c))}</td>" for c in row)
        + "</tr>" for row in rows)
    cap = (f"<caption style='text-align:left;white-space:nowrap'>{html.escape(caption)}</caption>"
           if caption else "")
    return f"<table class='ncp-df-table'>{cap}<thead><tr>{head}</tr></thead>" \
           f"<tbody>{body}</tbody></table>"


class _Table(list):  # type: ignore[type-arg]
    """A list that shows itself as a table (rich in notebooks, aligned text elsewhere)."""

    headers: Row = ()

    def rows(self) -> list[Row]:
        raise NotImplementedError

    def caption(self) -> str:
        return ""

    def empty_text(self) -> str:
        return "Nothing to show."

    def __repr__(self) -> str:
        if not self:
            return plain_text(self.empty_text())
        caption = plain_text(self.caption())
        table = text_table(self.headers, self.rows())
        return f"{caption}\n{table}" if caption else table

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self) if not cycle else "[...]")

    def _repr_html_(self) -> str:
        if not self:
            return f"<p>{html.escape(self.empty_text())}</p>"
        return html_table(self.headers, self.rows(), self.caption())


class WorkspaceTable(_Table):
    """``%df_list``: the account's workspaces (a list of WorkspaceSummary)."""

    def __init__(self, summaries: Iterable[WorkspaceSummary], account: Account) -> None:
        super().__init__(summaries)
        self.account = account
        self.headers = (_("name"), _("id"), _("image"), _("GPUs"), _("queue"), _("created"))

    def rows(self) -> list[Row]:
        return [(s.name, s.id, s.image or "", s.gpus, s.queue_name or "",
                 when(s.workspace.created_at)) for s in self]

    def caption(self) -> str:
        count = len(self)
        return ngettext("{count} workspace in account {account}",
                        "{count} workspaces in account {account}", count).format(
            count=count, account=self.account.name)

    def empty_text(self) -> str:
        return _("No workspaces in account {account} yet; %df_create NAME makes one.").format(
            account=self.account.name)

    def names(self) -> list[str]:
        return [s.name for s in self]


class AccountTable(_Table):
    """``%df_accounts``: the DataForest accounts of this key (a list of Account)."""

    def __init__(self, accounts: Iterable[Account], default: Account | None = None) -> None:
        super().__init__(accounts)
        self.default = default
        self.headers = (_("name"), _("id"), _("status"), _("usable"), _("created"))

    def rows(self) -> list[Row]:
        def name(a: Account) -> str:
            if self.default and a.id == self.default.id:
                return _("{name} (default)").format(name=a.name)
            return a.name

        return [(name(a), a.id, a.status or "",
                 _("no (no permission)") if a.disabled else _("yes"), when(a.created_at))
                for a in self]

    def empty_text(self) -> str:
        return _("This key has no DataForest accounts; create one in the NCP console.")


class ImageTable(_Table):
    """``%df_images``: image references (a list of str), with the framework of each."""

    headers = ("framework", "image")

    def __init__(self, by_framework: dict[str, list[str]]) -> None:
        super().__init__(image for images in by_framework.values() for image in images)
        self.by_framework = by_framework

    def rows(self) -> list[Row]:
        return [(framework, image) for framework, images in self.by_framework.items()
                for image in images]

    def empty_text(self) -> str:
        return f"DataForest lists no {' or '.join(self.by_framework)} images."


# -- one workspace, one configuration ------------------------------------------------------------


def _mb(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value} MB ({value / 1024:g} GB)" if value >= 1024 else f"{value} MB"


NONE_STORED = N_("(none stored)")


def configuration_fields(config: Configuration | None) -> list[tuple[str, str]]:
    """(label, value) of what is set; the labels are msgids (N_): the widgets show them
    translated, the magics as they are."""
    if config is None:
        return [(N_("configuration"), NONE_STORED)]
    docker, resource = config.docker, config.resource
    inputs = (config.data.input if config.data else None) or []
    outputs = (config.data.output if config.data else None) or []
    fields = [
        (N_("image"), docker.image or ""),
        (N_("GPUs"), config.gpus),  # the tables' "T4 x 2"
        (N_("CPUs"), "" if resource is None or resource.cpu_count is None
         else str(resource.cpu_count)),
        (N_("memory"), _mb(resource.memory_mb if resource else None)),
        (N_("queue"), config.queue_name or ""),
        (N_("command"), docker.command or ""),
        (N_("args"), docker.args or ""),
        (N_("workdir"), docker.workdir or ""),
        (N_("env"), ", ".join(f"{k}={v}" for k, v in (docker.env or {}).items())),
        (N_("ports"), ", ".join(map(str, docker.expose_tcp_ports or []))),
        # One arrow direction everywhere: the way the data goes (HDFS → container → HDFS).
        (N_("inputs"), ", ".join(f"{i.hdfs} → {i.path}" for i in inputs)),
        (N_("outputs"), ", ".join(f"{o.path} → {o.hdfs}{' (overwrite)' if o.overwrite else ''}"
                              for o in outputs)),
        (N_("user package"), config.user_package_uri or ""),
    ]
    # What this release does not know or could not read, under the API's own names.
    fields += [(path, _as_text(value)) for path, value in config.other_fields()]
    return [(label, value) for label, value in fields if value]


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)


def workspace_fields(item: WorkspaceDetail | WorkspaceSummary) -> list[tuple[str, str]]:
    row = item.workspace if isinstance(item, WorkspaceSummary) else item
    fields = [(N_("name"), row.name), (N_("id"), row.id),
              (N_("account"), row.account_name or ""), (N_("description"), row.description or "")]
    fields += configuration_fields(item.configuration)
    fields += [(N_("created"), when(row.created_at)), (N_("modified"), when(row.modified_at))]
    return [(label, value) for label, value in fields if value]


def fields_text(fields: list[tuple[str, str]]) -> str:
    width = max((len(label) for label, _ in fields), default=0)
    return "\n".join(f"{label.ljust(width)}  {plain_text(value)}" for label, value in fields)


def fields_html(fields: list[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
                   f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
                   for label, value in fields)
    return f"<table class='ncp-df-card'><tbody>{rows}</tbody></table>"


def configuration_yaml(config: Configuration) -> str:
    """The configuration in the API's shape as YAML: paste it into a ``%%df_set_config`` cell
    (control and bidirectional characters escaped inside double quotes)."""
    return yaml_text(config.to_api())


def _flat(body: Any, path: str = "") -> dict[str, str]:
    """{"resource.gpuCount": "2", ...}: objects opened up, lists and values as JSON text."""
    if isinstance(body, dict) and body:
        out: dict[str, str] = {}
        for key, value in body.items():
            out.update(_flat(value, f"{path}.{key}" if path else key))
        return out
    return {path: json.dumps(body, ensure_ascii=False)}


@dataclass(frozen=True)
class ConfigurationChange:
    """What ``%df_set_config`` did: shows the fields that changed; ``.configuration`` is the
    workspace's configuration now."""

    workspace: str
    before: Configuration | None
    configuration: Configuration

    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) of every field that differs, in the API's dotted names."""
        old = _flat(self.before.to_api()) if self.before is not None else {}
        new = _flat(self.configuration.to_api())
        return [(key, old.get(key, "(none)"), new.get(key, "(none)"))
                for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]

    def __repr__(self) -> str:
        changes = self.changes()
        if not changes:
            return f"Nothing changed: {self.workspace!r} already had this configuration."
        shown = [tuple(map(plain_text, change)) for change in changes]  # env names are data
        width = max(len(key) for key, _, _ in shown)
        lines = [f"  {key.ljust(width)}  {old} -> {new}" for key, old, new in shown]
        return "\n".join([f"Changed in the configuration of {self.workspace!r}:", *lines])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        changes = self.changes()
        if not changes:
            return f"<p>{html.escape(repr(self))}</p>"
        return html_table(("field", "before", "after"), changes,
                          f"Changed in the configuration of {self.workspace!r}")


@dataclass(frozen=True)
class ConnectionInfo:
    """What ``%df_connect`` / ``%df_profile`` show: endpoint and key in use (secret never)."""

    endpoint: str
    access_key: str  # masked
    source: str
    profile: str | None = None
    accounts: list[Account] | None = field(default=None, compare=False)
    default_account: str | None = None

    def fields(self) -> list[tuple[str, str]]:
        fields = [("endpoint", self.endpoint),
                  ("access key", f"{self.access_key} (secret key hidden)"),
                  ("from", self.source)]
        if self.profile:
            fields.append(("profile", self.profile))
        if self.accounts is not None:
            fields.append(("accounts", ", ".join(map(account_label, self.accounts)) or "none"))
        if self.default_account:
            fields.append(("default account", self.default_account))
        return fields

    def __repr__(self) -> str:
        return fields_text(self.fields())

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        return fields_html(self.fields())


# -- IPython formatters for the core's objects ---------------------------------------------------

def _detail_text(item: WorkspaceDetail | WorkspaceSummary, printer: Any, cycle: bool) -> None:
    printer.text(fields_text(workspace_fields(item)))


def _detail_html(item: WorkspaceDetail | WorkspaceSummary) -> str:
    return fields_html(workspace_fields(item))


def _configuration_text(config: Configuration, printer: Any, cycle: bool) -> None:
    printer.text(configuration_yaml(config))


def _configuration_html(config: Configuration) -> str:
    return f"<pre class='ncp-df-config'>{html.escape(configuration_yaml(config))}</pre>"


_FORMATTERS: dict[type[Any], tuple[Callable[..., None], Callable[[Any], str]]] = {
    WorkspaceDetail: (_detail_text, _detail_html),
    WorkspaceSummary: (_detail_text, _detail_html),
    Configuration: (_configuration_text, _configuration_html),
}


def register_formatters(shell: Any) -> None:
    formatters = shell.display_formatter.formatters
    for name, (text, rich) in _FORMATTERS.items():
        formatters["text/plain"].for_type(name, text)
        formatters["text/html"].for_type(name, rich)


def unregister_formatters(shell: Any) -> None:
    formatters = shell.display_formatter.formatters
    for name in _FORMATTERS:
        for mime in ("text/plain", "text/html"):
            formatters[mime].pop(name, None)
