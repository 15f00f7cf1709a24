"""Marking texts that a face translates: ``N_("...")`` is the text itself.

The core has no language: it says things in English. A text that a face shows translated (the
sidebar through JupyterLab's translator, the notebook faces through gettext) is marked with
``N_`` where it is written, so tools/catalogs.py puts it in the catalogue; its ``{name}``
placeholders are filled after translating (``_(TEXT).format(name=...)``).
"""

from __future__ import annotations


def N_(message: str) -> str:  # the gettext convention for a marked, untranslated msgid
    return message
