"""The later life of a case: commitments postponed, the plan evaluated against its goals.

Each function is one change, hence one commit (as in vhuis.domain.cases, whose ``save`` it uses).
"""

from __future__ import annotations

from datetime import date

from vhuis.clock import today
from vhuis.domain.cases import build, save
from vhuis.errors import InvalidInput, NotFound
from vhuis.i18n import _
from vhuis.model import Case, Commitment, CommitmentStatus, Postponement
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
