"""Entries in a case: signals, analysis, goals, measures, commitments, decisions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import CaseArg, DayOption, StoreOption, group, store_of
from vhuis.cli.helptext import examples
from vhuis.cli.params import CaseId, Choice, Day, InboxId, PartnerId, listed
from vhuis.errors import InvalidInput
from vhuis.i18n import _, pgettext
from vhuis.vocab import MeasureStatus, MeasureType, Phase, Source, term

OwnerOption = Annotated[
    str,
    typer.Option(
        "--owner", parser=PartnerId(), autocompletion=complete.partners, help="The partner that carries it out."
    ),
]

RestrictedOption = Annotated[
    list[str] | None,
    typer.Option(
        "--restricted-to",
        metavar="PARTNER",
        parser=PartnerId(),
        autocompletion=complete.partners,
        help="Only this partner (and the office) may see it (repeatable); see docs/privacy.md.",
    ),
]

signal_app = group("Signals (meldingen) of (un)safety.")
analysis_app = group("The analysis of a case.")
goal_app = group("The goals of a case's plan.")
measure_app = group("Measures of a case's plan of approach.")
commitment_app = group("What partners promised to do, and by when.")
decision_app = group("Decisions taken about a case.")


InboxArg = Annotated[
    str,
    typer.Argument(
        metavar="SIGNAL", parser=InboxId(), autocompletion=complete.inbox, help="The inbox signal, e.g. I7."
    ),
]


@signal_app.command(
    "add",
    epilog=examples(
        "vhuis signal add 2026-007 --source police --summary 'Drie winkeldiefstallen op zaterdag' --partner politie",
        "vhuis signal add --source citizen --summary 'Lawaai na middernacht' --area Kolderbos --theme overlast",
    ),
)
def signal_add(
    ctx: typer.Context,
    source: Annotated[
        Source,
        typer.Option(
            "--source", parser=Choice(Source), autocompletion=complete.values(Source), help=f"{listed(Source)}."
        ),
    ],
    summary: Annotated[
        str, typer.Option("--summary", help="What was reported, about a place or a group, never a person.")
    ],
    case_id: Annotated[
        str | None,
        typer.Argument(
            metavar="CASE",
            parser=CaseId(),
            autocompletion=complete.cases,
            help="The case, e.g. 2026-007; without one the signal goes into the inbox (I1, I2, ...).",
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            autocompletion=complete.areas,
            help="Inbox only: the area it is about (with areas.yaml: one of it).",
        ),
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="Inbox only: the target group it is about.")] = None,
    themes: Annotated[list[str] | None, typer.Option("--theme", help="Inbox only: a theme (repeatable).")] = None,
    day: DayOption = None,
    partner: Annotated[
        str | None,
        typer.Option(
            "--partner", parser=PartnerId(), autocompletion=complete.partners, help="The partner that reported it."
        ),
    ] = None,
    restricted_to: RestrictedOption = None,
    store: StoreOption = None,
) -> None:
    """Add a signal to a case (prints S1, S2, ...) or, without CASE, to the inbox (prints I1, I2, ...)."""
    found = store_of(ctx, store)
    if case_id is None and restricted_to:
        raise InvalidInput(
            _(
                "an inbox signal is not restricted: give the case it belongs to (vhuis signal add CASE ...), "
                "or, once it is linked, restrict it with 'vhuis case edit CASE' (restricted_to)"
            ),
            "restricted_to",
        )
    if case_id is None:
        from vhuis.domain.intake import add_to_inbox

        waiting = add_to_inbox(found, source, summary, area, group, themes or [], day, partner)
        output.result(waiting.id)
        output.done(_("signal {signal} put in the inbox").format(signal=waiting.id))
        return
    from vhuis.domain.cases import add_signal

    given = [name for name, value in (("area", area), ("group", group), ("themes", themes)) if value]
    if given:
        raise InvalidInput(
            _("a signal of case {case} is about the case's area or group and themes; leave this option out").format(
                case=case_id
            ),
            given[0],
        )
    signal = add_signal(found, case_id, source, summary, day, partner, restricted_to or [])
    output.result(signal.id)
    output.done(_("{case}: signal {signal} added").format(case=case_id, signal=signal.id))
    say_restricted(signal.restricted_to, restricted_to or [], _("the partner that reported it always sees it"))


def say_restricted(restricted: list[str], given: list[str], why_added: str = "") -> None:
    """Who may see the entry just added, and who was added to them without being given (and why)."""
    if not restricted:
        return
    output.say(_("only for: {partners}").format(partners=", ".join(restricted)))
    added = [partner for partner in restricted if partner not in given]
    if added:
        output.say(_("{partners} added: {why}").format(partners=", ".join(added), why=why_added))


@signal_app.command("link", epilog=examples("vhuis signal link I7 2026-007"))
def signal_link(ctx: typer.Context, inbox_id: InboxArg, case_id: CaseArg, store: StoreOption = None) -> None:
    """Move an inbox signal into a case; prints its new id there (S1, S2, ...)."""
    from vhuis.domain.intake import link_signal

    signal = link_signal(store_of(ctx, store), inbox_id, case_id)
    output.result(signal.id)
    output.done(
        _("inbox signal {inbox} moved into case {case} as signal {signal}").format(
            inbox=inbox_id, case=case_id, signal=signal.id
        )
    )


@signal_app.command("dismiss", epilog=examples("vhuis signal dismiss I8 --reason 'Eenmalig; geen patroon in de buurt'"))
def signal_dismiss(
    ctx: typer.Context,
    inbox_id: InboxArg,
    reason: Annotated[str, typer.Option("--reason", help="Why no case takes it up.")],
    store: StoreOption = None,
) -> None:
    """Set an inbox signal aside, with the reason."""
    from vhuis.domain.intake import dismiss_signal

    dismiss_signal(store_of(ctx, store), inbox_id, reason)
    output.done(_("inbox signal {signal} dismissed").format(signal=inbox_id))


@analysis_app.command(
    "set",
    epilog=examples(
        "vhuis analysis set 2026-007 --problem 'Georganiseerde winkeldiefstal op drukke dagen'",
        "vhuis analysis set 2026-007 --environment 'Vier ingangen, weinig zicht vanuit de winkels'",
    ),
)
def analysis_set(
    ctx: typer.Context,
    case_id: CaseArg,
    problem: Annotated[str | None, typer.Option("--problem", help="The problem, in a few sentences.")] = None,
    socio_economic: Annotated[str | None, typer.Option("--socio-economic", help="Socio-economic factors.")] = None,
    environment: Annotated[str | None, typer.Option("--environment", help="Features of the place.")] = None,
    offenders: Annotated[str | None, typer.Option("--offenders", help="Features of offenders, as a group.")] = None,
    victims: Annotated[str | None, typer.Option("--victims", help="Features of victims, as a group.")] = None,
    store: StoreOption = None,
) -> None:
    """Set parts of a case's analysis; parts not given stay as they are."""
    from vhuis.domain.cases import set_analysis

    fields = {
        "problem": problem,
        "socio_economic": socio_economic,
        "environment": environment,
        "offenders": offenders,
        "victims": victims,
    }
    changed = set_analysis(store_of(ctx, store), case_id, fields)
    parts = ", ".join(pgettext("analysis", f.replace("_", "-")) for f in changed)  # as 'case show' names them
    output.done(_("{case}: analysis set ({parts})").format(case=case_id, parts=parts))


@goal_app.command("add", epilog=examples("vhuis goal add 2026-007 'Minder winkeldiefstallen tegen eind juni'"))
def goal_add(
    ctx: typer.Context,
    case_id: CaseArg,
    goal: Annotated[str, typer.Argument(help="A goal of the plan, e.g. 'Minder meldingen tegen eind juni'.")],
    store: StoreOption = None,
) -> None:
    """Add a goal to a case's plan."""
    from vhuis.domain.cases import add_goal

    count = add_goal(store_of(ctx, store), case_id, goal)
    output.done(_("{case}: goal {goal} added to the plan").format(case=case_id, goal=count))


@measure_app.command(
    "add",
    epilog=examples(
        "vhuis measure add 2026-007 'Camera aan de ingangen' --type preventive --phase prevention --owner economie",
        "vhuis measure add 2026-007 'Gerichte controles' --type repressive --phase reaction --owner politie",
    ),
)
def measure_add(
    ctx: typer.Context,
    case_id: CaseArg,
    title: Annotated[str, typer.Argument(help="What the measure is.")],
    type_: Annotated[
        MeasureType,
        typer.Option(
            "--type",
            parser=Choice(MeasureType),
            autocompletion=complete.values(MeasureType),
            help=f"{listed(MeasureType)}.",
        ),
    ],
    phase: Annotated[
        Phase,
        typer.Option("--phase", parser=Choice(Phase), autocompletion=complete.values(Phase), help=f"{listed(Phase)}."),
    ],
    owner: OwnerOption,
    status: Annotated[
        MeasureStatus,
        typer.Option(
            "--status",
            parser=Choice(MeasureStatus),
            autocompletion=complete.values(MeasureStatus),
            help=f"{listed(MeasureStatus)}.",
        ),
    ] = MeasureStatus.planned,
    store: StoreOption = None,
) -> None:
    """Add a measure to a case's plan; prints its id (M1, M2, ...)."""
    from vhuis.domain.cases import add_measure

    measure, joined = add_measure(store_of(ctx, store), case_id, title, type_, phase, owner, status)
    output.result(measure.id)
    output.done(_("{case}: measure {measure} added").format(case=case_id, measure=measure.id))
    if joined:
        output.say(_("{partner} added to the case's partners").format(partner=owner))


@measure_app.command(
    "status",
    epilog=examples("vhuis measure status 2026-007 M1 running", "vhuis measure status 2026-007 M2 afgerond"),
)
def measure_status(
    ctx: typer.Context,
    case_id: CaseArg,
    measure_id: Annotated[str, typer.Argument(metavar="MEASURE", help="M1, M2, ...")],
    status: Annotated[
        MeasureStatus,
        typer.Argument(
            parser=Choice(MeasureStatus),
            autocompletion=complete.values(MeasureStatus),
            help=f"{listed(MeasureStatus)}.",
        ),
    ],
    store: StoreOption = None,
) -> None:
    """Move a measure to another status (one commit)."""
    from vhuis.domain.cases import set_measure_status

    old, new = set_measure_status(store_of(ctx, store), case_id, measure_id, status)
    output.done(
        _("{case}: measure {measure} {old} -> {new}").format(
            case=case_id, measure=measure_id, old=term(old), new=term(new)
        )
    )


@commitment_app.command(
    "add",
    epilog=examples(
        "vhuis commitment add 2026-007 --partner politie --action 'Extra patrouilles op zaterdag' --due 2026-12-15",
        "vhuis commitment add 2026-007 --partner economie --action 'Winkeliers informeren' --due 2026-12-01",
    ),
)
def commitment_add(
    ctx: typer.Context,
    case_id: CaseArg,
    partner: Annotated[
        str,
        typer.Option(
            "--partner", parser=PartnerId(), autocompletion=complete.partners, help="The partner that promised it."
        ),
    ],
    action: Annotated[str, typer.Option("--action", help="What it will do.")],
    due: Annotated[date, typer.Option("--due", parser=Day(), help="By when.")],
    measure: Annotated[str | None, typer.Option("--measure", help="The measure it serves (M1, ...).")] = None,
    made: Annotated[
        date | None, typer.Option("--made", parser=Day(), help="The meeting day it was agreed (default today).")
    ] = None,
    restricted_to: RestrictedOption = None,
    store: StoreOption = None,
) -> None:
    """Record a partner's commitment; prints its id (C1, C2, ...)."""
    from vhuis.domain.cases import add_commitment

    commitment, joined = add_commitment(
        store_of(ctx, store), case_id, partner, action, due, measure, made, restricted_to or []
    )
    output.result(commitment.id)
    output.done(
        _("{case}: commitment {commitment} for {partner}, due {due}").format(
            case=case_id, commitment=commitment.id, partner=partner, due=commitment.due
        )
    )
    if joined:
        output.say(_("{partner} added to the case's partners").format(partner=partner))
    say_restricted(commitment.restricted_to, restricted_to or [], _("a partner always sees its own commitment"))


@commitment_app.command(
    "done", epilog=examples("vhuis commitment done 2026-007 C1", "vhuis commitment done 2026-007 C1 --date 2026-11-20")
)
def commitment_done(
    ctx: typer.Context,
    case_id: CaseArg,
    commitment_id: Annotated[str, typer.Argument(metavar="COMMITMENT", help="C1, C2, ...")],
    day: DayOption = None,
    store: StoreOption = None,
) -> None:
    """Mark a commitment as done."""
    from vhuis.domain.cases import finish_commitment

    commitment = finish_commitment(store_of(ctx, store), case_id, commitment_id, day)
    output.done(
        _("{case}: commitment {commitment} done on {day}").format(
            case=case_id, commitment=commitment.id, day=commitment.done
        )
    )


@commitment_app.command("drop", epilog=examples("vhuis commitment drop 2026-007 C2"))
def commitment_drop(
    ctx: typer.Context,
    case_id: CaseArg,
    commitment_id: Annotated[str, typer.Argument(metavar="COMMITMENT", help="C1, C2, ...")],
    store: StoreOption = None,
) -> None:
    """Drop a commitment that no longer holds."""
    from vhuis.domain.cases import finish_commitment

    finish_commitment(store_of(ctx, store), case_id, commitment_id, dropped=True)
    output.done(_("{case}: commitment {commitment} dropped").format(case=case_id, commitment=commitment_id))


@decision_app.command(
    "add", epilog=examples("vhuis decision add 2026-007 'Het dossier gaat naar monitoring' --date 2026-11-12")
)
def decision_add(
    ctx: typer.Context,
    case_id: CaseArg,
    text: Annotated[str, typer.Argument(help="What was decided.")],
    day: DayOption = None,
    restricted_to: RestrictedOption = None,
    store: StoreOption = None,
) -> None:
    """Record a decision about a case."""
    from vhuis.domain.cases import add_decision

    decision = add_decision(store_of(ctx, store), case_id, text, day, restricted_to or [])
    output.done(_("{case}: decision of {day} added").format(case=case_id, day=decision.date))
    say_restricted(decision.restricted_to, restricted_to or [])
