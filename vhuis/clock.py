"""Days: how one is written (``YYYY-MM-DD``, strictly) and which one it is today.

The working day comes from ``$VHUIS_TODAY`` when set, so that tests and demos
can fix it; else from the calendar. Light: no pydantic, no yaml.
"""

from __future__ import annotations

import os
import re
from datetime import date

from vhuis.errors import InvalidInput
from vhuis.i18n import _

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(text: str) -> date:
    """A day written ``YYYY-MM-DD``, and nothing else (``date.fromisoformat`` also takes ``20261015``)."""
    try:
        if ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(_("{input} is not a date (YYYY-MM-DD, a day that exists)").format(input=repr(text)))


def today() -> date:
    """The working day: ``$VHUIS_TODAY`` when set (for tests and demos), else the calendar."""
    fixed = os.environ.get("VHUIS_TODAY")
    if not fixed:
        return date.today()
    try:
        return iso_day(fixed)
    except ValueError:
        raise InvalidInput(
            _(
                "VHUIS_TODAY: {given} is not a date; set it as YYYY-MM-DD (e.g. VHUIS_TODAY=2026-04-30), "
                "or unset it to use the calendar"
            ).format(given=repr(fixed))
        ) from None
