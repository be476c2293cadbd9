"""vhuis report, for people: the period (--from, --to) the bestuur asks about, under the three questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vhuis.cli import output
from vhuis.i18n import NP_, _, ngettext, pgettext
from vhuis.vocab import term

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vhuis.domain.period import PeriodReport, PlanBalance, Tally
    from vhuis.domain.report import Attendance, CaseBalance, PartnerRecord

TITLE_WIDTH = 44

TALLY_COLUMNS = [
    NP_("table column", "signals"),
    NP_("table column", "previous period"),
    NP_("table column", "difference"),
]
ATTENDANCE_COLUMNS = [
    NP_("table column", "partner"),
    NP_("table column", "invited"),
    NP_("table column", "present"),
    NP_("table column", "excused"),
    NP_("table column", "absent"),
    NP_("table column", "attendance"),
]
FOLLOW_UP_COLUMNS = [
    NP_("table column", "partner"),
    NP_("table column", "kept on time"),
    NP_("table column", "kept late"),
    NP_("table column", "open"),
    NP_("table column", "overdue"),
    NP_("table column", "escalated"),
]
CLOSED_COLUMNS = [
    NP_("table column", "case"),
    NP_("table column", "title"),
    NP_("table column", "status"),
    NP_("table column", "closed"),
    NP_("table column", "goals"),
    NP_("table column", "reached"),
    NP_("table column", "partly"),
    NP_("table column", "not reached"),
    NP_("table column", "not rated"),
]


def bar(count: int, top: int, width: int = 10) -> str:
    """``███░░``: ``count`` out of ``top``, at most ``width`` wide; a count above 0 always shows."""
    if top <= 0:
        return ""
    width = min(width, top)
    filled = max(round(count * width / top), 1 if count else 0)
    return "█" * filled + "░" * (width - filled)


def short_title(title: str | None) -> str:
    """A title cut to TITLE_WIDTH; a confidential case's (None) is not shown."""
    if title is None:
        return _("(confidential)")
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1].rstrip() + "…"


def joined(items: Sequence[str]) -> str:
    """``a and b``: places named side by side."""
    return (" " + _("and") + " ").join(items)


def attendance(record: PartnerRecord | Attendance) -> str:
    """Present out of the meetings it was invited to (``█░░ 1/3``); a partner never invited is not concerned."""
    if not record.concerned:
        return _("not concerned")
    return f"{bar(record.present, record.invited)} {record.present}/{record.invited}"


def signed(number: int) -> str:
    """``+3``, ``-2``, ``0``: a difference."""
    return f"{number:+d}" if number else "0"


def _span(made: PeriodReport) -> str:
    return _("{start} to {end}").format(start=output.long_day(made.period.start), end=output.long_day(made.period.end))


def period_answers(made: PeriodReport) -> list[tuple[str, str]]:
    """A short answer to each question over the period, worded from the period's answers."""
    a, trend, end = made.answers, made.trend, output.long_day(made.period.as_of)
    cases = _("{open} still open on {day}; {opened} opened and {closed} closed in the period").format(
        open=ngettext("{n} case", "{n} cases", made.still_open).format(n=made.still_open),
        day=end,
        opened=made.opened,
        closed=made.closed,
    )
    count = trend.count if trend else 0
    signals = ngettext("{n} signal", "{n} signals", count).format(n=count)
    if trend is not None:
        signals += " " + _("({difference} against the previous period)").format(difference=signed(trend.difference))
    if a.busiest:
        signals += ", " + _("most in {places} ({most})").format(places=joined(a.busiest), most=a.busiest_count)
    problems = f"{cases}; {signals}."

    if not made.meetings:
        taking_part = _("no meeting was held in the period.")
    elif a.all_take_part:
        taking_part = ngettext(
            "yes: every partner invited came to the {n} meeting of the period, or excused itself.",
            "yes: every partner invited came to the {n} meetings of the period, or excused itself.",
            made.meetings,
        ).format(n=made.meetings)
    else:
        parts = []
        if a.absent:
            listed = ", ".join(f"{r.partner} {r.absent}×" for r in a.absent)
            parts.append(_("absent without notice: {partners}").format(partners=listed))
        if a.never_present:
            parts.append(_("invited but present at none: {partners}").format(partners=", ".join(a.never_present)))
        taking_part = ngettext(
            "not all ({n} meeting): {parts}.", "not all ({n} meetings): {parts}.", made.meetings
        ).format(n=made.meetings, parts="; ".join(parts))
    if made.meetings and a.not_concerned:
        taking_part += " " + _("Not concerned (invited to none): {partners}.").format(
            partners=", ".join(a.not_concerned)
        )

    promised = _(
        "kept in the period: {on_time} on time, {late} late; on {day}: {open} open, "
        "{overdue} overdue, {escalated} escalated"
    ).format(
        on_time=a.kept_on_time,
        late=a.kept_late,
        day=end,
        open=a.open,
        overdue=a.overdue,
        escalated=a.escalated,
    )
    if a.behind:
        promised += " (" + ", ".join(f"{f.partner} {f.overdue}" for f in a.behind) + ")"
    promised += "."

    balance = ngettext("{n} plan", "{n} plans", len(made.balance)).format(n=len(made.balance)) + ": "
    balance += _("{n} one-sided").format(n=len(a.one_sided)) + (f" ({', '.join(a.one_sided)})" if a.one_sided else "")
    balance += "; " + _("{n} with a link of the chain missing").format(n=len(a.chain_link_missing))
    balance += f" ({', '.join(a.chain_link_missing)})" if a.chain_link_missing else ""
    balance += "; " + _("{n} without measures").format(n=len(a.no_measures))
    balance += f" ({', '.join(a.no_measures)})." if a.no_measures else "."

    evaluated = _(
        "cases closed in the period: {closed}, evaluated: {evaluated}; their goals: {reached} reached, "
        "{partly} partly, {not_reached} not reached."
    ).format(closed=made.closed, evaluated=a.evaluated, reached=a.reached, partly=a.partly, not_reached=a.not_reached)
    return [
        (_("Which problems are there?"), problems),
        (_("Do all partners take part?"), taking_part),
        (_("Does every partner do what it promised?"), promised),
        (_("Preventive next to repressive, every link of the chain?"), balance),
        (_("Were the goals reached?"), evaluated),
    ]


def show_period(made: PeriodReport) -> None:
    """The period, under the three questions: each a heading with its short answer, then its tables."""
    span = _span(made)
    previous = made.period.previous
    heading = _("The period {span} (compared with {previous_start} to {previous_end})").format(
        span=span, previous_start=output.long_day(previous.start), previous_end=output.long_day(previous.end)
    )
    answered = period_answers(made)
    output.text(["", output.bold(heading)])

    question, answer = answered[0]
    _heading(question, answer)
    _tallies(made.by_theme, pgettext("table column", "theme"), _("no theme"), _("Signals per theme"))
    _tallies(made.by_area, pgettext("table column", "area"), _("no area"), _("Signals per area"))
    _tallies(
        made.by_municipality, pgettext("table column", "municipality"), _("unknown"), _("Signals per municipality")
    )
    top = max([n for _month, n in made.by_month] + [1])
    output.table(
        [pgettext("table column", "month"), pgettext("table column", "signals"), ""],
        [[month, n, bar(n, top)] for month, n in made.by_month],
        title="\n" + _("Signals per month"),
    )

    question, answer = answered[1]
    _heading(question, answer)
    if made.meetings:
        output.table(
            [pgettext(*column) for column in ATTENDANCE_COLUMNS],
            [[a.partner, a.invited, a.present, a.excused, a.absent, attendance(a)] for a in made.attendance],
            title="\n"
            + ngettext(
                "Attendance at the {n} meeting held in the period, of the meetings each partner was invited to",
                "Attendance at the {n} meetings held in the period, of the meetings each partner was invited to",
                made.meetings,
            ).format(n=made.meetings),
        )

    question, answer = answered[2]
    _heading(question, answer)
    output.table(
        [pgettext(*column) for column in FOLLOW_UP_COLUMNS],
        [
            [f.partner, f.on_time, f.late, f.open, f.overdue or "", f.escalated or ""]
            for f in made.follow_up
            if f.on_time or f.late or f.open
        ],
        title="\n"
        + _("Commitments per partner: kept in the period, owed on {day}").format(
            day=output.long_day(made.period.as_of)
        ),
    )

    question, answer = answered[3]
    _heading(question, answer)
    if made.balance:
        output.table(
            [
                pgettext("table column", "case"),
                pgettext("table column", "title"),
                pgettext("table column", "preventive"),
                pgettext("table column", "repressive"),
                *(term(phase) for phase in made.balance[0].phases),
                pgettext("table column", "remark"),
            ],
            [
                [b.case, short_title(b.title), b.preventive, b.repressive, *b.phases.values(), balance_remark(b)]
                for b in made.balance
            ],
            title="\n" + _("The plans of the cases open in the period: measures per type and per link of the chain"),
        )

    question, answer = answered[4]
    _heading(question, answer)
    if made.closed_cases:
        output.table(
            [pgettext(*column) for column in CLOSED_COLUMNS],
            [
                [
                    *(c.case, short_title(c.title), term(c.status), c.closed, c.goals),
                    *(c.reached, c.partly, c.not_reached, c.unrated),
                ]
                for c in made.closed_cases
            ],
            title="\n" + _("Cases closed in the period, and their evaluation"),
        )


def _heading(question: str, answer: str) -> None:
    output.text(["", [output.bold(question), f" {answer}"]])


def _tallies(rows: list[Tally], column: str, nameless: str, title: str) -> None:
    if not rows:
        return
    output.table(
        [column, *(pgettext(*c) for c in TALLY_COLUMNS)],
        [[t.name if t.name is not None else nameless, t.count, t.previous, signed(t.difference)] for t in rows],
        title="\n" + title,
    )


def balance_remark(plan: PlanBalance | CaseBalance) -> str:
    """A plan's flag in the terminal's tables (the office report's and the period's)."""
    from vhuis.vocab import MeasureType

    if plan.no_measures:
        return _("no measures yet")
    if plan.one_sided is MeasureType.repressive:
        return _("! only repressive")
    if plan.one_sided is MeasureType.preventive:
        return _("! only preventive")
    return ""
