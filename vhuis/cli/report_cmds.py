"""vhuis report (the office's three questions, and the balance of every plan) and vhuis remind."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, OnOption, StoreOption, store_of
from vhuis.clock import today

if TYPE_CHECKING:
    from vhuis.domain.report import CaseBalance, PartnerRecord, Report

SPARKS = "▁▂▃▄▅▆▇█"
TITLE_WIDTH = 44
RECENT_MONTHS = 6


def report(ctx: typer.Context, on: OnOption = None, json: JsonOption = False, store: StoreOption = None) -> None:
    """The three questions (which problems? do all partners take part? do they keep their word?) and the balance."""
    from vhuis.domain.report import store_report

    found = store_of(ctx, store)
    made, problems = store_report(found, on or today())
    for problem in problems:
        output.warn(f"skipped: {problem}")
    if json:
        output.emit_json(made.as_json())
        return
    show_report(made, found.settings.name)


def remind(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The folder for the .eml files (made when missing).")],
    on: OnOption = None,
    smtp: Annotated[
        str | None, typer.Option("--smtp", metavar="HOST:PORT", help="Also send them through this mail relay.")
    ] = None,
    sender: Annotated[
        str | None, typer.Option("--from", metavar="ADDR", help="The sender (default: your git identity).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write one e-mail (.eml) per partner that owes something, listing its open commitments."""
    from vhuis.documents.remind import parse_server, reminders, send_reminders, sender_of, write_reminders

    found = store_of(ctx, store)
    if smtp is not None:
        parse_server(smtp)  # a bad HOST:PORT stops before anything is written
    made = reminders(found, on or today(), sender_of(found, sender))
    for line in [*(f"skipped: {p}" for p in made.problems), *made.skipped]:
        output.warn(line)
    written = write_reminders(made.reminders, out)
    output.done(f"{len(written)} reminder{'s' if len(written) != 1 else ''} written to {out}")
    if smtp is not None and made.reminders:
        output.done(f"sent through {smtp} to {', '.join(send_reminders(made.reminders, smtp))}")


# -- for people ---------------------------------------------------------------


def bar(count: int, top: int, width: int = 10) -> str:
    """``███░░``: ``count`` out of ``top``, at most ``width`` wide; a count above 0 always shows."""
    if top <= 0:
        return ""
    width = min(width, top)
    filled = max(round(count * width / top), 1 if count else 0)
    return "█" * filled + "░" * (width - filled)


def sparkline(counts: list[int]) -> str:
    top = max(counts, default=0)
    if top == 0:
        return " " * len(counts)
    return "".join(" " if n == 0 else SPARKS[min(len(SPARKS) - 1, (n * len(SPARKS) - 1) // top)] for n in counts)


def _short(title: str) -> str:
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1].rstrip() + "…"


def counted(count: int, thing: str) -> str:
    """``1 meeting``, ``2 meetings``."""
    return f"{count} {thing}{'' if count == 1 else 's'}"


def _remark(case: CaseBalance) -> str:
    if case.no_measures:
        return "no measures yet"
    if case.only_repressive:
        return "! only repressive"
    if case.only_preventive:
        return "! only preventive"
    return ""


def _listed(records: list[PartnerRecord], count: str, suffix: str = "") -> str:
    return ", ".join(f"{r.partner} {getattr(r, count)}{suffix}" for r in records)


def answers(made: Report) -> list[tuple[str, str]]:
    """A short answer to each of the office's questions, worded from the report's verdicts."""
    on = made.on
    v = made.verdicts
    first, last = v.months[0], v.months[-1]
    problems = f"{counted(v.open_cases, 'open case')}; "
    if v.busiest:
        busiest = " and ".join(v.busiest)
        problems += f"{counted(v.signals, 'signal')} in {first} to {last}, most in {busiest} ({v.busiest_count})."
    else:
        problems += f"no signals in {first} to {last}."

    if not v.meetings:
        taking_part = f"no meetings up to {on} yet."
    elif v.all_take_part:
        taking_part = f"yes: every partner of an open case came to the {counted(v.meetings, 'meeting')} up to {on}."
    else:
        parts = []
        if v.absent:
            parts.append(f"absent without notice: {_listed(list(v.absent), 'absent', '×')}")
        if v.present_at_none:
            parts.append(f"named in an open case but present at no meeting: {', '.join(v.present_at_none)}")
        taking_part = f"not all ({counted(v.meetings, 'meeting')} up to {on}): " + "; ".join(parts) + "."

    kept = f"{v.done_late} of {counted(v.done, 'done commitment')} {'was' if v.done == 1 else 'were'} done late"
    if v.late:
        listed = _listed(list(v.late), "overdue")
        promised = f"not all: {v.overdue} of {counted(v.open, 'open commitment')} overdue ({listed}); {kept}."
    else:
        promised = f"nothing is overdue ({counted(v.open, 'open commitment')}); {kept}."

    lopsided, gaps = v.one_kind_only, v.chain_link_missing
    balance = (
        f"{len(lopsided)} case{'s' if len(lopsided) != 1 else ''} with only one kind of measure"
        + (f" ({', '.join(lopsided)})" if lopsided else "")
        + f"; {len(gaps)} with a link of the safety chain missing"
        + (f" ({', '.join(gaps)})" if gaps else "")
        + "."
    )
    return [
        ("Which problems are there?", problems),
        ("Do all partners take part?", taking_part),
        ("Does every partner do what it promised?", promised),
        ("Preventive next to repressive, every link of the chain?", balance),
    ]


def show_report(made: Report, office: str) -> None:
    from vhuis.domain.report import months_up_to

    body: list[output.Line] = [output.bold(f"{office}: report on {made.on}"), ""]
    body += [[output.bold(q), f" {a}"] for q, a in answers(made)]
    output.text(body)

    top = max([c.preventive for c in made.cases] + [c.repressive for c in made.cases] + [1])
    output.table(
        ["case", "title", "status", "preventive", "repressive", "phases missing", "open", "overdue", "remark"],
        [
            [
                c.id,
                _short(c.title),
                c.status.value,
                f"{bar(c.preventive, top)} {c.preventive}",
                f"{bar(c.repressive, top)} {c.repressive}",
                ", ".join(p.value for p in c.phases_missing) or "-",
                c.open,
                c.overdue or "",
                _remark(c),
            ]
            for c in made.cases
        ],
        title=f"\nOpen cases on {made.on}",
    )

    meetings = max(made.meetings, 1)
    output.table(
        ["partner", "open", "overdue", "done", "done late", "present", "excused", "absent", "attendance"],
        [
            [
                *(p.partner, p.open, p.overdue or "", p.done, p.done_late or "", p.present, p.excused, p.absent),
                bar(p.present, meetings) if made.meetings else "",
            ]
            for p in made.partners
        ],
        title=f"\nPartners: commitments, and attendance at {counted(made.meetings, 'meeting')} up to {made.on}",
    )

    recent = months_up_to(made.on, RECENT_MONTHS)
    year = months_up_to(made.on, 12)
    places: dict[str, dict[str, int]] = {}
    for s in made.signals:
        places.setdefault(s.where, {})[s.month] = s.count
    totals = {where: sum(months.get(m, 0) for m in year) for where, months in places.items()}
    ordered = sorted((item for item in places.items() if totals[item[0]]), key=lambda i: (-totals[i[0]], i[0]))
    output.table(
        ["place", *recent, "12 months", "trend"],
        [
            [where, *(months.get(m, "") for m in recent), totals[where], sparkline([months.get(m, 0) for m in year])]
            for where, months in ordered
        ],
        title=f"\nSignals per month and place, the 12 months up to {made.on}",
    )
