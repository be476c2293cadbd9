"""Who owes what: the open commitments across all cases, as of a day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vhuis.vocab import CommitmentStatus, Escalation

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
    postponed: int = 0
    """How often its due date was moved later, up to the day asked about."""
    escalated: bool = False
    """Overdue too long, or postponed too often (vhuis.yaml ``escalate``)."""

    def as_json(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "case": self.case,
            "commitment": self.commitment,
            "action": self.action,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
            "postponed": self.postponed,
            "escalated": self.escalated,
        }


def open_on(commitment: Commitment, on: date) -> bool:
    """Made by ``on`` and not yet done then; a dropped commitment is owed by nobody."""
    if commitment.made > on or commitment.status is CommitmentStatus.dropped:
        return False
    return commitment.status is CommitmentStatus.open or (commitment.done is not None and commitment.done > on)


def postponements(commitment: Commitment, on: date) -> int:
    """How often ``commitment`` was postponed on or before ``on``."""
    return sum(p.date <= on for p in commitment.postponed)


def due_on(commitment: Commitment, on: date) -> date:
    """The due date ``commitment`` had on ``on``: before a later postponement, the date it moved from."""
    later = [p for p in commitment.postponed if p.date > on]
    return later[0].from_ if later else commitment.due


def escalated(days_overdue: int, postponed: int, escalation: Escalation) -> bool:
    """Overdue more than ``escalation.overdue_days``, or postponed ``escalation.postponed`` times or more."""
    return days_overdue > escalation.overdue_days or postponed >= escalation.postponed


def owed(
    cases: Iterable[Case],
    on: date,
    partner: str | None = None,
    overdue_only: bool = False,
    escalation: Escalation = Escalation(),  # noqa: B008  # frozen
) -> list[Owed]:
    """Open commitments, most overdue first, then by due date, partner and case; each marked when escalated."""
    found = []
    for case in cases:
        for c in case.commitments:
            if open_on(c, on) and (partner is None or c.partner == partner):
                due = due_on(c, on)
                late, times = max((on - due).days, 0), postponements(c, on)
                found.append(
                    Owed(c.partner, case.id, c.id, c.action, due, late, times, escalated(late, times, escalation))
                )
    if overdue_only:
        found = [o for o in found if o.days_overdue > 0]
    return sorted(found, key=lambda o: (-o.days_overdue, o.due, o.partner, o.case, int(o.commitment[1:])))


def by_partner(items: list[Owed]) -> dict[str, list[Owed]]:
    """Grouped by partner, the partner with the most overdue item first."""
    groups: dict[str, list[Owed]] = {}
    for item in items:
        groups.setdefault(item.partner, []).append(item)
    return groups


def owed_for(
    cases: Iterable[Case],
    on: date,
    viewer: str | None,
    partner: str | None = None,
    overdue_only: bool = False,
    escalation: Escalation = Escalation(),  # noqa: B008  # frozen
) -> list[Owed]:
    """What ``owed`` finds, less what ``viewer`` may not see (domain/audience.py): the list for an output to it.

    A commitment of a confidential case outside the viewer's audience, or one restricted to other
    partners, is left out. ``viewer`` None is the office itself, which sees everything.
    """
    if viewer is None:
        return owed(cases, on, partner, overdue_only, escalation)
    from vhuis.domain.audience import sees_case, sees_entry

    seen = [case for case in cases if sees_case(case, viewer)]
    hidden = {(case.id, c.id) for case in seen for c in case.commitments if not sees_entry(c, viewer)}
    items = owed(seen, on, partner, overdue_only, escalation)
    return [item for item in items if (item.case, item.commitment) not in hidden]
