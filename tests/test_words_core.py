"""The lower layers speak the store's language: storage errors, validation, sync, clashes, history (issue 14)."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, git
from pydantic import BaseModel, ConfigDict, ValidationError

from vhuis import i18n
from vhuis.collab import changes, clashes, merge
from vhuis.collab.setup import GITATTRIBUTES
from vhuis.model import Case
from vhuis.storage import yamlfile
from vhuis.storage.store import problems_from, pydantic_says

DUTCH = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: nl\n"
ENGLISH = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n"
NO_OPENED = CASE.replace("opened: 2026-03-02\n", "")  # a required field missing (line 9 of the file)


def store_of(tmp_path: Path, settings: str, case: str = CASE, name: str = "store") -> Path:
    return build_store(
        tmp_path / name, {"vhuis.yaml": settings, "partners.yaml": PARTNERS, "cases/2026-001.yaml": case}
    )


@pytest.fixture
def dutch() -> None:
    i18n.activate("nl")  # conftest's fixture sets English back afterwards


# -- storage errors and validation, on a Dutch store and on an English one ---------------------------


def test_check_names_a_missing_field_in_dutch_with_file_and_line(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, DUTCH, NO_OPENED)
    checked = vhuis("check", store=store)
    assert checked.exit_code == 3
    assert "cases/2026-001.yaml:1: opened: ontbreekt" in checked.stdout

    shown = vhuis("case", "show", "2026-001", store=store)
    assert shown.exit_code == 3
    assert "cases/2026-001.yaml volgt het schema niet" in shown.stderr
    assert "cases/2026-001.yaml:1: opened: ontbreekt" in shown.stderr


def test_the_same_file_on_an_english_store_stays_english(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, ENGLISH, NO_OPENED)
    shown = vhuis("case", "show", "2026-001", store=store)
    assert shown.exit_code == 3
    assert "cases/2026-001.yaml does not follow the schema" in shown.stderr
    assert "cases/2026-001.yaml:1: opened: is missing" in shown.stderr


def test_a_value_of_the_wrong_kind_and_a_wrong_date_read_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    broken = CASE.replace("status: reported", "status: bezig").replace("opened: 2026-03-02", "opened: 2026-02-31")
    broken = broken.replace("title: Overlast aan het station", "title: [a, b]").replace("partners:", "partnerz:")
    checked = vhuis("check", store=store_of(tmp_path, DUTCH, broken))
    assert checked.exit_code == 3
    said = checked.stdout
    assert "cases/2026-001.yaml:2: title: moet tekst zijn, niet ['a', 'b']" in said
    assert "cases/2026-001.yaml:8: status: 'bezig' is geen geldige waarde; geldig zijn: 'reported'," in said
    assert "'closed' of 'dismissed'" in said  # pydantic's list of values, with a Dutch "or"
    assert "cases/2026-001.yaml:9: opened: '2026-02-31' is geen datum (JJJJ-MM-DD, een dag die bestaat)" in said
    assert "cases/2026-001.yaml:12: partnerz: is geen veld dat vhuis kent (een tikfout?)" in said


def test_an_unknown_case_and_meeting_are_said_in_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, DUTCH)
    unknown = vhuis("case", "show", "2026-099", store=store)
    assert unknown.exit_code == 4
    assert "er is geen dossier 2026-099 (geen cases/2026-099.yaml); 'vhuis case list' toont de dossiers" in (
        unknown.stderr
    )
    assert "there is no case" not in unknown.stderr


def test_a_hand_edit_in_progress_is_refused_in_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, DUTCH)
    case = store / "cases" / "2026-001.yaml"
    case.write_text(case.read_text() + "# aan het bewerken\n")
    refused = vhuis("case", "status", "2026-001", "analysis", store=store)
    assert refused.exit_code == 6
    assert "cases/2026-001.yaml bevat wijzigingen zonder commit (wordt het met de hand bewerkt?)" in refused.stderr
    assert "Maak er eerst een commit van (git commit -- cases/2026-001.yaml)" in refused.stderr


def test_a_broken_case_cached_in_the_index_is_told_in_the_language_of_the_day(tmp_path: Path, vhuis: Invoke) -> None:
    """The index keeps a broken file's problems; read in another language, they are worded again."""
    store = store_of(tmp_path, ENGLISH, NO_OPENED)
    listed = vhuis("case", "list", store=store)
    assert "opened: is missing" in listed.stderr
    (store / "vhuis.yaml").write_text(DUTCH)
    git(store, "commit", "-qam", "Nederlands")
    listed = vhuis("case", "list", store=store)
    assert "opened: ontbreekt" in listed.stderr and "is missing" not in listed.stderr


def test_model_messages_are_dutch_when_dutch_is_active(dutch: None) -> None:
    document = yamlfile.load(CASE, "c")
    document["lead"] = "Politie Genk"
    document["signals"][0]["summary"] = "   "
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(document)
    said = [problem.message for problem in problems_from(raised.value, "c", CASE)]
    assert said == [
        "'Politie Genk' is geen partner-id (kleine letters, cijfers en '-', bv. 'de-lijn')",
        "mag niet leeg zijn",
    ]


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int
    items: list[str]
    flag: bool


@pytest.mark.parametrize(
    ("data", "dutch", "english"),
    [
        ({"items": [], "flag": True}, "ontbreekt", "is missing"),
        (
            {"number": "x", "items": [], "flag": True},
            "moet een geheel getal zijn, niet 'x'",
            "should be a whole number",
        ),
        ({"number": 1, "items": "a", "flag": True}, "moet een lijst zijn (één regel '- ' per item), niet 'a'", "list"),
        ({"number": 1, "items": [], "flag": "hm"}, "moet true of false zijn, niet 'hm'", "should be true or false"),
    ],
)
def test_pydantic_says_its_errors_in_the_active_language(data: dict[str, object], dutch: str, english: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _Sample.model_validate(data)
    (detail,) = raised.value.errors()
    i18n.activate("nl")
    assert pydantic_says(detail) == dutch
    i18n.activate("en")
    assert english in pydantic_says(detail)


def test_a_pydantic_error_not_in_the_table_keeps_pydantic_words(dutch: None) -> None:
    detail = {"type": "url_parsing", "msg": "Input should be a valid URL", "input": "x", "ctx": {"error": "?"}}
    assert pydantic_says(detail) == "Input should be a valid URL"
    assert pydantic_says({"type": "too_long", "msg": "pydantic's own words", "ctx": {}}) == "pydantic's own words"


# -- sync, clashes and the merge driver ----------------------------------------------------------------


def shared_dutch_store(tmp_path: Path) -> tuple[Path, Path]:
    """A bare remote holding a Dutch store sent from Anna's, and Bart's clone of it."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    anna = build_store(
        tmp_path / "anna",
        {"vhuis.yaml": DUTCH, "partners.yaml": PARTNERS, "cases/2026-001.yaml": CASE, ".gitattributes": GITATTRIBUTES},
    )
    git(anna, "remote", "add", "origin", str(remote))
    git(anna, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", str(remote), str(tmp_path / "bart"))
    return anna, tmp_path / "bart"


def test_a_sync_clash_is_told_in_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    anna, bart = shared_dutch_store(tmp_path)
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis("case", "status", "2026-001", "dismissed", "--reason", "Eenmalig", store=bart).exit_code == 0
    refused = vhuis("sync", store=bart)
    assert refused.exit_code == 8
    said = refused.stderr
    assert "uw wijzigingen en die van de remote botsen op 1 plaats, dus er is niets samengevoegd" in said
    assert "  hier (de uwe, Sarah Test, " in said and "  op de remote (Sarah Test, " in said
    assert "  de uwe behouden:         vhuis resolve 2026-001 status --ours" in said
    assert "  die van de remote nemen: vhuis resolve 2026-001 status --theirs" in said
    assert "Spreek met uw collega af welke waarde juist is" in said


def test_sync_without_the_remote_is_refused_in_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, DUTCH)
    refused = vhuis("sync", store=store)
    assert refused.exit_code == 6
    assert "deze opslag heeft geen git-remote 'origin' om mee te synchroniseren" in refused.stderr


def driver_in(folder: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The merge driver as git starts it: in the work tree, on three versions of a case with a clash."""
    base = yamlfile.load(CASE, "c")
    paths = []
    for label, version in (
        ("base", base),
        ("ours", dict(base, status="analysis")),
        ("theirs", dict(base, status="planned")),
    ):
        path = tmp_path / label
        path.write_text(yamlfile.dump(version), encoding="utf-8")
        paths.append(str(path))
    return subprocess.run(
        [sys.executable, "-m", "vhuis", "merge-driver", *paths, "cases/2026-001.yaml"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(("settings", "before"), [(DUTCH, "(voordien: 'reported')"), (ENGLISH, "(before: 'reported')")])
def test_the_merge_driver_speaks_the_store_language(tmp_path: Path, settings: str, before: str) -> None:
    ran = driver_in(store_of(tmp_path, settings), tmp_path)
    assert ran.returncode == 8
    assert f"cases/2026-001.yaml: status: ours 'analysis', theirs 'planned' {before}" in ran.stderr


def test_merge_notes_in_commit_messages_stay_english(tmp_path: Path, vhuis: Invoke) -> None:
    """The merge commit is a record shared by clones that may speak another language."""
    anna, bart = shared_dutch_store(tmp_path)
    assert vhuis("signal", "add", "2026-001", "--source", "police", "--summary", "Eén", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis("signal", "add", "2026-001", "--source", "police", "--summary", "Twee", store=bart).exit_code == 0
    synced = vhuis("sync", store=bart)
    assert synced.exit_code == 0, synced.stderr
    message = git(bart, "log", "-1", "--format=%B")
    assert message.startswith("sync: merge 1 commit from origin")
    assert "2026-001: signal S2 renumbered to S3 (the id was taken on the remote)" in message
    assert "2026-001: signaal S2 hernummerd tot S3 (het nummer was op de remote al in gebruik)" in synced.stderr


def test_a_settled_clash_is_noted_in_english_for_the_commit_and_in_dutch_for_the_person(dutch: None) -> None:
    conflict = merge.Conflict("status", "reported", "active", "closed")
    choice = clashes.Choice("cases/2026-001.yaml", "status", "", "", "ours", None, False, "Sarah Test", "Jan Test")
    note = clashes.settled_note("2026-001", conflict, "ours", "active", choice)
    assert note.record == "2026-001 status: settled on 'active' (Sarah Test's value; Jan Test's was 'closed')"
    assert (
        note.told == "2026-001 status: beslecht op 'active' (de waarde van Sarah Test; die van Jan Test was 'closed')"
    )


# -- history ----------------------------------------------------------------------------------------


def test_history_of_a_dutch_store_reads_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, DUTCH)
    assert vhuis("case", "status", "2026-001", "analysis", store=store).exit_code == 0
    assert vhuis("signal", "add", "2026-001", "--source", "police", "--summary", "Melding", store=store).exit_code == 0
    told = vhuis("history", "2026-001", store=store)
    assert told.exit_code == 0
    lines = [line.strip() for line in told.stdout.splitlines() if line.startswith("    ")]
    assert lines == ["signaal S2 toegevoegd", "status: gemeld -> analyse", "dossier geopend"]

    (store / "vhuis.yaml").write_text(ENGLISH)
    git(store, "commit", "-qam", "English")
    again = vhuis("history", "2026-001", store=store)  # the cache of the Dutch sentences is not English
    assert "    status: reported -> analysis" in again.stdout and "    opened case" in again.stdout


def test_changes_are_told_in_the_active_language(dutch: None) -> None:
    old = merge.read_document("case", CASE, "c")
    new = copy.deepcopy(old)
    new["status"] = "planned"
    new["themes"] = ["overlast", "drugs"]
    new["plan"] = {"goals": ["Minder overlast"], "measures": []}
    new["decisions"] = [{"date": "2026-04-01", "text": "Camera"}]
    assert changes.case_changes(old, new) == [
        "status: gemeld -> gepland",
        "thema drugs toegevoegd",
        "doel 'Minder overlast' toegevoegd",
        "beslissing van 2026-04-01 toegevoegd",
    ]
    assert changes.file_sentences("case", "cases/2026-001.yaml", None, changes.Broken("x")) == [
        "een ongeldig bestand toegevoegd: x"
    ]
    meeting = {"date": "2026-11-12", "title": "Overleg", "present": [], "excused": [], "absent": [], "cases": []}
    later = dict(meeting, present=["politie"], cases=["2026-001"])
    assert changes.file_sentences("meeting", "meetings/2026-11-12.yaml", meeting, later) == [
        "overleg 2026-11-12 present: politie toegevoegd",
        "overleg 2026-11-12 agenda: dossier 2026-001 toegevoegd",
    ]


def test_a_renumbering_replayed_by_a_rebase_is_told_in_dutch(dutch: None) -> None:
    old = merge.read_document("case", CASE, "c")
    new = copy.deepcopy(old)
    new["signals"].append({"id": "S2", "date": "2026-04-01", "source": "police", "partner": None, "summary": "X"})
    assert changes.case_changes(old, new) == ["signaal S2 toegevoegd"]
    parent = new  # the remote's S2 is there already; the replayed commit's own signal became S3
    renumbered = copy.deepcopy(parent)
    renumbered["signals"].append(dict(parent["signals"][1], id="S3", summary="Y"))
    told = changes.rebased_renumbering(
        "2026-001: add signal S2 (police)", "2026-001", parent, renumbered, changes.case_changes(parent, renumbered)
    )
    assert told == [
        "signaal S2 toegevoegd",
        "signaal S2 hernummerd tot S3 (het nummer was op de remote al in gebruik)",
    ]
