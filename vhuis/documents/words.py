"""The words of the documents (minutes, e-mails, calendars), from the catalog of the store's language.

A document is written in the store's ``language``, whatever language is active, so it asks
``vhuis.i18n.catalog(language)`` for its words rather than ``_``. The English texts below are
the catalogs' message ids (docs/translating.md); the Dutch is in vhuis/locale/nl.

- ``LOCALES``: the babel locale of each language, for dates (``15 maart 2026``);
- ``labels(language)``: the words of the minutes templates (``labels.x`` in a template);
- ``terms(language)``: the closed vocabularies in the minutes' words (``terms.x`` in a template);
- ``calendar_name``: the name of the commitments calendar (documents/ics.py).

The reminder e-mails (documents/remind.py) ask the catalog for their sentences themselves.
"""

from __future__ import annotations

from enum import StrEnum

from vhuis import vocab
from vhuis.i18n import N_, NP_, catalog
from vhuis.vocab import CaseStatus, GoalResult, Language, MeasureStatus, MeasureType, Phase, Source

LOCALES = {Language.nl: "nl_BE", Language.en: "en_GB"}

# The minutes' words (context "minutes": a label may read otherwise than the same English elsewhere).
LABELS: dict[str, tuple[str, str]] = {
    "minutes": NP_("minutes", "Minutes"),
    "minutes_of": NP_("minutes", "minutes of the meeting of"),
    "previous_meeting": NP_("minutes", "Previous meeting"),
    "attendance": NP_("minutes", "Attendance"),
    "present": NP_("minutes", "Present"),
    "excused": NP_("minutes", "Apologies"),
    "absent": NP_("minutes", "Absent"),
    "nobody": NP_("minutes", "nobody"),
    "agenda": NP_("minutes", "Agenda"),
    "no_agenda": NP_("minutes", "No cases were on the agenda."),
    "case": NP_("minutes", "Case"),
    "area": NP_("minutes", "Area"),
    "group": NP_("minutes", "Target group"),
    "status": NP_("minutes", "Status"),
    "lead": NP_("minutes", "Lead"),
    "signals_since": NP_("minutes", "New signals since the previous meeting"),
    "signals_all": NP_("minutes", "Signals"),
    "no_signals": NP_("minutes", "No new signals."),
    "signal_trend": NP_("minutes", "Signals per month"),
    "analysis": NP_("minutes", "Analysis"),
    "no_analysis": NP_("minutes", "The analysis has not been made yet."),
    "measures": NP_("minutes", "Measures"),
    "no_measures": NP_("minutes", "There are no measures yet."),
    "measure": NP_("minutes", "Measure"),
    "type": NP_("minutes", "Type"),
    "phase": NP_("minutes", "Phase"),
    "owner": NP_("minutes", "Carried out by"),
    "decisions": NP_("minutes", "Decisions"),
    "decision": NP_("minutes", "Decision"),
    "no_decisions": NP_("minutes", "No decisions."),
    "commitments": NP_("minutes", "Commitments"),
    "no_commitments": NP_("minutes", "No new commitments."),
    "who": NP_("minutes", "Who"),
    "what": NP_("minutes", "What"),
    "due": NP_("minutes", "Due"),
    "by": NP_("minutes", "due"),
    "action_list": NP_("minutes", "Action list"),
    "action_list_intro": NP_("minutes", "Every open commitment of the cases on the agenda."),
    "no_actions": NP_("minutes", "No commitments are open for these cases."),
    "remark": NP_("minutes", "Remark"),
    "who_does_what": NP_("minutes", "Who does what"),
    "who_does_what_intro": NP_("minutes", "What each partner still has to do, across all cases."),
    "nobody_owes": NP_("minutes", "Nobody has open commitments."),
    "notes": NP_("minutes", "Any other business"),
    "evaluation": NP_("minutes", "Evaluation"),
    "goal": NP_("minutes", "Goal"),
    "result": NP_("minutes", "Result"),
    "effect": NP_("minutes", "Effect"),
    "process": NP_("minutes", "Process"),
    "footer": NP_("minutes", "These minutes were drawn up from the case files of {office}."),
    "date": NP_("minutes", "Date"),
    "hour": NP_("minutes", "Time"),
    "place": NP_("minutes", "Place"),
    "chair": NP_("minutes", "Chair"),
    "secretary": NP_("minutes", "Minutes taken by"),
    "approval": NP_("minutes", "Approval of the minutes of the previous meeting"),
    "goals": NP_("minutes", "Goals of the plan"),
    "approved_here": NP_("minutes", "The minutes of the meeting of {date} were approved."),
    "not_approved": NP_("minutes", "The minutes of the meeting of {date} have not been approved yet."),
    "approved_earlier": NP_(
        "minutes", "The minutes of the meeting of {date} were approved at the meeting of {approved}."
    ),
    "announcements": NP_("minutes", "Announcements"),
    "discussion": NP_("minutes", "Discussion"),
    "follow_up": NP_("minutes", "Follow-up of the action list of the previous meeting"),
    "follow_up_intro": NP_("minutes", "The commitments that were open at the meeting of {date}."),
    "no_follow_up": NP_("minutes", "No commitments were open at the previous meeting."),
    "state_done": NP_("minutes", "done on {date}"),
    "state_dropped": NP_("minutes", "dropped"),
    "state_open": NP_("minutes", "still open"),
    "other_business": NP_("minutes", "Round of questions"),
    "next_meeting": NP_("minutes", "Next meeting"),
    "confidential": NP_("minutes", "Confidential"),
    "for_reader": NP_("minutes", "This version of the minutes is meant for {partner} only: do not pass it on."),
    "for_office": NP_(
        "minutes",
        "The full minutes, for the office: they hold what not every partner may see. "
        "Each partner gets its own version (vhuis minutes --for).",
    ),
}

# Where the minutes read a value otherwise than vocab.term does ("Status: under analysis");
# every other value reads as vocab.TERMS has it, in the store's language. Keyed by the enum too:
# a case and a measure are both 'planned', and StrEnum members with one value are equal keys.
_MINUTES_TERMS: dict[tuple[type[StrEnum], str], tuple[str, str]] = {
    (CaseStatus, "analysis"): NP_("minutes", "under analysis"),
    (CaseStatus, "planned"): NP_("minutes", "plan of approach ready"),
    (CaseStatus, "active"): NP_("minutes", "in progress"),
    (Source, "community-guard"): NP_("minutes", "community guards"),
    (Source, "city-service"): NP_("minutes", "city service"),
}

NOT_EVALUATED = NP_("minutes", "not evaluated")  # a goal of the plan its evaluation does not name

# The headings of the analysis's factors (model.Factors).
FACTORS: dict[str, tuple[str, str]] = {
    "socio_economic": NP_("minutes", "Socio-economic factors"),
    "environment": NP_("minutes", "Environment"),
    "offenders": NP_("minutes", "Offenders"),
    "victims": NP_("minutes", "Victims"),
}


def labels(language: Language) -> dict[str, str]:
    """The minutes' words in ``language`` (``labels`` in a template); ``footer`` still holds ``{office}``."""
    words = catalog(language)
    return {key: words.pgettext(*message) for key, message in LABELS.items()}


def term(value: StrEnum, language: Language) -> str:
    """What the minutes say for ``value`` in ``language`` ('plan van aanpak opgemaakt', 'burger')."""
    return catalog(language).pgettext(*_MINUTES_TERMS.get((type(value), value.value), vocab.TERMS[value]))


def late(days: int, language: Language) -> str:
    """'termijn 5 dagen overschreden': how far past its date a commitment is; '' when it is not."""
    if days <= 0:
        return ""
    return catalog(language).ngettext("{days} day overdue", "{days} days overdue", days).format(days=days)


def terms(language: Language) -> dict[str, str]:
    """The closed vocabularies in the minutes' words (``terms`` in a template).

    Keys: every case status, signal source, measure type, phase and goal result by its value
    (and ``not-evaluated``, for a goal its evaluation does not name);
    ``measure.<status>``; the factors of the analysis; ``late_one`` and ``late_many``
    (with ``{days}`` in it).
    """
    words = catalog(language)
    found = {v.value: term(v, language) for kind in (CaseStatus, Source, MeasureType, Phase, GoalResult) for v in kind}
    found["not-evaluated"] = words.pgettext(*NOT_EVALUATED)
    found |= {f"measure.{s.value}": term(s, language) for s in MeasureStatus}
    found |= {key: words.pgettext(*message) for key, message in FACTORS.items()}
    found["late_one"] = late(1, language)
    found["late_many"] = words.ngettext("{days} day overdue", "{days} days overdue", 2)
    return found


def calendar_name(office: str, language: Language) -> str:
    """'Veiligheidshuis Genk: afspraken', the name a calendar program shows for the file."""
    return catalog(language).gettext(N_("{office}: commitments")).format(office=office)
