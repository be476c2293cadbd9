"""The office's closed vocabularies, and how a case's status may move.

Plain enums with no pydantic, so that read paths served from the index
(vhuis/storage/index.py) need not import the models at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from vhuis.i18n import NP_, pgettext

T = TypeVar("T")

CASE_ID = re.compile(r"^[0-9]{4}-[0-9]{3,6}\Z")  # a year and a number of 3 to 6 digits
PARTNER_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # lowercase letters, digits and '-'


class Language(StrEnum):
    nl = "nl"
    en = "en"


class PartnerKind(StrEnum):
    city_service = "city-service"
    police = "police"
    justice = "justice"
    welfare = "welfare"
    transport = "transport"
    health = "health"
    other = "other"


class Approach(StrEnum):
    area = "area"
    group = "group"


class CaseStatus(StrEnum):
    reported = "reported"
    analysis = "analysis"
    planned = "planned"
    active = "active"
    monitoring = "monitoring"
    closed = "closed"
    dismissed = "dismissed"


FLOW = [
    CaseStatus.reported,
    CaseStatus.analysis,
    CaseStatus.planned,
    CaseStatus.active,
    CaseStatus.monitoring,
    CaseStatus.closed,
]


class Source(StrEnum):
    citizen = "citizen"
    mayor = "mayor"
    council = "council"
    police = "police"
    community_guard = "community-guard"
    city_service = "city-service"
    partner = "partner"


class MeasureType(StrEnum):
    preventive = "preventive"
    repressive = "repressive"


class Phase(StrEnum):
    proaction = "proaction"
    prevention = "prevention"
    reaction = "reaction"
    aftercare = "aftercare"


class MeasureStatus(StrEnum):
    planned = "planned"
    running = "running"
    done = "done"
    dropped = "dropped"


class CommitmentStatus(StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


class GoalResult(StrEnum):
    """Whether a goal of a case's plan was reached, as its evaluation says."""

    reached = "reached"
    partly = "partly"
    not_reached = "not-reached"


class InboxStatus(StrEnum):
    """Where a signal in inbox.yaml stands: waiting for triage, moved into a case, or set aside."""

    open = "open"
    linked = "linked"
    dismissed = "dismissed"


class MeetingStatus(StrEnum):
    """A meeting that is still to come (planned) or took place (held); a file without status is held."""

    planned = "planned"
    held = "held"


class AreaKind(StrEnum):
    """An area of areas.yaml: a neighbourhood (wijk) or a hotspot. The values are the office's own words."""

    wijk = "wijk"
    hotspot = "hotspot"


@dataclass(frozen=True)
class Escalation:
    """When an open commitment is escalated (vhuis.yaml ``escalate``; the defaults of model.Escalate):
    overdue more than ``overdue_days``, or postponed ``postponed`` times or more."""

    overdue_days: int = 30
    postponed: int = 2


def can_move(current: CaseStatus, new: CaseStatus) -> bool:
    """Forward along the flow, back one step, to dismissed from anywhere; a dismissed case reopens as reported."""
    if new is CaseStatus.dismissed:
        return current is not CaseStatus.dismissed
    if current is CaseStatus.dismissed:
        return new is CaseStatus.reported
    old_at, new_at = FLOW.index(current), FLOW.index(new)
    return new_at > old_at or new_at == old_at - 1


class ByValue(Mapping[StrEnum, T]):
    """A table keyed by enum members where members of two enums spelled alike stay apart.

    A StrEnum member is equal to its string, so in a dict ``CaseStatus.planned`` and
    ``MeasureStatus.planned`` are one key, and the second silently replaces the first.
    """

    def __init__(self, items: Iterable[tuple[StrEnum, T]]) -> None:
        self._items = {(type(member), member.value): (member, value) for member, value in items}

    def __getitem__(self, member: StrEnum) -> T:
        return self._items[(type(member), str(member))][1]

    def __contains__(self, member: object) -> bool:
        return isinstance(member, StrEnum) and (type(member), member.value) in self._items

    def __iter__(self) -> Iterator[StrEnum]:
        return (member for member, _value in self._items.values())

    def __len__(self) -> int:
        return len(self._items)


# What a person reads for each value, marked for the catalogs; the context tells values spelled
# alike apart (a case 'planned', a measure 'planned'). English reads the value as it is typed; the
# Dutch catalog holds the words of design.md's table ("burger", "in uitvoering").
TERMS: ByValue[tuple[str, str]] = ByValue(
    [
        (Source.citizen, NP_("signal source", "citizen")),
        (Source.mayor, NP_("signal source", "mayor")),
        (Source.council, NP_("signal source", "council")),
        (Source.police, NP_("signal source", "police")),
        (Source.community_guard, NP_("signal source", "community-guard")),
        (Source.city_service, NP_("signal source", "city-service")),
        (Source.partner, NP_("signal source", "partner")),
        (Approach.area, NP_("approach", "area")),
        (Approach.group, NP_("approach", "group")),
        (CaseStatus.reported, NP_("case status", "reported")),
        (CaseStatus.analysis, NP_("case status", "analysis")),
        (CaseStatus.planned, NP_("case status", "planned")),
        (CaseStatus.active, NP_("case status", "active")),
        (CaseStatus.monitoring, NP_("case status", "monitoring")),
        (CaseStatus.closed, NP_("case status", "closed")),
        (CaseStatus.dismissed, NP_("case status", "dismissed")),
        (MeasureType.preventive, NP_("measure type", "preventive")),
        (MeasureType.repressive, NP_("measure type", "repressive")),
        (Phase.proaction, NP_("measure phase", "proaction")),
        (Phase.prevention, NP_("measure phase", "prevention")),
        (Phase.reaction, NP_("measure phase", "reaction")),
        (Phase.aftercare, NP_("measure phase", "aftercare")),
        (MeasureStatus.planned, NP_("measure status", "planned")),
        (MeasureStatus.running, NP_("measure status", "running")),
        (MeasureStatus.done, NP_("measure status", "done")),
        (MeasureStatus.dropped, NP_("measure status", "dropped")),
        (CommitmentStatus.open, NP_("commitment status", "open")),
        (CommitmentStatus.done, NP_("commitment status", "done")),
        (CommitmentStatus.dropped, NP_("commitment status", "dropped")),
        (GoalResult.reached, NP_("goal result", "reached")),
        (GoalResult.partly, NP_("goal result", "partly")),
        (GoalResult.not_reached, NP_("goal result", "not-reached")),
        (PartnerKind.city_service, NP_("partner kind", "city-service")),
        (PartnerKind.police, NP_("partner kind", "police")),
        (PartnerKind.justice, NP_("partner kind", "justice")),
        (PartnerKind.welfare, NP_("partner kind", "welfare")),
        (PartnerKind.transport, NP_("partner kind", "transport")),
        (PartnerKind.health, NP_("partner kind", "health")),
        (PartnerKind.other, NP_("partner kind", "other")),
    ]
)


# Words people may also type for a value, besides its English value and its Dutch term (design.md's
# table): the seed calls aftercare both "opvolging" (what vhuis shows) and "nazorg".
ALIASES: ByValue[tuple[str, ...]] = ByValue([(Phase.aftercare, ("nazorg",))])


def term(value: StrEnum) -> str:
    """What a person reads for ``value``, in the active language (``term(Source.citizen)`` is 'burger')."""
    return pgettext(*TERMS[value])
