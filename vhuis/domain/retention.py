"""How long the store keeps a case: a closed or dismissed case is due for the archive ``closed_years`` after it closed.

Pure functions over loaded cases; where a case's closing day comes from when its file does not
say it (an old file) is the caller's to find (vhuis.collab.retention reads it from the history).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from vhuis.model import Case, CaseStatus

FINISHED = (CaseStatus.closed, CaseStatus.dismissed)


def expiry(closed: date, years: int) -> date:
    """The day the term ends: the same calendar day ``years`` later (a 29 February closing ends on 28 February)."""
    try:
        return closed.replace(year=closed.year + years)
    except ValueError:  # 29 February, and the later year is no leap year
        return closed.replace(year=closed.year + years, day=28)


@dataclass(frozen=True)
class Term:
    """A closed or dismissed case and when its term ends; ``closed`` None: nobody knows when it closed."""

    case: str
    title: str
    status: CaseStatus
    closed: date | None
    expires: date | None
    from_history: bool = False
    """The file has no ``closed`` date: the day was read from the commit that closed it."""

    def due(self, day: date) -> bool:
        return self.expires is not None and self.expires <= day

    def as_json(self) -> dict[str, str | None]:
        return {
            "case": self.case,
            "closed": self.closed.isoformat() if self.closed else None,
            "expires": self.expires.isoformat() if self.expires else None,
        }


def terms(cases: Iterable[Case], years: int, closing_days: Mapping[str, date] | None = None) -> list[Term]:
    """Every closed or dismissed case with its term, in id order.

    A case whose file has no ``closed`` date takes its day from ``closing_days`` (from the history);
    a case in neither has no term (``closed`` and ``expires`` None).
    """
    found = []
    for case in cases:
        if case.status not in FINISHED:
            continue
        known = (closing_days or {}).get(case.id)
        closed = case.closed or known
        found.append(
            Term(
                case=case.id,
                title=case.title,
                status=case.status,
                closed=closed,
                expires=expiry(closed, years) if closed else None,
                from_history=case.closed is None and known is not None,
            )
        )
    return sorted(found, key=lambda term: (term.case[:4], int(term.case[5:])))


def due(found: Iterable[Term], day: date) -> list[Term]:
    """The terms that ended on or before ``day``: the cases due for the archive."""
    return [term for term in found if term.due(day)]
