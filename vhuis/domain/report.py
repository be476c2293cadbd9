"""Views over loaded cases: selecting and summarising them, and the office's report. Pure functions.

The report answers the three questions every meeting asks (which problems are
there? do all partners take part? does every partner do what it promised?) and
shows the balance of each case's plan: preventive next to repressive measures,
and every link of the safety chain. docs/report.md defines every number. The bestuur's report
over a period is vhuis.domain.period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from vhuis.domain.owes import Owed, due_on, open_on, owed
from vhuis.vocab import (
    CaseStatus,
    CommitmentStatus,
    Escalation,
    GoalResult,
    MeasureStatus,
    MeasureType,
    MeetingStatus,
    Phase,
)

if TYPE_CHECKING:
    from vhuis.errors import Problem
    from vhuis.model import Case, Evaluation, Meeting, Signal
    from vhuis.storage.store import Store

# Every function here takes a Case: a model, or the digest that stands for one (storage/index.py).

CHAIN = tuple(Phase)  # proaction, prevention, reaction, aftercare: the order of the safety chain
FINISHED = frozenset({CaseStatus.closed, CaseStatus.dismissed})


def select_cases(
    cases: Iterable[Case],
    status: str | None = None,
    theme: str | None = None,
    area: str | None = None,
    partner: str | None = None,
) -> list[Case]:
    """Cases matching every filter; ``area`` matches an area or a group (or a group case's area), in any capitals."""
    chosen = []
    for case in cases:
        if status is not None and case.status.value != status:
            continue
        if theme is not None and theme not in case.themes:
            continue
        if area is not None and area.casefold() not in {case.where.casefold(), (case.area or "").casefold()}:
            continue
        if partner is not None and partner != case.lead and partner not in case.partners:
            continue
        chosen.append(case)
    return chosen


def case_rows(cases: Iterable[Case]) -> list[dict[str, Any]]:
    """The ``case list --json`` shape."""
    return [
        {
            "id": c.id,
            "title": c.title,
            "status": c.status.value,
            "approach": c.approach.value,
            "area": c.area,
            "group": c.group,
            "themes": list(c.themes),
            "lead": c.lead,
        }
        for c in cases
    ]


# -- evaluations --------------------------------------------------------------


def results(evaluation: Evaluation | None) -> dict[int, GoalResult]:
    """An evaluation's result per goal number, of a case or its digest (which holds them as JSON text)."""
    if evaluation is None:
        return {}
    return {int(number): GoalResult(result) for number, result in sorted(evaluation.goals.items(), key=_number)}


def _number(item: tuple[object, object]) -> int:
    return int(str(item[0]))


def goals_reached(case: Case) -> bool | None:
    """Whether every goal of the plan was reached, as its evaluation says; None without an evaluation."""
    if case.evaluation is None:
        return None
    found = results(case.evaluation)
    return case.goal_count > 0 and all(found.get(n) is GoalResult.reached for n in range(1, case.goal_count + 1))


# -- months -------------------------------------------------------------------


def month_of(day: date) -> str:
    """``2026-03``."""
    return f"{day.year:04d}-{day.month:02d}"


def months_up_to(last: date, count: int) -> list[str]:
    """The ``count`` months ending with the month of ``last``, oldest first."""
    index = last.year * 12 + last.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def signal_trend(signals: Iterable[Signal], until: date, longest: int = 12) -> list[tuple[str, int]]:
    """Signals per month up to ``until``: from the month of the first one (at most ``longest`` months back)
    to the month of ``until``, months without signals as 0; empty when there are none."""
    counts = Counter(month_of(s.date) for s in signals if s.date <= until)
    if not counts:
        return []
    first = min(counts)
    months = [m for m in months_up_to(until, longest) if m >= first]
    return [(m, counts.get(m, 0)) for m in months]


# -- the report ---------------------------------------------------------------


def one_sided(preventive: int, repressive: int) -> MeasureType | None:
    """The only type of measure a plan has (it is one-sided); None when it has both, or none."""
    if preventive and not repressive:
        return MeasureType.preventive
    if repressive and not preventive:
        return MeasureType.repressive
    return None


@dataclass(frozen=True)
class CaseBalance:
    """One open case: its plan's balance and what its partners still owe."""

    id: str
    title: str | None  # None for a confidential case: the report never shows its title
    status: CaseStatus
    where: str
    preventive: int
    repressive: int
    phases_missing: tuple[Phase, ...]
    open: int
    overdue: int
    goals_reached: bool | None = None  # by its evaluation: every goal reached; None when not evaluated yet

    @property
    def one_sided(self) -> MeasureType | None:
        return one_sided(self.preventive, self.repressive)

    @property
    def no_measures(self) -> bool:
        return self.preventive == 0 and self.repressive == 0

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "preventive": self.preventive,
            "repressive": self.repressive,
            "phases_missing": [p.value for p in self.phases_missing],
            "open": self.open,
            "overdue": self.overdue,
            "goals_reached": self.goals_reached,
        }


@dataclass(frozen=True)
class Evaluated:
    """A case evaluated on or before the report's day: per goal whether it was reached."""

    id: str
    title: str | None  # None for a confidential case
    status: CaseStatus
    date: date
    goals: int  # how many goals the plan has
    results: dict[int, GoalResult]
    goals_reached: bool | None  # None only for a case that is not evaluated (never in the report's list)

    def as_json(self) -> dict[str, object]:
        return {
            "case": self.id,
            "title": self.title,
            "status": self.status.value,
            "date": self.date.isoformat(),
            "goals": {str(n): self.results[n].value if n in self.results else None for n in range(1, self.goals + 1)},
            "goals_reached": self.goals_reached,
        }


@dataclass(frozen=True)
class EvaluationDue:
    """A case in monitoring for more than EVALUATION_DUE days, without an evaluation."""

    id: str
    title: str | None  # None for a confidential case
    since: date  # monitoring_since: the last thing that happened in it
    days: int

    def as_json(self) -> dict[str, object]:
        return {"case": self.id, "title": self.title, "since": self.since.isoformat(), "days": self.days}


EVALUATION_DUE = 90  # days in monitoring after which a case without an evaluation is named


def monitoring_since(case: Case) -> date:
    """Since when a case has been quiet: the latest of its opening, its decisions and its commitments made or done.

    The files do not say when a case moved to monitoring, and git's history is too dear to read for
    every case; the move is as a rule decided at a meeting, with a decision or new commitments.
    """
    days = [case.opened, *(d.date for d in case.decisions), *(c.made for c in case.commitments)]
    return max([*days, *(c.done for c in case.commitments if c.done is not None)])


def evaluation_due(case: Case, on: date) -> EvaluationDue | None:
    """The case when it is in monitoring for more than EVALUATION_DUE days on ``on`` without an evaluation."""
    if case.status is not CaseStatus.monitoring or evaluated_by(case, on):
        return None
    since = monitoring_since(case)
    return (
        EvaluationDue(case.id, shown_title(case), since, (on - since).days)
        if (on - since).days > EVALUATION_DUE
        else None
    )


def evaluated_by(case: Case, on: date) -> bool:
    return case.evaluation is not None and case.evaluation.date <= on


@dataclass
class PartnerRecord:
    """One partner: what it promised across all cases, and whether it came to the meetings."""

    partner: str
    open: int = 0
    overdue: int = 0
    done: int = 0
    done_late: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0
    involved: bool = False  # named by an open case (lead, partner, measure owner, commitment): not in the JSON
    invited: int = 0  # held meetings it was invited to (or came to): present, excused and absent count only those;
    # not in this JSON (its keys stay as they were): the period's ``attendance`` has it

    @property
    def concerned(self) -> bool:
        """Whether any meeting concerned it: a partner never invited is not concerned, never absent."""
        return self.invited > 0

    def as_json(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "open": self.open,
            "overdue": self.overdue,
            "done": self.done,
            "done_late": self.done_late,
            "present": self.present,
            "excused": self.excused,
            "absent": self.absent,
        }


@dataclass(frozen=True)
class SignalCount:
    month: str
    where: str | None  # None: the target group of a confidential case without an area (never shown)
    count: int

    def as_json(self) -> dict[str, object]:
        return {"month": self.month, "where": self.where, "count": self.count}


@dataclass(frozen=True)
class PlaceMonths:
    """One place's signals per month over the months a table shows (``Report.places``)."""

    where: str | None
    """The place (area, or target group); None for a confidential case's group."""
    months: dict[str, int]
    """Signals per month, the months without signals left out."""
    total: int
    """Signals in all the months the table shows."""

    def counts(self, months: Iterable[str]) -> list[int]:
        """Its signals in each of ``months``, 0 for a month without."""
        return [self.months.get(m, 0) for m in months]


RECENT = 3  # "which problems are there?" looks at the signals of this many months, up to --on


@dataclass(frozen=True)
class Verdicts:
    """The short answer to each of the office's questions, as facts (docs/report.md, "verdicts")."""

    open_cases: int
    months: tuple[str, ...]  # the recent months, oldest first
    signals: int  # signals in those months
    busiest: tuple[str, ...]  # the place(s) with the most of them; empty when there are none
    busiest_count: int
    meetings: int
    absent: tuple[PartnerRecord, ...]  # absent without notice at least once, at a meeting it was invited to
    present_at_none: tuple[str, ...]  # named in an open case, invited to a meeting, present at none
    open: int
    overdue: int
    late: tuple[PartnerRecord, ...]  # with overdue commitments, most overdue first
    done: int
    done_late: int
    one_kind_only: tuple[str, ...]  # open cases with only preventive or only repressive measures
    chain_link_missing: tuple[str, ...]  # open cases with measures, and a link of the chain without any

    @property
    def all_take_part(self) -> bool:
        return not self.absent and not self.present_at_none

    def as_json(self) -> dict[str, object]:
        return {
            "open_cases": self.open_cases,
            "months": list(self.months),
            "signals": self.signals,
            "busiest": list(self.busiest),
            "busiest_count": self.busiest_count,
            "meetings": self.meetings,
            "absent": [{"partner": r.partner, "absent": r.absent} for r in self.absent],
            "present_at_none": list(self.present_at_none),
            "open": self.open,
            "overdue": self.overdue,
            "late": [{"partner": r.partner, "overdue": r.overdue} for r in self.late],
            "done": self.done,
            "done_late": self.done_late,
            "one_kind_only": list(self.one_kind_only),
            "chain_link_missing": list(self.chain_link_missing),
        }


@dataclass
class Report:
    on: date
    cases: list[CaseBalance]
    partners: list[PartnerRecord]
    signals: list[SignalCount]
    meetings: int = 0
    escalations: list[Owed] = field(default_factory=list)
    evaluations: list[Evaluated] = field(default_factory=list)
    evaluation_due: list[EvaluationDue] = field(default_factory=list)
    escalation: Escalation = Escalation()  # noqa: RUF009  # frozen: when a commitment is escalated
    hidden: frozenset[tuple[str, str]] = frozenset()  # (case, commitment) whose action the report may not show

    @property
    def verdicts(self) -> Verdicts:
        recent = months_up_to(self.on, RECENT)
        places: Counter[str] = Counter()
        for s in self.signals:
            if s.month in recent and s.where is not None:
                places[s.where] += s.count
        most = max(places.values(), default=0)
        return Verdicts(
            open_cases=len(self.cases),
            months=tuple(recent),
            signals=sum(places.values()),
            busiest=tuple(sorted(w for w, n in places.items() if n == most)) if places else (),
            busiest_count=most,
            meetings=self.meetings,
            absent=tuple(r for r in self.partners if r.absent),
            present_at_none=tuple(r.partner for r in self.partners if r.involved and r.concerned and not r.present),
            open=sum(r.open for r in self.partners),
            overdue=sum(r.overdue for r in self.partners),
            late=tuple(r for r in sorted(self.partners, key=lambda r: -r.overdue) if r.overdue),
            done=sum(r.done for r in self.partners),
            done_late=sum(r.done_late for r in self.partners),
            one_kind_only=tuple(c.id for c in self.cases if c.one_sided is not None),
            chain_link_missing=tuple(c.id for c in self.cases if c.phases_missing and not c.no_measures),
        )

    def places(self, longest: int = 12) -> list[PlaceMonths]:
        """The places with signals in the ``longest`` months up to ``on``: the most first, then by name."""
        months = set(months_up_to(self.on, longest))
        found: dict[str | None, dict[str, int]] = {}
        for s in self.signals:
            if s.month in months:
                found.setdefault(s.where, {})[s.month] = s.count
        rows = [PlaceMonths(where, counts, sum(counts.values())) for where, counts in found.items()]
        return sorted(rows, key=lambda r: (-r.total, r.where is None, r.where or ""))

    def shows(self, owed: Owed) -> bool:
        """Whether the report may show the commitment's action: not of a confidential case, not restricted."""
        return (owed.case, owed.commitment) not in self.hidden

    def escalation_json(self, owed: Owed) -> dict[str, object]:
        return {**owed.as_json(), "action": owed.action if self.shows(owed) else None}

    def as_json(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "cases": [c.as_json() for c in self.cases],
            "partners": [p.as_json() for p in self.partners],
            "signals": [s.as_json() for s in self.signals],
            "verdicts": self.verdicts.as_json(),
            "escalations": [self.escalation_json(o) for o in self.escalations],
            "evaluations": [e.as_json() for e in self.evaluations],
            "evaluation_due": [e.as_json() for e in self.evaluation_due],
        }


def counts_in_report(case: Case, on: date) -> bool:
    """The per-case list holds the cases that exist on ``on`` and are not closed or dismissed."""
    return case.opened <= on and case.status not in FINISHED


def case_balance(case: Case, on: date) -> CaseBalance:
    taken = [m for m in case.measures if m.status is not MeasureStatus.dropped]
    phases = {m.phase for m in taken}
    still_open = [c for c in case.commitments if open_on(c, on)]
    return CaseBalance(
        id=case.id,
        title=shown_title(case),
        status=case.status,
        where=case.where,
        preventive=sum(m.type is MeasureType.preventive for m in taken),
        repressive=sum(m.type is MeasureType.repressive for m in taken),
        phases_missing=tuple(p for p in CHAIN if p not in phases),
        open=len(still_open),
        overdue=sum(due_on(c, on) < on for c in still_open),
        goals_reached=goals_reached(case) if evaluated_by(case, on) else None,
    )


def _involved(case: Case) -> set[str]:
    named = {*case.partners, *(m.owner for m in case.measures), *(c.partner for c in case.commitments)}
    if case.lead:
        named.add(case.lead)
    return named


def office_report(
    cases: Iterable[Case],
    meetings: Iterable[Meeting],
    registry: Iterable[str],
    on: date,
    escalation: Escalation = Escalation(),  # noqa: B008  # frozen
    standing: Sequence[str] = (),
) -> Report:
    """The report as of ``on``: every number as it stood that day (docs/report.md).

    Attendance counts, for each partner, only the held meetings it was invited to (:func:`invited_to`).
    """
    cases = sorted(cases, key=lambda c: c.id)
    known = list(registry)
    records = {p: PartnerRecord(p) for p in known}

    def record(partner: str) -> PartnerRecord:
        return records.setdefault(partner, PartnerRecord(partner))

    balances: list[CaseBalance] = []
    signals: Counter[tuple[str, str | None]] = Counter()
    for case in cases:
        if counts_in_report(case, on):
            balances.append(case_balance(case, on))
            for partner in _involved(case):
                record(partner).involved = True
        for signal in case.signals:
            if signal.date <= on:
                signals[month_of(signal.date), place_of(case)] += 1
        for c in case.commitments:
            if c.made > on or c.status is CommitmentStatus.dropped:
                continue
            row = record(c.partner)
            if open_on(c, on):
                row.open += 1
                row.overdue += due_on(c, on) < on
            elif c.status is CommitmentStatus.done:
                row.done += 1
                row.done_late += c.done is not None and c.done > c.due
    held = [m for m in meetings if m.date <= on and is_held(m)]
    for partner, seen in attendance_at(held, {c.id: c for c in cases}, known, standing).items():
        row = record(partner)
        row.invited, row.present, row.excused, row.absent = seen.invited, seen.present, seen.excused, seen.absent
    return Report(
        on=on,
        cases=balances,
        partners=[records[p] for p in known] + [records[p] for p in sorted(set(records) - set(known))],
        signals=[SignalCount(m, w, n) for (m, w), n in sorted(signals.items(), key=_by_month_and_place)],
        meetings=len(held),
        escalations=[o for o in owed(cases, on, escalation=escalation) if o.escalated],
        evaluations=[
            Evaluated(
                c.id, shown_title(c), c.status, c.evaluation.date, c.goal_count, results(c.evaluation), goals_reached(c)
            )
            for c in cases
            if c.evaluation is not None and c.evaluation.date <= on and c.opened <= on
        ],
        evaluation_due=[due for c in cases if c.opened <= on and (due := evaluation_due(c, on)) is not None],
        escalation=escalation,
        hidden=frozenset(
            (case.id, c.id) for case in cases for c in case.commitments if case.confidential or c.restricted_to
        ),
    )


def store_report(store: Store, on: date) -> tuple[Report, list[Problem]]:
    """The report of a store, from the index (fast on thousands of cases) and the meeting files."""
    digests, problems = store.digests()
    meetings, meeting_problems = store.meetings()
    report = office_report(digests, meetings, store.partners, on, store.escalation, store.settings.standing)
    return report, [*problems, *meeting_problems]


# -- attendance (the report and the period report) --------------------------------------------


@dataclass(frozen=True)
class Attendance:
    """One partner at the held meetings of the period: only the meetings it was invited to count (issue 17, item 4)."""

    partner: str
    invited: int = 0
    """Held meetings of the period it was invited to (see :func:`invited_to`), or came to uninvited."""
    present: int = 0
    """Of those, the meetings where it is listed present."""
    excused: int = 0
    """Of those, the meetings where it is listed excused."""
    absent: int = 0
    """Of those, the meetings where it is listed absent (absent without notice)."""

    @property
    def unrecorded(self) -> int:
        """Meetings it was invited to whose lists do not name it."""
        return self.invited - self.present - self.excused - self.absent

    @property
    def concerned(self) -> bool:
        """Whether any meeting of the period concerned it; a partner never invited is not concerned, never absent."""
        return self.invited > 0

    def as_json(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "invited": self.invited,
            "present": self.present,
            "excused": self.excused,
            "absent": self.absent,
            "unrecorded": self.unrecorded,
            "concerned": self.concerned,
        }


def shown_title(case: Case) -> str | None:
    """The title the report may show: None for a confidential case (issue 16: counts, never restricted text)."""
    return None if case.confidential else case.title


def _by_month_and_place(item: tuple[tuple[str, str | None], int]) -> tuple[str, bool, str]:
    (month, where), _count = item
    return month, where is None, where or ""


def place_of(case: Case) -> str | None:
    """Where a case's signals count: its area, or its target group; None for the group of a confidential case
    without an area (a group may name people: the report never shows it)."""
    if case.confidential and not case.area:
        return None
    return case.where


def invited_to(meeting: Meeting, cases: Mapping[str, Case], standing: Sequence[str] = ()) -> set[str]:
    """The partners a meeting concerned, as ``vhuis invite`` invites them.

    The meeting's ``invited``; else the lead and partners of its agenda's cases and the standing
    members; a meeting with neither (an older file) counts its attendance lists as its invitation.
    """
    if meeting.invited:
        return set(meeting.invited)
    named: set[str] = set()
    for case_id in meeting.cases:
        case = cases.get(case_id)
        if case is not None:
            named.update([*([case.lead] if case.lead else []), *case.partners])
    if named or (meeting.cases and standing):
        return named | set(standing)
    return {*meeting.present, *meeting.excused, *meeting.absent}


def is_held(meeting: Meeting) -> bool:
    """Whether the meeting took place (a file without status was held)."""
    return meeting.status is MeetingStatus.held


def attendance_at(
    meetings: Iterable[Meeting], cases: Mapping[str, Case], partners: Iterable[str], standing: Sequence[str] = ()
) -> dict[str, Attendance]:
    """Each partner's attendance at the held ``meetings``, counting only those it was invited to (or came to).

    ``partners`` come first, in their order; a partner named only by a meeting follows, by id.
    """
    counts: dict[str, Counter[str]] = {p: Counter() for p in partners}
    for meeting in meetings:
        if not is_held(meeting):
            continue
        invited = invited_to(meeting, cases, standing)
        for partner in sorted(invited | set(meeting.present)):
            row = counts.setdefault(partner, Counter())
            row["invited"] += 1
            if partner in meeting.present:
                row["present"] += 1
            elif partner in meeting.excused:
                row["excused"] += 1
            elif partner in meeting.absent:
                row["absent"] += 1
    return {p: Attendance(p, n["invited"], n["present"], n["excused"], n["absent"]) for p, n in counts.items()}
