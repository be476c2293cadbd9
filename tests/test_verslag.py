"""The minutes as a full Flemish verslag (issue 13 items 5 and 8).

Head (hour, place, chair, note-taker), approval of the previous minutes, announcements,
the discussion per case, the follow-up of the previous action list, the round of questions
and the next meeting; dates one way; no double blank lines; a planned meeting has no minutes.
The golden files minutes-full-*.md are the minutes of a meeting that uses every key;
VHUIS_UPDATE_GOLDEN=1 rewrites them.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke, clean
from test_minutes import MEETING, PARK, PREVIOUS, STATION, compare_golden, make_teststad

from vhuis.documents.context import minutes_context
from vhuis.storage.store import Store

FULL = """
date: 2026-03-15
title: Overleg Veiligheidshuis Teststad
status: held
time: "19:30"
place: Stadhuis, zaal 2
chair: preventiedienst
secretary: jeugddienst
invited: [preventiedienst, politie, jeugddienst, nmbs, straathoekwerk]
present: [preventiedienst, politie, jeugddienst]
excused: [nmbs]
absent: [straathoekwerk]
cases: [2026-001, 2026-002]
discussion:
  2026-001: De politie ziet minder incidenten sinds de avondrondes.
announcements:
  - De preventiedienst verhuist in mei naar het stadhuis.
other_business:
  - De NMBS vraagt een apart overleg over de verlichting.
notes: null
next:
  date: 2026-04-12
  time: "14:00"
  place: Stadhuis, zaal 2
approved: null
"""

# the park's commitment was done between the two meetings
PARK_DONE = PARK.replace("measure: null, status: open, done: null", "measure: null, status: done, done: 2026-03-10")


def full_store(root: Path, language: str = "nl") -> Path:
    return make_teststad(
        root,
        language,
        **{
            "meetings/2026-03-15.yaml": FULL,
            "meetings/2026-02-26.yaml": PREVIOUS + "approved: 2026-03-15\n",
            "cases/2026-003.yaml": PARK_DONE,
        },
    )


def minutes(vhuis: Invoke, store: Path, day: str = "2026-03-15") -> str:
    result = vhuis("minutes", day, "--out", "-", store=store)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def section(text: str, heading: str) -> str:
    """The text under ``## heading`` up to the next ``## ``."""
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_full_minutes_match_the_golden_file(tmp_path: Path, vhuis: Invoke, language: str) -> None:
    store = full_store(tmp_path / "store", language)
    compare_golden(f"minutes-full-{language}.md", minutes(vhuis, store))
    assert clean(store)


def test_the_head_names_hour_place_chair_and_note_taker(tmp_path: Path, vhuis: Invoke) -> None:
    text = minutes(vhuis, full_store(tmp_path / "store"))
    head = text.split("## Aanwezigheden")[0]
    assert "- **Datum:** 15 maart 2026\n" in head
    assert "- **Uur:** 19.30 uur\n" in head
    assert "- **Plaats:** Stadhuis, zaal 2\n" in head
    assert "- **Voorzitter:** Preventiedienst Teststad\n" in head
    assert "- **Verslaggever:** Jeugddienst\n" in head


def test_every_section_appears_when_its_data_exists(tmp_path: Path, vhuis: Invoke) -> None:
    text = minutes(vhuis, full_store(tmp_path / "store"))
    assert section(text, "Goedkeuring verslag vorig overleg").strip() == (
        "Het verslag van het overleg van 26 februari 2026 wordt goedgekeurd."
    )
    assert section(text, "Mededelingen").strip() == "- De preventiedienst verhuist in mei naar het stadhuis."
    station = section(text, "1. Overlast in de stationshal")
    assert "**Bespreking**\n\nDe politie ziet minder incidenten sinds de avondrondes.\n" in station
    assert "**Doelstellingen**\n\n1. Minder meldingen tegen de zomer\n" in station
    assert "**Bespreking**" not in section(text, "2. Jongeren die 's avonds rondhangen")
    assert section(text, "Rondvraag").strip() == "- De NMBS vraagt een apart overleg over de verlichting."
    assert section(text, "Volgend overleg").split("\n---")[0].strip().splitlines() == [
        "- **Datum:** 12 april 2026",
        "- **Uur:** 14.00 uur",
        "- **Plaats:** Stadhuis, zaal 2",
    ]
    # the order of a verslag
    order = [
        "## Aanwezigheden",
        "## Goedkeuring verslag vorig overleg",
        "## Mededelingen",
        "## Agenda",
        "## 1. ",
        "## Opvolging actielijst vorig overleg",
        "## Actielijst",
        "## Rondvraag",
        "## Volgend overleg",
    ]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)


def test_sections_without_data_are_left_out(tmp_path: Path, vhuis: Invoke) -> None:
    text = minutes(vhuis, make_teststad(tmp_path / "store"))  # a meeting file without the new keys
    for heading in (
        "## Mededelingen",
        "## Rondvraag",
        "## Volgend overleg",
        "**Bespreking**",
        "**Voorzitter:**",
        "**Uur:**",
    ):
        assert heading not in text
    assert "is nog niet goedgekeurd" in text
    first = minutes(vhuis, make_teststad(tmp_path / "first"), "2026-02-26")
    assert "Goedkeuring verslag" not in first
    assert "Opvolging actielijst" not in first


def test_the_follow_up_says_done_dropped_and_still_open(tmp_path: Path, vhuis: Invoke) -> None:
    """C4 was open at the previous meeting (git has it so) and dropped before this one."""
    root = tmp_path / "store"
    open_c4 = STATION.replace("measure: null, status: dropped, done: null", "measure: null, status: open, done: null")
    store = make_teststad(root, "nl", **{"cases/2026-001.yaml": open_c4, "cases/2026-003.yaml": PARK_DONE})
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-02-26T12:00:00", "GIT_AUTHOR_DATE": "2026-02-26T12:00:00"}
    subprocess.run(["git", "commit", "-q", "--amend", "--no-edit"], cwd=store, env=env, check=True)
    (store / "cases" / "2026-001.yaml").write_text(STATION, encoding="utf-8")
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-03-01T12:00:00", "GIT_AUTHOR_DATE": "2026-03-01T12:00:00"}
    subprocess.run(["git", "commit", "-q", "-am", "drop C4"], cwd=store, env=env, check=True)

    follow = section(minutes(vhuis, store), "Opvolging actielijst vorig overleg")
    assert "De actiepunten die openstonden op het overleg van 26 februari 2026.\n" in follow
    rows = [line for line in follow.splitlines() if line.startswith("| 2026-")]
    assert rows == [
        "| 2026-001 | C1 | Lokale politie | Patrouilles op vrijdagavond | 10 maart 2026 "
        "| nog open: **termijn 5 dagen overschreden** |",
        "| 2026-001 | C2 | NMBS Securail | Offerte voor verlichting | 31 maart 2026 | nog open |",
        "| 2026-001 | C4 | Jeugddienst | Geschrapte afspraak | 1 maart 2026 | geschrapt |",
        "| 2026-003 | C1 | Lokale politie | Extra toezicht in het park | 14 maart 2026 | uitgevoerd op 10 maart 2026 |",
    ]
    # done before the previous meeting, or never open at it: not followed up
    assert "Afgewerkte afspraak" not in follow
    assert "Rondes uitbreiden" not in follow


def test_approval_later_than_the_meeting_is_not_yet_approved(tmp_path: Path) -> None:
    store = Store(
        make_teststad(tmp_path / "store", "nl", **{"meetings/2026-02-26.yaml": PREVIOUS + "approved: 2026-04-12\n"})
    )
    context = minutes_context(store, store.meeting(date(2026, 3, 15)))
    assert context["meeting"]["previous_minutes"] == {"date": date(2026, 2, 26), "approved": None}


ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SHORT = re.compile(r"\b\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? \d{4}\b")
LONG_EN = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
SHORT_EN = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


@pytest.mark.parametrize("template", ["minutes", "kort"])
def test_dates_are_written_one_way(tmp_path: Path, vhuis: Invoke, template: str) -> None:
    store = full_store(tmp_path / "store")
    result = vhuis("minutes", "2026-03-15", "--template", template, "--out", "-", store=store)
    assert result.exit_code == 0, result.stderr
    assert ISO.findall(result.stdout) == []
    assert SHORT.findall(result.stdout) == []
    assert "15 maart 2026" in result.stdout
    english = full_store(tmp_path / "en", "en")
    text = vhuis("minutes", "2026-03-15", "--template", template, "--out", "-", store=english).stdout
    assert ISO.findall(text) == []
    assert SHORT_EN.findall(text) == []
    assert LONG_EN.search(text)


@pytest.mark.parametrize("template", ["minutes", "kort"])
@pytest.mark.parametrize("day", ["2026-02-26", "2026-03-15"])
def test_no_double_blank_lines(tmp_path: Path, vhuis: Invoke, template: str, day: str) -> None:
    for store in (full_store(tmp_path / "full"), make_teststad(tmp_path / "plain")):
        result = vhuis("minutes", day, "--template", template, "--out", "-", store=store)
        assert result.exit_code == 0, result.stderr
        assert "\n\n\n" not in result.stdout
        assert not result.stdout.startswith("\n")
        assert result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


def test_a_case_without_an_analysis_says_so_once(tmp_path: Path, vhuis: Invoke) -> None:
    text = minutes(vhuis, full_store(tmp_path / "store"))
    youth = section(text, "2. Jongeren die 's avonds rondhangen")
    assert youth.count("De analyse is nog niet opgemaakt.") == 1
    assert text.count("De analyse is nog niet opgemaakt.") == 1


def test_a_planned_meeting_has_no_minutes(tmp_path: Path, vhuis: Invoke) -> None:
    planned = MEETING.replace("date: 2026-03-15\n", "date: 2026-03-15\nstatus: planned\n")
    store = make_teststad(tmp_path / "store", "nl", **{"meetings/2026-03-15.yaml": planned})
    for args in (["--out", "-"], [], ["--format", "html", "--out", "-"]):
        result = vhuis("minutes", "2026-03-15", *args, store=store)
        assert result.exit_code == 2, result.stderr
        assert "is gepland en heeft nog niet plaatsgevonden" in result.stderr
        assert "vhuis meeting attend 2026-03-15" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (store / "minutes").exists()
    assert clean(store)
    # vhuis check renders the store's own templates on the last held meeting, not on the planned one
    (store / "templates").mkdir()
    (store / "templates" / "eigen.md.j2").write_text("{{ meeting.date|long_date }}\n", encoding="utf-8")
    assert vhuis("check", store=store).exit_code == 0


def test_a_stores_own_template_keeps_its_keys(tmp_path: Path) -> None:
    store = Store(full_store(tmp_path / "store"))
    context = minutes_context(store, store.meeting(date(2026, 3, 15)))
    meeting = context["meeting"]
    assert meeting["previous"] == date(2026, 2, 26)
    assert [p["id"] for p in meeting["present"]] == ["preventiedienst", "politie", "jeugddienst"]
    assert meeting["chair"]["name"] == "Preventiedienst Teststad"
    assert meeting["next"]["hour"] == "14.00 uur"
    assert context["cases"][0]["discussion"] == "De politie ziet minder incidenten sinds de avondrondes."
    assert context["cases"][1]["discussion"] is None
    assert isinstance(context["actions"][0]["due"], date)


def test_minutes_approved_at_an_earlier_meeting_say_when(tmp_path: Path, vhuis: Invoke) -> None:
    earlier = {"meetings/2026-02-26.yaml": PREVIOUS + "approved: 2026-03-01\n"}
    text = minutes(vhuis, make_teststad(tmp_path / "store", "nl", **earlier))
    assert section(text, "Goedkeuring verslag vorig overleg").strip() == (
        "Het verslag van het overleg van 26 februari 2026 werd goedgekeurd op het overleg van 1 maart 2026."
    )


def test_the_short_template_has_the_head_discussion_round_of_questions_and_next_meeting(
    tmp_path: Path, vhuis: Invoke
) -> None:
    store = full_store(tmp_path / "store")
    result = vhuis("minutes", "2026-03-15", "--template", "kort", "--out", "-", store=store)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "- **Uur:** 19.30 uur\n- **Plaats:** Stadhuis, zaal 2\n- **Voorzitter:** Preventiedienst Teststad\n" in text
    assert "De politie ziet minder incidenten sinds de avondrondes.\n" in text
    assert section(text, "Rondvraag").strip() == "- De NMBS vraagt een apart overleg over de verlichting."
    assert section(text, "Volgend overleg").strip() == "12 april 2026, 14.00 uur, Stadhuis, zaal 2"
