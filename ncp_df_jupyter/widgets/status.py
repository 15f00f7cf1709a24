"""The one-line status of a widget: progress, a result, or one sentence saying what failed."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..core.errors import DataForestError
from ..core.plain_text import plain_text

COLOURS = {
    "busy": "var(--jp-ui-font-color1, #333)",
    "ok": "var(--jp-success-color1, #2e7d32)",
    "error": "var(--jp-error-color1, #c62828)",
    "info": "var(--jp-ui-font-color2, #666)",
}
ICONS = {"busy": "\u23f3 ", "ok": "\u2714 ", "error": "\u2716 ", "info": ""}

BUG_SENTENCE = ("Something went wrong inside ncp_df_jupyter while {what}; the details were "
                "logged (please report it).")


class Status(widgets.HTML):
    """An HTML line whose text is also kept as plain ``text`` for scripts and tests (control
    characters of names and messages from the service shown escaped, as everywhere)."""

    def __init__(self) -> None:
        super().__init__(value="", layout=widgets.Layout(margin="6px 0 0 0"))
        self.text = ""
        self.kind = "info"

    def show(self, kind: str, text: str, extra_html: str = "") -> None:
        text = plain_text(text)
        self.kind, self.text = kind, text
        if not text:
            self.value = ""
            return
        self.value = (f'<span style="color:{COLOURS[kind]}">{ICONS[kind]}'
                      f"{html.escape(text)}</span>{extra_html}")

    def busy(self, text: str) -> None:
        self.show("busy", text)

    def ok(self, text: str, extra_html: str = "") -> None:
        self.show("ok", text, extra_html)

    def error(self, error: DataForestError | str) -> None:
        # str(DataForestError) is one sentence naming the operation; never a traceback.
        self.show("error", str(error))

    def bug(self, what: str) -> None:
        self.show("error", BUG_SENTENCE.format(what=what))

    def clear(self) -> None:
        self.show("info", "")
