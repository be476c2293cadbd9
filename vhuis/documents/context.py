"""What a minutes template receives: the meeting and its cases, as of the meeting's date.

What the minutes say was agreed is exactly what the case files say: the context
is built from the meeting file and the cases, never typed twice.
docs/templates.md documents every name in it.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING, Any

from vhuis.documents import words
from vhuis.domain.audience import cases_for, is_confidential, secret_commitments
from vhuis.domain.meetings import agreed_on, latest_held
from vhuis.domain.owes import Owed, by_partner, due_on, open_on, owed, owed_for
from vhuis.domain.report import goals_reached, results, signal_trend
from vhuis.errors import InvalidData, NotFound
from vhuis.i18n import _
from vhuis.model import Case, Commitment, Decision, Language, Meeting, Partner
from vhuis.vocab import CaseStatus, CommitmentStatus

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def _partner(partners: dict[str, Partner], partner_id: str) -> dict[str, Any]:
    known = partners.get(partner_id)
    return {
        "id": partner_id,
        "name": known.name if known else partner_id,
        "kind": known.kind.value if known else None,
        "email": known.email if known else None,
    }


def _commitment(
    case: Case, commitment: Commitment, on: date, partners: dict[str, Partner], language: Language
) -> dict[str, Any]:
    late = max((on - commitment.due).days, 0) if open_on(commitment, on) else 0
    return {
        "case": case.id,
        "id": commitment.id,
        "partner": _partner(partners, commitment.partner),
        "action": commitment.action,
        "made": commitment.made,
        "due": commitment.due,
        "measure": commitment.measure,
        "status": commitment.status.value,
        "done": commitment.done,
        "days_overdue": late,
        "overdue": late > 0,
        "late": words.late(late, language),
    }


def _owed(item: Owed, partners: dict[str, Partner], titles: dict[str, str], language: Language) -> dict[str, Any]:
    return {
        "case": item.case,
        "case_title": titles.get(item.case, ""),
        "id": item.commitment,
        "partner": _partner(partners, item.partner),
        "action": item.action,
        "due": item.due,
        "days_overdue": item.days_overdue,
        "overdue": item.days_overdue > 0,
        "late": words.late(item.days_overdue, language),
    }


def _case(
    case: Case,
    meeting: Meeting,
    previous: date | None,
    terms: dict[str, str],
    language: Language,
    partners: dict[str, Partner],
    decisions: list[Decision],
    commitments: list[Commitment],
    status: CaseStatus,
) -> dict[str, Any]:
    day = meeting.date
    signals = [s for s in case.signals if s.date <= day and (previous is None or s.date > previous)]
    analysis = None
    if case.analysis is not None:
        factors = case.analysis.factors.model_dump()
        analysis = {
            "problem": case.analysis.problem,
            "factors": [{"name": k, "label": terms[k], "text": v} for k, v in factors.items() if v],
        }
    return {
        "id": case.id,
        "title": case.title,
        "approach": case.approach.value,
        "where": case.where,
        "area": case.area,
        "group": case.group,
        "themes": list(case.themes),
        "status": status.value,
        "status_label": terms[status.value],
        "opened": case.opened,
        "lead": _partner(partners, case.lead) if case.lead else None,
        "partners": [_partner(partners, p) for p in case.partners],
        "signals": [
            {
                "id": s.id,
                "date": s.date,
                "source": s.source.value,
                "source_label": terms[s.source.value],
                "partner": _partner(partners, s.partner) if s.partner else None,
                "summary": s.summary,
            }
            for s in signals
        ],
        "signal_trend": [{"month": m, "count": n} for m, n in signal_trend(case.signals, day)],
        "analysis": analysis,
        "goals": list(case.plan.goals) if case.plan else [],
        "measures": [
            {
                "id": m.id,
                "title": m.title,
                "type": m.type.value,
                "type_label": terms[m.type.value],
                "phase": m.phase.value,
                "phase_label": terms[m.phase.value],
                "owner": _partner(partners, m.owner),
                "status": m.status.value,
                "status_label": terms[f"measure.{m.status.value}"],
            }
            for m in case.measures
        ],
        "decisions": [d.text for d in decisions],
        "commitments": [_commitment(case, c, day, partners, language) for c in commitments],
        "evaluation": _evaluation(case, day, terms),
        "discussion": meeting.discussion.get(case.id),
    }


def _evaluation(case: Case, day: date, terms: dict[str, str]) -> dict[str, Any] | None:
    """The case's evaluation when it was made on or before the meeting: every goal of the plan, with its result."""
    evaluation = case.evaluation
    if evaluation is None or evaluation.date > day:
        return None
    found = results(evaluation)
    goals = case.plan.goals if case.plan else []
    return {
        "date": evaluation.date,
        "goals": [
            {
                "number": number,
                "goal": goal,
                "result": found[number].value if number in found else None,
                "result_label": terms[found[number].value] if number in found else terms["not-evaluated"],
            }
            for number, goal in enumerate(goals, start=1)
        ],
        "goals_reached": goals_reached(case),
        "effect": evaluation.effect,
        "process": evaluation.process,
    }


def _follow_up(
    store: Store,
    before: Meeting | None,
    day: date,
    partners: dict[str, Partner],
    titles: dict[str, str],
    language: Language,
    reader: str | None = None,
) -> list[dict[str, Any]]:
    """The previous held meeting's action list, as it stands on ``day``, as ``reader`` may see it.

    Every commitment of that meeting's agenda that was open on its date, with ``state``:
    ``done`` (on or before ``day``, with ``done``), ``dropped``, or ``open`` (``overdue`` marked).
    """
    if before is None:
        return []
    cases = cases_for([store.case(case_id) for case_id in before.cases if case_id in titles], reader)
    dropped_then = _dropped_on(
        store, [c for c in cases if any(k.status is CommitmentStatus.dropped for k in c.commitments)], before.date
    )
    found = []
    for case in cases:
        for c in case.commitments:
            if c.status is CommitmentStatus.dropped:  # open then unless git says it was dropped by then
                if c.made > before.date or c.id in dropped_then.get(case.id, {c.id}):
                    continue
            elif not open_on(c, before.date):
                continue
            if open_on(c, day):
                state = "open"
            elif c.status is CommitmentStatus.dropped:
                state = "dropped"
            else:
                state = "done"
            due = due_on(c, day)
            late = max((day - due).days, 0) if state == "open" else 0
            found.append(
                {
                    "case": case.id,
                    "case_title": case.title,
                    "id": c.id,
                    "partner": _partner(partners, c.partner),
                    "action": c.action,
                    "due": due,
                    "state": state,
                    "done": c.done if state == "done" else None,
                    "days_overdue": late,
                    "overdue": late > 0,
                    "late": words.late(late, language),
                }
            )
    return found


def _dropped_on(store: Store, cases: list[Case], day: date) -> dict[str, set[str]]:
    """Per case, the ids of its commitments already dropped at the end of ``day``, as git has the case then.

    A case git has no readable version of by then is left out (its dropped commitments count as dropped then).
    """
    import yaml

    if not cases:
        return {}
    names = {case.id: store.repo.rel(store.case_path(case.id)) for case in cases}
    then = store.repo.as_of(list(names.values()), f"{day.isoformat()} 23:59:59")
    found: dict[str, set[str]] = {}
    for case in cases:
        raw = then.get(names[case.id])
        if raw is None:
            continue
        with contextlib.suppress(yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
            listed = yaml.safe_load(raw).get("commitments") or []
            found[case.id] = {str(k["id"]) for k in listed if k.get("status") == CommitmentStatus.dropped.value}
    return found


def hour(time: str | None, language: Language) -> str | None:
    """'19.30 uur' (nl), '19:30' (en): the hour a meeting starts, as the minutes write it."""
    if time is None:
        return None
    return f"{time.replace(':', '.')} uur" if language is Language.nl else time


def statuses_on(store: Store, cases: list[Case], day: date) -> dict[str, CaseStatus]:
    """Each case's status at the end of ``day``: as the last commit made by then has it.

    Where git has no version of the case that old (it was recorded later, or that version does not
    read), the case's status now.
    """
    import yaml

    names = {case.id: store.repo.rel(store.case_path(case.id)) for case in cases}
    then = store.repo.as_of(list(names.values()), f"{day.isoformat()} 23:59:59")
    found = {}
    for case in cases:
        found[case.id] = case.status
        raw = then.get(names[case.id])
        if raw is not None:
            with contextlib.suppress(yaml.YAMLError, KeyError, TypeError, ValueError):
                found[case.id] = CaseStatus(yaml.safe_load(raw)["status"])
    return found


def minutes_context(store: Store, meeting: Meeting, charts: bool = False, reader: str | None = None) -> dict[str, Any]:
    """Everything a minutes template receives (docs/templates.md), as of the meeting's date.

    ``charts``: whether the template should draw its charts (``vhuis minutes --charts``).
    ``reader``: the partner whose version this is (``--for``): only the cases and entries it may see
    (domain/audience.py) are in it, nowhere else either; None is the office's full record.
    """
    settings = store.settings
    language = settings.language
    terms = words.terms(language)
    partners = store.partners
    day = meeting.date
    previous = store.meeting_before(day)
    digests, problems = store.digests()  # the whole store, from the index; only the agenda is parsed in full
    if problems:
        raise InvalidData(
            _(
                "the minutes were not made: some case files do not load, and the minutes must say what the cases "
                "say. Fix them first ('vhuis check' lists every problem)"
            ),
            problems,
        )
    titles = {c.id: c.title for c in digests}
    missing = [case_id for case_id in meeting.cases if case_id not in titles]
    if missing:
        name = store.rel(store.meeting_path(day))
        raise NotFound(
            _(
                "{file} puts {cases} on the agenda, but there is no such case in cases/; "
                "correct the meeting file (vhuis check finds this too)"
            ).format(file=name, cases=", ".join(missing))
        )
    agenda = cases_for([store.case(case_id) for case_id in meeting.cases], reader)
    decisions, commitments = agreed_on(agenda, day)
    statuses = statuses_on(store, agenda, day)
    cases = [
        _case(
            case,
            meeting,
            previous,
            terms,
            language,
            partners,
            [a.entry for a in decisions if a.case == case.id and isinstance(a.entry, Decision)],
            [a.entry for a in commitments if a.case == case.id and isinstance(a.entry, Commitment)],
            statuses[case.id],
        )
        for case in agenda
    ]
    acting = owed(agenda, day)
    actions = [_owed(o, partners, titles, language) for o in acting]
    everyone = owed_for(digests, day, reader)
    owes = [
        {
            "partner": _partner(partners, partner_id),
            "commitments": [_owed(o, partners, titles, language) for o in items],
        }
        for partner_id, items in by_partner(everyone).items()
    ]
    labels = words.labels(language)
    labels["footer"] = labels["footer"].format(office=settings.name)
    before = latest_held(store, day)
    upcoming = meeting.next
    follow_up = _follow_up(store, before, day, partners, titles, language, reader)
    secret = secret_commitments(digests)
    shown = [(o.case, o.commitment) for o in (*acting, *everyone)] + [(a["case"], a["id"]) for a in follow_up]
    confidential = any(is_confidential(case) for case in agenda) or any(pair in secret for pair in shown)
    return {
        "office": {"name": settings.name, "city": settings.city},
        "language": language.value,
        "charts": charts,
        "labels": labels,
        "terms": terms,
        "meeting": {
            "date": day,
            "title": meeting.title,
            "notes": meeting.notes,
            "present": [_partner(partners, p) for p in meeting.present],
            "excused": [_partner(partners, p) for p in meeting.excused],
            "absent": [_partner(partners, p) for p in meeting.absent],
            "previous": previous,
            "status": meeting.status.value,
            "time": meeting.time,
            "hour": hour(meeting.time, language),
            "place": meeting.place,
            "chair": _partner(partners, meeting.chair) if meeting.chair else None,
            "secretary": _partner(partners, meeting.secretary) if meeting.secretary else None,
            "invited": [_partner(partners, p) for p in meeting.invited],
            "announcements": list(meeting.announcements),
            "other_business": list(meeting.other_business),
            "next": None
            if upcoming is None
            else {
                "date": upcoming.date,
                "time": upcoming.time,
                "hour": hour(upcoming.time, language),
                "place": upcoming.place,
            },
            "approved": meeting.approved,
            "previous_minutes": None
            if before is None
            else {  # approved later than this meeting: not yet, as of this meeting
                "date": before.date,
                "approved": before.approved if before.approved and before.approved <= day else None,
            },
        },
        "cases": cases,
        "actions": actions,
        "owes": owes,
        "follow_up": follow_up,
        "confidential": confidential,
        "reader": None if reader is None else _partner(partners, reader),
    }
