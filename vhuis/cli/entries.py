"""Entries in a case: signals, analysis, goals, measures, commitments, decisions."""

from __future__ import annotations

from typing import Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import StoreOption, store_of

CaseArg = Annotated[str, typer.Argument(metavar="CASE", help="The case id, e.g. 2026-007.")]
DateOption = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")]

signal_app = typer.Typer(help="Signals (meldingen) of (un)safety.", no_args_is_help=True)
analysis_app = typer.Typer(help="The analysis of a case.", no_args_is_help=True)
goal_app = typer.Typer(help="The goals of a case's plan.", no_args_is_help=True)
measure_app = typer.Typer(help="Measures of a case's plan of approach.", no_args_is_help=True)
commitment_app = typer.Typer(help="What partners promised to do, and by when.", no_args_is_help=True)
decision_app = typer.Typer(help="Decisions taken about a case.", no_args_is_help=True)


@signal_app.command("add")
def signal_add(
    ctx: typer.Context,
    case_id: CaseArg,
    source: Annotated[
        str, typer.Option("--source", help="citizen, mayor, police, community-guard, city-service or partner.")
    ],
    summary: Annotated[
        str, typer.Option("--summary", help="What was reported, about a place or a group, never a person.")
    ],
    date: DateOption = None,
    partner: Annotated[str | None, typer.Option("--partner", help="The partner that reported it.")] = None,
    store: StoreOption = None,
) -> None:
    """Add a signal to a case; prints its id (S1, S2, ...)."""
    from vhuis.domain.cases import add_signal

    signal = add_signal(store_of(ctx, store), case_id, source, summary, date, partner)
    output.result(signal.id)
    output.done(f"{case_id}: signal {signal.id} added")


@analysis_app.command("set")
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
    output.done(f"{case_id}: analysis set ({', '.join(f.replace('_', '-') for f in changed)})")


@goal_app.command("add")
def goal_add(
    ctx: typer.Context,
    case_id: CaseArg,
    goal: Annotated[str, typer.Argument(help="A goal of the plan, e.g. 'Minder meldingen tegen eind juni'.")],
    store: StoreOption = None,
) -> None:
    """Add a goal to a case's plan."""
    from vhuis.domain.cases import add_goal

    count = add_goal(store_of(ctx, store), case_id, goal)
    output.done(f"{case_id}: goal {count} added to the plan")


@measure_app.command("add")
def measure_add(
    ctx: typer.Context,
    case_id: CaseArg,
    title: Annotated[str, typer.Argument(help="What the measure is.")],
    type_: Annotated[str, typer.Option("--type", help="preventive or repressive.")],
    phase: Annotated[str, typer.Option("--phase", help="proaction, prevention, reaction or aftercare.")],
    owner: Annotated[str, typer.Option("--owner", help="The partner that carries it out.")],
    status: Annotated[str, typer.Option("--status", help="planned, running, done or dropped.")] = "planned",
    store: StoreOption = None,
) -> None:
    """Add a measure to a case's plan; prints its id (M1, M2, ...)."""
    from vhuis.domain.cases import add_measure

    measure = add_measure(store_of(ctx, store), case_id, title, type_, phase, owner, status)
    output.result(measure.id)
    output.done(f"{case_id}: measure {measure.id} added")


@commitment_app.command("add")
def commitment_add(
    ctx: typer.Context,
    case_id: CaseArg,
    partner: Annotated[str, typer.Option("--partner", help="The partner that promised it.")],
    action: Annotated[str, typer.Option("--action", help="What it will do.")],
    due: Annotated[str, typer.Option("--due", help="By when (YYYY-MM-DD).")],
    measure: Annotated[str | None, typer.Option("--measure", help="The measure it serves (M1, ...).")] = None,
    made: Annotated[str | None, typer.Option("--made", help="The meeting day it was agreed (default today).")] = None,
    store: StoreOption = None,
) -> None:
    """Record a partner's commitment; prints its id (C1, C2, ...)."""
    from vhuis.domain.cases import add_commitment

    commitment = add_commitment(store_of(ctx, store), case_id, partner, action, due, measure, made)
    output.result(commitment.id)
    output.done(f"{case_id}: commitment {commitment.id} for {partner}, due {commitment.due}")


@commitment_app.command("done")
def commitment_done(
    ctx: typer.Context,
    case_id: CaseArg,
    commitment_id: Annotated[str, typer.Argument(metavar="COMMITMENT", help="C1, C2, ...")],
    date: DateOption = None,
    store: StoreOption = None,
) -> None:
    """Mark a commitment as done."""
    from vhuis.domain.cases import finish_commitment

    commitment = finish_commitment(store_of(ctx, store), case_id, commitment_id, date)
    output.done(f"{case_id}: commitment {commitment.id} done on {commitment.done}")


@commitment_app.command("drop")
def commitment_drop(
    ctx: typer.Context,
    case_id: CaseArg,
    commitment_id: Annotated[str, typer.Argument(metavar="COMMITMENT", help="C1, C2, ...")],
    store: StoreOption = None,
) -> None:
    """Drop a commitment that no longer holds."""
    from vhuis.domain.cases import finish_commitment

    finish_commitment(store_of(ctx, store), case_id, commitment_id, dropped=True)
    output.done(f"{case_id}: commitment {commitment_id} dropped")


@decision_app.command("add")
def decision_add(
    ctx: typer.Context,
    case_id: CaseArg,
    text: Annotated[str, typer.Argument(help="What was decided.")],
    date: DateOption = None,
    store: StoreOption = None,
) -> None:
    """Record a decision about a case."""
    from vhuis.domain.cases import add_decision

    decision = add_decision(store_of(ctx, store), case_id, text, date)
    output.done(f"{case_id}: decision of {decision.date} added")
