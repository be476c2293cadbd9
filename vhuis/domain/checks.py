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
    Partner,
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
    return [(path, partner) for path, partner in named if partner]


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
        domains = store.settings.organisation_domains
    except InvalidData:
        domains = []
    allowed = privacy.allowed_from(listed, domains)
    if listed:
        locate = yamlfile.Locator(registry[0])
        in_file = privacy.partner_email_problems(listed, PARTNERS_FILE, locate)
        # Each partner's address was judged just above; the scan looks for personal data in the rest.
        own = frozenset(p.email.strip().lower() for p in listed if p.email)
        document = [p.model_dump(mode="json") for p in listed]
        in_file += privacy.scan_document(document, PARTNERS_FILE, locate, own | allowed[0], allowed[1])
        found += sorted(in_file, key=lambda p: p.line or 0)
    found += _check_cases(store, partners, allowed)
    for day in store.meeting_dates():
        guarded(partial(_check_meeting, store, day, partners, case_ids, allowed))
    for name in RECORD_LISTS:  # optional files: checked when they are there
        if os.path.lexists(store.root / name):
            guarded(partial(_check_records, store, name, case_ids, allowed))
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


def _check_cases(store: Store, partners: dict[str, Partner], allowed: Allowed) -> list[Problem]:
    """Each file on its own (schema, ids, personal data) from the index when unchanged; then partner references."""
    from vhuis.storage.index import Audit

    def audit(case: Case, name: str, text: str) -> list[Problem]:
        locate = yamlfile.Locator(text)
        return local_problems(case, name, locate) + privacy.scan_document(
            case.model_dump(mode="json"), name, locate, *allowed
        )

    key = f"privacy:{active()}:" + ",".join(sorted(allowed[0])) + "|" + ",".join(sorted(allowed[1]))
    digests, found = store.digests(Audit(key, audit))
    for digest in digests:
        path = store.case_path(digest.id)
        if any(partner not in partners for _, partner in partner_refs(digest)):
            found += partner_problems(digest, partners, store.rel(path), yamlfile.Locator(store.read_text(path)))
        for findings in (dated_problems, membership_problems):  # on every run: the days depend on today
            if findings(digest, store.rel(path)):
                found += findings(digest, store.rel(path), yamlfile.Locator(store.read_text(path)))
    return sorted(found, key=lambda p: (p.file, p.line or 0))


def _check_meeting(
    store: Store, day: str, partners: dict[str, Partner], case_ids: set[str], allowed: Allowed
) -> list[Problem]:
    when = store.meeting_day(day)
    path = store.meeting_path(when)
    meeting = store.meeting(when)
    locate = yamlfile.Locator(store.read_text(path))
    name = store.rel(path)
    found = meeting_problems(meeting, partners, case_ids, name, locate)
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


def _check_records(store: Store, name: str, case_ids: set[str], allowed: Allowed) -> list[Problem]:
    """inbox.yaml or areas.yaml: its shape, and every key said once (InvalidData names the problems).

    The inbox's text is scanned for personal data, and a linked signal must name a case that exists.
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
    return sorted(found, key=lambda p: p.line or 0)
