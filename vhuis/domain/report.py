"""Views over loaded cases: selecting and summarising them, and the office's report. Pure functions.

The report answers the three questions every meeting asks (which problems are
there? do all partners take part? does every partner do what it promised?) and
shows the balance of each case's plan: preventive next to repressive measures,
and every link of the safety chain. docs/report.md defines every number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from vhuis.domain.owes import Owed, due_on, open_on, owed
from vhuis.vocab import CaseStatus, CommitmentStatus, Escalation, GoalResult, MeasureStatus, MeasureType, Phase

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
    """Cases matching every filter given; ``area`` matches an area or a group, ignoring case."""
    chosen = []
    for case in cases:
        if status is not None and case.status.value != status:
            continue
        if theme is not None and theme not in case.themes:
            continue
        if area is not None and area.casefold() not in (case.where.casefold(),):
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
    title: str
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
    title: str
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
    title: str
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
    return EvaluationDue(case.id, case.title, since, (on - since).days) if (on - since).days > EVALUATION_DUE else None


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
    where: str
    count: int

    def as_json(self) -> dict[str, object]:
        return {"month": self.month, "where": self.where, "count": self.count}


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
    absent: tuple[PartnerRecord, ...]  # absent without notice at least once
    present_at_none: tuple[str, ...]  # named in an open case, present at no meeting
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

    @property
    def verdicts(self) -> Verdicts:
        recent = months_up_to(self.on, RECENT)
        places: Counter[str] = Counter()
        for s in self.signals:
            if s.month in recent:
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
            present_at_none=tuple(r.partner for r in self.partners if r.involved and not r.present),
            open=sum(r.open for r in self.partners),
            overdue=sum(r.overdue for r in self.partners),
            late=tuple(r for r in sorted(self.partners, key=lambda r: -r.overdue) if r.overdue),
            done=sum(r.done for r in self.partners),
            done_late=sum(r.done_late for r in self.partners),
            one_kind_only=tuple(c.id for c in self.cases if c.only_repressive or c.only_preventive),
            chain_link_missing=tuple(c.id for c in self.cases if c.phases_missing and not c.no_measures),
        )

    def as_json(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "cases": [c.as_json() for c in self.cases],
            "partners": [p.as_json() for p in self.partners],
            "signals": [s.as_json() for s in self.signals],
            "verdicts": self.verdicts.as_json(),
            "escalations": [o.as_json() for o in self.escalations],
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
        title=case.title,
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
) -> Report:
    """The report as of ``on``: every number as it stood that day (docs/report.md)."""
    cases = sorted(cases, key=lambda c: c.id)
    known = list(registry)
    records = {p: PartnerRecord(p) for p in known}

    def record(partner: str) -> PartnerRecord:
        return records.setdefault(partner, PartnerRecord(partner))

    balances: list[CaseBalance] = []
    signals: Counter[tuple[str, str]] = Counter()
    for case in cases:
        if counts_in_report(case, on):
            balances.append(case_balance(case, on))
            for partner in _involved(case):
                record(partner).involved = True
        for signal in case.signals:
            if signal.date <= on:
                signals[month_of(signal.date), case.where] += 1
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
    held = sorted((m for m in meetings if m.date <= on), key=lambda m: m.date)
    for meeting in held:
        for partner in meeting.present:
            record(partner).present += 1
        for partner in meeting.excused:
            record(partner).excused += 1
        for partner in meeting.absent:
            record(partner).absent += 1
    return Report(
        on=on,
        cases=balances,
        partners=[records[p] for p in known] + [records[p] for p in sorted(set(records) - set(known))],
        signals=[SignalCount(m, w, n) for (m, w), n in sorted(signals.items())],
        meetings=len(held),
        escalations=[o for o in owed(cases, on, escalation=escalation) if o.escalated],
        evaluations=[
            Evaluated(c.id, c.title, c.status, c.evaluation.date, c.goal_count, results(c.evaluation), goals_reached(c))
            for c in cases
            if c.evaluation is not None and c.evaluation.date <= on and c.opened <= on
        ],
        evaluation_due=[due for c in cases if c.opened <= on and (due := evaluation_due(c, on)) is not None],
        escalation=escalation,
    )


def store_report(store: Store, on: date) -> tuple[Report, list[Problem]]:
    """The report of a store, from the index (fast on thousands of cases) and the meeting files."""
    digests, problems = store.digests()
    meetings, meeting_problems = store.meetings()
    report = office_report(digests, meetings, store.partners, on, store.escalation)
    return report, [*problems, *meeting_problems]


# -- the period report (the bestuur's: docs/report.md, "A period") -------------------------------------


@dataclass(frozen=True)
class Period:
    """The days a report covers, both included."""

    start: date
    """The first day (``--from``)."""
    end: date
    """The last day (``--to``): everything open, owed or escalated is counted as of this day."""

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
    from vhuis.errors import InvalidInput
    from vhuis.i18n import _

    last = end or today
    first = start or date(last.year, 1, 1)
    if first > last:
        raise InvalidInput(
            _("--from {start} is after --to {end}: a period starts on or before the day it ends").format(
                start=first.isoformat(), end=last.isoformat()
            )
        )
    return Period(first, last)


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

    def as_json(self) -> dict[str, object]:
        trend = self.trend or Trend(self.period.previous, 0, 0)
        return {
            **self.report.as_json(),
            "period": self.period.as_json(),
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
        }
