"""The bestuur's period report: what happened over a period, against the period before it. Pure functions.

``vhuis report --from D --to D`` (docs/report.md, "A period"): cases opened, closed and still
open; signals per theme, area, municipality and month with their trend; attendance at the
meetings each partner was invited to; each partner's follow-up; the balance of every plan and
the evaluations of the cases closed in the period, under the seed's three questions. The
report as of one day, which it includes, is vhuis.domain.report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from vhuis.domain.areas import area_key
from vhuis.domain.owes import due_on, escalated, open_on, postponements
from vhuis.domain.report import (
    CHAIN,
    FINISHED,
    Attendance,
    Report,
    attendance_at,
    is_held,
    monitoring_since,
    month_of,
    office_report,
    one_sided,
    results,
    shown_title,
)
from vhuis.vocab import (
    CaseStatus,
    CommitmentStatus,
    Escalation,
    GoalResult,
    MeasureStatus,
    MeasureType,
    Phase,
)

if TYPE_CHECKING:
    from vhuis.errors import Problem
    from vhuis.model import Case, Meeting
    from vhuis.storage.store import Store

# Every function here takes a Case: a model, or the digest that stands for one (storage/index.py).

T = TypeVar("T")


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
        return one_sided(self.preventive, self.repressive)

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
    register = {area_key(name): municipality for name, municipality in (areas or {}).items()}
    before = period.previous
    themes: tuple[Counter[str | None], Counter[str | None]] = (Counter(), Counter())
    places: tuple[Counter[str | None], Counter[str | None]] = (Counter(), Counter())
    municipalities: tuple[Counter[str | None], Counter[str | None]] = (Counter(), Counter())
    months: Counter[str] = Counter()
    for case in cases:
        municipality = register.get(area_key(case.area)) if case.area else None
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
    from vhuis.domain.areas import register_of
    from vhuis.errors import InvalidData

    try:
        register = register_of(store)
    except InvalidData as error:
        return {}, error.problems
    return ({area.name: area.municipality for area in register.areas} if register else {}), []


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
