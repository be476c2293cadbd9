"""Who owes what: the open commitments across all cases, as of a day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vhuis.vocab import CommitmentStatus

if TYPE_CHECKING:
    from vhuis.model import Case, Commitment

# A Case here is a model, or the digest that stands for one (storage/index.py).


@dataclass(frozen=True)
class Owed:
    partner: str
    case: str
    commitment: str
    action: str
    due: date
    days_overdue: int

    def as_json(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "case": self.case,
            "commitment": self.commitment,
            "action": self.action,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
        }


def open_on(commitment: Commitment, on: date) -> bool:
    """Made by ``on`` and not yet done then; a dropped commitment is owed by nobody."""
    if commitment.made > on or commitment.status is CommitmentStatus.dropped:
        return False
    return commitment.status is CommitmentStatus.open or (commitment.done is not None and commitment.done > on)


def owed(cases: Iterable[Case], on: date, partner: str | None = None, overdue_only: bool = False) -> list[Owed]:
    """Open commitments, most overdue first, then by due date, partner and case."""
    found = [
        Owed(c.partner, case.id, c.id, c.action, c.due, max((on - c.due).days, 0))
        for case in cases
        for c in case.commitments
        if open_on(c, on) and (partner is None or c.partner == partner)
    ]
    if overdue_only:
        found = [o for o in found if o.days_overdue > 0]
    return sorted(found, key=lambda o: (-o.days_overdue, o.due, o.partner, o.case, int(o.commitment[1:])))


def by_partner(items: list[Owed]) -> dict[str, list[Owed]]:
    """Grouped by partner, the partner with the most overdue item first."""
    groups: dict[str, list[Owed]] = {}
    for item in items:
        groups.setdefault(item.partner, []).append(item)
    return groups
