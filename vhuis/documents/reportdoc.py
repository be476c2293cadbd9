"""The period report as a document, before it is any format: sections of headings, paragraphs, tables and charts.

One function (``report_document``) makes it from the domain's period report, in the
active language; reportformats.py writes it as Markdown, HTML, PDF or CSV. Every
number is a cell of a table here, and a chart belongs to a table and draws its
numbers, so the formats cannot disagree: they only lay out the same cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from vhuis.i18n import _, active, ngettext, pgettext
from vhuis.vocab import Language, MeasureType, Phase, term

if TYPE_CHECKING:
    from vhuis.domain.period import PeriodReport, PlanBalance, Tally, Trend

Cell = str | int | None
ChartKind = Literal["bars", "columns", "stacked"]


def cell_text(value: Cell) -> str:
    """A cell as every format shows it: a number in digits, nothing as empty."""
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Chart:
    """A chart of numbers from its table: ``bars``, ``columns`` or ``stacked``; drawn under the table's title."""

    kind: ChartKind
    title: str  # what it shows, for a reader that cannot see it (the SVG's title)
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (name, one value per label); one series but for stacked

    def svg(self) -> str:
        from vhuis.documents import charts

        if self.kind == "stacked":
            return charts.stacked_chart(self.title, self.labels, self.series, heading=False)
        draw = charts.column_chart if self.kind == "columns" else charts.bar_chart
        return draw(self.title, self.labels, self.series[0][1], heading=False)


@dataclass(frozen=True)
class Table:
    """A table of plain values: ``name`` is fixed (the CSV file's name), ``title`` and ``columns`` are read.

    Its ``chart`` draws some of its numbers, shown above it where a format can show a chart.
    """

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: Chart | None = None

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.name}: a row of {len(row)} cells under {len(self.columns)} columns")

    def column(self, index: int) -> list[Cell]:
        return [row[index] for row in self.rows]

    def column_ints(self, index: int) -> tuple[int, ...]:
        """A column of numbers as a chart draws it: an empty cell is 0."""
        return tuple(c if isinstance(c, int) else 0 for c in self.column(index))


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()

    def shown(self) -> list[Table]:
        """The tables a reader sees: those with rows (its paragraph says when there is nothing); CSV has them all."""
        return [table for table in self.tables if table.rows]


@dataclass(frozen=True)
class ReportDocument:
    title: str
    subtitle: str  # the period, and the day it was made
    language: str
    stem: str  # the default file name, without suffix
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def tables(self) -> list[Table]:
        """Every table, in the order of the document; charts draw from these, they add none."""
        return [table for section in self.sections for table in section.tables]


# -- the period report as a document --------------------------------------------------------------------

CHART_ROWS = 12  # a bar chart shows the first (largest) rows; its table lists them all
FOLLOW_UP = ("on_time", "late", "open", "overdue", "escalated")
CHAIN = tuple(Phase)  # proaction, prevention, reaction, aftercare: the links of the safety chain, in order


def _day(day: date) -> str:
    """'1 januari 2026': a day as the store's language writes it in a text."""
    from babel.dates import format_date

    from vhuis.documents.words import LOCALES

    return str(format_date(day, format="long", locale=LOCALES[Language(active())]))


def _month_labels(months: Sequence[str]) -> tuple[str, ...]:
    """``2026-03`` as 'mrt' (Dutch) or 'Mar'; with the year ('mrt 26') when the months span more than one."""
    from babel.dates import format_date

    from vhuis.documents.words import LOCALES

    years = {month[:4] for month in months}
    pattern = "LLL" if len(years) == 1 else "LLL yy"
    locale = LOCALES[Language(active())]
    return tuple(str(format_date(date(int(m[:4]), int(m[5:7]), 1), pattern, locale=locale)) for m in months)


def _tally_table(name: str, title: str, what: str, tallies: Sequence[Tally], nameless: str) -> Table:
    return Table(
        name,
        title,
        (
            what,
            pgettext("table column", "signals"),
            pgettext("table column", "previous period"),
            pgettext("table column", "difference"),
        ),
        tuple((t.name if t.name is not None else nameless, t.count, t.previous, t.difference) for t in tallies),
    )


def _with_bars(table: Table) -> Table:
    """The table with a bar chart of its first column against its second: the first CHART_ROWS rows with signals."""
    rows = [row for row in table.rows if isinstance(row[1], int) and row[1] > 0][:CHART_ROWS]
    chart = Chart(
        "bars", table.title, tuple(cell_text(r[0]) for r in rows), (("", tuple(int(r[1] or 0) for r in rows)),)
    )
    return replace(table, chart=chart)


def _title(title: str | None) -> str:
    return title if title is not None else _("(confidential)")


def _problems(made: PeriodReport, trend: Trend) -> Section:
    months = Table(
        "by_month",
        _("Signals per month"),
        (pgettext("table column", "month"), pgettext("table column", "signals")),
        tuple((month, count) for month, count in made.by_month),
    )
    themes = _tally_table(
        "by_theme", _("Signals per theme"), pgettext("table column", "theme"), made.by_theme, _("(no theme)")
    )
    areas = _tally_table(
        "by_area", _("Signals per area"), pgettext("table column", "area"), made.by_area, _("(no area)")
    )
    places = _tally_table(
        "by_municipality",
        _("Signals per municipality"),
        pgettext("table column", "municipality"),
        made.by_municipality,
        _("(no municipality)"),
    )
    said = [
        ngettext(
            "{n} signal came in during the period; {previous} in the previous period of equal length.",
            "{n} signals came in during the period; {previous} in the previous period of equal length.",
            trend.count,
        ).format(n=trend.count, previous=trend.previous_count)
    ]
    top_theme = next((t for t in made.by_theme if t.name is not None and t.count), None)
    top_area = next((t for t in made.by_area if t.name is not None and t.count), None)
    if top_theme is not None:
        said.append(_("Most signals are about {theme} ({n}).").format(theme=top_theme.name, n=top_theme.count))
    if top_area is not None:
        said.append(_("The area with the most signals is {area} ({n}).").format(area=top_area.name, n=top_area.count))
    chart = Chart(
        "columns", months.title, _month_labels([m for m, _n in made.by_month]), (("", months.column_ints(1)),)
    )
    return Section(
        _("Which problems are there?"),
        (" ".join(said),),
        (replace(months, chart=chart), _with_bars(themes), _with_bars(areas), places),
    )


def _attendance(made: PeriodReport, names: Mapping[str, str]) -> Section:
    rows = []
    for a in made.attendance:
        share = round(100 * a.present / a.invited) if a.invited else None
        remark = "" if a.concerned else _("not concerned")
        rows.append(
            (names.get(a.partner, a.partner), a.invited, a.present, a.excused, a.absent, a.unrecorded, share, remark)
        )
    table = Table(
        "attendance",
        _("Attendance at the meetings each partner was invited to"),
        (
            pgettext("table column", "partner"),
            pgettext("table column", "invited"),
            pgettext("table column", "present"),
            pgettext("table column", "excused"),
            pgettext("table column", "absent"),
            pgettext("table column", "not recorded"),
            pgettext("table column", "% present"),
            pgettext("table column", "remark"),
        ),
        tuple(rows),
    )
    absent = [f"{names.get(a.partner, a.partner)} ({a.absent})" for a in made.attendance if a.absent]
    said = ngettext(
        "{n} meeting was held in the period.", "{n} meetings were held in the period.", made.meetings
    ).format(n=made.meetings)
    said += " " + _(
        "A partner's attendance counts only the meetings it was invited to; a partner never invited is not "
        "concerned, not absent."
    )
    if absent:
        said += " " + _("Absent without notice: {partners}.").format(partners=", ".join(absent))
    elif made.meetings:
        said += " " + _("No partner was absent without notice.")
    return Section(_("Do all partners take part?"), (said,), (table,))


def _follow_up(made: PeriodReport, names: Mapping[str, str]) -> Section:
    kept, late, due, overdue = (
        pgettext("table column", "kept on time"),
        pgettext("table column", "kept late"),
        pgettext("table column", "open, not yet due"),
        pgettext("table column", "overdue"),
    )
    table = Table(
        "follow_up",
        _("Commitments per partner: kept in the period, and open on {day}").format(day=_day(made.period.as_of)),
        (
            pgettext("table column", "partner"),
            kept,
            late,
            pgettext("table column", "open"),
            overdue,
            pgettext("table column", "escalated"),
        ),
        tuple(
            (names.get(f.partner, f.partner), f.on_time, f.late, f.open, f.overdue, f.escalated) for f in made.follow_up
        ),
    )
    busy = [f for f in made.follow_up if f.on_time or f.late or f.open][: 2 * CHART_ROWS]  # a chart fits a page
    chart = Chart(
        "stacked",
        _("Follow-up per partner"),
        tuple(names.get(f.partner, f.partner) for f in busy),
        (
            (kept, tuple(f.on_time for f in busy)),
            (late, tuple(f.late for f in busy)),
            (due, tuple(f.open - f.overdue for f in busy)),
            (overdue, tuple(f.overdue for f in busy)),
        ),
    )
    totals = {key: sum(getattr(f, key) for f in made.follow_up) for key in FOLLOW_UP}
    said = _(
        "In the period {on_time} commitments were kept on time and {late} late. On {day} {open} are open, "
        "{overdue} of them overdue and {escalated} escalated."
    ).format(day=_day(made.period.as_of), **totals)
    return Section(
        pgettext("the seed's question", "Does every partner do what it promised?"),
        (said,),
        (replace(table, chart=chart),),
    )


def _remark(plan: PlanBalance) -> str:
    if plan.no_measures:
        return _("no measures yet")
    if plan.one_sided is MeasureType.preventive:
        return _("only preventive measures")
    if plan.one_sided is MeasureType.repressive:
        return _("only repressive measures")
    return ""


def _balance(made: PeriodReport) -> Section:
    table = Table(
        "balance",
        _("The plan of every case open in the period"),
        (
            pgettext("table column", "case"),
            pgettext("table column", "title"),
            pgettext("table column", "status"),
            pgettext("table column", "preventive"),
            pgettext("table column", "repressive"),
            *(term(phase) for phase in CHAIN),
            pgettext("table column", "remark"),
        ),
        tuple(
            (
                b.case,
                _title(b.title),
                term(b.status),
                b.preventive,
                b.repressive,
                *(b.phases[phase] for phase in CHAIN),
                _remark(b),
            )
            for b in made.balance
        ),
    )
    one_sided = sum(1 for b in made.balance if b.one_sided is not None)
    gaps = sum(1 for b in made.balance if b.phases_missing and not b.no_measures)
    said = ngettext(
        "{n} case was open during the period: {one_sided} with only one kind of measure, {gaps} with a link "
        "of the safety chain without a measure.",
        "{n} cases were open during the period: {one_sided} with only one kind of measure, {gaps} with a link "
        "of the safety chain without a measure.",
        len(made.balance),
    ).format(n=len(made.balance), one_sided=one_sided, gaps=gaps)
    return Section(_("Preventive next to repressive, every link of the chain?"), (said,), (table,))


def _evaluations(made: PeriodReport) -> Section:
    table = Table(
        "closed_cases",
        _("Cases closed or dismissed in the period, and their evaluation"),
        (
            pgettext("table column", "case"),
            pgettext("table column", "title"),
            pgettext("table column", "status"),
            pgettext("table column", "closed"),
            pgettext("table column", "evaluated"),
            pgettext("table column", "goals"),
            pgettext("table column", "reached"),
            pgettext("table column", "partly"),
            pgettext("table column", "not reached"),
            pgettext("table column", "not rated"),
        ),
        tuple(
            (
                c.case,
                _title(c.title),
                term(c.status),
                c.closed.isoformat(),
                c.evaluated.isoformat() if c.evaluated else "",
                c.goals,
                c.reached,
                c.partly,
                c.not_reached,
                c.unrated,
            )
            for c in made.closed_cases
        ),
    )
    said = ngettext(
        "{n} case was closed or dismissed in the period ({dismissed} dismissed).",
        "{n} cases were closed or dismissed in the period ({dismissed} dismissed).",
        made.closed,
    ).format(n=made.closed, dismissed=made.dismissed)
    return Section(_("Were the goals reached?"), (said,), (table,))


def report_document(made: PeriodReport, office: str, names: Mapping[str, str], today: date) -> ReportDocument:
    """The period report as a document in the active language (the store's): what every format writes.

    ``names`` gives the partners' names by id (an id without one is shown as it is); ``today`` is the day it is made.
    """
    from vhuis.domain.period import Trend

    period = made.period
    trend = made.trend or Trend(period.previous, 0, 0)
    whole_year = period.start == date(period.start.year, 1, 1) and period.end == date(period.start.year, 12, 31)
    if whole_year:
        title = _("{office}: annual report {year}").format(office=office, year=period.start.year)
        stem = pgettext("file name", "annual-report-{year}").format(year=period.start.year)
    else:
        title = _("{office}: report from {start} to {end}").format(
            office=office, start=_day(period.start), end=_day(period.end)
        )
        stem = pgettext("file name", "report-{start}-{end}").format(
            start=period.start.isoformat(), end=period.end.isoformat()
        )
    subtitle = _(
        "The period {start} to {end}, compared with the previous period of equal length ({previous_start} to "
        "{previous_end}). Made on {today}."
    ).format(
        start=_day(period.start),
        end=_day(period.end),
        previous_start=_day(trend.previous.start),
        previous_end=_day(trend.previous.end),
        today=_day(today),
    )
    overview = Table(
        "overview",
        _("The period in numbers"),
        (pgettext("table column", "what"), pgettext("table column", "number")),
        (
            (_("cases opened"), made.opened),
            (_("cases closed or dismissed"), made.closed),
            (_("of which dismissed"), made.dismissed),
            (_("cases open on {day}").format(day=_day(made.period.as_of)), made.still_open),
            (_("signals in the period"), trend.count),
            (_("signals in the previous period"), trend.previous_count),
            (_("meetings held"), made.meetings),
        ),
    )
    return ReportDocument(
        title,
        subtitle,
        active(),
        stem,
        (
            Section(_("In short"), (), (overview,)),
            _problems(made, trend),
            _attendance(made, names),
            _follow_up(made, names),
            _balance(made),
            _evaluations(made),
        ),
    )
