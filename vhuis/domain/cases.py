"""The case workflow: open a case, add signals, analysis, measures, commitments
and decisions, move its status. Each function is one change, hence one commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from vhuis.domain import privacy
from vhuis.domain.checks import case_problems, errors
from vhuis.domain.inputs import day_that_came, known_partner, parse_day
from vhuis.errors import InvalidData, InvalidInput, NotFound, Problem
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
    Plan,
    Signal,
    can_move,
)
from vhuis.storage.store import Store, dump_model, parse

R = TypeVar("R", bound=BaseModel)
FIRST_OPENED = date(1000, 1, 1)  # a case id starts with the year it was opened, in four digits


def build(model: type[R], labels: Mapping[str, str], **values: Any) -> R:
    """A record from command-line values; a bad value is named as the user gave it.

    ``labels`` maps each field the user gave to its argument or option as typed (``TITLE``, ``--area``);
    a field not in it was made by vhuis, and is named as the record's field.
    """
    try:
        return model.model_validate(values)
    except ValidationError as error:
        messages = []
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else ""
            label = labels.get(field) or f"{model.__name__.lower()} {field}".strip()
            message = detail["msg"].removeprefix("Value error, ")
            if detail["type"] == "enum":
                message = f"{detail['input']!r} is not one of: {detail['ctx']['expected']}"
            messages.append(f"{label}: {message}")
        raise InvalidInput("; ".join(messages)) from None


def save(store: Store, case: Case, message: str, before: Case | None = None) -> None:
    """Validate the whole case, refuse personal data in new text, write and commit it."""
    name = store.rel(store.case_path(case.id))
    try:
        case = Case.model_validate(case.model_dump())
    except ValidationError as error:
        from vhuis.storage.store import problems_from

        raise InvalidData(f"{name} would not be valid", problems_from(error, name, "")) from None
    problems = errors(case_problems(case, store.partners, name))
    if problems:
        raise InvalidData(f"{name} would not be valid; nothing was changed", problems)
    privacy.guard_record(case, before, store, name)
    store.commit({store.case_path(case.id): dump_model(case)}, message)


def next_case_id(store: Store, year: int) -> str:
    numbers = [int(i.split("-")[1]) for i in store.case_ids() if i.startswith(f"{year}-")]
    return f"{year}-{max(numbers, default=0) + 1:03d}"


def new_case(
    store: Store,
    title: str,
    approach: str,
    area: str | None,
    group: str | None,
    themes: Iterable[str] = (),
    lead: str | None = None,
    partners: Iterable[str] = (),
    opened: str | None = None,
) -> Case:
    day = day_that_came(parse_day(opened, "--opened"), "--opened", FIRST_OPENED, "the first day a case id can name")
    if approach == Approach.area.value and group:
        raise InvalidInput("--group: an area case names its hotspot with --area, not a group")
    if approach == Approach.group.value and area:
        raise InvalidInput("--area: a group case names its target group with --group, not an area")
    for partner in [*([lead] if lead else []), *partners]:
        known_partner(store, partner, "--lead" if partner == lead else "--partner")
    members = list(dict.fromkeys([*([lead] if lead else []), *partners]))
    with store.lock():
        case_id = next_case_id(store, day.year)
        case = build(
            Case,
            {
                "title": "TITLE",
                "approach": "--approach",
                "area": "--area",
                "group": "--group",
                "themes": "--theme",
                "lead": "--lead",
                "partners": "--partner",
                "opened": "--opened",
            },
            id=case_id,
            title=title,
            approach=approach,
            area=area,
            group=group,
            themes=list(dict.fromkeys(themes)),
            status=CaseStatus.reported,
            opened=day,
            lead=lead,
            partners=members,
        )
        save(store, case, f"{case_id}: open case '{case.title}' ({case.approach.value}: {case.where})")
    return case


class _StatusInput(BaseModel):
    status: CaseStatus


def set_status(store: Store, case_id: str, status: str) -> tuple[CaseStatus, CaseStatus]:
    new = build(_StatusInput, {"status": "STATUS"}, status=status).status
    with store.lock():
        case = store.case(case_id)
        old = case.status
        if old is new:
            raise InvalidInput(f"case {case_id} is already {new.value}")
        if not can_move(old, new):
            raise InvalidInput(
                f"case {case_id} cannot go from {old.value} to {new.value}: a case moves forward "
                "(reported > analysis > planned > active > monitoring > closed), back one step, or to dismissed; "
                "a dismissed case reopens as reported"
            )
        before = case.model_copy(deep=True)
        case.status = new
        save(store, case, f"{case_id}: status {old.value} -> {new.value}", before)
    return old, new


def add_signal(
    store: Store, case_id: str, source: str, summary: str, day: str | None = None, partner: str | None = None
) -> Signal:
    when = day_that_came(parse_day(day, "--date"), "--date")
    if partner is not None:
        known_partner(store, partner, "--partner")
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        signal = build(
            Signal,
            {"date": "--date", "source": "--source", "partner": "--partner", "summary": "--summary"},
            id=case.next_id("signals"),
            date=when,
            source=source,
            partner=partner,
            summary=summary,
        )
        case.signals.append(signal)
        save(store, case, f"{case_id}: add signal {signal.id} from {signal.source.value} ({when})", before)
    return signal


ANALYSIS_FIELDS = ("problem", "socio_economic", "environment", "offenders", "victims")


def set_analysis(store: Store, case_id: str, fields: dict[str, str | None]) -> list[str]:
    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        raise InvalidInput("give at least one of --problem, --socio-economic, --environment, --offenders, --victims")
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
            raise InvalidInput(f"the analysis of case {case_id} already says exactly that")
        factors_given = build(Factors, {f: "--" + f.replace("_", "-") for f in ANALYSIS_FIELDS}, **factors)
        case.analysis = build(Analysis, {"problem": "--problem"}, problem=problem, factors=factors_given)
        names = ", ".join(f.replace("_", "-") for f in changed)
        save(store, case, f"{case_id}: set analysis ({names})", before)
    return changed


def add_measure(
    store: Store, case_id: str, title: str, type_: str, phase: str, owner: str, status: str = "planned"
) -> Measure:
    known_partner(store, owner, "--owner")
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        plan = case.plan or Plan()
        measure = build(
            Measure,
            {"title": "TITLE", "type": "--type", "phase": "--phase", "owner": "--owner", "status": "--status"},
            id=case.next_id("measures"),
            title=title,
            type=type_,
            phase=phase,
            owner=owner,
            status=status,
        )
        plan.measures.append(measure)
        case.plan = plan
        save(
            store,
            case,
            f"{case_id}: add measure {measure.id} ({measure.type.value}, {measure.phase.value}) for {owner}",
            before,
        )
    return measure


def add_goal(store: Store, case_id: str, goal: str) -> int:
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        plan = case.plan or Plan()
        case.plan = plan = build(Plan, {"goals": "GOAL"}, goals=[*plan.goals, goal], measures=plan.measures)
        save(store, case, f"{case_id}: add goal to the plan", before)
    return len(plan.goals)


def add_commitment(
    store: Store,
    case_id: str,
    partner: str,
    action: str,
    due: str,
    measure: str | None = None,
    made: str | None = None,
) -> Commitment:
    known_partner(store, partner, "--partner")
    due_day = parse_day(due, "--due")
    made_day = parse_day(made, "--made")
    if due_day < made_day:
        raise InvalidInput(
            f"--due: {due_day} is before the day the commitment is made ({made_day}); "
            "for a commitment agreed at an earlier meeting, give that day with --made"
        )
    with store.lock():
        case = store.case(case_id)
        if measure is not None and measure not in {m.id for m in case.measures}:
            known = ", ".join(m.id for m in case.measures) or "it has none yet"
            raise InvalidInput(f"--measure: case {case_id} has no measure {measure!r} ({known})")
        before = case.model_copy(deep=True)
        commitment = build(
            Commitment,
            {"partner": "--partner", "action": "--action", "made": "--made", "due": "--due", "measure": "--measure"},
            id=case.next_id("commitments"),
            partner=partner,
            action=action,
            made=made_day,
            due=due_day,
            measure=measure,
        )
        case.commitments.append(commitment)
        save(store, case, f"{case_id}: add commitment {commitment.id} for {partner} (due {due_day})", before)
    return commitment


def finish_commitment(
    store: Store, case_id: str, commitment_id: str, day: str | None = None, dropped: bool = False
) -> Commitment:
    when = parse_day(day, "--date")
    with store.lock():
        case = store.case(case_id)
        commitment = case.commitment(commitment_id)
        if commitment is None:
            known = ", ".join(c.id for c in case.commitments) or "it has none"
            raise NotFound(f"case {case_id} has no commitment {commitment_id} ({known})")
        if commitment.status is not CommitmentStatus.open:
            raise InvalidInput(f"commitment {commitment_id} of case {case_id} is already {commitment.status.value}")
        before = case.model_copy(deep=True)
        if dropped:
            commitment.status = CommitmentStatus.dropped
            message = f"{case_id}: drop commitment {commitment_id} of {commitment.partner}"
        else:
            day_that_came(when, "--date", commitment.made, f"{commitment_id} was made")
            commitment.status = CommitmentStatus.done
            commitment.done = when
            late = f", {(when - commitment.due).days} days late" if when > commitment.due else ""
            message = f"{case_id}: commitment {commitment_id} of {commitment.partner} done ({when}{late})"
        save(store, case, message, before)
    return commitment


def add_decision(store: Store, case_id: str, text: str, day: str | None = None) -> Decision:
    when = parse_day(day, "--date")
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        decision = build(Decision, {"date": "--date", "text": "TEXT"}, date=when, text=text)
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
            f"{name} was not saved", [Problem(name, 1, "id", f"must stay {case_id}; a case keeps its id")]
        )
    problems = errors(case_problems(case, store.partners, name, yamlfile.Locator(text)))
    if problems:
        raise InvalidData(f"{name} has problems", problems)
    privacy.guard_record(case, store.case(case_id), store, name)
    return case
