"""The office's closed vocabularies, and how a case's status may move.

Plain enums with no pydantic, so that read paths served from the index
(vhuis/storage/index.py) need not import the models at all.
"""

from __future__ import annotations

import re
from enum import StrEnum

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


def can_move(current: CaseStatus, new: CaseStatus) -> bool:
    """Forward along the flow, back one step, to dismissed from anywhere; a dismissed case reopens as reported."""
    if new is CaseStatus.dismissed:
        return current is not CaseStatus.dismissed
    if current is CaseStatus.dismissed:
        return new is CaseStatus.reported
    old_at, new_at = FLOW.index(current), FLOW.index(new)
    return new_at > old_at or new_at == old_at - 1
