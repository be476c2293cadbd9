"""The case workflow: open a case, add signals, analysis, measures, commitments
and decisions, move its status. Each function is one change, hence one commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from vhuis.clock import today
from vhuis.domain import privacy
from vhuis.domain.areas import register_of, registered
from vhuis.domain.checks import case_problems, errors
from vhuis.domain.confidential import charter_refusals, partner_refusals, restriction
from vhuis.domain.inputs import day_that_came, known_partner, naming, unknown_partner
from vhuis.errors import InvalidData, InvalidInput, NotFound, Problem, Ref, Said
from vhuis.i18n import _
from vhuis.model import (
    Analysis,
    Approach,
    Case,
    CaseStatus,
    Commitment,
    CommitmentStatus,
    Decision,
    Factors,
    Measure,
    MeasureStatus,
    MeasureType,
    Phase,
    Plan,
    Signal,
    Source,
    can_move,
)
from vhuis.storage.store import Store, dump_model, parse
from vhuis.vocab import FLOW, term

R = TypeVar("R", bound=BaseModel)
FIRST_OPENED = date(1000, 1, 1)  # a case id starts with the year it was opened, in four digits


def build(
    model: type[R], made: Mapping[str, Any] | None = None, names: Mapping[str, str] | None = None, **given: Any
) -> R:
    """A record from values the user ``given`` and values vhuis ``made``; every bad value at once.

    A bad given value is an InvalidInput about its field, or the name ``names`` maps it to (the
    caller's parameter, when it differs from the record's field); a bad made value is named as the
    record's field (``case id``).
    """
    try:
        return model.model_validate({**(made or {}), **given})
    except ValidationError as error:
        wrong = []
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else ""
            name = (names or {}).get(field, field) if field in given else f"{model.__name__.lower()} {field}".strip()
            message = detail["msg"].removeprefix("Value error, ")
            if detail["type"] == "enum":
                message = _("{value} is not one of: {expected}").format(
                    value=repr(detail["input"]), expected=detail["ctx"]["expected"]
                )
            wrong.append((name, message))
        raise InvalidInput(wrong[0][1], wrong[0][0], also=wrong[1:]) from None


def save(
    store: Store, case: Case, message: str, before: Case | None = None, also: Mapping[Path, str] | None = None
) -> None:
    """Validate the whole case, refuse personal data in new text, write and commit it (with the files ``also``)."""
    name = store.rel(store.case_path(case.id))
    try:
        case = Case.model_validate(case.model_dump())
    except ValidationError as error:
        from vhuis.storage.store import problems_from

        raise InvalidData(_("{file} would not be valid").format(file=name), problems_from(error, name, "")) from None
    problems = errors(case_problems(case, store.partners, name))
    if problems:
        raise InvalidData(_("{file} would not be valid; nothing was changed").format(file=name), problems)
    privacy.guard_record(case, before, store, name)
    store.commit({store.case_path(case.id): dump_model(case), **(also or {})}, message)


def next_case_id(store: Store, year: int) -> str:
    """The next free id of ``year``; an archived case's id is never given again (its history may still hold it)."""
    numbers = [int(i.split("-")[1]) for i in store.known_case_ids() if i.startswith(f"{year}-")]
    return f"{year}-{max(numbers, default=0) + 1:03d}"


def new_case(
    store: Store,
    title: str,
    approach: Approach,
    area: str | None,
    group: str | None,
    themes: Iterable[str] = (),
    lead: str | None = None,
    partners: Iterable[str] = (),
    opened: date | None = None,
) -> Case:
    """Open a case as one commit; ``opened`` defaults to today. Prints nothing, returns the case."""
    with store.lock():
        case = draft_case(store, title, approach, area, group, themes, lead, partners, opened)
        save(store, case, f"{case.id}: open case '{case.title}' ({case.approach.value}: {case.where})")
    return case


def draft_case(
    store: Store,
    title: str,
    approach: Approach,
    area: str | None,
    group: str | None,
    themes: Iterable[str] = (),
    lead: str | None = None,
    partners: Iterable[str] = (),
    opened: date | None = None,
) -> Case:
    """A new case with the next free id, not yet written; call it under the store's lock.

    A group case may name the area it is about too; with a register of areas (areas.yaml) the
    area must be one of it, and is written as the register spells it.
    """
    day = day_that_came(opened, "opened", FIRST_OPENED, _("the first day a case id can name"))
    if approach is Approach.area and group:
        raise InvalidInput(naming(_("an area case names its hotspot with {field}, not a group"), "area"), "group")
    partners = list(partners)
    if lead is not None:
        known_partner(store, lead, "lead")
    for partner in partners:
        known_partner(store, partner, "partners")
    area = registered(store, area, "area")
    members = list(dict.fromkeys([*([lead] if lead else []), *partners]))
    return build(
        Case,
        {"id": next_case_id(store, day.year), "status": CaseStatus.reported, "opened": day, "partners": members},
        title=title,
        approach=approach,
        area=area,
        group=group,
        themes=list(dict.fromkeys(themes)),
        lead=lead,
    )


FINISHED = (CaseStatus.closed, CaseStatus.dismissed)


def set_status(store: Store, case_id: str, new: CaseStatus, reason: str | None = None) -> tuple[CaseStatus, CaseStatus]:
    """Move a case; closing needs its evaluation, dismissing a ``reason`` (kept as a decision of today).

    Closing or dismissing sets the case's ``closed`` date; reopening it clears the date (the history keeps it).
    """
    if new is CaseStatus.dismissed and not (reason or "").strip():
        raise InvalidInput(
            naming(_("a case is dismissed with a reason: give it with {field}, e.g. 'no structural problem'"), "reason")
        )
    with store.lock():
        case = store.case(case_id)
        old = case.status
        if old is new:
            raise InvalidInput(_("case {case} is already {status}").format(case=case_id, status=term(new)))
        if not can_move(old, new):
            flow = " > ".join(term(status) for status in FLOW)
            raise InvalidInput(
                _(
                    "case {case} cannot go from {old} to {new}: a case moves forward "
                    "({flow}), back one step, or to {dismissed}; "
                    "a dismissed case reopens as {reported}"
                ).format(
                    case=case_id,
                    old=term(old),
                    new=term(new),
                    flow=flow,
                    dismissed=term(CaseStatus.dismissed),
                    reported=term(CaseStatus.reported),
                )
            )
        if new is CaseStatus.closed and case.evaluation is None:
            raise InvalidInput(
                _(
                    "case {case} has no evaluation yet; a case is closed after its evaluation: "
                    "'vhuis evaluation set {case} --goal 1=reached --effect TEXT --process TEXT'"
                ).format(case=case_id)
            )
        before = case.model_copy(deep=True)
        case.status = new
        case.closed = today() if new in FINISHED else None
        if reason is not None:
            decision = _("{status}: {reason}").format(status=term(new).capitalize(), reason=reason)
            case.decisions.append(build(Decision, {"date": today()}, {"text": "reason"}, text=decision))
        save(store, case, f"{case_id}: status {old.value} -> {new.value}", before)
    return old, new


def add_signal(
    store: Store,
    case_id: str,
    source: Source,
    summary: str,
    day: date | None = None,
    partner: str | None = None,
    restricted_to: Iterable[str] = (),
) -> Signal:
    """Add a signal; with ``restricted_to``, only those partners (and the one that reported it) may see it."""
    when = day_that_came(day, "day")
    if partner is not None:
        known_partner(store, partner, "partner")
    restricted = restriction(store, restricted_to, partner)
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        signal = build(
            Signal,
            {"id": case.next_id("signals"), "date": when},
            source=source,
            partner=partner,
            summary=summary,
            restricted_to=restricted,
        )
        case.signals.append(signal)
        save(store, case, f"{case_id}: add signal {signal.id} from {signal.source.value} ({when})", before)
    return signal


ANALYSIS_PARTS = ("problem", "socio_economic", "environment", "offenders", "victims")


def set_analysis(store: Store, case_id: str, fields: Mapping[str, str | None]) -> list[str]:
    """Set the parts of the analysis given (keys of ANALYSIS_PARTS; None: as it is); the parts that changed."""
    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        parts = [part for field in ANALYSIS_PARTS for part in (", ", Ref(field))][1:]
        raise InvalidInput((_("give at least one of "), *parts))
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        analysis = case.analysis or Analysis()
        factors = analysis.factors.model_dump()
        problem = analysis.problem
        changed = []
        for field, value in given.items():
            current = problem if field == "problem" else factors[field]
            if value != current:
                changed.append(field)
            if field == "problem":
                problem = value
            else:
                factors[field] = value
        if not changed:
            raise InvalidInput(_("the analysis of case {case} already says exactly that").format(case=case_id))
        factors_given = build(Factors, **factors)
        case.analysis = build(Analysis, {"factors": factors_given}, problem=problem)
        names = ", ".join(f.replace("_", "-") for f in changed)
        save(store, case, f"{case_id}: set analysis ({names})", before)
    return changed


def add_measure(
    store: Store,
    case_id: str,
    title: str,
    type_: MeasureType,
    phase: Phase,
    owner: str,
    status: MeasureStatus = MeasureStatus.planned,
) -> tuple[Measure, bool]:
    """Add a measure; its owner joins the case's partners when it is not among them yet (then True)."""
    known_partner(store, owner, "owner")
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        plan = case.plan or Plan()
        measure = build(
            Measure,
            {"id": case.next_id("measures")},
            {"type": "type_"},
            title=title,
            type=type_,
            phase=phase,
            owner=owner,
            status=status,
        )
        plan.measures.append(measure)
        case.plan = plan
        joined = join(case, owner)
        save(
            store,
            case,
            f"{case_id}: add measure {measure.id} ({measure.type.value}, {measure.phase.value}) for {owner}"
            + (f"; {owner} joins the case" if joined else ""),
            before,
        )
    return measure, joined


def add_goal(store: Store, case_id: str, goal: str) -> int:
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        plan = case.plan or Plan()
        case.plan = plan = build(Plan, {"measures": plan.measures}, {"goals": "goal"}, goals=[*plan.goals, goal])
        save(store, case, f"{case_id}: add goal to the plan", before)
    return len(plan.goals)


def add_commitment(
    store: Store,
    case_id: str,
    partner: str,
    action: str,
    due: date,
    measure: str | None = None,
    made: date | None = None,
    restricted_to: Iterable[str] = (),
) -> tuple[Commitment, bool]:
    """Record a commitment made on ``made`` (default today), due on ``due``.

    The partner joins the case's partners when it is not among them yet (then True). With
    ``restricted_to``, only those partners may see it, and always the partner that owes it.
    """
    known_partner(store, partner, "partner")
    restricted = restriction(store, restricted_to, partner)
    due_day = due
    made_day = today() if made is None else made
    if due_day < made_day:
        said = _(
            "{due} is before the day the commitment is made ({made}); "
            "for a commitment agreed at an earlier meeting, give that day with {field}"
        )
        raise InvalidInput(naming(said, "made", due=due_day, made=made_day), "due")
    with store.lock():
        case = store.case(case_id)
        if measure is not None and measure not in {m.id for m in case.measures}:
            known = ", ".join(m.id for m in case.measures) or _("it has none yet")
            raise InvalidInput(
                _("case {case} has no measure {measure} ({known})").format(
                    case=case_id, measure=repr(measure), known=known
                ),
                "measure",
            )
        before = case.model_copy(deep=True)
        commitment = build(
            Commitment,
            {"id": case.next_id("commitments"), "partner": partner, "made": made_day, "due": due_day},
            action=action,
            measure=measure,
            restricted_to=restricted,
        )
        case.commitments.append(commitment)
        joined = join(case, partner)
        message = f"{case_id}: add commitment {commitment.id} for {partner} (due {due_day})"
        save(store, case, message + (f"; {partner} joins the case" if joined else ""), before)
    return commitment, joined


def finish_commitment(
    store: Store, case_id: str, commitment_id: str, day: date | None = None, dropped: bool = False
) -> Commitment:
    """Mark a commitment done on ``day`` (default today), or dropped."""
    when = today() if day is None else day
    with store.lock():
        case = store.case(case_id)
        commitment = case.commitment(commitment_id)
        if commitment is None:
            known = ", ".join(c.id for c in case.commitments) or _("it has none")
            raise NotFound(
                _("case {case} has no commitment {commitment} ({known})").format(
                    case=case_id, commitment=commitment_id, known=known
                )
            )
        if commitment.status is not CommitmentStatus.open:
            raise InvalidInput(
                _("commitment {commitment} of case {case} is already {status}").format(
                    commitment=commitment_id, case=case_id, status=term(commitment.status)
                )
            )
        before = case.model_copy(deep=True)
        if dropped:
            commitment.status = CommitmentStatus.dropped
            message = f"{case_id}: drop commitment {commitment_id} of {commitment.partner}"
        else:
            day_that_came(when, "day", commitment.made, _("{commitment} was made").format(commitment=commitment_id))
            commitment.status = CommitmentStatus.done
            commitment.done = when
            late = f", {(when - commitment.due).days} days late" if when > commitment.due else ""
            message = f"{case_id}: commitment {commitment_id} of {commitment.partner} done ({when}{late})"
        save(store, case, message, before)
    return commitment


def add_decision(
    store: Store, case_id: str, text: str, day: date | None = None, restricted_to: Iterable[str] = ()
) -> Decision:
    """Record a decision; with ``restricted_to``, only those partners may see it."""
    when = today() if day is None else day
    restricted = restriction(store, restricted_to)
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        decision = build(Decision, {"date": when, "restricted_to": restricted}, text=text)
        case.decisions.append(decision)
        save(store, case, f"{case_id}: add decision of {when}", before)
    return decision


def read_edit(store: Store, case_id: str, draft: bytes) -> Case:
    """The case as edited by hand, or InvalidData listing every problem in it (bytes that are not UTF-8, too)."""
    from vhuis.storage import yamlfile

    name = store.rel(store.case_path(case_id))
    text = yamlfile.decode(draft, name)
    case = parse(text, name, Case)
    if case.id != case_id:
        raise InvalidData(
            _("{file} was not saved").format(file=name),
            [Problem(name, 1, "id", _("must stay {case}; a case keeps its id").format(case=case_id))],
        )
    locate = yamlfile.Locator(text)
    problems = errors(case_problems(case, store.partners, name, locate))
    before = store.case(case_id)
    register = register_of(store) if case.area is not None and case.area != before.area else None
    if register is not None and case.area is not None:  # a changed area is one of the register's, as it spells it
        found = register.find(case.area)
        if found is None:
            problems.append(Problem(name, locate(("area",)), "area", register.not_listed(case.area)))
        else:
            case.area = found.name
    if problems:
        raise InvalidData(_("{file} has problems").format(file=name), problems)
    privacy.guard_record(case, before, store, name)
    return case


def join(case: Case, partner: str) -> bool:
    """Make ``partner`` one of the case's partners unless it is already, or leads it; True when it joined."""
    if partner == case.lead or partner in case.partners:
        return False
    case.partners = [*case.partners, partner]
    return True


def set_measure_status(
    store: Store, case_id: str, measure_id: str, new: MeasureStatus
) -> tuple[MeasureStatus, MeasureStatus]:
    """Move a measure of the plan to ``new``; the old and new status."""
    with store.lock():
        case = store.case(case_id)
        measure = next((m for m in case.measures if m.id == measure_id), None)
        if measure is None:
            known = ", ".join(m.id for m in case.measures) or _("it has none")
            raise NotFound(
                _("case {case} has no measure {measure} ({known})").format(
                    case=case_id, measure=measure_id, known=known
                )
            )
        old = measure.status
        if old is new:
            raise InvalidInput(
                _("measure {measure} of case {case} is already {status}").format(
                    measure=measure_id, case=case_id, status=term(new)
                )
            )
        before = case.model_copy(deep=True)
        measure.status = new
        save(store, case, f"{case_id}: measure {measure_id} of {measure.owner} {old.value} -> {new.value}", before)
    return old, new


def open_work(case: Case, partner: str) -> list[str]:
    """What ``partner`` still has to do in the case: its open commitments and its planned or running measures."""
    commitments = [c.id for c in case.commitments if c.partner == partner and c.status is CommitmentStatus.open]
    measures = [
        m.id for m in case.measures if m.owner == partner and m.status in (MeasureStatus.planned, MeasureStatus.running)
    ]
    said = []
    if commitments:
        said.append(_("open commitments {ids}").format(ids=", ".join(commitments)))
    if measures:
        said.append(_("measures in progress {ids}").format(ids=", ".join(measures)))
    return said


def set_case_partners(
    store: Store, case_id: str, add: Iterable[str] = (), remove: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """Add and remove partners of a case as one commit; the partners added and removed.

    A partner that leads the case, or still has open work in it (``open_work``), is not removed.
    """
    added, removed = list(dict.fromkeys(add)), list(dict.fromkeys(remove))
    if not added and not removed:
        raise InvalidInput((_("give at least one of "), Ref("add"), ", ", Ref("remove")))
    with store.lock():
        case = store.case(case_id)
        wrong: list[tuple[str, Said]] = []
        for partner in added:
            if partner in removed:
                wrong.append(("add", naming(_("{partner} is given with {field} too"), "remove", partner=partner)))
            elif unknown := unknown_partner(store, partner):
                wrong.append(("add", unknown))
            elif partner in case.partners:
                wrong.append(
                    ("add", _("{partner} is already a partner of case {case}").format(partner=partner, case=case_id))
                )
        members = ", ".join(case.partners) or _("none")
        for partner in removed:
            if partner in added:
                continue
            if partner == case.lead:
                wrong.append(
                    (
                        "remove",
                        _(
                            "{partner} leads case {case} and stays among its partners; "
                            "give the lead to another partner first (vhuis case edit {case})"
                        ).format(partner=partner, case=case_id),
                    )
                )
            elif partner not in case.partners:
                wrong.append(
                    (
                        "remove",
                        _("{partner} is not a partner of case {case} (its partners: {partners})").format(
                            partner=partner, case=case_id, partners=members
                        ),
                    )
                )
            elif work := open_work(case, partner):
                wrong.append(
                    (
                        "remove",
                        _(
                            "{partner} still has work in case {case}: {work}; "
                            "mark it done or dropped first (vhuis commitment done/drop, vhuis measure status)"
                        ).format(partner=partner, case=case_id, work="; ".join(work)),
                    )
                )
        if wrong:
            heading = _("the partners of case {case} were not changed").format(case=case_id)
            raise InvalidInput(wrong[0][1], wrong[0][0], also=wrong[1:], heading=heading)
        before = case.model_copy(deep=True)
        case.partners = [p for p in case.partners if p not in removed] + added
        changes = " ".join([*(f"+{p}" for p in added), *(f"-{p}" for p in removed)])
        save(store, case, f"{case_id}: partners {changes}", before)
    return added, removed


@dataclass(frozen=True)
class Confidentiality:
    """What ``vhuis case confidential`` did: the audience now (empty: no longer confidential), whether the
    lead was added to it, and the partners with open work in the case that are not in it."""

    audience: list[str]
    lead_added: str | None = None
    unseen_work: tuple[str, ...] = ()


def set_confidential(store: Store, case_id: str, audience: Iterable[str] = (), off: bool = False) -> Confidentiality:
    """Make the case confidential, seen only by ``audience`` (and its lead), or with ``off`` not confidential.

    One commit of the case file alone. The audience replaces the one the case had. The case's lead
    is always in it, added when not given (docs/privacy.md): a case its own lead could not see
    could not be led, and the officer expects the lead to keep seeing its case.
    """
    given = list(dict.fromkeys(audience))
    if off and given:
        raise InvalidInput(naming(_("give {field} or --off, not both"), "audience"), "off")
    if not off and not given:
        raise InvalidInput(naming(_("give the partners that may see the case with {field}, or --off"), "audience"))
    heading = _("case {case} was not changed").format(case=case_id)
    wrong = partner_refusals(store, [("audience", partner) for partner in given])
    if wrong:
        (field, message), *also = wrong
        raise InvalidInput(message, field, also=also, heading=heading)
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        if off:
            if not case.confidential and not case.audience:
                raise InvalidInput(_("case {case} is not confidential").format(case=case_id), "off")
            case.confidential, case.audience = False, []
            save(store, case, f"{case_id}: no longer confidential", before)
            return Confidentiality([])
        lead_added = None
        if case.lead is not None and case.lead not in given:
            lead_wrong = charter_refusals(store, [("audience", case.lead)])
            if lead_wrong:
                said = _("the lead {lead} of case {case} is always in its audience, but: {problem}")
                raise InvalidInput(
                    said.format(lead=case.lead, case=case_id, problem=lead_wrong[0][1]), "audience", heading=heading
                )
            given.append(case.lead)
            lead_added = case.lead
        if case.confidential and case.audience == given:
            raise InvalidInput(
                _("case {case} is confidential with that audience already ({audience})").format(
                    case=case_id, audience=", ".join(given)
                ),
                "audience",
            )
        case.confidential, case.audience = True, given
        save(store, case, f"{case_id}: confidential (audience: {', '.join(given)})", before)
    members = [*([case.lead] if case.lead else []), *case.partners]
    unseen = tuple(p for p in dict.fromkeys(members) if p not in given and open_work(case, p))
    return Confidentiality(given, lead_added, unseen)
