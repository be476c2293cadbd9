"""The later life of a case: commitments postponed, the plan evaluated against its goals.

Each function is one change, hence one commit (as in vhuis.domain.cases, whose ``save`` it uses).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vhuis.clock import today
from vhuis.domain.cases import build, save
from vhuis.domain.inputs import day_that_came
from vhuis.domain.report import results
from vhuis.errors import InvalidInput, NotFound, Ref
from vhuis.i18n import _, ngettext
from vhuis.model import Case, Commitment, CommitmentStatus, Evaluation, GoalResult, Postponement
from vhuis.storage.store import Store
from vhuis.vocab import term


def open_commitment(case: Case, commitment_id: str) -> Commitment:
    """The case's commitment ``commitment_id``, when it is still open."""
    commitment = case.commitment(commitment_id)
    if commitment is None:
        known = ", ".join(c.id for c in case.commitments) or _("it has none")
        raise NotFound(
            _("case {case} has no commitment {commitment} ({known})").format(
                case=case.id, commitment=commitment_id, known=known
            )
        )
    if commitment.status is not CommitmentStatus.open:
        raise InvalidInput(
            _("commitment {commitment} of case {case} is already {status}").format(
                commitment=commitment_id, case=case.id, status=term(commitment.status)
            )
        )
    return commitment


def postpone_commitment(store: Store, case_id: str, commitment_id: str, due: date, reason: str) -> Postponement:
    """Move an open commitment's due date later, today, keeping the old date and the reason in the file."""
    with store.lock():
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        commitment = open_commitment(case, commitment_id)
        if due <= commitment.due:
            raise InvalidInput(
                _(
                    "{due} is not later than the current due date of {commitment} ({current}); "
                    "a postponement moves the due date later"
                ).format(due=due, commitment=commitment_id, current=commitment.due),
                "due",
            )
        postponement = build(Postponement, {"date": today(), "from": commitment.due, "to": due}, reason=reason)
        commitment.postponed = [*commitment.postponed, postponement]
        commitment.due = due
        times = len(commitment.postponed)
        save(
            store,
            case,
            f"{case_id}: postpone commitment {commitment_id} of {commitment.partner} "
            f"from {postponement.from_} to {due} ({times}x)",
            before,
        )
    return postponement


def set_evaluation(
    store: Store,
    case_id: str,
    goals: Mapping[int, GoalResult],
    effect: str | None = None,
    process: str | None = None,
    day: date | None = None,
) -> Evaluation:
    """Record (or add to) the evaluation of a case: per goal whether it was reached, the effect and the process.

    Goals, effect and process not given stay as an earlier evaluation has them; the date becomes ``day``.
    """
    if not goals and effect is None and process is None:
        raise InvalidInput((_("give at least one of "), Ref("goals"), ", ", Ref("effect"), ", ", Ref("process")))
    with store.lock():
        case = store.case(case_id)
        when = day_that_came(day, "day", case.opened, _("the day case {case} was opened").format(case=case_id))
        count = case.goal_count
        unknown = sorted(n for n in goals if not 1 <= n <= count)
        if unknown:
            has = (
                ngettext("its plan has {n} goal", "its plan has {n} goals", count).format(n=count)
                if count
                else _("its plan has no goals yet")
            )
            raise InvalidInput(
                _("case {case} has no goal {number} ({has}; 'vhuis goal add {case} TEXT' adds one)").format(
                    case=case_id, number=unknown[0], has=has
                ),
                "goals",
            )
        before = case.model_copy(deep=True)
        earlier = case.evaluation
        merged = {**results(earlier), **goals}
        case.evaluation = build(
            Evaluation,
            {"date": when, "goals": dict(sorted(merged.items()))},
            effect=effect if effect is not None else earlier.effect if earlier else None,
            process=process if process is not None else earlier.process if earlier else None,
        )
        said = ", ".join(f"goal {n} {r.value}" for n, r in sorted(goals.items()))
        save(store, case, f"{case_id}: evaluation of {when}" + (f" ({said})" if said else ""), before)
    return case.evaluation
