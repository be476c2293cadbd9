"""Who may see what: confidential cases and restricted entries.

Around the table sit partners whose deontology differs (art. 458ter Sw.): a confidential case is
seen only by its ``audience``, and a signal, commitment or decision with ``restricted_to`` only by
those partners. The office itself (the full minutes, without ``--for``) sees everything. Every
output that goes to one partner is made from :func:`case_for`, never from the case itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported when run: the commands served from the index start without pydantic
    from typing import TypeAlias

    from vhuis.model import Case, Commitment, Decision, Settings, Signal

    Entry: TypeAlias = Signal | Commitment | Decision


def sees_case(case: Case, partner: str) -> bool:
    """Whether ``partner`` may see the case at all: it is not confidential, or the partner is in its audience."""
    return not case.confidential or partner in case.audience


def sees_entry(entry: Entry, partner: str) -> bool:
    """Whether ``partner`` may see one signal, commitment or decision."""
    return not entry.restricted_to or partner in entry.restricted_to


def has_restricted(case: Case) -> bool:
    """Whether any signal, commitment or decision of the case is restricted to some partners."""
    return any(entry.restricted_to for entry in entries(case))


def is_confidential(case: Case) -> bool:
    """Whether the case holds anything not every partner may see (a document showing it is marked so)."""
    return case.confidential or has_restricted(case)


def entries(case: Case) -> Iterable[Entry]:
    """The case's signals, commitments and decisions."""
    yield from case.signals
    yield from case.commitments
    yield from case.decisions


def case_for(case: Case, partner: str | None) -> Case | None:
    """The case as ``partner`` may see it: None when it may not see the case, else without the entries it may not see.

    ``partner`` None is the office itself, which sees the case whole.
    """
    if partner is None:
        return case
    if not sees_case(case, partner):
        return None
    if not has_restricted(case):
        return case
    return case.model_copy(
        update={
            "signals": [entry for entry in case.signals if sees_entry(entry, partner)],
            "commitments": [entry for entry in case.commitments if sees_entry(entry, partner)],
            "decisions": [entry for entry in case.decisions if sees_entry(entry, partner)],
        }
    )


def cases_for(cases: Iterable[Case], partner: str | None) -> list[Case]:
    """The cases ``partner`` may see, each as it may see it."""
    seen = (case_for(case, partner) for case in cases)
    return [case for case in seen if case is not None]


def secret_commitments(cases: Iterable[Case]) -> set[tuple[str, str]]:
    """(case id, commitment id) of every commitment not every partner may see: of a confidential case, or restricted."""
    return {(case.id, c.id) for case in cases for c in case.commitments if case.confidential or c.restricted_to}


def outside_charter(settings: Settings, partners: Iterable[str]) -> list[str]:
    """The ``partners`` (in their order, once each) outside the charter's participants; none when there is no charter.

    When ``vhuis.yaml`` holds a charter, no agenda, invitation or minutes go to a partner outside it.
    """
    if settings.charter is None:
        return []
    allowed = set(settings.charter.participants)
    return list(dict.fromkeys(partner for partner in partners if partner not in allowed))
