"""The office's records as typed models: settings, partners, cases, meetings.

No file or git access here. Field order is the order in which a file is written
(docs/format.md), so keep it as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema

from vhuis.clock import iso_day
from vhuis.i18n import _
from vhuis.vocab import (
    CASE_ID,
    FLOW,
    PARTNER_ID,
    Approach,
    AreaKind,
    CaseStatus,
    CommitmentStatus,
    Escalation,
    GoalResult,
    InboxStatus,
    Language,
    MeasureStatus,
    MeasureType,
    MeetingStatus,
    PartnerKind,
    Phase,
    Source,
    can_move,
)

__all__ = [
    "CASE_ID",
    "FLOW",
    "Analysis",
    "Approach",
    "Area",
    "AreaKind",
    "Case",
    "CaseStatus",
    "Commitment",
    "CommitmentStatus",
    "Decision",
    "Evaluation",
    "Factors",
    "GoalResult",
    "InboxSignal",
    "InboxStatus",
    "Language",
    "Measure",
    "MeasureStatus",
    "MeasureType",
    "Meeting",
    "MeetingStatus",
    "NextMeeting",
    "Partner",
    "PartnerKind",
    "Phase",
    "Plan",
    "Postponement",
    "Settings",
    "Signal",
    "Source",
    "Triage",
    "can_move",
]

EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
ENTRY_PREFIX = {"signals": "S", "measures": "M", "commitments": "C"}

# Control characters (C0 but newline and tab, DEL, C1) and lone surrogates: the latter are what Python
# makes of bytes that are not UTF-8 in an argument, stdin or the environment. One-line text also holds
# no line break. One search per text: these are checked on every text of every file read.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _code(char: str) -> str:
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _refuse(found: re.Match[str]) -> None:
    char = found.group()
    if char in "\n\u2028\u2029":
        raise ValueError(_("must be one line (it holds a line break)"))
    if 0xDC80 <= ord(char) <= 0xDCFF:
        raise ValueError(
            _(
                "holds byte {byte}, which is not UTF-8: the terminal must send UTF-8 "
                "(set its character encoding to UTF-8) and give the text again"
            ).format(byte=f"{ord(char) - 0xDC00:#04x}")
        )
    if 0xD800 <= ord(char) <= 0xDFFF:
        raise ValueError(_("holds {code}, which is not a Unicode character").format(code=_code(char)))
    if char == "\r":
        raise ValueError(
            _("holds a carriage return (\\x0d, at position {position}); end lines with a newline only").format(
                position=found.start() + 1
            )
        )
    if char != "\t":
        raise ValueError(
            _(
                "holds the control character {code} (at position {position}); "
                "text holds no control characters other than newline and tab"
            ).format(code=_code(char), position=found.start() + 1)
        )


def _plain(value: str) -> str:
    """Text as a person can type it: valid Unicode, no control characters but newline and tab."""
    found = _NOT_TEXT.search(value)
    if found is not None:
        _refuse(found)
    return value


def _line(value: str) -> str:
    """Plain text on one line: a table cell or a heading, never broken."""
    for found in _NOT_LINE.finditer(value):
        _refuse(found)  # a tab is fine
    return value


def _text(value: str) -> str:
    if not _plain(value).strip():
        raise ValueError(_("must not be empty"))
    return value


def _title(value: str) -> str:
    if not _line(value).strip():
        raise ValueError(_("must not be empty"))
    return value


def _partner_id(value: str) -> str:
    if not PARTNER_ID.fullmatch(_plain(value)):
        raise ValueError(
            _("{input} is not a partner id (lowercase letters, digits and '-', e.g. 'de-lijn')").format(
                input=repr(value)
            )
        )
    return value


def _email(value: str) -> str:
    if not EMAIL.fullmatch(_plain(value)):
        raise ValueError(_("{input} is not an e-mail address (e.g. info@politie.example)").format(input=repr(value)))
    return value


def _day(value: Any) -> Any:
    """Only the form vhuis writes, ``YYYY-MM-DD``: not ``20261015``, ``2026-W42-4`` or a time of day."""
    if isinstance(value, str):
        return iso_day(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ValueError(_("{input} is not a date (YYYY-MM-DD, a day that exists)").format(input=repr(value)))


# Every text field of every model is one of these (tests/test_hardening_input.py holds them to it).
Plain = Annotated[str, AfterValidator(_plain)]
"""Free text, maybe empty, maybe several lines."""
Line = Annotated[str, AfterValidator(_line)]
"""One line, maybe empty: an id, a place, a theme."""
Text = Annotated[str, AfterValidator(_text)]
"""Free text that says something: a summary, a decision, a goal."""
Title = Annotated[str, AfterValidator(_title)]
"""One line that says something: a title, an action, a name."""
PartnerId = Annotated[
    str,
    AfterValidator(_partner_id),
    WithJsonSchema({"type": "string", "pattern": f"^{PARTNER_ID.pattern}$", "description": "A partner's id"}),
]
Email = Annotated[str, AfterValidator(_email)]
Day = Annotated[date, BeforeValidator(_day)]


class Record(BaseModel):
    # defer_build: pydantic builds a model's validator when it first validates, not at import, so a
    # command builds only the models it reads (import 172 -> 134 ms of CPU; docs/performance.md).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Triage(Record):
    """When a bundle of inbox signals asks for a case: so many signals within so many days."""

    signals: Annotated[int, Field(ge=1)] = 3
    """The number of open signals about one area or group and theme that flags the bundle."""
    days: Annotated[int, Field(ge=1)] = 180
    """How many days back from the day of triage a signal counts towards that number."""


FILE = {"file": True}
"""The serialization context of a file's text (storage.store.dump_model): quiet keys are left out."""


def leave_out_quiet(record: BaseModel, dumped: Any, info: SerializationInfo, quiet: tuple[str, ...]) -> Any:
    """``dumped`` less the ``quiet`` fields that hold their default, when it is for a file.

    The quiet fields are keys added after schema 1: a file says nothing of them until they say
    something, so every file written before them keeps its bytes when vhuis writes it again.
    """
    if not (isinstance(info.context, dict) and info.context.get("file")) or not isinstance(dumped, dict):
        return dumped
    fields = type(record).model_fields
    for name in quiet:
        if getattr(record, name) == fields[name].get_default(call_default_factory=True):
            dumped.pop(fields[name].alias or name, None)
    return dumped


class Quiet(Record):
    """A record whose ``QUIET`` fields (keys added after schema 1) are left out of its file while they hold
    their default (``leave_out_quiet``)."""

    QUIET: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _file_form(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        return leave_out_quiet(self, handler(self), info, self.QUIET)


class Escalate(Record):
    """When a commitment is escalated: overdue more than ``overdue_days``, or postponed ``postponed`` times or more."""

    overdue_days: int = Field(default=Escalation.overdue_days, ge=0)
    """Days past its due date after which an open commitment is escalated (default 30)."""
    postponed: int = Field(default=Escalation.postponed, ge=1)
    """Postponements from which on an open commitment is escalated (default 2)."""


class Charter(Record):
    """The case consultation's charter (art. 458ter Sw.): why the table meets, on what basis, and who sits at it."""

    purpose: Plain | None = None
    """What the consultation is for."""
    legal_basis: Plain | None = None
    """The law or agreement it rests on."""
    participants: list[PartnerId] = Field(default_factory=list)
    """The partners that take part; no agenda, invitation or minutes go to a partner outside them."""

    @field_validator("participants", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Retention(Record):
    """How long the store keeps a case after it was closed or dismissed."""

    closed_years: Annotated[int, Field(ge=1)] = 5
    """Years after its closing day that a closed or dismissed case is due for archiving (default 5)."""


class Settings(Quiet):
    """The office's settings (vhuis.yaml)."""

    name: Title = "Veiligheidshuis"
    """The office's name, as the minutes and e-mails sign it."""
    city: Line | None = None
    """The city the office serves."""
    language: Language = Language.nl
    """The language of everything vhuis writes and says: nl or en."""
    remote: Line | None = None
    """The git remote the office shares the store through."""
    organisation_domains: list[Line] = Field(default_factory=list)
    """E-mail domains of the office's own organisations (an address there is no personal data)."""
    triage: Triage = Field(default_factory=Triage)
    """When 'vhuis triage' flags a bundle of inbox signals (defaults: 3 signals within 180 days)."""

    @field_validator("triage", mode="before")
    @classmethod
    def _no_triage(cls, value: Any) -> Any:
        return {} if value is None else value

    escalate: Escalate = Field(default_factory=Escalate)
    """When an open commitment is escalated (vhuis owes, vhuis report)."""

    standing: list[PartnerId] = Field(default_factory=list)
    """The standing members: partners invited to every meeting ('vhuis meeting plan')."""

    charter: Charter | None = None
    """The consultation's charter: purpose, legal basis and participants (see docs/privacy.md)."""

    retention: Retention = Field(default_factory=Retention)
    """How long closed and dismissed cases stay in the store ('vhuis retention'; default 5 years)."""

    @field_validator("retention", mode="before")
    @classmethod
    def _no_retention(cls, value: Any) -> Any:
        return {} if value is None else value

    QUIET: ClassVar[tuple[str, ...]] = ("escalate", "standing", "charter", "retention")


class Partner(Record):
    """A partner of the office (partners.yaml): a service, never a person."""

    id: PartnerId
    """How cases name the partner: lowercase letters, digits and '-', e.g. de-lijn."""
    name: Title
    kind: PartnerKind
    email: Email | None = None
    """The partner's functional address (no person's own address)."""


class Signal(Quiet):
    """A report that something is wrong, tied to a case."""

    id: Line
    """S1, S2, ... within the case."""
    date: Day
    """The day it came in (YYYY-MM-DD)."""
    source: Source
    """Who reported it."""
    partner: PartnerId | None = None
    """The partner that reported it (with source partner)."""
    summary: Text
    restricted_to: list[PartnerId] = Field(default_factory=list)
    """When set, only these partners (and the office itself) may see this entry."""

    QUIET: ClassVar[tuple[str, ...]] = ("restricted_to",)

    @field_validator("restricted_to", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Factors(Record):
    socio_economic: Plain | None = None
    environment: Plain | None = None
    offenders: Plain | None = None
    victims: Plain | None = None


class Analysis(Record):
    problem: Plain | None = None
    factors: Factors = Field(default_factory=Factors)

    @field_validator("factors", mode="before")
    @classmethod
    def _no_factors(cls, value: Any) -> Any:
        return {} if value is None else value


class Measure(Record):
    id: Line
    """M1, M2, ... within the case."""
    title: Title
    type: MeasureType
    phase: Phase
    """The link of the safety chain the measure works on."""
    owner: PartnerId
    """The partner that carries the measure."""
    status: MeasureStatus = MeasureStatus.planned


class Plan(Record):
    goals: list[Text] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)

    @field_validator("goals", "measures", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Postponement(Record):
    """A commitment's due date moved later, and why (``vhuis commitment postpone``)."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, validate_by_name=True, serialize_by_alias=True, defer_build=True
    )

    date: Day
    """The day it was postponed (YYYY-MM-DD)."""
    from_: Day = Field(alias="from")
    """The due date before (YYYY-MM-DD)."""
    to: Day
    """The new due date (YYYY-MM-DD)."""
    reason: Text


class Commitment(Quiet):
    """What a partner promised to do, by when."""

    id: Line
    """C1, C2, ... within the case."""
    partner: PartnerId
    """The partner that owes it."""
    action: Title
    made: Day
    """The day it was agreed (YYYY-MM-DD)."""
    due: Day
    """The day it is due (YYYY-MM-DD)."""
    measure: Line | None = None
    """The measure it serves (M1, ...), if any."""
    status: CommitmentStatus = CommitmentStatus.open
    done: Day | None = None
    """The day it was done (YYYY-MM-DD), with status done."""
    postponed: list[Postponement] = Field(default_factory=list)
    """Every time its due date was moved later, oldest first."""
    restricted_to: list[PartnerId] = Field(default_factory=list)
    """When set, only these partners (and the office itself) may see this entry."""

    QUIET: ClassVar[tuple[str, ...]] = ("postponed", "restricted_to")

    @field_validator("postponed", "restricted_to", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @model_validator(mode="after")
    def _done_date(self) -> Commitment:
        if self.done is not None and self.status is not CommitmentStatus.done:
            raise ValueError(
                _("has a done date but status is {status}, not 'done'").format(status=repr(self.status.value))
            )
        return self


class Decision(Quiet):
    date: Day
    """The day it was decided (YYYY-MM-DD)."""
    text: Text
    restricted_to: list[PartnerId] = Field(default_factory=list)
    """When set, only these partners (and the office itself) may see this entry."""

    QUIET: ClassVar[tuple[str, ...]] = ("restricted_to",)

    @field_validator("restricted_to", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Evaluation(Record):
    """How the plan worked out: per goal whether it was reached, and what the effect and the process were."""

    date: Day
    """The day of the evaluation (YYYY-MM-DD)."""
    goals: dict[Annotated[int, Field(ge=1)], GoalResult] = Field(default_factory=dict)
    """Per goal, by its 1-based position in plan.goals: reached, partly or not-reached."""
    effect: Plain | None = None
    """What the approach brought about (the problem, the signals)."""
    process: Plain | None = None
    """How the collaboration went."""

    @field_validator("goals", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return {} if value is None else value


class Case(Quiet):
    """A case of the office (cases/YYYY-NNN.yaml)."""

    id: Line
    """The case id, YYYY-NNN (e.g. 2026-007), as in the file's name."""
    title: Title
    approach: Approach
    """Area (a hotspot) or group (a target group)."""
    area: Line | None = Field(default=None, validate_default=True)
    """The hotspot (required with approach area); a group case may name the area it is about too."""
    group: Line | None = Field(default=None, validate_default=True)
    """The target group (required with approach group)."""
    themes: list[Line] = Field(default_factory=list)
    status: CaseStatus = CaseStatus.reported
    opened: Day
    """The day the case was opened (YYYY-MM-DD)."""
    closed: Day | None = None
    """The day it was closed or dismissed (YYYY-MM-DD); none while it is open."""
    lead: PartnerId | None = None
    """The partner that leads the case."""
    partners: list[PartnerId] = Field(default_factory=list)
    """The partners that work on it."""
    signals: list[Signal] = Field(default_factory=list)
    analysis: Analysis | None = None
    plan: Plan | None = None
    commitments: list[Commitment] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    evaluation: Evaluation | None = None
    """Whether the plan's goals were reached (vhuis evaluation set); a case is closed after it."""
    confidential: bool = False
    """A confidential case is seen only by its audience (and the office itself)."""
    audience: list[PartnerId] = Field(default_factory=list)
    """The partners that may see a confidential case ('vhuis case confidential')."""

    QUIET: ClassVar[tuple[str, ...]] = ("closed", "evaluation", "confidential", "audience")

    @field_validator("themes", "partners", "audience", "signals", "commitments", "decisions", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("id")
    @classmethod
    def _case_id(cls, value: str) -> str:
        if not CASE_ID.match(value):
            raise ValueError(_("{case} is not a case id (YYYY-NNN, e.g. 2026-007)").format(case=repr(value)))
        return value

    @field_validator("area", "group")
    @classmethod
    def _where(cls, value: str | None, info: ValidationInfo) -> str | None:
        wanted = {"area": Approach.area, "group": Approach.group}[str(info.field_name)]
        if info.data.get("approach") is wanted and not (value and value.strip()):
            said = (
                _("a case with approach 'area' needs its area (the hotspot)")
                if wanted is Approach.area
                else _("a case with approach 'group' needs its group (the target group)")
            )
            raise ValueError(said)
        return value

    @property
    def measures(self) -> list[Measure]:
        return self.plan.measures if self.plan else []

    @property
    def goal_count(self) -> int:
        """How many goals the plan has (the digest keeps the number, not the goals)."""
        return len(self.plan.goals) if self.plan else 0

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


HOUR = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def _hour(value: str | None) -> str | None:
    if value is not None and not HOUR.fullmatch(value):
        raise ValueError(_("{time} is not a time of day (HH:MM, e.g. 14:00)").format(time=repr(value)))
    return value


Hour = Annotated[
    str,
    AfterValidator(_line),
    AfterValidator(_hour),
    WithJsonSchema({"type": "string", "pattern": f"^{HOUR.pattern}$", "description": "A time of day, HH:MM"}),
]


class NextMeeting(Record):
    """When and where the next meeting is, as said at this one."""

    date: Day
    time: Hour | None = None
    place: Line | None = None


class Meeting(Quiet):
    """A meeting of the partners (meetings/YYYY-MM-DD.yaml)."""

    date: Day
    """The meeting's day (YYYY-MM-DD), as in the file's name."""
    title: Title = "Overleg Veiligheidshuis"
    status: MeetingStatus = MeetingStatus.held
    """planned (still to come) or held; a file without status is held."""
    time: Hour | None = None
    """The hour it starts (HH:MM)."""
    place: Line | None = None
    chair: PartnerId | None = None
    """The partner that chairs it (a partner id: a function, never a person)."""
    secretary: PartnerId | None = None
    """The partner that takes the minutes (a partner id)."""
    invited: list[PartnerId] = Field(default_factory=list)
    """The partners invited to it."""
    present: list[PartnerId] = Field(default_factory=list)
    excused: list[PartnerId] = Field(default_factory=list)
    absent: list[PartnerId] = Field(default_factory=list)
    """Partners absent without notice."""
    cases: list[Line] = Field(default_factory=list)
    """The cases discussed (YYYY-NNN)."""
    discussion: dict[Line, Plain] = Field(default_factory=dict)
    """What was said of a case on the agenda (case id -> text): the bespreking."""
    announcements: list[Plain] = Field(default_factory=list)
    """Mededelingen."""
    other_business: list[Plain] = Field(default_factory=list)
    """Rondvraag: the round of questions."""
    notes: Plain | None = None
    next: NextMeeting | None = None
    """When and where the next meeting is."""
    approved: Day | None = None
    """The day of the meeting that approved these minutes."""

    QUIET: ClassVar[tuple[str, ...]] = (
        "status",
        "time",
        "place",
        "chair",
        "secretary",
        "invited",
        "discussion",
        "announcements",
        "other_business",
        "next",
        "approved",
    )

    @field_validator(
        "present", "excused", "absent", "cases", "invited", "announcements", "other_business", mode="before"
    )
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("discussion", mode="before")
    @classmethod
    def _no_discussion(cls, value: Any) -> Any:
        return {} if value is None else value

    @model_validator(mode="after")
    def _attendance(self) -> Meeting:
        seen: dict[str, str] = {}
        for role in ("present", "excused", "absent"):
            for partner in getattr(self, role):
                if partner in seen:
                    raise ValueError(
                        _("{partner} is listed as both {role} and {other}").format(
                            partner=repr(partner), role=seen[partner], other=role
                        )
                    )
                seen[partner] = role
        return self

    @model_validator(mode="after")
    def _discussed(self) -> Meeting:
        for case_id in self.discussion:
            if case_id not in self.cases:
                raise ValueError(
                    _("discussion: {case} is not on the agenda (cases: {agenda})").format(
                        case=repr(case_id), agenda=", ".join(self.cases) or "-"
                    )
                )
        return self

    @model_validator(mode="after")
    def _approved_later(self) -> Meeting:
        if self.approved is not None and self.approved <= self.date:
            raise ValueError(
                _("approved: {day} is not after the meeting ({date}); minutes are approved at a later meeting").format(
                    day=self.approved, date=self.date
                )
            )
        return self


INBOX_ID = re.compile(r"I[1-9][0-9]*")


class InboxSignal(Record):
    """A signal in inbox.yaml: come in, not (yet) tied to a case."""

    id: Line
    """I1, I2, ... within the inbox."""
    date: Day
    """The day it came in (YYYY-MM-DD)."""
    source: Source
    """Who reported it."""
    partner: PartnerId | None = None
    """The partner that reported it (with source partner)."""
    area: Line | None = None
    """Where it happens (an area of areas.yaml, or any place)."""
    group: Line | None = None
    """The target group it is about."""
    themes: list[Line] = Field(default_factory=list)
    summary: Text
    status: InboxStatus = InboxStatus.open
    """open (waiting for triage), linked (moved into a case) or dismissed."""
    case: Line | None = None
    """The case it was linked to (YYYY-NNN)."""
    reason: Plain | None = None
    """Why it was dismissed."""

    @field_validator("themes", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("id")
    @classmethod
    def _inbox_id(cls, value: str) -> str:
        if not INBOX_ID.fullmatch(value):
            raise ValueError(_("{id} is not an inbox id (I1, I2, ...)").format(id=repr(value)))
        return value

    @field_validator("case")
    @classmethod
    def _case_id(cls, value: str | None) -> str | None:
        if value is not None and not CASE_ID.match(value):
            raise ValueError(_("{case} is not a case id (YYYY-NNN, e.g. 2026-007)").format(case=repr(value)))
        return value


class Area(Record):
    """An area of areas.yaml, the office's register of places."""

    name: Title
    """The area's name, as cases and signals name it."""
    municipality: Line | None = None
    """The municipality it lies in (a deelgemeente, or the city)."""
    kind: AreaKind
    """wijk (a neighbourhood) or hotspot."""
