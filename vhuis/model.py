"""The office's records as typed models: settings, partners, cases, meetings.

No file or git access here. Field order is the order in which a file is written
(docs/format.md), so keep it as it is.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from vhuis.vocab import (
    CASE_ID,
    FLOW,
    Approach,
    CaseStatus,
    CommitmentStatus,
    Language,
    MeasureStatus,
    MeasureType,
    PartnerKind,
    Phase,
    Source,
    can_move,
    today,
)

__all__ = [
    "CASE_ID",
    "FLOW",
    "Analysis",
    "Approach",
    "Case",
    "CaseStatus",
    "Commitment",
    "CommitmentStatus",
    "Decision",
    "Factors",
    "Language",
    "Measure",
    "MeasureStatus",
    "MeasureType",
    "Meeting",
    "Partner",
    "PartnerKind",
    "Phase",
    "Plan",
    "Settings",
    "Signal",
    "Source",
    "can_move",
    "today",
]

PARTNER_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ENTRY_PREFIX = {"signals": "S", "measures": "M", "commitments": "C"}


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _partner_id(value: str) -> str:
    if not PARTNER_ID.match(value):
        raise ValueError(f"{value!r} is not a partner id (lowercase letters, digits and '-', e.g. 'de-lijn')")
    return value


Text = Annotated[str, AfterValidator(_text)]
PartnerId = Annotated[str, AfterValidator(_partner_id)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Settings(Record):
    """vhuis.yaml."""

    name: Text = "Veiligheidshuis"
    city: str | None = None
    language: Language = Language.nl
    remote: str | None = None
    organisation_domains: list[str] = Field(default_factory=list)


class Partner(Record):
    id: PartnerId
    name: Text
    kind: PartnerKind
    email: str | None = None


class Signal(Record):
    id: str
    date: date
    source: Source
    partner: PartnerId | None = None
    summary: Text


class Factors(Record):
    socio_economic: str | None = None
    environment: str | None = None
    offenders: str | None = None
    victims: str | None = None


class Analysis(Record):
    problem: str | None = None
    factors: Factors = Field(default_factory=Factors)

    @field_validator("factors", mode="before")
    @classmethod
    def _no_factors(cls, value: Any) -> Any:
        return {} if value is None else value


class Measure(Record):
    id: str
    title: Text
    type: MeasureType
    phase: Phase
    owner: PartnerId
    status: MeasureStatus = MeasureStatus.planned


class Plan(Record):
    goals: list[Text] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)

    @field_validator("goals", "measures", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Commitment(Record):
    id: str
    partner: PartnerId
    action: Text
    made: date
    due: date
    measure: str | None = None
    status: CommitmentStatus = CommitmentStatus.open
    done: date | None = None

    @model_validator(mode="after")
    def _done_date(self) -> Commitment:
        if self.done is not None and self.status is not CommitmentStatus.done:
            raise ValueError(f"has a done date but status is {self.status.value!r}, not 'done'")
        return self


class Decision(Record):
    date: date
    text: Text


class Case(Record):
    id: str
    title: Text
    approach: Approach
    area: str | None = Field(default=None, validate_default=True)
    group: str | None = Field(default=None, validate_default=True)
    themes: list[str] = Field(default_factory=list)
    status: CaseStatus = CaseStatus.reported
    opened: date
    lead: PartnerId | None = None
    partners: list[PartnerId] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    analysis: Analysis | None = None
    plan: Plan | None = None
    commitments: list[Commitment] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)

    @field_validator("themes", "partners", "signals", "commitments", "decisions", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("id")
    @classmethod
    def _case_id(cls, value: str) -> str:
        if not CASE_ID.match(value):
            raise ValueError(f"{value!r} is not a case id (YYYY-NNN, e.g. 2026-007)")
        return value

    @field_validator("area", "group")
    @classmethod
    def _where(cls, value: str | None, info: ValidationInfo) -> str | None:
        wanted = {"area": Approach.area, "group": Approach.group}[str(info.field_name)]
        if info.data.get("approach") is wanted and not (value and value.strip()):
            what = "the hotspot" if wanted is Approach.area else "the target group"
            raise ValueError(f"a case with approach {wanted.value!r} needs its {info.field_name} ({what})")
        return value

    @property
    def measures(self) -> list[Measure]:
        return self.plan.measures if self.plan else []

    @property
    def where(self) -> str:
        """The hotspot of an area case, or the target group of a group case."""
        return (self.area if self.approach is Approach.area else self.group) or ""

    def entries(self, section: str) -> list[Any]:
        if section == "measures":
            return self.measures
        return list(getattr(self, section))

    def next_id(self, section: str) -> str:
        prefix = ENTRY_PREFIX[section]
        numbers = [int(entry.id[1:]) for entry in self.entries(section) if entry.id[1:].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1}"

    def commitment(self, commitment_id: str) -> Commitment | None:
        return next((c for c in self.commitments if c.id == commitment_id), None)


class Meeting(Record):
    date: date
    title: Text = "Overleg Veiligheidshuis"
    present: list[PartnerId] = Field(default_factory=list)
    excused: list[PartnerId] = Field(default_factory=list)
    absent: list[PartnerId] = Field(default_factory=list)
    cases: list[str] = Field(default_factory=list)
    notes: str | None = None

    @field_validator("present", "excused", "absent", "cases", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @model_validator(mode="after")
    def _attendance(self) -> Meeting:
        seen: dict[str, str] = {}
        for role in ("present", "excused", "absent"):
            for partner in getattr(self, role):
                if partner in seen:
                    raise ValueError(f"{partner!r} is listed as both {seen[partner]} and {role}")
                seen[partner] = role
        return self
