"""Findings about a store: what is wrong, where, and how bad.

These return Problems rather than raise, so that ``vhuis check`` reports every
problem at once; the write path raises on the errors among them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import partial

from vhuis.clock import today
from vhuis.domain import privacy
from vhuis.domain.areas import Register, area_problems, register_of
from vhuis.domain.audience import outside_charter
from vhuis.errors import InvalidData, Problem
from vhuis.i18n import N_, _, active
from vhuis.model import (
    CASE_ID,
    ENTRY_PREFIX,
    Case,
    CommitmentStatus,
    InboxStatus,
    MeasureStatus,
    Meeting,
    MeetingStatus,
    Partner,
    Settings,
    Source,
)
from vhuis.storage import yamlfile
from vhuis.storage.store import (
    INBOX_FILE,
    MEETING_NAME,
    PARTNERS_FILE,
    RECORD_LISTS,
    SETTINGS_FILE,
    Store,
    read_partners,
    read_records,
)

NOT_LISTED = N_("{partner} is not in partners.yaml (known: {known})")
OUTSIDE = N_("{partner} is not among the charter's participants (vhuis.yaml charter.participants: {participants})")
OUTSIDE_STANDING = N_(
    "{partner} is not among the charter's participants (vhuis.yaml charter.participants: {participants}); "
    "a standing member is invited to every meeting"
)
OUTSIDE_PLANNED = N_(
    "{partner} is not among the charter's participants (vhuis.yaml charter.participants: {participants}); "
    "no agenda or invitation goes to it: remove it, or add it to the charter"
)
OUTSIDE_HELD = N_(
    "{partner} is not among the charter's participants (vhuis.yaml charter.participants: {participants}); "
    "the minutes of a held meeting go to the charter's participants only"
)
FieldPath = tuple[str | int, ...]
Locate = Callable[[FieldPath], int | None]


def _nowhere(path: FieldPath) -> int | None:
    return None


def case_problems(case: Case, partners: dict[str, Partner], name: str, locate: Locate = _nowhere) -> list[Problem]:
    """What is wrong within one case, between it and the partner registry, and between its days and today."""
    return (
        local_problems(case, name, locate)
        + partner_problems(case, partners, name, locate)
        + dated_problems(case, name, locate)
        + membership_problems(case, name, locate)
        + confidentiality_problems(case, partners, name, locate)
    )


def dated_problems(case: Case, name: str, locate: Locate = _nowhere) -> list[Problem]:
    """Days that cannot be: a case opened or a signal dated after today, a commitment done before it
    was made or after today. They depend on today, so ``check`` finds them on every run, not in the index.
    """
    last = today()
    found: list[Problem] = []

    def add(path: FieldPath, message: str, severity: str = "error") -> None:
        found.append(Problem(name, locate(path), yamlfile.field_name(path), message, severity))

    if case.opened > last:
        add(
            ("opened",),
            _("{day} is after today ({today}); a case is not opened in the future").format(day=case.opened, today=last),
        )
    for index, signal in enumerate(case.signals):
        if signal.date > last:
            add(
                ("signals", index, "date"),
                _("{day} is after today ({today}); a signal is not dated in the future").format(
                    day=signal.date, today=last
                ),
            )
    for index, commitment in enumerate(case.commitments):
        if commitment.done is not None and commitment.done > last:
            add(
                ("commitments", index, "done"),
                _("{day} is after today ({today}); a commitment is not done in the future").format(
                    day=commitment.done, today=last
                ),
            )
        elif commitment.done is not None and commitment.done < commitment.made:
            add(
                ("commitments", index, "done"),
                _("{day} is before the day the commitment was made ({made})").format(
                    day=commitment.done, made=commitment.made
                ),
            )
    return found


def membership_problems(case: Case, name: str, locate: Locate = _nowhere) -> list[Problem]:
    """Warnings: an open commitment, or a measure in progress, of a partner that is neither among the
    case's partners nor its lead (``measure add`` and ``commitment add`` make it one; a hand edit may not)."""
    found: list[Problem] = []
    members = {*case.partners, *([case.lead] if case.lead else [])}
    hint = _("{partner} is not among the case's partners; 'vhuis case partners {case} --add {partner}' adds it")
    named: list[tuple[FieldPath, str]] = [
        (("plan", "measures", index, "owner"), measure.owner)
        for index, measure in enumerate(case.measures)
        if measure.status in (MeasureStatus.planned, MeasureStatus.running)
    ]
    named += [
        (("commitments", index, "partner"), commitment.partner)
        for index, commitment in enumerate(case.commitments)
        if commitment.status is CommitmentStatus.open
    ]
    for path, partner in named:
        if partner not in members:
            message = hint.format(partner=partner, case=case.id)
            found.append(Problem(name, locate(path), yamlfile.field_name(path), message, "warning"))
    return found


def local_problems(case: Case, name: str, locate: Locate = _nowhere) -> list[Problem]:
    """What is wrong between the parts of one case: ids, references to its measures, loose ends."""
    found: list[Problem] = []

    def add(path: FieldPath, message: str, severity: str = "error") -> None:
        found.append(Problem(name, locate(path), yamlfile.field_name(path), message, severity))

    for section, prefix in ENTRY_PREFIX.items():
        base: FieldPath = ("plan", "measures") if section == "measures" else (section,)
        seen: set[str] = set()
        for index, entry in enumerate(case.entries(section)):
            if not re.fullmatch(rf"{prefix}[1-9]\d*", entry.id):
                add(
                    (*base, index, "id"),
                    _("{id} is not an id like {prefix}1, {prefix}2, ...").format(id=repr(entry.id), prefix=prefix),
                )
            elif entry.id in seen:
                add(
                    (*base, index, "id"),
                    _("{id} is used twice in this case; ids are unique within a case").format(id=entry.id),
                )
            seen.add(entry.id)
    measures = {m.id for m in case.measures}
    for index, commitment in enumerate(case.commitments):
        if commitment.measure is not None and commitment.measure not in measures:
            add(
                ("commitments", index, "measure"),
                _("{measure} is not a measure of this case ({known})").format(
                    measure=repr(commitment.measure), known=", ".join(sorted(measures)) or _("none")
                ),
            )
        if commitment.status is CommitmentStatus.done and commitment.done is None:
            add(("commitments", index, "done"), _("the commitment is done but has no done date"), "warning")
        if commitment.due < commitment.made:
            add(
                ("commitments", index, "due"),
                _("is before the date it was made ({made})").format(made=commitment.made),
                "warning",
            )
    for number in case.evaluation.goals if case.evaluation is not None else ():
        if number > case.goal_count:
            add(
                ("evaluation", "goals", str(number)),
                _("goal {number} is not a goal of the plan, which has {count}").format(
                    number=number, count=case.goal_count
                ),
            )
    for index, signal in enumerate(case.signals):
        if signal.source is Source.partner and signal.partner is None:
            add(
                ("signals", index, "partner"),
                _("a signal with source 'partner' names the partner that reported it"),
                "warning",
            )
    return found


def partner_refs(case: Case) -> list[tuple[FieldPath, str]]:
    """Every partner id a case (or its digest) names, with the field path that names it."""
    named: list[tuple[FieldPath, str | None]] = [(("lead",), case.lead)]
    named += [(("partners", i), p) for i, p in enumerate(case.partners)]
    named += [(("signals", i, "partner"), s.partner) for i, s in enumerate(case.signals)]
    named += [(("plan", "measures", i, "owner"), m.owner) for i, m in enumerate(case.measures)]
    named += [(("commitments", i, "partner"), c.partner) for i, c in enumerate(case.commitments)]
    named += [(("audience", i), p) for i, p in enumerate(case.audience)]
    for section in ("signals", "commitments", "decisions"):
        for i, entry in enumerate(getattr(case, section)):
            named += [((section, i, "restricted_to", j), p) for j, p in enumerate(entry.restricted_to)]
    return [(path, partner) for path, partner in named if partner]


def confidentiality_problems(
    case: Case, partners: dict[str, Partner], name: str, locate: Locate = _nowhere
) -> list[Problem]:
    """A hand edit that half marks a case: an audience without ``confidential: true`` (it would show the
    case to everyone), or a confidential case without an audience (no partner would see it, not even its lead).
    Unknown partner ids in ``audience`` and ``restricted_to`` are named with the other references (partner_refs).
    """
    found: list[Problem] = []
    if case.audience and not case.confidential:
        said = _(
            "an audience counts only for a confidential case: add 'confidential: true', or remove the audience "
            "('vhuis case confidential {case} --off' clears both)"
        )
        found.append(Problem(name, locate(("audience",)), "audience", said.format(case=case.id)))
    if case.confidential and not case.audience:
        said = _(
            "a confidential case names its audience, the partners that may see it (known: {known}); "
            "'vhuis case confidential {case} --audience PARTNER' sets it"
        )
        known = ", ".join(sorted(partners)) or _("none yet")
        found.append(Problem(name, locate(("confidential",)), "confidential", said.format(known=known, case=case.id)))
    return found


def partner_problems(case: Case, partners: dict[str, Partner], name: str, locate: Locate = _nowhere) -> list[Problem]:
    known = ", ".join(sorted(partners)) or _("none yet")
    return [
        Problem(name, locate(path), yamlfile.field_name(path), _(NOT_LISTED).format(partner=repr(partner), known=known))
        for path, partner in partner_refs(case)
        if partner not in partners
    ]


def meeting_partner_refs(meeting: Meeting) -> list[tuple[FieldPath, str]]:
    """Every partner id a meeting names, with the field path that names it."""
    refs: list[tuple[FieldPath, str]] = [
        ((role,), partner) for role in ("chair", "secretary") if (partner := getattr(meeting, role)) is not None
    ]
    return refs + [
        ((role, i), partner)
        for role in ("invited", "present", "excused", "absent")
        for i, partner in enumerate(getattr(meeting, role))
    ]


def meeting_problems(
    meeting: Meeting, partners: dict[str, Partner], case_ids: set[str], name: str, locate: Locate = _nowhere
) -> list[Problem]:
    found: list[Problem] = []
    known = ", ".join(sorted(partners)) or _("none yet")
    for path, partner in meeting_partner_refs(meeting):
        if partner not in partners:
            found.append(
                Problem(
                    name,
                    locate(path),
                    yamlfile.field_name(path),
                    _(NOT_LISTED).format(partner=repr(partner), known=known),
                )
            )
    for index, case_id in enumerate(meeting.cases):
        if case_id not in case_ids:
            found.append(
                Problem(
                    name,
                    locate(("cases", index)),
                    f"cases[{index}]",
                    _("there is no case {case} in cases/").format(case=repr(case_id)),
                )
            )
    return found


def charter_problems(settings: Settings, partners: dict[str, Partner], locate: Locate = _nowhere) -> list[Problem]:
    """vhuis.yaml against its charter: each participant in partners.yaml, each standing member a participant."""
    if settings.charter is None:
        return []
    found: list[Problem] = []
    known = ", ".join(sorted(partners)) or _("none yet")
    for index, partner in enumerate(settings.charter.participants):
        if partner not in partners:
            path: FieldPath = ("charter", "participants", index)
            said = _(NOT_LISTED).format(partner=repr(partner), known=known)
            found.append(Problem(SETTINGS_FILE, locate(path), yamlfile.field_name(path), said))
    outside = set(outside_charter(settings, settings.standing))
    participants = ", ".join(settings.charter.participants) or _("none")
    for index, partner in enumerate(settings.standing):
        if partner in outside:
            said = _(OUTSIDE_STANDING).format(partner=repr(partner), participants=participants)
            found.append(Problem(SETTINGS_FILE, locate(("standing", index)), f"standing[{index}]", said))
    return found


def meeting_charter_problems(
    meeting: Meeting, settings: Settings, name: str, locate: Locate = _nowhere
) -> list[Problem]:
    """The partners a meeting names (invited, chair, secretary, attendance) outside the charter's participants.

    An error while the meeting is planned (its agenda and invitation are still to go out); a warning once
    it is held, for its record stays as it was (its minutes go to the participants only).
    """
    refs = meeting_partner_refs(meeting)
    outside = set(outside_charter(settings, (partner for _path, partner in refs)))
    if not outside or settings.charter is None:
        return []
    participants = ", ".join(settings.charter.participants) or _("none")
    planned = meeting.status is MeetingStatus.planned
    severity, said = ("error", _(OUTSIDE_PLANNED)) if planned else ("warning", _(OUTSIDE_HELD))
    return [
        Problem(
            name,
            locate(path),
            yamlfile.field_name(path),
            said.format(partner=repr(partner), participants=participants),
            severity,
        )
        for path, partner in refs
        if partner in outside
    ]


def audience_charter_problems(case: Case, settings: Settings, name: str, locate: Locate = _nowhere) -> list[Problem]:
    """A confidential case's audience members outside the charter's participants."""
    if not case.confidential or settings.charter is None:
        return []
    outside = set(outside_charter(settings, case.audience))
    participants = ", ".join(settings.charter.participants) or _("none")
    return [
        Problem(
            name,
            locate(("audience", index)),
            f"audience[{index}]",
            _(OUTSIDE).format(partner=repr(partner), participants=participants),
        )
        for index, partner in enumerate(case.audience)
        if partner in outside
    ]


def check_store(store: Store) -> list[Problem]:
    """Every problem in every data file of the store (the templates: vhuis.documents.checkup)."""
    found: list[Problem] = []

    def guarded(action: Callable[[], Iterable[Problem] | None]) -> None:
        try:
            found.extend(action() or [])
        except InvalidData as error:
            found.extend(error.problems)

    def load_settings() -> None:
        path = store.root / SETTINGS_FILE
        locate = yamlfile.Locator(store.read_text(path))
        settings = store.settings
        in_file = privacy.settings_problems(settings, SETTINGS_FILE, locate)
        in_file += privacy.scan_document(settings.model_dump(mode="json"), SETTINGS_FILE, locate)
        found.extend(sorted(in_file, key=lambda p: p.line or 0))

    guarded(load_settings)
    listed: list[Partner] = []
    registry: list[str] = []

    def load_partners() -> None:
        path = store.root / PARTNERS_FILE
        if not os.path.lexists(path):  # a link there is named as a problem by reading it
            found.append(Problem(PARTNERS_FILE, None, "", _("is missing; 'vhuis partner add' makes it")))
            return
        registry.append(store.read_text(path))
        listed.extend(read_partners(registry[0], PARTNERS_FILE))

    guarded(load_partners)
    partners = {p.id: p for p in listed}
    case_ids = store.known_case_ids()  # a meeting or inbox signal may name an archived case
    try:
        settings: Settings | None = store.settings
    except InvalidData:
        settings = None
    domains = settings.organisation_domains if settings is not None else []
    if settings is not None and settings.charter is not None and registry:
        locate_settings = yamlfile.Locator(store.read_text(store.root / SETTINGS_FILE))
        found += charter_problems(settings, partners, locate_settings)
    allowed = privacy.allowed_from(listed, domains)
    if listed:
        locate = yamlfile.Locator(registry[0])
        in_file = privacy.partner_email_problems(listed, PARTNERS_FILE, locate)
        # Each partner's address was judged just above; the scan looks for personal data in the rest.
        own = frozenset(p.email.strip().lower() for p in listed if p.email)
        document = [p.model_dump(mode="json") for p in listed]
        in_file += privacy.scan_document(document, PARTNERS_FILE, locate, own | allowed[0], allowed[1])
        found += sorted(in_file, key=lambda p: p.line or 0)
    try:
        register = register_of(store)
    except InvalidData:  # areas.yaml's own problems are named below
        register = None
    found += _check_cases(store, partners, allowed, settings, register)
    for day in store.meeting_dates():
        guarded(partial(_check_meeting, store, day, partners, case_ids, allowed, settings))
    for name in RECORD_LISTS:  # optional files: checked when they are there
        if os.path.lexists(store.root / name):
            guarded(partial(_check_records, store, name, case_ids, allowed, register))
    from vhuis.storage import leftovers

    return found + stray_files(store) + leftovers.problems(store.root)


_READ = {
    "cases": (CASE_ID, N_("a case file is named cases/YYYY-NNN.yaml, e.g. cases/2026-007.yaml")),
    "meetings": (MEETING_NAME, N_("a meeting file is named meetings/YYYY-MM-DD.yaml, e.g. meetings/2026-03-15.yaml")),
}


def stray_files(store: Store) -> list[Problem]:
    """What lies in cases/ and meetings/ that vhuis never reads (``.YAML``, notes, a subfolder): a warning each."""
    found = []
    for folder, (pattern, expected) in _READ.items():
        try:
            with os.scandir(store.root / folder) as entries:
                names = sorted((entry.name, entry.is_dir()) for entry in entries if not entry.name.startswith("."))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name, is_folder in names:
            if name.endswith(".yaml") and pattern.match(name.removesuffix(".yaml")):
                continue  # read as a case or meeting, and named there if it does not load
            message = (_("is not read (a folder): {expected}") if is_folder else _("is not read: {expected}")).format(
                expected=_(expected)
            )
            found.append(Problem(f"{folder}/{name}", None, "", message, "warning"))
    return found


Allowed = privacy.Allowed


def _check_cases(
    store: Store,
    partners: dict[str, Partner],
    allowed: Allowed,
    settings: Settings | None = None,
    register: Register | None = None,
) -> list[Problem]:
    """Each file on its own (schema, ids, personal data) from the index when unchanged; then partner references,
    and the area against the register of areas when the store keeps one."""
    from vhuis.storage.index import Audit

    def audit(case: Case, name: str, text: str) -> list[Problem]:
        locate = yamlfile.Locator(text)
        return local_problems(case, name, locate) + privacy.scan_document(
            case.model_dump(mode="json"), name, locate, *allowed
        )

    key = f"privacy:{active()}:" + ",".join(sorted(allowed[0])) + "|" + ",".join(sorted(allowed[1]))
    digests, found = store.digests(Audit(key, audit))
    on_every_run: list[Callable[[Case, str, Locate], list[Problem]]] = [
        dated_problems,  # the days depend on today
        membership_problems,
        lambda case, name, locate: confidentiality_problems(case, partners, name, locate),
    ]
    if settings is not None and settings.charter is not None:
        charter = settings
        on_every_run.append(lambda case, name, locate: audience_charter_problems(case, charter, name, locate))
    for digest in digests:
        path = store.case_path(digest.id)
        if any(partner not in partners for _, partner in partner_refs(digest)):
            found += partner_problems(digest, partners, store.rel(path), yamlfile.Locator(store.read_text(path)))
        for findings in on_every_run:
            if findings(digest, store.rel(path), _nowhere):
                found += findings(digest, store.rel(path), yamlfile.Locator(store.read_text(path)))
        if register is not None and digest.area is not None and register.find(digest.area) is None:
            locate = yamlfile.Locator(store.read_text(path))
            found += area_problems(register, [(digest.area, ("area",))], store.rel(path), locate)
    return sorted(found, key=lambda p: (p.file, p.line or 0))


def _check_meeting(
    store: Store,
    day: str,
    partners: dict[str, Partner],
    case_ids: set[str],
    allowed: Allowed,
    settings: Settings | None = None,
) -> list[Problem]:
    when = store.meeting_day(day)
    path = store.meeting_path(when)
    meeting = store.meeting(when)
    locate = yamlfile.Locator(store.read_text(path))
    name = store.rel(path)
    found = meeting_problems(meeting, partners, case_ids, name, locate)
    if settings is not None:
        found += meeting_charter_problems(meeting, settings, name, locate)
    found += privacy.scan_document(meeting.model_dump(mode="json"), name, locate, *allowed)
    if meeting.date != when:
        found.append(
            Problem(
                name,
                locate(("date",)),
                "date",
                _("is {date}, but the file name says {day}").format(date=meeting.date, day=day),
            )
        )
    return found


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _check_records(
    store: Store, name: str, case_ids: set[str], allowed: Allowed, register: Register | None = None
) -> list[Problem]:
    """inbox.yaml or areas.yaml: its shape, and every key said once (InvalidData names the problems).

    The inbox's text is scanned for personal data, a linked signal must name a case that exists,
    and, with a register of areas, the area of a signal is one of it.
    """
    text = store.read_text(store.root / name)
    records = read_records(text, name)
    if name != INBOX_FILE:
        return []
    locate = yamlfile.Locator(text)
    found = privacy.scan_document([r.model_dump(mode="json") for r in records], name, locate, *allowed)
    for index, signal in enumerate(records):
        status, case = getattr(signal, "status", None), getattr(signal, "case", None)
        if status is InboxStatus.linked and case is None:
            said = _("a linked signal names the case it was moved into")
            found.append(Problem(name, locate((index, "status")), f"[{index}].case", said))
        elif case is not None and case not in case_ids:
            said = _("there is no case {case} in cases/").format(case=repr(case))
            found.append(Problem(name, locate((index, "case")), f"[{index}].case", said))
    if register is not None:
        places = [(getattr(signal, "area", None), (index, "area")) for index, signal in enumerate(records)]
        found += area_problems(register, places, name, locate)
    return sorted(found, key=lambda p: p.line or 0)
