"""The register of areas (areas.yaml): the wijken and hotspots a case or an inbox signal may name.

The register is optional. Without areas.yaml any place goes, as before. With it, every
command that sets an area takes only a registered name, in any capitals and spacing, and
writes it as the register spells it; a name it does not list is refused with the nearest
registered names. ``vhuis check`` warns about the case files and inbox signals that name an
area the register does not list (a place named before the register was, or one it lacks).

A hotspot does not name the wijk it lies in: areas.yaml's keys are the contract
(``name``, ``municipality``, ``kind``), and the municipality is what the report groups by.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from vhuis.errors import InvalidInput, NotFound, Problem
from vhuis.i18n import _, ngettext, pgettext
from vhuis.storage.store import AREAS_FILE, read_records

if TYPE_CHECKING:
    from vhuis.model import Area
    from vhuis.storage.store import Store
    from vhuis.storage.yamlfile import Locate

SUGGESTED = 3  # at most this many names are offered for a typo


def area_key(name: str) -> str:
    """What two spellings of one area share: capitals and runs of spaces do not count."""
    return " ".join(name.split()).casefold()


def _words(name: str) -> list[str]:
    """The words of a name, whatever joins them (``Genk-Centrum``, ``genk centrum``)."""
    return [word for word in re.split(r"[\s\-/]+", name.casefold()) if word]


@dataclass(frozen=True)
class Register:
    """The areas of areas.yaml, in the file's order."""

    areas: tuple[Area, ...]

    def find(self, name: str) -> Area | None:
        """The registered area ``name`` names (in any capitals and spacing), or None."""
        wanted = area_key(name)
        return next((area for area in self.areas if area_key(area.name) == wanted), None)

    def nearest(self, name: str) -> list[str]:
        """The registered names closest to ``name``, best first, as the register spells them.

        A name whose words begin the other's, or are begun by them (``Winterslag`` for
        ``Winterslag-Centrum``, ``Bret-Gelieren`` for ``bret``), is the likeliest; without one,
        the names most alike (difflib), so that ``Kolderbosch`` finds ``Kolderbos``.
        """
        spelled = {area_key(area.name): area.name for area in self.areas}
        typed = _words(name)
        begun = [
            key
            for key in spelled
            if typed and (_words(key)[: len(typed)] == typed or typed[: len(_words(key))] == _words(key))
        ]
        close = begun or difflib.get_close_matches(area_key(name), list(spelled), n=SUGGESTED, cutoff=0.6)
        return [spelled[key] for key in close[:SUGGESTED]]

    def not_listed(self, name: str) -> str:
        """Why ``name`` is refused: it is not in the register; the nearest names when there are any."""
        nearest = self.nearest(name)
        if not nearest:
            return ngettext(
                "{area} is not an area of {file} ({n} area listed); give that one, or add it to {file} first",
                "{area} is not an area of {file} ({n} areas listed); give one of them, or add it to {file} first",
                len(self.areas),
            ).format(area=repr(name), file=AREAS_FILE, n=len(self.areas))
        quoted = [repr(found) for found in nearest]
        either = quoted[0]
        if len(quoted) > 1:
            either = "{} {} {}".format(", ".join(quoted[:-1]), pgettext("a list of values", "or"), quoted[-1])
        return _("{area} is not an area of {file}; did you mean {nearest}?").format(
            area=repr(name), file=AREAS_FILE, nearest=either
        )


def register_of(store: Store) -> Register | None:
    """The store's register of areas, or None when it keeps none (no areas.yaml)."""
    path = store.root / AREAS_FILE
    if not os.path.lexists(path):  # a link there is named as a problem by reading it
        return None
    try:
        text = store.read_text(path)
    except NotFound:
        return None
    return Register(tuple(cast("list[Area]", read_records(text, AREAS_FILE))))


def registered(store: Store, name: str | None, field: str) -> str | None:
    """``name`` as the register spells it; InvalidInput about ``field`` when the register does not list it.

    Without a register, or without a name, ``name`` as given.
    """
    if name is None:
        return None
    register = register_of(store)
    if register is None:
        return name
    found = register.find(name)
    if found is None:
        raise InvalidInput(register.not_listed(name), field)
    return found.name


def area_problems(
    register: Register, areas: Sequence[tuple[str | None, tuple[str | int, ...]]], name: str, locate: Locate
) -> list[Problem]:
    """A warning for each area of a file (its value, and the path to it) that the register does not list."""
    found = []
    for area, path in areas:
        if area is None or register.find(area) is not None:
            continue
        field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")
        found.append(Problem(name, locate(path), field, register.not_listed(area), "warning"))
    return found
