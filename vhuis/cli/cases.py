"""vhuis case: open, list, show, move and edit cases."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import CaseArg, JsonOption, StoreOption, group, store_of
from vhuis.cli.helptext import examples
from vhuis.cli.params import Choice, Day, InboxId, PartnerId, listed
from vhuis.errors import EditConflict, InvalidData, InvalidInput, PersonalData, VhuisError
from vhuis.i18n import NP_, _, ngettext, pgettext
from vhuis.vocab import Approach, CaseStatus, term

if TYPE_CHECKING:
    from vhuis.model import Case

case_app = group("Cases: one problem each, area- or group-based.")

CASE_COLUMNS = [
    NP_("table column", "id"),
    NP_("table column", "status"),
    NP_("table column", "title"),
    NP_("table column", "where"),
    NP_("table column", "lead"),
    NP_("table column", "themes"),
]


@case_app.command(
    "new",
    epilog=examples(
        "vhuis case new 'Overlast aan het station' --approach area --area Stationsomgeving --lead preventiedienst",
        "vhuis case new 'Overlast op het Kolderbosplein' --lead preventiedienst --from I1 --from I4",
    ),
)
def case_new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What the problem is, in one line.")],
    approach: Annotated[
        Approach | None,
        typer.Option(
            "--approach",
            parser=Choice(Approach),
            autocompletion=complete.values(Approach),
            help=f"{listed(Approach)}: a hotspot, or a target group (with --from: as the signals say).",
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            autocompletion=complete.areas,
            help="The hotspot of an area case, or the area a group case is about (with areas.yaml: one of it).",
        ),
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="The target group, for a group case.")] = None,
    themes: Annotated[list[str] | None, typer.Option("--theme", help="A theme (repeatable), e.g. overlast.")] = None,
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead",
            parser=PartnerId(),
            autocompletion=complete.partners,
            help="The partner that holds the lead (regie).",
        ),
    ] = None,
    partners: Annotated[
        list[str] | None,
        typer.Option(
            "--partner",
            parser=PartnerId(),
            autocompletion=complete.partners,
            help="A partner taking part (repeatable).",
        ),
    ] = None,
    opened: Annotated[
        date | None, typer.Option("--opened", parser=Day(), help="The day it was opened (default today).")
    ] = None,
    inbox: Annotated[
        list[str] | None,
        typer.Option(
            "--from",
            metavar="SIGNAL",
            parser=InboxId(),
            autocompletion=complete.inbox,
            help="An inbox signal (I7) the case takes in (repeatable); approach, area or group and themes follow it.",
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Open a case, maybe from inbox signals; prints its new id."""
    from vhuis.domain.cases import new_case
    from vhuis.domain.intake import open_case_from

    found = store_of(ctx, store)
    moved: dict[str, str] = {}
    if inbox:
        case, moved = open_case_from(
            found, title, inbox, approach, area, group, themes or [], lead, partners or [], opened
        )
    elif approach is None:
        raise InvalidInput(
            _("say whether the case is about an area or a group, or open it from inbox signals with --from"), "approach"
        )
    else:
        case = new_case(found, title, approach, area, group, themes or [], lead, partners or [], opened)
    output.result(case.id)
    output.done(_("case {case} opened: {title}").format(case=case.id, title=case.title))
    if moved:
        listed = ", ".join(f"{signal} → {entry}" for signal, entry in moved.items())
        output.done(_("inbox signals moved into it: {signals}").format(signals=listed))


@case_app.command(
    "list", epilog=examples("vhuis case list --status active", "vhuis case list --partner politie --json")
)
def case_list(
    ctx: typer.Context,
    status: Annotated[
        CaseStatus | None,
        typer.Option(
            "--status",
            parser=Choice(CaseStatus),
            autocompletion=complete.values(CaseStatus),
            help=f"Only cases with this status: {listed(CaseStatus)}.",
        ),
    ] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Only cases with this theme.")] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", autocompletion=complete.areas, help="Only cases in this area (or for this group)."),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(
            "--partner",
            parser=PartnerId(),
            autocompletion=complete.partners,
            help="Only cases this partner takes part in.",
        ),
    ] = None,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List the cases, filtered."""
    from vhuis.domain.inputs import known_partner
    from vhuis.domain.report import case_rows, select_cases

    found = store_of(ctx, store)
    if partner is not None:  # a partner the store does not know is a typo, not an empty list
        known_partner(found, partner, "partner")
    digests, problems = found.digests()
    output.skipped(problems)
    chosen = select_cases(digests, status=status, theme=theme, area=area, partner=partner)
    rows = case_rows(chosen)
    if json:
        output.emit_json(rows)
        return
    secret = {case.id for case in chosen if case.confidential}
    marked = " [" + _("confidential") + "]"
    output.table(
        [pgettext(*column) for column in CASE_COLUMNS],
        [
            [
                r["id"],
                term(CaseStatus(r["status"])),
                r["title"] + (marked if r["id"] in secret else ""),
                place(r["group"], r["area"]) if r["approach"] == Approach.group.value else r["area"],
                r["lead"],
                ", ".join(r["themes"]),
            ]
            for r in rows
        ],
    )


def place(where: str, area: str | None) -> str:
    """Where a case is about: its hotspot or target group, and the area a group case names too."""
    return _("{group} · area {area}").format(group=where, area=area) if area else where


@case_app.command("show", epilog=examples("vhuis case show 2026-007", "vhuis case show 2026-007 --json"))
def case_show(
    ctx: typer.Context,
    case_id: CaseArg,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Show one case: signals, analysis, plan, commitments, decisions."""
    found = store_of(ctx, store)
    case = found.case(case_id)
    if json:
        from vhuis.model import FILE

        output.emit_json(case.model_dump(mode="json", context=FILE))  # the keys of the file, as it has them
        return
    names = {p.id: p.name for p in found.partners.values()}
    output.text(case_lines(case, names))


def case_lines(case: Case, names: dict[str, str]) -> list[output.Line]:
    """The lines of ``case show``; user text is plain parts, so it shows exactly as typed."""
    bold = output.bold

    def who(partner: str | None) -> str:
        return names.get(partner, partner) if partner else ""

    lines: list[output.Line] = [[bold(case.id), f"  {case.title}"]]
    if case.confidential:
        lines.append(bold(_("confidential: {audience}").format(audience=", ".join(case.audience) or "-")))
    where = place(case.where, case.area if case.approach is Approach.group else None)
    lines.append(
        _("status {status} · {approach}: {where} · opened {opened}").format(
            status=term(case.status), approach=term(case.approach), where=where, opened=case.opened
        )
        + (" · " + _("closed {day}").format(day=case.closed) if case.closed else "")
    )
    if case.themes:
        lines.append(_("themes: {themes}").format(themes=", ".join(case.themes)))
    if case.lead or case.partners:
        lines.append(
            _("lead: {lead} · partners: {partners}").format(
                lead=who(case.lead) or "-", partners=", ".join(who(p) for p in case.partners) or "-"
            )
        )
    lines += ["", bold(_("Signals")) if case.signals else output.dim(_("No signals yet."))]
    for s in case.signals:
        by = f" ({who(s.partner)})" if s.partner else ""
        lines.append(f"  {s.id}  {s.date}  {term(s.source)}{by}: {s.summary}{only(s.restricted_to)}")
    if case.analysis:
        lines += ["", bold(_("Analysis"))]
        a = case.analysis
        for label, value in (
            (pgettext("analysis", "problem"), a.problem),
            (pgettext("analysis", "socio-economic"), a.factors.socio_economic),
            (pgettext("analysis", "environment"), a.factors.environment),
            (pgettext("analysis", "offenders"), a.factors.offenders),
            (pgettext("analysis", "victims"), a.factors.victims),
        ):
            if value:
                lines.append(f"  {label}: {value}")
    if case.plan:
        lines += ["", bold(_("Plan"))]
        lines += ["  " + _("goal: {goal}").format(goal=g) for g in case.plan.goals]
        for m in case.plan.measures:
            kind = f"{term(m.type)}, {term(m.phase)}; {who(m.owner)}"
            lines.append(f"  {m.id}  [{term(m.status)}] {m.title} ({kind})")
    if case.commitments:
        lines += ["", bold(_("Commitments"))]
        for c in case.commitments:
            state = _("done {day}").format(day=c.done) if c.done else term(c.status)
            when = _("made {made}, due {due}; {state}").format(made=c.made, due=c.due, state=state)
            lines.append(f"  {c.id}  {who(c.partner)}: {c.action} ({when}){only(c.restricted_to)}")
    if case.decisions:
        lines += ["", bold(_("Decisions"))]
        lines += [f"  {d.date}  {d.text}{only(d.restricted_to)}" for d in case.decisions]
    if case.evaluation:
        lines += evaluation_lines(case)
    return lines


def only(restricted_to: list[str]) -> str:
    """How ``case show`` marks an entry not every partner may see: `` [only for: politie, zol]``."""
    return " [" + _("only for: {partners}").format(partners=", ".join(restricted_to)) + "]" if restricted_to else ""


def evaluation_lines(case: Case) -> list[output.Line]:
    """The evaluation in ``case show``: each goal of the plan with its result, then the effect and the process."""
    from vhuis.domain.report import results

    assert case.evaluation is not None
    found = results(case.evaluation)
    goals = case.plan.goals if case.plan else []
    lines: list[output.Line] = ["", output.bold(_("Evaluation of {day}").format(day=case.evaluation.date))]
    for number, goal in enumerate(goals, start=1):
        result = term(found[number]) if number in found else _("not evaluated")
        lines.append(f"  {number}. [{result}] {goal}")
    for label, text in ((_("effect"), case.evaluation.effect), (_("process"), case.evaluation.process)):
        if text:
            lines.append(f"  {label}: {text}")
    return lines


@case_app.command(
    "status",
    epilog=examples(
        "vhuis case status 2026-007 closed    (after 'vhuis evaluation set')",
        "vhuis case status 2026-011 dismissed --reason 'Geen structureel probleem'",
    ),
)
def case_status(
    ctx: typer.Context,
    case_id: CaseArg,
    status: Annotated[
        CaseStatus,
        typer.Argument(
            parser=Choice(CaseStatus), autocompletion=complete.values(CaseStatus), help=f"{listed(CaseStatus)}."
        ),
    ],
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why (required to dismiss); kept as a decision of today."),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Move a case to another status; a case is closed after its evaluation, dismissed with a reason."""
    from vhuis.domain.cases import set_status

    old, new = set_status(store_of(ctx, store), case_id, status, reason)
    output.done(_("case {case}: {old} -> {new}").format(case=case_id, old=term(old), new=term(new)))


@case_app.command("edit", epilog=examples("vhuis case edit 2026-007"))
def case_edit(
    ctx: typer.Context,
    case_id: CaseArg,
    from_draft: Annotated[
        Path | None,
        typer.Option(
            "--from-draft",
            metavar="PATH",
            help="Go on with the text an earlier edit kept (merged with what changed in the case since).",
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Edit a case in $EDITOR; it is validated before it is committed, and what you typed is never lost."""
    from vhuis.collab import drafts
    from vhuis.domain.cases import read_edit

    found = store_of(ctx, store)
    draft = drafts.resume(found, case_id, from_draft) if from_draft else drafts.start(found, case_id)
    for note in draft.notes:
        output.warn(note)
    while True:
        failed = output.run_editor(draft.path)
        if failed is not None:
            if draft.typed():
                kept = f" {draft.how_to_go_on()}"
            else:
                drafts.discard(draft)
                kept = ""
            raise InvalidInput(_("{failed}. Nothing was changed.").format(failed=failed) + kept)
        try:
            edited = read_edit(found, case_id, draft.path.read_bytes())
            break
        except (InvalidData, PersonalData) as error:
            output.fail(str(error))
            if not sys.stdin.isatty() or not typer.confirm(
                _("Edit again? (no keeps your text aside)"), default=True, err=True
            ):
                unchanged = _("the edit of case {case} was not saved; the case is unchanged.").format(case=case_id)
                raise InvalidInput(f"{unchanged} {draft.how_to_go_on()}") from None
    try:
        saved = drafts.commit(found, draft, edited)
    except EditConflict:
        raise
    except VhuisError:
        output.warn(draft.how_to_go_on())
        raise
    if saved:
        output.done(_("case {case} saved (one commit)").format(case=case_id))
    else:
        output.say(_("case {case}: no changes").format(case=case_id))


@case_app.command(
    "partners",
    epilog=examples(
        "vhuis case partners 2026-007 --add de-lijn --add jeugddienst",
        "vhuis case partners 2026-007 --remove baal",
    ),
)
def case_partners(
    ctx: typer.Context,
    case_id: CaseArg,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add", parser=PartnerId(), autocompletion=complete.partners, help="A partner that joins (repeatable)."
        ),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(
            "--remove",
            parser=PartnerId(),
            autocompletion=complete.partners,
            help="A partner that leaves (repeatable); not the lead, nor one with open work in the case.",
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Add partners to a case or remove them, as one commit."""
    from vhuis.domain.cases import set_case_partners

    added, removed = set_case_partners(store_of(ctx, store), case_id, add or [], remove or [])
    for partner in added:
        output.done(_("{case}: {partner} added to the case's partners").format(case=case_id, partner=partner))
    for partner in removed:
        output.done(_("{case}: {partner} removed from the case's partners").format(case=case_id, partner=partner))


@case_app.command(
    "confidential",
    epilog=examples(
        "vhuis case confidential 2026-009 --audience politie --audience drugshulp --audience zol",
        "vhuis case confidential 2026-009 --off",
    ),
)
def case_confidential(
    ctx: typer.Context,
    case_id: CaseArg,
    audience: Annotated[
        list[str] | None,
        typer.Option(
            "--audience",
            metavar="PARTNER",
            parser=PartnerId(),
            autocompletion=complete.partners,
            help="A partner that may see the case (repeatable); replaces the audience it had. Its lead always may.",
        ),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="No longer confidential: every partner may see it again.")] = False,
    store: StoreOption = None,
) -> None:
    """Make a case confidential, seen only by its audience (and the office), or no longer (one commit)."""
    from vhuis.domain.cases import set_confidential

    made = set_confidential(store_of(ctx, store), case_id, audience or [], off)
    if not made.audience:
        output.done(_("case {case} is no longer confidential").format(case=case_id))
        return
    output.done(
        _("case {case} is confidential: only {audience} may see it").format(
            case=case_id, audience=", ".join(made.audience)
        )
    )
    if made.lead_added:
        output.say(_("{lead} added to the audience: the lead always sees its case").format(lead=made.lead_added))
    if made.unseen_work:
        unseen = ngettext(
            "{partners} still has work in the case but is not in its audience: it gets no reminders of it",
            "{partners} still have work in the case but are not in its audience: they get no reminders of it",
            len(made.unseen_work),
        )
        output.warn(unseen.format(partners=", ".join(made.unseen_work)))
