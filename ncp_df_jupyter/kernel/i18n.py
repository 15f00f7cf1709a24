"""The notebook faces' translations: gettext, following the kernel's locale.

    from ..kernel.i18n import _, ngettext, pgettext
    _("Delete {name}").format(name=name)      # translate first, then fill the placeholders

The catalogue is the package's one (``ncp_df_jupyter/locale/<ll_CC>/LC_MESSAGES/
ncp_df_jupyter.mo``, compiled from the .po the sidebar's translations come from too). The
language is the kernel's: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, then ``LANG``, read by
Python's gettext itself (``LANGUAGE=ko``, ``ko_KR`` and ``ko_KR.UTF-8`` all find ko_KR). With
no catalogue for it (or none compiled, in a source checkout without a build) the text stays
English. The environment is read at every call, so a test (or ``%env LANGUAGE=ko``) changes the
language of the widgets made afterwards.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "ncp_df_jupyter"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
# The variables gettext reads, in its order of precedence.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@lru_cache(maxsize=8)
def _catalogue(settings: tuple[str | None, ...]) -> gettext.NullTranslations:
    # ``settings`` is only the cache key: gettext reads the same variables from os.environ.
    return gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)


def translations() -> gettext.NullTranslations:
    """The catalogue of the language the environment asks for now (English without one)."""
    return _catalogue(tuple(os.environ.get(name) for name in LANGUAGE_VARIABLES))


def language() -> str:
    """The language of the catalogue in use ("ko_KR"), or "en" when the text stays English."""
    info = translations().info()
    return info.get("language", "en") or "en"


def _(message: str) -> str:
    """``message`` (an English msgid) in the kernel's language."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things ("{count} workspace" / "{count} workspaces")."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in a context, for a word that reads differently in two places."""
    return translations().pgettext(context, message)


def forget() -> None:
    """Read the catalogues again (after they were compiled while this process ran)."""
    _catalogue.cache_clear()
