"""The agenda of a meeting: which cases to discuss, and why (docs/agenda.md). Pure, but for writing it.

Every case that is not closed or dismissed is proposed when at least one reason
holds on the meeting's day; the cases with the most reasons come first, then the
most urgent. The cases are read as digests from the index (storage/index.py), so
proposing stays fast on thousands of cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from vhuis.domain.owes import owed
from vhuis.domain.report import FINISHED, evaluation_due
from vhuis.errors import InvalidInput
from vhuis.i18n import _
from vhuis.vocab import CaseStatus, Escalation

if TYPE_CHECKING:
    from vhuis.model import Case
    from vhuis.storage.store import Store


class Reason(StrEnum):
    """Why a case is on the agenda, most urgent first (the order of a case's reasons and of ties)."""

    escalated = "escalated"
    overdue = "overdue"
    due_before_meeting = "due-before-meeting"
    awaiting_analysis = "awaiting-analysis"
    evaluation_due = "evaluation-due"
    new_signals = "new-signals"


URGENCY = {reason: rank for rank, reason in enumerate(Reason)}
WAITING = frozenset({CaseStatus.reported, CaseStatus.analysis})  # the statuses that wait for an analysis


@dataclass(frozen=True)
class Item:
    """One case proposed for the agenda, with its reasons, most urgent first."""

    case: str
    title: str
    reasons: tuple[Reason, ...]

    def as_json(self) -> dict[str, object]:
        return {"case": self.case, "title": self.title, "reasons": [r.value for r in self.reasons]}


def reasons_of(
    case: Case,
    day: date,
    previous: date | None,
    escalation: Escalation = Escalation(),  # noqa: B008  # frozen
) -> set[Reason]:
    """Why ``case`` belongs on the agenda of the meeting on ``day``; ``previous`` is the meeting before it."""
    found: set[Reason] = set()
    if any(s.date <= day and (previous is None or s.date > previous) for s in case.signals):
        found.add(Reason.new_signals)
    for item in owed([case], day, escalation=escalation):
        if item.due == day or (previous is not None and previous < item.due <= day):
            found.add(Reason.due_before_meeting)  # fell due since the partners last met
        elif item.days_overdue > 0:
            found.add(Reason.overdue)  # already due when they last met, and still open
        if item.escalated:
            found.add(Reason.escalated)
    if case.status in WAITING and case.analysis is None:
        found.add(Reason.awaiting_analysis)
    if evaluation_due(case, day) is not None:
        found.add(Reason.evaluation_due)
    return found


def propose(
    cases: Iterable[Case],
    day: date,
    previous: date | None,
    escalation: Escalation = Escalation(),  # noqa: B008  # frozen
) -> list[Item]:
    """The proposed agenda: every open case opened by ``day`` with a reason, the most reasons first,
    then the most urgent reason, then by case id."""
    items = []
    for case in cases:
        if case.status in FINISHED or case.opened > day:
            continue
        found = reasons_of(case, day, previous, escalation)
        if found:
            items.append(Item(case.id, case.title, tuple(sorted(found, key=URGENCY.__getitem__))))
    return sorted(items, key=lambda i: (-len(i.reasons), URGENCY[i.reasons[0]], i.case[:4], int(i.case[5:])))


@dataclass(frozen=True)
class Applied:
    """What ``--apply`` did to the meeting's agenda."""

    kept: tuple[str, ...]  # the cases that were on it already
    added: tuple[str, ...]  # the proposed cases put after them


def apply_agenda(store: Store, day: date, cases: Iterable[str]) -> Applied:
    """Put ``cases`` after those already on the agenda of the meeting on ``day``, as one commit.

    Refused, with nothing written, when there is no meeting on ``day`` yet. Nothing is committed
    when every case is on the agenda already.
    """
    from vhuis.storage.store import dump_model

    path = store.meeting_path(day)
    with store.lock():
        if not path.exists():
            raise InvalidInput(
                _(
                    "there is no meeting on {day} to write the agenda into; plan it first with "
                    "'vhuis meeting plan {day}', or record it with 'vhuis meeting new {day} --present PARTNER'"
                ).format(day=day)
            )
        meeting = store.meeting(day)
        kept = tuple(meeting.cases)
        added = tuple(c for c in dict.fromkeys(cases) if c not in kept)
        if added:
            meeting.cases = [*kept, *added]
            count = len(added)
            store.commit(
                {path: dump_model(meeting)},
                f"meeting {day}: agenda ({count} case{'' if count == 1 else 's'} added: {', '.join(added)})",
            )
    return Applied(kept, added)
