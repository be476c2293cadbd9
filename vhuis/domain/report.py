"""Views over loaded cases: selecting and summarising them, and the office's report. Pure functions.

The report answers the three questions every meeting asks (which problems are
there? do all partners take part? does every partner do what it promised?) and
shows the balance of each case's plan: preventive next to repressive measures,
and every link of the safety chain. docs/report.md defines every number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from vhuis.domain.owes import Owed, due_on, escalated, open_on, owed, postponements
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
    from vhuis.model import Area, Case, Evaluation, Meeting, Signal
    from vhuis.storage.store import Store

# Every function here takes a Case: a model, or the digest that stands for one (storage/index.py).

CHAIN = tuple(Phase)  # proaction, prevention, reaction, aftercare: the order of the safety chain
FINISHED = frozenset({CaseStatus.closed, CaseStatus.dismissed})
T = TypeVar("T")


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
    def only_repressive(self) -> bool:
        return self.repressive > 0 and self.preventive == 0

    @property
    def only_preventive(self) -> bool:
        return self.preventive > 0 and self.repressive == 0

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
            one_kind_only=tuple(c.id for c in self.cases if c.only_repressive or c.only_preventive),
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


# -- the period report (the bestuur's: docs/report.md, "A period") -------------------------------------


@dataclass(frozen=True)
class Period:
    """The days a report covers, both included."""

    start: date
    """The first day (``--from``)."""
    end: date
    """The last day (``--to``)."""
    today: date | None = field(default=None, compare=False)
    """The day the report is made; a period that ends later is counted as of it (see ``as_of``)."""

    @property
    def as_of(self) -> date:
        """The day what is open, owed, overdue or escalated is counted on: the period's last day, or today
        when the period ends later (a year's report made in November does not count December's due dates
        as overdue already)."""
        return self.end if self.today is None else min(self.end, self.today)

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        """The period of equal length that ends the day before this one starts (the trend compares with it)."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def months(self) -> list[str]:
        """Every month the period touches, oldest first (``2026-01``)."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(first, last + 1)]

    def holds(self, day: date | None) -> bool:
        """Whether ``day`` lies in the period (None never does)."""
        return day is not None and self.start <= day <= self.end

    def as_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def period_of(start: date | None, end: date | None, today: date) -> Period:
    """The period ``--from``/``--to`` ask for: by default from the 1st of January of the end's year to today.

    InvalidInput when it starts after it ends.
    """
    from vhuis.domain.inputs import naming
    from vhuis.errors import InvalidInput
    from vhuis.i18n import _

    last = end or today
    first = start or date(last.year, 1, 1)
    if first > last:
        said = naming(
            _("{start} is after the period's last day, {end} ({field}): a period starts on or before the day it ends"),
            "end",
            start=first.isoformat(),
            end=last.isoformat(),
        )
        raise InvalidInput(said, "start")
    return Period(first, last, today)


@dataclass(frozen=True)
class Tally:
    """Signals of one theme, area or municipality: in the period, in the previous period, and the difference."""

    name: str | None
    """The theme, area or municipality; None for signals without one (a case without theme or area)."""
    count: int
    """Signals dated in the period."""
    previous: int
    """Signals dated in the previous period of equal length."""

    @property
    def difference(self) -> int:
        """``count - previous``: more (positive) or fewer (negative) than the period before."""
        return self.count - self.previous

    def as_json(self, key: str) -> dict[str, object]:
        return {key: self.name, "count": self.count, "previous": self.previous, "difference": self.difference}


@dataclass(frozen=True)
class Trend:
    """All signals of the period against those of the previous period of equal length."""

    previous: Period
    """The previous period."""
    count: int
    """Signals dated in the period."""
    previous_count: int
    """Signals dated in the previous period."""

    @property
    def difference(self) -> int:
        """``count - previous_count``."""
        return self.count - self.previous_count

    def as_json(self) -> dict[str, object]:
        return {
            "previous": self.previous.as_json(),
            "signals": self.count,
            "previous_signals": self.previous_count,
            "difference": self.difference,
        }


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


@dataclass(frozen=True)
class FollowUp:
    """One partner's commitments, over all cases: kept in the period, and what it still owes at its end."""

    partner: str
    on_time: int = 0
    """Commitments done in the period, on or before their due date."""
    late: int = 0
    """Commitments done in the period, after their due date."""
    open: int = 0
    """Commitments open at the end of the period (the overdue ones included)."""
    overdue: int = 0
    """Of ``open``, those past their due date at the end of the period."""
    escalated: int = 0
    """Of ``open``, those escalated at the end of the period (vhuis.yaml ``escalate``, as ``vhuis owes``)."""

    def as_json(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "on_time": self.on_time,
            "late": self.late,
            "open": self.open,
            "overdue": self.overdue,
            "escalated": self.escalated,
        }


@dataclass(frozen=True)
class PlanBalance:
    """The balance of one case's plan: a case that was open at some time in the period."""

    case: str
    title: str | None
    """The case's title; None for a confidential case (the report never shows its title)."""
    status: CaseStatus
    """The case's status now."""
    preventive: int
    """Its measures of type preventive (dropped ones not counted)."""
    repressive: int
    """Its measures of type repressive (dropped ones not counted)."""
    phases: dict[Phase, int]
    """Its measures (dropped ones not counted) per link of the chain, every link present, in chain order."""

    @property
    def one_sided(self) -> MeasureType | None:
        """The only type of measure the plan has (it is one-sided); None when it has both, or none."""
        if self.preventive and not self.repressive:
            return MeasureType.preventive
        if self.repressive and not self.preventive:
            return MeasureType.repressive
        return None

    @property
    def phases_missing(self) -> tuple[Phase, ...]:
        """The links of the chain without a measure, in chain order."""
        return tuple(p for p in CHAIN if not self.phases[p])

    @property
    def no_measures(self) -> bool:
        """Whether the plan has no (not dropped) measures yet."""
        return not self.preventive and not self.repressive

    def as_json(self) -> dict[str, object]:
        return {
            "case": self.case,
            "title": self.title,
            "status": self.status.value,
            "preventive": self.preventive,
            "repressive": self.repressive,
            "phases": {p.value: n for p, n in self.phases.items()},
            "phases_missing": [p.value for p in self.phases_missing],
            "one_sided": self.one_sided.value if self.one_sided else None,
        }


@dataclass(frozen=True)
class ClosedCase:
    """A case closed or dismissed in the period, and what its evaluation says of its goals."""

    case: str
    title: str | None
    """The case's title; None for a confidential case."""
    status: CaseStatus
    """closed or dismissed."""
    closed: date
    """The day it was closed or dismissed."""
    goals: int
    """How many goals its plan has."""
    evaluated: date | None
    """The day of its evaluation; None without one."""
    reached: int = 0
    """Goals the evaluation names reached."""
    partly: int = 0
    """Goals the evaluation names partly reached."""
    not_reached: int = 0
    """Goals the evaluation names not reached."""

    @property
    def unrated(self) -> int:
        """Goals of the plan the evaluation does not name (all of them without an evaluation)."""
        return self.goals - self.reached - self.partly - self.not_reached

    def as_json(self) -> dict[str, object]:
        return {
            "case": self.case,
            "title": self.title,
            "status": self.status.value,
            "closed": self.closed.isoformat(),
            "goals": self.goals,
            "evaluated": self.evaluated.isoformat() if self.evaluated else None,
            "reached": self.reached,
            "partly": self.partly,
            "not_reached": self.not_reached,
            "unrated": self.unrated,
        }


@dataclass(frozen=True)
class PeriodAnswers:
    """The facts behind the short answer to each question over the period (docs/report.md, "A period")."""

    busiest: tuple[str, ...]
    """The area(s) with the most signals in the period (more than one on a tie); empty without signals in an area."""
    busiest_count: int
    """How many signals each of ``busiest`` has."""
    absent: tuple[Attendance, ...]
    """Partners absent without notice at least once at a meeting of the period they were invited to."""
    never_present: tuple[str, ...]
    """Partners invited to a meeting of the period and present at none."""
    not_concerned: tuple[str, ...]
    """Partners invited to no meeting of the period: not concerned, never counted absent."""
    kept_on_time: int
    """Commitments done in the period on time, all partners together."""
    kept_late: int
    """Commitments done in the period late."""
    open: int
    """Commitments open at the end of the period."""
    overdue: int
    """Of those, overdue."""
    escalated: int
    """Of those, escalated."""
    behind: tuple[FollowUp, ...]
    """Partners with overdue commitments at the end, the most overdue first."""
    one_sided: tuple[str, ...]
    """Cases of ``balance`` whose plan has only preventive or only repressive measures."""
    chain_link_missing: tuple[str, ...]
    """Cases of ``balance`` with measures, but a link of the chain without any."""
    no_measures: tuple[str, ...]
    """Cases of ``balance`` without measures."""
    evaluated: int
    """Cases closed in the period with an evaluation."""
    reached: int
    """Their goals reached, all cases together."""
    partly: int
    """Their goals partly reached."""
    not_reached: int
    """Their goals not reached."""

    @property
    def all_take_part(self) -> bool:
        """Whether every partner invited came, or excused itself, and came at least once."""
        return not self.absent and not self.never_present

    def as_json(self) -> dict[str, object]:
        return {
            "busiest": list(self.busiest),
            "busiest_count": self.busiest_count,
            "absent": [{"partner": a.partner, "absent": a.absent} for a in self.absent],
            "never_present": list(self.never_present),
            "not_concerned": list(self.not_concerned),
            "kept_on_time": self.kept_on_time,
            "kept_late": self.kept_late,
            "open": self.open,
            "overdue": self.overdue,
            "escalated": self.escalated,
            "behind": [{"partner": f.partner, "overdue": f.overdue} for f in self.behind],
            "one_sided": list(self.one_sided),
            "chain_link_missing": list(self.chain_link_missing),
            "no_measures": list(self.no_measures),
            "evaluated": self.evaluated,
            "reached": self.reached,
            "partly": self.partly,
            "not_reached": self.not_reached,
        }


@dataclass
class PeriodReport:
    """The report for the bestuur over a period: what the cases did in it, and the report as of its last day.

    Counts only: no title of a confidential case and no text of a restricted entry is in it.
    """

    period: Period
    """The days covered."""
    report: Report
    """The office's report as of the period's last day (the keys ``vhuis report --json`` always had)."""
    opened: int = 0
    """Cases opened in the period."""
    closed: int = 0
    """Cases closed or dismissed in the period (their ``closed`` date in it)."""
    dismissed: int = 0
    """Of ``closed``, those dismissed."""
    still_open: int = 0
    """Cases opened on or before the period's end and not closed or dismissed by then."""
    trend: Trend | None = None
    """All signals against the previous period."""
    by_theme: list[Tally] = field(default_factory=list)
    """Signals per theme of their case, the most first (a case with two themes counts in both)."""
    by_area: list[Tally] = field(default_factory=list)
    """Signals per area of their case, the most first (None: a group case without an area)."""
    by_municipality: list[Tally] = field(default_factory=list)
    """Signals per municipality of their case's area (areas.yaml, else vhuis.yaml's city), the most first."""
    by_month: list[tuple[str, int]] = field(default_factory=list)
    """Signals per month of the period, every month of it, oldest first."""
    attendance: list[Attendance] = field(default_factory=list)
    """Per partner (registry order): attendance at the held meetings of the period it was invited to."""
    meetings: int = 0
    """Held meetings in the period."""
    follow_up: list[FollowUp] = field(default_factory=list)
    """Per partner (registry order): commitments kept in the period, and owed at its end."""
    balance: list[PlanBalance] = field(default_factory=list)
    """Per case open at some time in the period, by id: the balance of its plan."""
    closed_cases: list[ClosedCase] = field(default_factory=list)
    """The cases closed or dismissed in the period, by id, with their evaluation's results."""

    @property
    def answers(self) -> PeriodAnswers:
        """The short answers over the period, as facts."""
        places = [t for t in self.by_area if t.name is not None and t.count]
        most = max((t.count for t in places), default=0)
        evaluated = [c for c in self.closed_cases if c.evaluated is not None]
        return PeriodAnswers(
            busiest=tuple(t.name for t in places if t.count == most and t.name is not None),
            busiest_count=most,
            absent=tuple(a for a in self.attendance if a.absent),
            never_present=tuple(a.partner for a in self.attendance if a.concerned and not a.present),
            not_concerned=tuple(a.partner for a in self.attendance if not a.concerned),
            kept_on_time=sum(f.on_time for f in self.follow_up),
            kept_late=sum(f.late for f in self.follow_up),
            open=sum(f.open for f in self.follow_up),
            overdue=sum(f.overdue for f in self.follow_up),
            escalated=sum(f.escalated for f in self.follow_up),
            behind=tuple(f for f in sorted(self.follow_up, key=lambda f: -f.overdue) if f.overdue),
            one_sided=tuple(b.case for b in self.balance if b.one_sided is not None),
            chain_link_missing=tuple(b.case for b in self.balance if b.phases_missing and not b.no_measures),
            no_measures=tuple(b.case for b in self.balance if b.no_measures),
            evaluated=len(evaluated),
            reached=sum(c.reached for c in evaluated),
            partly=sum(c.partly for c in evaluated),
            not_reached=sum(c.not_reached for c in evaluated),
        )

    def as_json(self) -> dict[str, object]:
        trend = self.trend or Trend(self.period.previous, 0, 0)
        return {
            **self.report.as_json(),
            "period": {**self.period.as_json(), "as_of": self.period.as_of.isoformat()},
            "opened": self.opened,
            "closed": self.closed,
            "dismissed": self.dismissed,
            "still_open": self.still_open,
            "trend": trend.as_json(),
            "by_theme": [t.as_json("theme") for t in self.by_theme],
            "by_area": [t.as_json("area") for t in self.by_area],
            "by_municipality": [t.as_json("municipality") for t in self.by_municipality],
            "by_month": [{"month": m, "count": n} for m, n in self.by_month],
            "meetings_held": self.meetings,
            "attendance": [a.as_json() for a in self.attendance],
            "follow_up": [f.as_json() for f in self.follow_up],
            "balance": [b.as_json() for b in self.balance],
            "closed_cases": [c.as_json() for c in self.closed_cases],
            "answers": self.answers.as_json(),
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


def _ranked(now: Counter[str | None], then: Counter[str | None]) -> list[Tally]:
    """A tally per name seen in either period: the most now first, then the most before, then by name (None last)."""
    names = set(now) | set(then)
    rows = [Tally(name, now[name], then[name]) for name in names]
    return sorted(rows, key=lambda t: (-t.count, -t.previous, t.name is None, t.name or ""))


def closed_on(case: Case) -> date | None:
    """The day a closed or dismissed case was closed; None for a case that is not.

    Its ``closed`` date; a file from before vhuis kept one: the day of its evaluation, else the last
    day something happened in it (:func:`monitoring_since`).
    """
    if case.status not in FINISHED:
        return None
    if case.closed is not None:
        return case.closed
    return case.evaluation.date if case.evaluation is not None else monitoring_since(case)


def _alive(case: Case, period: Period) -> bool:
    """Whether the case was open at some time in the period."""
    closed = closed_on(case)
    return case.opened <= period.end and (closed is None or closed >= period.start)


def _open_at(case: Case, day: date) -> bool:
    """Whether the case was opened on or before ``day`` and not closed or dismissed by then."""
    closed = closed_on(case)
    return case.opened <= day and (closed is None or closed > day)


def plan_balance(case: Case) -> PlanBalance:
    """The balance of the case's plan: its (not dropped) measures per type and per link of the chain."""
    taken = [m for m in case.measures if m.status is not MeasureStatus.dropped]
    return PlanBalance(
        case=case.id,
        title=shown_title(case),
        status=case.status,
        preventive=sum(m.type is MeasureType.preventive for m in taken),
        repressive=sum(m.type is MeasureType.repressive for m in taken),
        phases={p: sum(m.phase is p for m in taken) for p in CHAIN},
    )


def closed_case(case: Case, closed: date) -> ClosedCase:
    """A case closed or dismissed on ``closed``, with its evaluation's results."""
    found = results(case.evaluation)
    said = [found[n] for n in range(1, case.goal_count + 1) if n in found]
    return ClosedCase(
        case=case.id,
        title=shown_title(case),
        status=case.status,
        closed=closed,
        goals=case.goal_count,
        evaluated=case.evaluation.date if case.evaluation is not None else None,
        reached=said.count(GoalResult.reached),
        partly=said.count(GoalResult.partly),
        not_reached=said.count(GoalResult.not_reached),
    )


def _ordered(found: dict[str, T], registry: Sequence[str]) -> list[T]:
    """The rows of the registry's partners in its order, then those of other partners by id."""
    return [found[p] for p in registry if p in found] + [found[p] for p in sorted(set(found) - set(registry))]


def period_report(
    cases: Iterable[Case],
    meetings: Iterable[Meeting],
    registry: Iterable[str],
    period: Period,
    escalation: Escalation = Escalation(),  # noqa: B008  # frozen
    areas: Mapping[str, str | None] | None = None,
    city: str | None = None,
    standing: Sequence[str] = (),
) -> PeriodReport:
    """The bestuur's report over ``period`` (docs/report.md, "A period").

    ``areas`` maps an area's name to its municipality (areas.yaml); an area it does not know, or a
    case without an area, is in ``city`` (vhuis.yaml), or in an unknown municipality (None).
    """
    cases = sorted(cases, key=lambda c: c.id)
    meetings = sorted(meetings, key=lambda m: m.date)
    known = list(registry)
    register = {name.casefold(): municipality for name, municipality in (areas or {}).items()}
    before = period.previous
    themes: tuple[Counter[str | None], Counter[str | None]] = (Counter(), Counter())
    places: tuple[Counter[str | None], Counter[str | None]] = (Counter(), Counter())
    municipalities: tuple[Counter[str | None], Counter[str | None]] = (Counter(), Counter())
    months: Counter[str] = Counter()
    for case in cases:
        municipality = register.get(case.area.casefold()) if case.area else None
        municipality = municipality or city
        for signal in case.signals:
            if period.holds(signal.date):
                which = 0
                months[month_of(signal.date)] += 1
            elif before.holds(signal.date):
                which = 1
            else:
                continue
            named: list[str | None] = [*case.themes] or [None]
            for theme in named:
                themes[which][theme] += 1
            places[which][case.area] += 1
            municipalities[which][municipality] += 1

    on = period.as_of
    follow: dict[str, Counter[str]] = {p: Counter() for p in known}
    for case in cases:
        for c in case.commitments:
            if c.status is CommitmentStatus.dropped:
                continue
            row = follow.setdefault(c.partner, Counter())
            if c.status is CommitmentStatus.done and period.holds(c.done if c.done is not None else c.due):
                row["late" if c.done is not None and c.done > c.due else "on_time"] += 1
            if open_on(c, on):
                due = due_on(c, on)
                row["open"] += 1
                row["overdue"] += due < on
                late = max((on - due).days, 0)
                row["escalated"] += escalated(late, postponements(c, on), escalation)

    by_id = {c.id: c for c in cases}
    held = [m for m in meetings if is_held(m) and period.holds(m.date)]
    finished = [(c, day) for c in cases if period.holds(day := closed_on(c))]
    return PeriodReport(
        period=period,
        report=office_report(cases, meetings, known, on, escalation, standing),
        opened=sum(period.holds(c.opened) for c in cases),
        closed=len(finished),
        dismissed=sum(c.status is CaseStatus.dismissed for c, _ in finished),
        still_open=sum(_open_at(c, on) for c in cases),
        trend=Trend(before, sum(months.values()), sum(places[1].values())),
        by_theme=_ranked(*themes),
        by_area=_ranked(*places),
        by_municipality=_ranked(*municipalities),
        by_month=[(m, months[m]) for m in period.months],
        attendance=_ordered(attendance_at(held, by_id, known, standing), known),
        meetings=len(held),
        follow_up=_ordered({p: FollowUp(p, **n) for p, n in follow.items()}, known),
        balance=[plan_balance(c) for c in cases if _alive(c, period)],
        closed_cases=[closed_case(c, day) for c, day in finished if day is not None],
    )


def areas_of(store: Store) -> tuple[dict[str, str | None], list[Problem]]:
    """Each area of areas.yaml with its municipality; none when the store has no register (or it does not load)."""
    from vhuis.errors import InvalidData
    from vhuis.storage.store import AREAS_FILE, read_records

    path = store.root / AREAS_FILE
    if not path.exists():
        return {}, []
    try:
        found = read_records(store.read_text(path), AREAS_FILE)
    except InvalidData as error:
        return {}, error.problems
    return {area.name: area.municipality for area in cast("list[Area]", found)}, []


def store_period_report(store: Store, period: Period) -> tuple[PeriodReport, list[Problem]]:
    """The period report of a store, from the index, the meeting files and areas.yaml."""
    digests, problems = store.digests()
    meetings, meeting_problems = store.meetings()
    areas, area_problems = areas_of(store)
    settings = store.settings
    made = period_report(
        digests, meetings, store.partners, period, store.escalation, areas, settings.city, settings.standing
    )
    return made, [*problems, *meeting_problems, *area_problems]
