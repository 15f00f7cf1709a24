"""What a widget shows when this kernel has no NCP key pair: the three ways to give one.

``CreateWorkspaceForm()`` and ``WorkspaceBrowser()`` made without credentials show this instead
of raising: the reason (the core's sentence), the three ways (environment variables, the
``~/.ncloud/configure`` file, or a client with the keys), the demo for a try without NCP, and a
Try again button that makes the widget once a way was taken.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from ..core.credentials import ENV_ACCESS_KEYS, ENV_SECRET_KEYS
from ..core.errors import CredentialsError
from ..kernel.i18n import _


def _code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


def ways_html(error: CredentialsError, widget: str = "CreateWorkspaceForm") -> str:
    """The reason and the three ways, as HTML (every piece escaped)."""
    ways = [
        html.escape(_("Set the environment variables {access} and {secret} before Jupyter "
                      "starts (or in this notebook with {magic}), then press Try again."))
        .format(access=_code(ENV_ACCESS_KEYS[0]), secret=_code(ENV_SECRET_KEYS[0]),
                magic=_code("%env")),
        html.escape(_("Put {access} and {secret} in {file} (the ncloud CLI's file); choose a "
                      "profile of it with {magic}."))
        .format(access=_code("ncloud_access_key_id"), secret=_code("ncloud_secret_access_key"),
                file=_code("~/.ncloud/configure"), magic=_code("%df_profile NAME")),
        html.escape(_("Give the keys to the widget: {code}."))
        .format(code=_code(f"{widget}(BlockingClient(access_key=..., secret_key=...))")),
    ]
    items = "".join(f"<li>{way}</li>" for way in ways)
    demo = html.escape(_("To try everything without an NCP account, run {command} in a "
                         "terminal.")).format(command=_code("ncp-df demo"))
    needs = html.escape(_("DataForest needs an NCP key pair."))
    three = html.escape(_("Three ways to give one:"))
    return (f"<div role='alert'><b>{needs}</b> {html.escape(str(error))}</div>"
            f"<div>{three}</div><ol style='margin:4px 0'>{items}</ol>"
            f"<div style='color:var(--jp-ui-font-color2,#666)'>{demo}</div>")


def credentials_help(error: CredentialsError, retry: Callable[[], None], widget: str
                     ) -> tuple[widgets.HTML, widgets.Button]:
    """The explanation and the Try again button (``retry`` runs when it is pressed);
    ``widget`` names the widget's class in the third way."""
    text = widgets.HTML(ways_html(error, widget))
    again = widgets.Button(description=_("Try again"), icon="refresh",
                           tooltip=_("Look for the key pair again and open the widget"),
                           layout=widgets.Layout(width="auto"))
    again.on_click(lambda _button: retry())
    return text, again
