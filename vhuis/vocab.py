"""The office's closed vocabularies, and how a case's status may move.

Plain enums with no pydantic, so that read paths served from the index
(vhuis/storage/index.py) need not import the models at all.
"""

from __future__ import annotations

import os
import re
from datetime import date
from enum import StrEnum

from vhuis.errors import InvalidInput

CASE_ID = re.compile(r"^[0-9]{4}-[0-9]{3,6}\Z")  # a year and a number of 3 to 6 digits
PARTNER_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # lowercase letters, digits and '-'
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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


def iso_day(text: str) -> date:
    """A day written ``YYYY-MM-DD``, and nothing else (``date.fromisoformat`` also takes ``20261015``)."""
    try:
        if ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, a day that exists)")


def today() -> date:
    """The working day: ``$VHUIS_TODAY`` when set (for tests and demos), else the calendar."""
    fixed = os.environ.get("VHUIS_TODAY")
    if not fixed:
        return date.today()
    try:
        return iso_day(fixed)
    except ValueError:
        raise InvalidInput(
            f"VHUIS_TODAY: {fixed!r} is not a date; set it as YYYY-MM-DD (e.g. VHUIS_TODAY=2026-04-30), "
            "or unset it to use the calendar"
        ) from None
