"""Minutes (verslag) of a meeting, rendered through Jinja from the store itself.

What the minutes say was agreed is exactly what the case files say: the context
is built from the meeting file and the cases, as of the meeting's date. Every
piece of text from the store passes a Markdown filter (``md``, ``cell``,
``block``), so that no title or summary can break the headings, lists or tables.
docs/templates.md documents the context a template receives.

jinja2 and babel are imported inside the functions, so the CLI starts without them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vhuis.domain.meetings import agreed_on, minutes_path, previous_meeting
from vhuis.domain.owes import Owed, by_partner, open_on, owed
from vhuis.domain.report import signal_trend
from vhuis.errors import InvalidData, InvalidInput, NotFound, Problem
from vhuis.model import Case, Commitment, Decision, Language, Meeting, Partner
from vhuis.storage.resources import resource
from vhuis.storage.store import Store
from vhuis.storage.storefile import read_inside

if TYPE_CHECKING:
    from vhuis.documents.sandbox import BoundedEnvironment

DEFAULT_TEMPLATE = "minutes.md.j2"
TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
LOCALES = {Language.nl: "nl_BE", Language.en: "en_GB"}

LABELS: dict[Language, dict[str, str]] = {
    Language.nl: {
        "minutes": "Verslag",
        "minutes_of": "verslag van het overleg van",
        "previous_meeting": "Vorig overleg",
        "attendance": "Aanwezigheden",
        "present": "Aanwezig",
        "excused": "Verontschuldigd",
        "absent": "Afwezig",
        "nobody": "niemand",
        "agenda": "Agenda",
        "no_agenda": "Er stonden geen dossiers op de agenda.",
        "case": "Dossier",
        "area": "Gebied",
        "group": "Doelgroep",
        "status": "Stand van zaken",
        "lead": "Regie",
        "signals_since": "Nieuwe signalen sinds het vorige overleg",
        "signals_all": "Signalen",
        "no_signals": "Geen nieuwe signalen.",
        "signal_trend": "Signalen per maand",
        "analysis": "Analyse",
        "no_analysis": "De analyse is nog niet gemaakt.",
        "measures": "Maatregelen",
        "no_measures": "Er zijn nog geen maatregelen.",
        "measure": "Maatregel",
        "type": "Soort",
        "phase": "Fase",
        "owner": "Uitvoerder",
        "decisions": "Besluiten",
        "decision": "Besluit",
        "no_decisions": "Geen besluiten.",
        "commitments": "Afspraken",
        "no_commitments": "Geen nieuwe afspraken.",
        "who": "Wie",
        "what": "Wat",
        "due": "Tegen",
        "by": "tegen",
        "action_list": "Actielijst",
        "action_list_intro": "Alle openstaande afspraken van de dossiers op de agenda.",
        "no_actions": "Er staan geen afspraken open voor deze dossiers.",
        "remark": "Opmerking",
        "who_does_what": "Wie doet wat",
        "who_does_what_intro": "Wat elke partner nog moet doen, over alle dossiers heen.",
        "nobody_owes": "Niemand heeft nog openstaande afspraken.",
        "notes": "Varia",
        "footer": "Dit verslag is opgemaakt uit de dossiers van het {office}.",
    },
    Language.en: {
        "minutes": "Minutes",
        "minutes_of": "minutes of the meeting of",
        "previous_meeting": "Previous meeting",
        "attendance": "Attendance",
        "present": "Present",
        "excused": "Apologies",
        "absent": "Absent",
        "nobody": "nobody",
        "agenda": "Agenda",
        "no_agenda": "No cases were on the agenda.",
        "case": "Case",
        "area": "Area",
        "group": "Target group",
        "status": "Status",
        "lead": "Lead",
        "signals_since": "New signals since the previous meeting",
        "signals_all": "Signals",
        "no_signals": "No new signals.",
        "signal_trend": "Signals per month",
        "analysis": "Analysis",
        "no_analysis": "The analysis has not been made yet.",
        "measures": "Measures",
        "no_measures": "There are no measures yet.",
        "measure": "Measure",
        "type": "Type",
        "phase": "Phase",
        "owner": "Carried out by",
        "decisions": "Decisions",
        "decision": "Decision",
        "no_decisions": "No decisions.",
        "commitments": "Commitments",
        "no_commitments": "No new commitments.",
        "who": "Who",
        "what": "What",
        "due": "Due",
        "by": "due",
        "action_list": "Action list",
        "action_list_intro": "Every open commitment of the cases on the agenda.",
        "no_actions": "No commitments are open for these cases.",
        "remark": "Remark",
        "who_does_what": "Who does what",
        "who_does_what_intro": "What each partner still has to do, across all cases.",
        "nobody_owes": "Nobody has open commitments.",
        "notes": "Any other business",
        "footer": "These minutes were drawn up from the case files of {office}.",
    },
}

TERMS: dict[Language, dict[str, str]] = {
    Language.nl: {
        "reported": "gemeld",
        "analysis": "in analyse",
        "planned": "plan van aanpak klaar",
        "active": "in uitvoering",
        "monitoring": "in opvolging",
        "closed": "afgesloten",
        "dismissed": "niet weerhouden",
        "citizen": "burger",
        "mayor": "burgemeester",
        "police": "politie",
        "community-guard": "gemeenschapswachten",
        "city-service": "stedelijke dienst",
        "partner": "partner",
        "preventive": "preventief",
        "repressive": "repressief",
        "proaction": "pro-actie",
        "prevention": "preventie",
        "reaction": "reactie",
        "aftercare": "nazorg",
        "measure.planned": "gepland",
        "measure.running": "lopend",
        "measure.done": "afgerond",
        "measure.dropped": "geschrapt",
        "late_one": "1 dag te laat",
        "late_many": "{days} dagen te laat",
        "socio_economic": "Sociaaleconomische factoren",
        "environment": "Omgevingskenmerken",
        "offenders": "Daders",
        "victims": "Slachtoffers",
    },
    Language.en: {
        "reported": "reported",
        "analysis": "under analysis",
        "planned": "plan of approach ready",
        "active": "in progress",
        "monitoring": "monitoring",
        "closed": "closed",
        "dismissed": "dismissed",
        "citizen": "citizen",
        "mayor": "mayor",
        "police": "police",
        "community-guard": "community guards",
        "city-service": "city service",
        "partner": "partner",
        "preventive": "preventive",
        "repressive": "repressive",
        "proaction": "proaction",
        "prevention": "prevention",
        "reaction": "reaction",
        "aftercare": "aftercare",
        "measure.planned": "planned",
        "measure.running": "running",
        "measure.done": "done",
        "measure.dropped": "dropped",
        "late_one": "1 day overdue",
        "late_many": "{days} days overdue",
        "socio_economic": "Socio-economic factors",
        "environment": "Environment",
        "offenders": "Offenders",
        "victims": "Victims",
    },
}


# -- Markdown filters ---------------------------------------------------------

_ALWAYS = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING = re.compile(r"^(\d{1,9})([.)])|^([#+=-])")
_TRAILING_HASHES = re.compile(r"(\s)(#+)$")


def md(value: object) -> str:
    """Inline text: one line, with everything that could start or change Markdown structure escaped."""
    text = " ".join(str(value).split())
    text = _ENTITY.sub(r"\\&", _ALWAYS.sub(r"\\\1", text))
    text = _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
    return _TRAILING_HASHES.sub(lambda m: m[1] + "".join(f"\\{c}" for c in m[2]), text)


def cell(value: object) -> str:
    """Text in a table cell: inline text, ``|`` escaped, line breaks as spaces; empty stays empty."""
    return "" if value is None else md(value)


def block(value: object) -> str:
    """Free text as paragraphs: each paragraph one escaped line, blank lines between them."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return "\n\n".join(md(p) for p in paragraphs if p.strip())


def _date_filter(locale: str, form: str) -> Callable[[date | None], str]:
    def format_day(value: date | None) -> str:
        from babel.dates import format_date

        return "" if value is None else format_date(value, format=form, locale=locale)

    return format_day


# -- the context --------------------------------------------------------------


def _partner(partners: dict[str, Partner], partner_id: str) -> dict[str, Any]:
    known = partners.get(partner_id)
    return {
        "id": partner_id,
        "name": known.name if known else partner_id,
        "kind": known.kind.value if known else None,
        "email": known.email if known else None,
    }


def _late(days: int, terms: dict[str, str]) -> str:
    if days <= 0:
        return ""
    return terms["late_one"] if days == 1 else terms["late_many"].replace("{days}", str(days))


def _commitment(
    case: Case, commitment: Commitment, on: date, partners: dict[str, Partner], terms: dict[str, str]
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
        "late": _late(late, terms),
    }


def _owed(item: Owed, partners: dict[str, Partner], titles: dict[str, str], terms: dict[str, str]) -> dict[str, Any]:
    return {
        "case": item.case,
        "case_title": titles.get(item.case, ""),
        "id": item.commitment,
        "partner": _partner(partners, item.partner),
        "action": item.action,
        "due": item.due,
        "days_overdue": item.days_overdue,
        "overdue": item.days_overdue > 0,
        "late": _late(item.days_overdue, terms),
    }


def _case(
    case: Case,
    meeting: Meeting,
    previous: date | None,
    terms: dict[str, str],
    partners: dict[str, Partner],
    decisions: list[Decision],
    commitments: list[Commitment],
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
        "status": case.status.value,
        "status_label": terms[case.status.value],
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
        "commitments": [_commitment(case, c, day, partners, terms) for c in commitments],
    }


def minutes_context(store: Store, meeting: Meeting) -> dict[str, Any]:
    """Everything a minutes template receives (docs/templates.md), as of the meeting's date."""
    settings = store.settings
    language = settings.language
    terms = TERMS[language]
    partners = store.partners
    day = meeting.date
    previous = previous_meeting(store, day)
    digests, problems = store.digests()  # the whole store, from the index; only the agenda is parsed in full
    if problems:
        raise InvalidData(
            "the minutes were not made: some case files do not load, and the minutes must say what the cases say. "
            "Fix them first ('vhuis check' lists every problem)",
            problems,
        )
    titles = {c.id: c.title for c in digests}
    missing = [case_id for case_id in meeting.cases if case_id not in titles]
    if missing:
        name = store.rel(store.meeting_path(day))
        raise NotFound(
            f"{name} puts {', '.join(missing)} on the agenda, but there is no such case in cases/; "
            "correct the meeting file (vhuis check finds this too)"
        )
    agenda = [store.case(case_id) for case_id in meeting.cases]
    decisions, commitments = agreed_on(agenda, day)
    cases = [
        _case(
            case,
            meeting,
            previous,
            terms,
            partners,
            [a.entry for a in decisions if a.case == case.id and isinstance(a.entry, Decision)],
            [a.entry for a in commitments if a.case == case.id and isinstance(a.entry, Commitment)],
        )
        for case in agenda
    ]
    actions = [_owed(o, partners, titles, terms) for o in owed(agenda, day)]
    everyone = owed(digests, day)
    owes = [
        {"partner": _partner(partners, partner_id), "commitments": [_owed(o, partners, titles, terms) for o in items]}
        for partner_id, items in by_partner(everyone).items()
    ]
    labels = dict(LABELS[language])
    labels["footer"] = labels["footer"].format(office=settings.name)
    return {
        "office": {"name": settings.name, "city": settings.city},
        "language": language.value,
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
        },
        "cases": cases,
        "actions": actions,
        "owes": owes,
    }


# -- templates ----------------------------------------------------------------


def template_file(name: str | None) -> str:
    """``kort`` -> ``kort.md.j2``; only a plain file name, never a path."""
    if name is None:
        return DEFAULT_TEMPLATE
    if not TEMPLATE_NAME.match(name) or ".." in name:
        raise InvalidInput(
            f"--template: {name!r} is not a template name; give the name of a file in the store's "
            "templates/ folder, without a path (e.g. 'kort' for templates/kort.md.j2)"
        )
    if name.endswith(".j2"):
        return name
    return f"{name}.j2" if name.endswith(".md") else f"{name}.md.j2"


def template_folders(store: Store) -> list[Path]:
    """Where templates are looked up: the store's own templates/ first, then the defaults."""
    folders = [store.root / "templates"]
    with contextlib.suppress(FileNotFoundError):
        folders.append(resource("templates"))
    return [f for f in folders if f.is_dir()]


def environment(store: Store) -> BoundedEnvironment:
    """A sandboxed, bounded environment (sandbox.py) without HTML escaping: Markdown escaping is the filters'."""
    import jinja2

    from vhuis.documents.sandbox import BoundedEnvironment, StoreTemplates

    locale = LOCALES[store.settings.language]
    places = [(store.root if f.is_relative_to(store.root) else f, f) for f in template_folders(store)]
    env = BoundedEnvironment(
        loader=StoreTemplates(places),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        cell=cell,
        block=block,
        long_date=_date_filter(locale, "long"),
        short_date=_date_filter(locale, "medium"),
    )
    return env


def _shown(store: Store, filename: str | None, fallback: str) -> str:
    if not filename:
        return fallback
    path = Path(filename)
    try:
        return store.rel(path.resolve())
    except ValueError:
        return str(path)


def _template_line(traceback: TracebackType | None, folders: list[Path]) -> tuple[str | None, int | None]:
    """The template file and line that were running when the error happened (the innermost one)."""
    prefixes = tuple(str(f.resolve()) for f in folders)
    found: tuple[str | None, int | None] = (None, None)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.startswith(prefixes):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def render_minutes(store: Store, day: str, template: str | None = None) -> str:
    """The minutes of the meeting on ``day`` as Markdown; nothing is written.

    A template that is missing, does not parse, or fails while rendering (an
    unknown variable, say) is an error naming the template file and line.
    """
    import jinja2

    from vhuis.documents.sandbox import TemplateLimit
    from vhuis.domain.inputs import parse_day

    meeting = store.meeting(parse_day(day, "DATE"))
    name = template_file(template)
    context = minutes_context(store, meeting)
    folders = template_folders(store)
    try:
        return environment(store).render(name, context)
    except InvalidData:  # a template file that is a link, or not a regular file (vhuis/storage/storefile.py)
        raise
    except jinja2.TemplateNotFound as error:
        looked = "templates/ in the store, then the defaults"
        with contextlib.suppress(FileNotFoundError):
            looked += f" in {resource('templates')}"
        if error.name == name:
            raise NotFound(f"there is no template {name} (looked in {looked}); {_available(folders)}") from None
        raise NotFound(f"the template {name} uses {error.name}, which does not exist (looked in {looked})") from None
    except jinja2.TemplateSyntaxError as error:
        where = _shown(store, error.filename, name)
        raise InvalidData(
            f"the template {where} does not parse; nothing was written",
            [Problem(where, error.lineno, "", error.message or "syntax error")],
        ) from None
    except Exception as error:  # anything else a template can do wrong: unknown names, unsafe access, bad filters
        filename, line = _template_line(error.__traceback__, folders)
        where = _shown(store, filename, name)
        if isinstance(error, jinja2.UndefinedError):
            message = f"{error.message}; docs/templates.md lists what a template receives"
        elif isinstance(error, TemplateLimit):
            message = str(error)
        else:
            message = f"{type(error).__name__}: {error}"
        problem = Problem(where, line, "", message)
        raise InvalidData(f"the template {where} failed; nothing was written", [problem]) from None


def template_problems(store: Store) -> list[Problem]:
    """What is wrong with the store's own templates: each must parse, and render the latest meeting."""
    import jinja2

    own = sorted((store.root / "templates").glob("*.j2")) if (store.root / "templates").is_dir() else []
    if not own:
        return []
    found: list[Problem] = []
    env = environment(store)
    readable: list[Path] = []
    for path in own:
        name = store.rel(path)
        try:
            env.parse(read_inside(store.root, path).decode("utf-8"), path.name, str(path))
        except jinja2.TemplateSyntaxError as error:
            found.append(Problem(name, error.lineno, "", f"does not parse: {error.message or 'syntax error'}"))
            continue
        except InvalidData as error:  # a link, a FIFO, a folder: named, never followed
            found += error.problems
            continue
        except (OSError, UnicodeDecodeError) as error:
            found.append(Problem(name, None, "", f"cannot be read: {error}"))
            continue
        readable.append(path)
    meetings = store.meeting_dates()
    named = {p.file for p in found}  # a template that includes one of these fails on it: named once is enough
    for path in readable:
        if meetings and path.name.endswith(".md.j2"):
            try:
                render_minutes(store, meetings[-1], path.name.removesuffix(".md.j2"))
            except (InvalidData, NotFound) as error:
                problems = getattr(error, "problems", [])
                found += [
                    Problem(p.file, p.line, p.field, f"fails on the meeting of {meetings[-1]}: {p.message}")
                    for p in problems
                    if p.file not in named
                ]
                if not problems:
                    found.append(Problem(store.rel(path), None, "", f"fails on the meeting of {meetings[-1]}: {error}"))
    return found


def _available(folders: list[Path]) -> str:
    names = sorted({p.name.removesuffix(".md.j2") for f in folders for p in f.glob("*.md.j2")})
    return f"templates there: {', '.join(names)}" if names else "there are no templates"


@dataclass(frozen=True)
class Published:
    path: Path
    committed: bool


def publish_minutes(store: Store, day: str, template: str | None = None) -> Published:
    """Render the minutes into ``minutes/DATE.md`` and commit them; no commit when they are unchanged."""
    from vhuis.domain.inputs import parse_day

    when = parse_day(day, "DATE")
    with store.lock():
        text = render_minutes(store, day, template)
        path = minutes_path(store, when)
        try:  # a link or a FIFO in its place is named, not followed or waited for
            current: str | None = read_inside(store.root, path).decode("utf-8", errors="replace")
        except FileNotFoundError:
            current = None
        if current == text and not store.repo.edited([path]):
            return Published(path, False)
        verb = "update" if current is not None else "add"
        store.commit({path: text}, f"meeting {when}: {verb} minutes")
    return Published(path, True)


def write_minutes(store: Store, day: str, out: Path, template: str | None = None) -> Path:
    """Render the minutes into any file ``out`` (a device, a FIFO, through a link: outfile.py); not committed."""
    from vhuis.storage.outfile import write_output

    write_output(out, render_minutes(store, day, template), "--out", f"{day}.md")
    return out
