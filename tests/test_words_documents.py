"""The documents' words come from the catalogs, in the store's language, as a Flemish city writes them.

Minutes, reminders and a store's own templates follow the store's ``language`` whatever language
is active (the command line activates the store's; a document never relies on it). The Dutch is
that of a domain review (issue 14, item 4): "Trekker", "Deadline", "Actiepunten", "termijn 17
dagen overschreden", "Beste collega's van ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_minutes import MEETING, make_teststad
from test_report import make_teststad as make_owing_store

from vhuis.documents.minutes import render_minutes
from vhuis.documents.remind import reminders
from vhuis.documents.words import labels, terms
from vhuis.domain.meetings import default_title
from vhuis.domain.partners import add_partner
from vhuis.errors import InvalidInput
from vhuis.i18n import DEFAULT, activate
from vhuis.model import PartnerKind
from vhuis.storage.store import Store
from vhuis.vocab import Language

# The agenda's second case, planned, with every part of an analysis and the chain's outer links.
PLANNED = """
id: 2026-002
title: Jongeren die 's avonds rondhangen
approach: group
area: null
group: Jongeren van 14 tot 18 jaar
themes: []
status: planned
opened: 2026-03-08
lead: jeugddienst
partners: [jeugddienst, straathoekwerk]
signals:
  - {id: S1, date: 2026-03-10, source: community-guard, partner: null, summary: Groep van tien jongeren aan het plein.}
analysis:
  problem: null
  factors:
    socio_economic: Weinig betaalbaar vrijetijdsaanbod.
    environment: null
    offenders: Een kleine kern van tien jongeren.
    victims: Buurtbewoners.
plan:
  goals: [Een eigen ontmoetingsplek]
  measures:
    - {id: M1, title: Contact leggen met de groep, type: preventive, phase: proaction, owner: straathoekwerk,
       status: running}
    - {id: M2, title: Nazorg voor de jongeren na een incident, type: preventive, phase: aftercare,
       owner: jeugddienst, status: planned}
commitments:
  - {id: C1, partner: jeugddienst, action: Contact leggen met het jeugdhuis, made: 2026-03-15, due: 2026-04-15,
     measure: null, status: open, done: null}
decisions: []
"""

NEW_DUTCH = [
    "Status: in uitvoering · Trekker: Preventiedienst Teststad",
    "Status: plan van aanpak opgemaakt · Trekker: Jeugddienst",
    "| | Wie | Wat | Deadline |",
    "**Actiepunten**",
    "**Beslissingen**",
    "- *Kenmerken daders:* Een kleine kern van tien jongeren.",
    "- *Kenmerken slachtoffers:* Buurtbewoners.",
    "| M1 | Contact leggen met de groep | preventief | proactie | Straathoekwerk | lopend |",
    "| M2 | Nazorg voor de jongeren na een incident | preventief | opvolging | Jeugddienst | gepland |",
    "| **termijn 5 dagen overschreden** |",
    "(2026-003 C1), deadline 14 maart 2026: **termijn 1 dag overschreden**",
    "*Dit verslag werd opgemaakt op basis van de dossiers van Veiligheidshuis Teststad.*",
]
OLD_DUTCH = [
    "Stand van zaken",
    "Regie",
    "Tegen",
    "tegen ",
    "te laat",
    "plan van aanpak klaar",
    "is opgemaakt uit",
    "nog niet gemaakt",
    "*Daders:*",
    "*Slachtoffers:*",
    "pro-actie",
    "nazorg |",
    "in opvolging",
    "Besluiten",
]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts, and leaves, in the default language, whatever ran before."""
    activate(DEFAULT)
    yield
    activate(DEFAULT)


def store_of(root: Path, language: str, **replace: str) -> Store:
    files = {"cases/2026-002.yaml": PLANNED, **replace}
    return Store(make_teststad(root, language, **files))


def english_words() -> set[str]:
    """The minutes' English words that Dutch says otherwise (a placeholder's text left out)."""
    english = {*labels(Language.en).values(), *terms(Language.en).values()}
    dutch = {*labels(Language.nl).values(), *terms(Language.nl).values()}
    return {w for w in english - dutch if "{" not in w}


def test_dutch_minutes_read_as_a_flemish_city_writes_and_hold_no_english(tmp_path: Path) -> None:
    activate("en")  # a document takes the store's language, not the active one
    text = render_minutes(store_of(tmp_path / "store", "nl"), date(2026, 3, 15))

    assert [line for line in NEW_DUTCH if line not in text] == []
    ours = text.replace("Minder meldingen tegen de zomer", "")  # the plan's goal, the store's own words
    assert [word for word in OLD_DUTCH if word in ours] == []
    english = sorted(w for w in english_words() if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
    assert english == []


def test_english_minutes_stay_english(tmp_path: Path) -> None:
    activate("nl")
    text = render_minutes(store_of(tmp_path / "store", "en"), date(2026, 3, 15))

    case = (
        "Case 2026-002 · Target group: Jongeren van 14 tot 18 jaar · Status: plan of approach ready · Lead: Jeugddienst"
    )
    assert case in text
    assert "| | Who | What | Due |" in text
    assert "- *Offenders:* Een kleine kern van tien jongeren." in text
    assert "| M2 | Nazorg voor de jongeren na een incident | preventive | aftercare | Jeugddienst | planned |" in text
    assert "(2026-003 C1), due 14 March 2026: **1 day overdue**" in text
    assert text.endswith("*These minutes were drawn up from the case files of Veiligheidshuis Teststad.*\n")
    for dutch in ("Trekker", "Deadline", "Actiepunten", "termijn", "opgemaakt", "Kenmerken", "Beslissing"):
        assert dutch not in text


def test_a_store_template_still_reads_labels_and_terms_in_the_store_language(tmp_path: Path) -> None:
    template = (
        "{{ labels.lead }}: {{ terms.planned }}, {{ terms['measure.running'] }}, {{ terms.aftercare }}, "
        "{{ terms.monitoring }}; {{ labels[cases[1].approach] }}; {{ terms.late_many }}\n"
        "{% for a in actions if a.overdue %}{{ a.late }}\n{% endfor %}{{ labels.footer }}\n"
    )
    meeting = MEETING.replace("cases: [2026-001, 2026-002]", "cases: [2026-001, 2026-002, 2026-003]")
    own = {"templates/eigen.md.j2": template, "meetings/2026-03-15.yaml": meeting}

    dutch = render_minutes(store_of(tmp_path / "nl", "nl", **own), date(2026, 3, 15), "eigen")
    english = render_minutes(store_of(tmp_path / "en", "en", **own), date(2026, 3, 15), "eigen")

    assert dutch == (
        "Trekker: plan van aanpak opgemaakt, lopend, opvolging, monitoring; Doelgroep; "
        "termijn {days} dagen overschreden\n"
        "termijn 5 dagen overschreden\ntermijn 1 dag overschreden\n"
        "Dit verslag werd opgemaakt op basis van de dossiers van Veiligheidshuis Teststad.\n"
    )
    assert english == (
        "Lead: plan of approach ready, running, aftercare, monitoring; Target group; {days} days overdue\n"
        "5 days overdue\n1 day overdue\n"
        "These minutes were drawn up from the case files of Veiligheidshuis Teststad.\n"
    )


def reminder_lines(store: Store, partner: str) -> tuple[str, list[str]]:
    made = reminders(store, date(2026, 11, 27), "Sarah Test <sarah.test@genk.example>")
    message = next(r.message for r in made.reminders if r.partner == partner)
    return str(message["Subject"]), message.get_content().splitlines()


def test_a_dutch_reminder_greets_the_partner_names_overrun_terms_and_is_signed_by_the_office(tmp_path: Path) -> None:
    activate("en")
    subject, lines = reminder_lines(Store(make_owing_store(tmp_path / "store")), "politie")

    assert subject == "Veiligheidshuis Teststad: 4 openstaande afspraken (3 te laat)"
    assert lines[:5] == [
        "Beste collega's van Lokale politie,",
        "",
        "Volgende afspraken staan op 27 november 2026 nog open:",
        "",
        "Termijn overschreden:",
    ]
    assert "  deadline 31 januari 2026 (termijn 300 dagen overschreden)" in lines
    assert (
        "Is een afspraak al uitgevoerd, of is de timing niet haalbaar? "
        "Laat het ons weten, dan passen we het dossier aan." in lines
    )
    assert lines[-2:] == ["Met vriendelijke groeten,", "Veiligheidshuis Teststad"]
    assert not any("TE LAAT" in line or "tegen " in line for line in lines)


def test_an_english_reminder_stays_english(tmp_path: Path) -> None:
    root = make_owing_store(tmp_path / "store")
    settings = root / "vhuis.yaml"
    settings.write_text(settings.read_text().replace("language: nl", "language: en"))
    store = Store(root)
    assert store.settings.language is Language.en

    subject, lines = reminder_lines(store, "politie")

    assert subject == "Veiligheidshuis Teststad: 4 open commitments (3 overdue)"
    assert lines[0] == "Dear Lokale politie,"
    assert "  due 31 January 2026 (OVERDUE: 300 days)" in lines
    assert lines[-2:] == ["Kind regards,", "Veiligheidshuis Teststad"]


def test_a_meeting_without_a_title_is_named_in_the_store_language(tmp_path: Path) -> None:
    activate("en")
    assert default_title(store_of(tmp_path / "nl", "nl")) == "Overleg Veiligheidshuis Teststad"
    activate("nl")
    assert default_title(store_of(tmp_path / "en", "en")) == "Veiligheidshuis Teststad meeting"


def test_domain_messages_follow_the_active_language(tmp_path: Path) -> None:
    store = store_of(tmp_path / "store", "nl")
    activate("nl")
    with pytest.raises(InvalidInput) as refused:
        add_partner(store, "politie", "Politie", PartnerKind.police, None)
    assert str(refused.value) == "partner_id: partner 'politie' bestaat al (Lokale politie)"
    activate("en")
    with pytest.raises(InvalidInput) as refused:
        add_partner(store, "politie", "Politie", PartnerKind.police, None)
    assert str(refused.value) == "partner_id: partner 'politie' exists already (Lokale politie)"
