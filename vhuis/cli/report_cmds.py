"""vhuis report (the office's three questions, and the balance of every plan), vhuis remind and vhuis invite."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, OnOption, StoreOption, store_of
from vhuis.cli.params import Day
from vhuis.cli.report_docs import ReportForm, ReportOut, document_form, write_document
from vhuis.cli.report_period import attendance, balance_remark, bar, joined, short_title
from vhuis.clock import today
from vhuis.i18n import NP_, _, ngettext, pgettext
from vhuis.vocab import term

if TYPE_CHECKING:
    from vhuis.domain.report import PartnerRecord, Report

FromOption = Annotated[
    date | None,
    typer.Option(
        "--from", parser=Day(), help="The period's first day (default: 1 January of the year of its last day)."
    ),
]
ToOption = Annotated[
    date | None, typer.Option("--to", parser=Day(), help="The period's last day (default: today); as --on.")
]

SPARKS = "▁▂▃▄▅▆▇█"
RECENT_MONTHS = 6

CASE_COLUMNS = [
    NP_("table column", "case"),
    NP_("table column", "title"),
    NP_("table column", "status"),
    NP_("table column", "preventive"),
    NP_("table column", "repressive"),
    NP_("table column", "phases missing"),
    NP_("table column", "open"),
    NP_("table column", "overdue"),
    NP_("table column", "remark"),
]
PARTNER_COLUMNS = [
    NP_("table column", "partner"),
    NP_("table column", "open"),
    NP_("table column", "overdue"),
    NP_("table column", "done"),
    NP_("table column", "done late"),
    NP_("table column", "present"),
    NP_("table column", "excused"),
    NP_("table column", "absent"),
    NP_("table column", "attendance"),
]


def report(
    ctx: typer.Context,
    start: FromOption = None,
    end: ToOption = None,
    on: OnOption = None,
    json: JsonOption = False,
    form: ReportForm = None,
    out: ReportOut = None,
    store: StoreOption = None,
) -> None:
    """The three questions (which problems? do all partners take part? do they keep their word?) and the balance,
    as of the period's last day, then over the period (default: this year so far); --format writes a document."""
    from vhuis.cli.report_period import show_period
    from vhuis.domain.period import period_of, store_period_report
    from vhuis.errors import InvalidInput

    found = store_of(ctx, store)
    document = document_form(form, out, json)  # a bad --format or --out stops before the report is made
    if on is not None and end is not None and on != end:
        raise InvalidInput(
            _("--on {on} and --to {end} name two last days; give one of them (--on is the same as --to)").format(
                on=on.isoformat(), end=end.isoformat()
            )
        )
    made, problems = store_period_report(found, period_of(start, end or on, today()))
    output.skipped(problems)
    if json:
        output.emit_json(made.as_json())
        return
    if document is not None:
        write_document(found, made, document, out)
        return
    show_report(made.report, found.settings.name)
    show_period(made)


# The options of the commands that write e-mail (remind, invite).
MailFolder = Annotated[Path, typer.Option("--out", help="The folder for the .eml files (made when missing).")]
Relay = Annotated[
    str | None, typer.Option("--smtp", metavar="HOST:PORT", help="Also send them through this mail relay.")
]
Sender = Annotated[str | None, typer.Option("--from", metavar="ADDR", help="The sender (default: your git identity).")]


def remind(
    ctx: typer.Context,
    out: MailFolder,
    on: OnOption = None,
    smtp: Relay = None,
    sender: Sender = None,
    store: StoreOption = None,
) -> None:
    """Write one e-mail (.eml) per partner that owes something, listing its open commitments."""
    from vhuis.documents.remind import parse_server, reminders, send_mail, sender_of, write_mail

    found = store_of(ctx, store)
    if smtp is not None:
        parse_server(smtp)  # a bad HOST:PORT stops before anything is written
    made = reminders(found, on or today(), sender_of(found, sender))
    output.skipped(made.problems)
    for line in made.skipped:
        output.warn(line)
    written = write_mail(made.reminders, out)
    output.done(
        ngettext("{n} reminder written to {folder}", "{n} reminders written to {folder}", len(written)).format(
            n=len(written), folder=out
        )
    )
    if smtp is not None and made.reminders:
        sent = ", ".join(send_mail(made.reminders, smtp))
        output.done(_("sent through {server} to {addresses}").format(server=smtp, addresses=sent))


def invite(
    ctx: typer.Context,
    day: Annotated[date, typer.Argument(metavar="DATE", parser=Day(), help="The planned meeting's day.")],
    out: MailFolder,
    smtp: Relay = None,
    sender: Sender = None,
    store: StoreOption = None,
) -> None:
    """Write one convocation (.eml) per partner invited to the planned meeting on DATE."""
    from vhuis.documents.invite import convocations
    from vhuis.documents.remind import parse_server, send_mail, sender_of, write_mail

    found = store_of(ctx, store)
    if smtp is not None:
        parse_server(smtp)  # a bad HOST:PORT stops before anything is written
    made = convocations(found, day, today(), sender_of(found, sender))
    output.skipped(made.problems)
    for line in made.skipped:
        output.warn(line)
    written = write_mail(made.convocations, out)
    output.done(
        ngettext("{n} convocation written to {folder}", "{n} convocations written to {folder}", len(written)).format(
            n=len(written), folder=out
        )
    )
    if smtp is not None and made.convocations:
        failed = _("--smtp: could not send the convocations through {host}:{port} ({reason}); {done}")
        sent = ", ".join(send_mail(made.convocations, smtp, failed))
        output.done(_("sent through {server} to {addresses}").format(server=smtp, addresses=sent))


# -- for people ---------------------------------------------------------------


def sparkline(counts: list[int]) -> str:
    top = max(counts, default=0)
    if top == 0:
        return " " * len(counts)
    return "".join(" " if n == 0 else SPARKS[min(len(SPARKS) - 1, (n * len(SPARKS) - 1) // top)] for n in counts)


def _listed(records: list[PartnerRecord], count: str, suffix: str = "") -> str:
    return ", ".join(f"{r.partner} {getattr(r, count)}{suffix}" for r in records)


def _meetings(count: int) -> str:
    return ngettext("{n} meeting", "{n} meetings", count).format(n=count)


def answers(made: Report) -> list[tuple[str, str]]:
    """A short answer to each of the office's questions, worded from the report's verdicts."""
    on = output.long_day(made.on)
    v = made.verdicts
    first, last = v.months[0], v.months[-1]
    problems = ngettext("{n} open case", "{n} open cases", v.open_cases).format(n=v.open_cases) + "; "
    if v.busiest:
        problems += ngettext(
            "{n} signal in {first} to {last}, most in {places} ({most}).",
            "{n} signals in {first} to {last}, most in {places} ({most}).",
            v.signals,
        ).format(n=v.signals, first=first, last=last, places=joined(v.busiest), most=v.busiest_count)
    else:
        problems += _("no signals in {first} to {last}.").format(first=first, last=last)

    if not v.meetings:
        taking_part = _("no meetings up to {day} yet.").format(day=on)
    elif v.all_take_part:
        taking_part = ngettext(
            "yes: every partner of an open case came to the {n} meeting up to {day}.",
            "yes: every partner of an open case came to the {n} meetings up to {day}.",
            v.meetings,
        ).format(n=v.meetings, day=on)
    else:
        parts = []
        if v.absent:
            parts.append(_("absent without notice: {partners}").format(partners=_listed(list(v.absent), "absent", "×")))
        if v.present_at_none:
            parts.append(
                _("named in an open case but present at no meeting: {partners}").format(
                    partners=", ".join(v.present_at_none)
                )
            )
        taking_part = _("not all ({meetings} up to {day}): {parts}.").format(
            meetings=_meetings(v.meetings), day=on, parts="; ".join(parts)
        )

    kept = ngettext(
        "{late} of {n} done commitment was done late", "{late} of {n} done commitments were done late", v.done
    ).format(late=v.done_late, n=v.done)
    open_ = ngettext("{n} open commitment", "{n} open commitments", v.open).format(n=v.open)
    if v.late:
        promised = _("not all: {overdue} of {open} overdue ({partners}); {kept}.").format(
            overdue=v.overdue, open=open_, partners=_listed(list(v.late), "overdue"), kept=kept
        )
    else:
        promised = _("nothing is overdue ({open}); {kept}.").format(open=open_, kept=kept)

    lopsided, gaps = v.one_kind_only, v.chain_link_missing
    balance = ngettext(
        "{n} case with only one kind of measure", "{n} cases with only one kind of measure", len(lopsided)
    ).format(n=len(lopsided))
    balance += f" ({', '.join(lopsided)})" if lopsided else ""
    balance += "; " + ngettext(
        "{n} with a link of the safety chain missing", "{n} with a link of the safety chain missing", len(gaps)
    ).format(n=len(gaps))
    balance += (f" ({', '.join(gaps)})" if gaps else "") + "."
    return [
        (_("Which problems are there?"), problems),
        (_("Do all partners take part?"), taking_part),
        (_("Does every partner do what it promised?"), promised),
        (_("Preventive next to repressive, every link of the chain?"), balance),
    ]


def show_report(made: Report, office: str) -> None:
    from vhuis.domain.report import months_up_to

    on = output.long_day(made.on)
    heading = _("{office}: report on {day}").format(office=office, day=on)
    body: list[output.Line] = [output.bold(heading), ""]
    body += [[output.bold(q), f" {a}"] for q, a in answers(made)]
    output.text(body)

    top = max([c.preventive for c in made.cases] + [c.repressive for c in made.cases] + [1])
    output.table(
        [pgettext(*column) for column in CASE_COLUMNS],
        [
            [
                c.id,
                short_title(c.title),
                term(c.status),
                f"{bar(c.preventive, top)} {c.preventive}",
                f"{bar(c.repressive, top)} {c.repressive}",
                ", ".join(term(p) for p in c.phases_missing) or "-",
                c.open,
                c.overdue or "",
                balance_remark(c),
            ]
            for c in made.cases
        ],
        title="\n" + _("Open cases on {day}").format(day=on),
    )

    show_escalations(made, on)
    show_evaluations(made, on)

    output.table(
        [pgettext(*column) for column in PARTNER_COLUMNS],
        [
            [
                *(p.partner, p.open, p.overdue or "", p.done, p.done_late or "", p.present, p.excused, p.absent),
                attendance(p),
            ]
            for p in made.partners
        ],
        title="\n"
        + ngettext(
            "Partners: commitments, and attendance at {n} meeting up to {day}",
            "Partners: commitments, and attendance at {n} meetings up to {day}",
            made.meetings,
        ).format(n=made.meetings, day=on),
    )

    recent = months_up_to(made.on, RECENT_MONTHS)
    year = months_up_to(made.on, 12)
    output.table(
        [
            pgettext("table column", "place"),
            *recent,
            pgettext("table column", "12 months"),
            pgettext("table column", "trend"),
        ],
        [
            [p.where or _("(confidential)"), *(p.months.get(m, "") for m in recent), p.total, sparkline(p.counts(year))]
            for p in made.places(len(year))
        ],
        title="\n" + _("Signals per month and place, the 12 months up to {day}").format(day=on),
    )


def show_escalations(made: Report, on: str) -> None:
    """The escalated commitments (docs/report.md): one row each, the most overdue first; a line when none."""
    from vhuis.cli.owes import OWES_COLUMNS, remark

    if not made.escalations:
        output.text(["", _("No escalated commitments on {day}.").format(day=on)])
        return
    output.table(
        [pgettext(*column) for column in OWES_COLUMNS],
        [
            [o.partner, o.case, o.commitment, short_title(o.action if made.shows(o) else None), o.due, remark(o)]
            for o in made.escalations
        ],
        title="\n"
        + _("Escalated commitments on {day}: overdue more than {days} days, or postponed {times} times or more").format(
            day=on, days=made.escalation.overdue_days, times=made.escalation.postponed
        ),
    )


def show_evaluations(made: Report, on: str) -> None:
    """The evaluated cases, each goal with its result; then the cases whose evaluation is due."""
    from vhuis.domain.report import EVALUATION_DUE

    if made.evaluations:
        output.table(
            [
                pgettext("table column", "case"),
                pgettext("table column", "title"),
                pgettext("table column", "status"),
                pgettext("table column", "evaluated"),
                pgettext("table column", "goals"),
                pgettext("table column", "all goals reached"),
            ],
            [
                [
                    e.id,
                    short_title(e.title),
                    term(e.status),
                    e.date,
                    ", ".join(f"{n} {term(r)}" for n, r in e.results.items()) or "-",
                    _("yes") if e.goals_reached else _("no"),
                ]
                for e in made.evaluations
            ],
            title="\n" + _("Evaluated cases up to {day}").format(day=on),
        )
    if made.evaluation_due:
        output.table(
            [
                pgettext("table column", "case"),
                pgettext("table column", "title"),
                pgettext("table column", "quiet since"),
                pgettext("table column", "days"),
            ],
            [[e.id, short_title(e.title), e.since, e.days] for e in made.evaluation_due],
            title="\n"
            + _("In monitoring for more than {days} days without an evaluation ('vhuis evaluation set')").format(
                days=EVALUATION_DUE
            ),
        )
