"""The three-way merge of case, meeting and partner files, without git."""

from __future__ import annotations

import copy
from typing import Any

from conftest import CASE

from vhuis.collab import merge
from vhuis.model import Case
from vhuis.storage import yamlfile
from vhuis.storage.store import dump_model


def base_case() -> dict[str, Any]:
    return merge.read_document("case", CASE, "cases/2026-001.yaml")  # type: ignore[no-any-return]


def signal(entry_id: str, summary: str) -> dict[str, Any]:
    return {"id": entry_id, "date": "2026-11-20", "source": "citizen", "partner": None, "summary": summary}


def measure(entry_id: str, title: str) -> dict[str, Any]:
    return {
        "id": entry_id,
        "title": title,
        "type": "preventive",
        "phase": "prevention",
        "owner": "politie",
        "status": "planned",
    }


def commitment(entry_id: str, measure_id: str | None) -> dict[str, Any]:
    return {
        "id": entry_id,
        "partner": "politie",
        "action": "Patrouilles",
        "made": "2026-11-20",
        "due": "2026-12-31",
        "measure": measure_id,
        "status": "open",
        "done": None,
    }


def test_changes_to_different_fields_merge() -> None:
    base = base_case()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["status"] = "analysis"
    ours["themes"] = ["overlast", "drugs"]
    theirs["analysis"] = {"problem": "Overlast", "factors": {"environment": "Donker"}}
    theirs["themes"] = []
    theirs["signals"][0]["summary"] = "Jongeren hangen rond in de stationshal."
    merged = merge.merge_documents("case", base, ours, theirs)
    assert merged.conflicts == [] and merged.renumbered == []
    result = merged.document
    assert result["status"] == "analysis"
    assert result["themes"] == ["drugs"]  # overlast removed there, drugs added here
    assert result["analysis"]["problem"] == "Overlast"
    assert result["signals"][0]["summary"] == "Jongeren hangen rond in de stationshal."
    assert merged.text is not None and yamlfile.load(merged.text, "m")["status"] == "analysis"


def test_both_sides_add_an_entry_with_the_same_id() -> None:
    base = base_case()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["signals"].append(signal("S2", "Hier"))
    ours["plan"] = {"goals": [], "measures": [measure("M1", "Avondrondes")]}
    ours["commitments"] = [commitment("C1", "M1")]
    theirs["signals"] += [signal("S2", "Daar"), signal("S3", "Ook daar")]
    theirs["plan"] = {"goals": ["Minder overlast"], "measures": [measure("M1", "Patrouilles")]}
    merged = merge.merge_documents("case", base, ours, theirs, renumber="ours")
    assert merged.conflicts == []
    assert [str(r) for r in merged.renumbered] == ["signal S2 renumbered to S4", "measure M1 renumbered to M2"]
    result = merged.document
    assert [(s["id"], s["summary"]) for s in result["signals"][1:]] == [
        ("S2", "Daar"),
        ("S3", "Ook daar"),
        ("S4", "Hier"),
    ]
    assert [(m["id"], m["title"]) for m in result["plan"]["measures"]] == [("M1", "Patrouilles"), ("M2", "Avondrondes")]
    assert result["plan"]["goals"] == ["Minder overlast"]
    assert [(c["id"], c["measure"]) for c in result["commitments"]] == [("C1", "M2")]

    other_way = merge.merge_documents("case", base, ours, theirs, renumber="theirs")
    assert [str(r) for r in other_way.renumbered] == ["signal S2 renumbered to S4", "measure M1 renumbered to M2"]
    assert [(s["id"], s["summary"]) for s in other_way.document["signals"][1:]] == [
        ("S2", "Hier"),
        ("S3", "Ook daar"),
        ("S4", "Daar"),
    ]


def test_the_same_entry_added_on_both_sides_is_kept_once() -> None:
    base = base_case()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["signals"].append(signal("S2", "Zelfde"))
    theirs["signals"].append(signal("S2", "Zelfde"))
    merged = merge.merge_documents("case", base, ours, theirs)
    assert merged.renumbered == [] and [s["id"] for s in merged.document["signals"]] == ["S1", "S2"]


def test_the_same_field_changed_two_ways_is_a_conflict() -> None:
    base = base_case()
    base["commitments"] = [commitment("C1", None)]
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["status"], theirs["status"] = "analysis", "planned"
    ours["commitments"][0]["due"], theirs["commitments"][0]["due"] = "2027-01-15", "2027-02-01"
    merged = merge.merge_documents("case", base, ours, theirs)
    assert merged.text is None
    assert [c.explain("here", "on the remote") for c in merged.conflicts] == [
        "status: here 'analysis', on the remote 'planned' (before: 'reported')",
        "commitments[C1].due: here '2027-01-15', on the remote '2027-02-01' (before: '2026-12-31')",
    ]


def test_an_entry_changed_on_one_side_and_removed_on_the_other_is_a_conflict() -> None:
    base = base_case()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["signals"][0]["summary"] = "Anders"
    theirs["signals"] = []
    merged = merge.merge_documents("case", base, ours, theirs)
    assert [c.explain() for c in merged.conflicts] == ["signals[S1]: changed on one side, removed on the other"]


def test_a_commitment_on_a_measure_the_other_side_removed_is_a_conflict() -> None:
    base = base_case()
    base["plan"] = {"goals": [], "measures": [measure("M1", "Avondrondes")]}
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["plan"]["measures"] = []
    theirs["commitments"] = [commitment("C1", "M1")]
    merged = merge.merge_documents("case", base, ours, theirs)
    assert [c.explain() for c in merged.conflicts] == [
        "commitments[C1].measure: names measure M1, which the other side removed"
    ]


def test_meetings_merge_their_agenda_and_attendance() -> None:
    text = "date: 2026-11-25\npresent:\n  - politie\nexcused:\n  - nmbs\ncases:\n  - 2026-001\n"
    base = merge.read_document("meeting", text, "meetings/2026-11-25.yaml")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["cases"].append("2026-003")
    theirs["cases"].append("2026-002")
    theirs["notes"] = "Volgende keer in het stadhuis."
    merged = merge.merge_documents("meeting", base, ours, theirs)
    assert merged.conflicts == []
    assert merged.document["cases"] == ["2026-001", "2026-003", "2026-002"]
    assert merged.document["notes"] == "Volgende keer in het stadhuis."

    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["present"].append("preventiedienst")
    theirs["absent"] = ["preventiedienst"]
    invalid = merge.merge_documents("meeting", base, ours, theirs)
    assert invalid.text is None
    assert [c.explain() for c in invalid.conflicts] == [
        "attendance.preventiedienst: ours 'present', theirs 'absent' (before: (empty))"
    ]


def test_partners_merge_by_id() -> None:
    text = "- id: politie\n  name: Lokale politie\n  kind: police\n"
    base = merge.read_document("partners", text, "partners.yaml")
    ours = [*base, {"id": "nmbs", "name": "NMBS", "kind": "transport", "email": None}]
    theirs = [
        dict(base[0], email="info@politie.example"),
        {"id": "zol", "name": "ZOL", "kind": "health", "email": None},
    ]
    merged = merge.merge_documents("partners", base, ours, theirs)
    assert merged.conflicts == []
    assert [(p["id"], p["email"]) for p in merged.document] == [
        ("politie", "info@politie.example"),
        ("nmbs", None),
        ("zol", None),
    ]
    clash = merge.merge_documents("partners", base, [*base, dict(ours[1], name="NMBS Securail")], [*base, ours[1]])
    assert [c.explain() for c in clash.conflicts] == [
        "partners[nmbs].name: ours 'NMBS Securail', theirs 'NMBS' (before: (empty))"
    ]


def test_merge_texts_writes_canonical_text_and_accepts_an_empty_base() -> None:
    ours = CASE.replace("status: reported", "status: 'analysis'")
    merged = merge.merge_texts("case", "", ours, ours, "cases/2026-001.yaml")
    assert merged.text is not None
    assert "status: analysis\n" in merged.text
    assert merged.text == dump_model(Case.model_validate(yamlfile.load(merged.text, "x")))
