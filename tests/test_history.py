"""The change history, from git, in the case's own terms."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path

from conftest import CASE, Invoke, git

from vhuis.collab import merge
from vhuis.collab.changes import case_changes, meeting_changes


def test_case_changes_compares_parsed_versions() -> None:
    old = merge.read_document("case", CASE, "c")
    old["commitments"] = [
        {"id": "C1", "partner": "politie", "action": "Patrouilles", "made": "2026-03-15", "due": "2026-06-30",
         "measure": None, "status": "open", "done": None},
        {"id": "C2", "partner": "nmbs", "action": "Verlichting", "made": "2026-03-15", "due": "2026-06-30",
         "measure": None, "status": "open", "done": None},
    ]  # fmt: skip
    new = copy.deepcopy(old)
    new["status"] = "planned"
    new["themes"] = ["overlast", "drugs"]
    new["signals"].append({"id": "S2", "date": "2026-04-01", "source": "police", "partner": None, "summary": "X"})
    new["analysis"] = {"problem": "Overlast", "factors": {"environment": None}}
    new["commitments"][0].update(status="done", done="2026-05-02")
    new["commitments"][1]["due"] = "2026-07-15"
    new["decisions"] = [{"date": "2026-03-15", "text": "Camera"}]
    assert case_changes(old, new) == [
        "status: reported -> planned",
        "added theme drugs",
        "added signal S2",
        "analysis.problem set",
        "C1 status: open -> done (2026-05-02)",
        "C2 due: 2026-06-30 -> 2026-07-15",
        "added decision of 2026-03-15",
    ]
    again = copy.deepcopy(new)
    again["signals"] = again["signals"][:1]
    again["analysis"]["problem"] = "Overlast door jongeren"
    assert case_changes(new, again) == ["removed signal S2", "analysis.problem changed"]
    assert case_changes(None, new) == ["opened case"]
    assert case_changes(new, new) == []


def test_meeting_changes() -> None:
    old = {"date": "2026-11-12", "title": "Overleg", "present": ["politie"], "cases": ["2026-003"], "notes": None}
    new = dict(old, present=["politie", "nmbs"], cases=["2026-003", "2026-009"], notes="Volgende keer")
    assert meeting_changes(old, new, "meeting 2026-11-12") == [
        "meeting 2026-11-12 notes set",
        "meeting 2026-11-12 present: added nmbs",
        "meeting 2026-11-12 agenda: added case 2026-009",
    ]


def test_history_explains_commands_and_hand_edits(small_store: Path, vhuis: Invoke) -> None:
    assert (
        vhuis(
            "signal", "add", "2026-001", "--source", "police", "--summary", "Vechtpartij", store=small_store
        ).exit_code
        == 0
    )
    assert vhuis("case", "status", "2026-001", "analysis", store=small_store).exit_code == 0
    path = small_store / "cases" / "2026-001.yaml"
    path.write_text(path.read_text().replace("area: Stationsomgeving", "area: Stationsomgeving Genk"))
    git(small_store, "commit", "-q", "-am", "fix the area by hand")

    entries = json.loads(vhuis("history", "2026-001", "--json", store=small_store).stdout)
    assert [(e["message"], e["case"], e["changes"]) for e in entries] == [
        ("fix the area by hand", "2026-001", ["area: Stationsomgeving -> Stationsomgeving Genk"]),
        ("2026-001: status reported -> analysis", "2026-001", ["status: reported -> analysis"]),
        ("2026-001: add signal S2 from police (2026-11-27)", "2026-001", ["added signal S2"]),
        ("test store", "2026-001", ["opened case"]),
    ]
    assert set(entries[0]) == {"commit", "date", "author", "message", "case", "changes"}
    assert entries[0]["author"] == "Sarah Test <sarah.test@genk.example>"
    assert entries[0]["commit"] == git(small_store, "rev-parse", "HEAD").strip()

    shown = vhuis("history", "2026-001", store=small_store).stdout.splitlines()
    assert shown[0].endswith("Sarah Test  fix the area by hand")
    assert shown[1] == "    area: Stationsomgeving -> Stationsomgeving Genk"


def test_history_of_the_store_gives_one_entry_per_case(small_store: Path, vhuis: Invoke) -> None:
    second = (small_store / "cases" / "2026-001.yaml").read_text().replace("2026-001", "2026-002")
    (small_store / "cases" / "2026-002.yaml").write_text(second)
    path = small_store / "cases" / "2026-001.yaml"
    path.write_text(path.read_text().replace("status: reported", "status: dismissed"))
    (small_store / "meetings").mkdir()
    (small_store / "meetings" / "2026-11-25.yaml").write_text("date: 2026-11-25\ncases:\n  - 2026-002\n")
    git(small_store, "add", "-A")
    git(small_store, "commit", "-q", "-m", "a morning of hand edits")
    entries = json.loads(vhuis("history", "--json", store=small_store).stdout)
    assert [(e["case"], e["changes"]) for e in entries[:3]] == [
        ("2026-001", ["status: reported -> dismissed"]),
        ("2026-002", ["opened case"]),
        (None, ["added meeting 2026-11-25"]),
    ]
    assert {e["message"] for e in entries[:3]} == {"a morning of hand edits"}
    assert [e["case"] for e in entries[3:]] == ["2026-001", None]
    assert entries[4]["changes"] == ["added partners.yaml (3 partners)", "added vhuis.yaml"]


def test_history_since_and_a_broken_hand_edit(small_store: Path, vhuis: Invoke) -> None:
    path = small_store / "cases" / "2026-001.yaml"
    path.write_text("id: 2026-001\ntitle: [oops\n")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-12-01T10:00:00+01:00"}
    subprocess.run(["git", "commit", "-q", "-am", "broken"], cwd=small_store, env=env, check=True)
    entries = json.loads(vhuis("history", "2026-001", "--since", "2026-12-01", "--json", store=small_store).stdout)
    assert [(e["message"], e["changes"]) for e in entries] == [
        ("broken", ["broke the file: not valid YAML (line 3: did not find expected ',' or ']')"])
    ]
    assert entries[0]["date"] == "2026-12-01T10:00:00+01:00"
    bad = vhuis("history", "--since", "2026-13-01", store=small_store)
    assert bad.exit_code == 2 and "--since: '2026-13-01' is not a date" in bad.stderr


def test_commits_about_other_files_are_not_store_history(example_store: Path, vhuis: Invoke) -> None:
    (example_store / "README.md").write_text("# Onze store\n")
    git(example_store, "add", "README.md")
    git(example_store, "commit", "-qm", "Add a README")
    entries = json.loads(vhuis("history", "--json", store=example_store).stdout)
    assert "Add a README" not in {e["message"] for e in entries}
    assert entries and all(e["changes"] for e in entries)
