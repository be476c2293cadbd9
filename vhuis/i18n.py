"""Every word a person reads, in the store's language: gettext catalogs kept with Babel's tooling.

English is the source language: messages are written in English in the code, marked with
``_("...")`` (or ``ngettext`` for a count, ``pgettext`` where one English word means two
things), and translated through ``vhuis/locale/<language>/LC_MESSAGES/vhuis.mo``. The
catalogs are made with ``python bench/catalog.py`` (extract, update, compile: see
docs/translating.md); the compiled ``.mo`` files are in the repository, so a fresh
``pip install -e .`` reads them with the standard library and nothing else.

One language is *active* at a time: the command line activates the store's language as it
opens the store (``activate``), and ``_`` translates into it. Until then, and for a store
that says nothing, it is Dutch, the office's language. Documents for a given language (the
minutes, e-mails) ask for that language's catalog with ``catalog``.

This module is the lowest layer: it imports nothing of vhuis.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path

DOMAIN = "vhuis"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE = "en"  # the language the messages are written in
DEFAULT = "nl"  # the office's language, for a store that says nothing and before a store is open
LANGUAGES = ("nl", "en")

_active: list[str] = [DEFAULT]


@cache
def catalog(language: str) -> _gettext.NullTranslations:
    """The translations into ``language``; English (the source) and an unknown language translate nothing."""
    if language == SOURCE or language not in LANGUAGES:
        return _gettext.NullTranslations()
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
        return _gettext.GNUTranslations(file)


def activate(language: str) -> None:
    """Make ``language`` the language of every message from now on (the store's ``language``)."""
    _active[0] = language if language in LANGUAGES else DEFAULT


def active() -> str:
    return _active[0]


def _(message: str) -> str:
    """``message`` in the active language."""
    return catalog(_active[0]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the active language (format ``{n}`` in it yourself)."""
    return catalog(_active[0]).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, where ``context`` tells two meanings of one English word apart."""
    return catalog(_active[0]).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (a constant translated where it is shown)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark ``message`` in ``context`` for the catalog without translating it now; ``pgettext(*it)`` shows it."""
    return context, message
