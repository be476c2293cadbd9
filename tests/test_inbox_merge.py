"""inbox.yaml (and areas.yaml) merged by meaning: inbox ids never collide across clones (issue 15, item 1)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, build_store, clean, git, head, shared_remote

from vhuis import i18n
from vhuis.collab import clashes, merge
from vhuis.collab.gitsetup import ensure_driver
from vhuis.errors import InvalidData
from vhuis.storage import yamlfile
from vhuis.storage.repo import Repo
from vhuis.storage.store import INBOX_FILE, read_records


def signal(signal_id: str, summary: str, **fields: Any) -> dict[str, Any]:
    """An inbox signal as the file holds it (the keys of design.md, Stage 2)."""
    entry: dict[str, Any] = {
        "id": signal_id,
        "date": "2026-11-20",
        "source": "citizen",
        "partner": None,
        "area": "Stationsplein",
        "group": None,
        "themes": ["overlast"],
        "summary": summary,
        "status": "open",
        "case": None,
        "reason": None,
    }
    entry.update(fields)
    return entry


def text(*signals: dict[str, Any]) -> str:
    return yamlfile.dump(list(signals))


def merged_inbox(base: str | None, ours: str, theirs: str, **how: Any) -> merge.Merged:
    return merge.merge_texts("inbox", base, ours, theirs, "inbox.yaml", **how)


def ids_and_summaries(merged: merge.Merged) -> list[tuple[str, str]]:
    assert merged.text is not None, [c.explain() for c in merged.conflicts]
    return [(s.id, s.summary) for s in read_records(merged.text, INBOX_FILE)]  # type: ignore[attr-defined]


ONE = signal("I1", "Jongeren hangen rond op het plein.")


# -- new signals on both sides ------------------------------------------------------------------


def test_signals_added_on_both_sides_are_all_kept_and_ours_get_the_next_free_ids() -> None:
    ours = text(ONE, signal("I2", "Glasscherven aan de bushalte."), signal("I3", "Graffiti op de gevel."))
    theirs = text(ONE, signal("I2", "Lawaai na middernacht.", source="police"))
    merged = merged_inbox(text(ONE), ours, theirs)
    assert merged.conflicts == []
    assert [str(r) for r in merged.renumbered] == ["inbox signal I2 renumbered to I4"]
    assert ids_and_summaries(merged) == [
        ("I1", "Jongeren hangen rond op het plein."),
        ("I2", "Lawaai na middernacht."),
        ("I3", "Graffiti op de gevel."),
        ("I4", "Glasscherven aan de bushalte."),
    ]
    assert merged.text == merge.canonical_text("inbox", merge.read_document("inbox", merged.text, "inbox.yaml"))


def test_while_rebasing_their_new_signals_are_renumbered_as_entries_are() -> None:
    ours = text(ONE, signal("I2", "Hier gemeld."))
    theirs = text(ONE, signal("I2", "Daar gemeld."))
    merged = merged_inbox(text(ONE), ours, theirs, renumber="theirs")
    assert [str(r) for r in merged.renumbered] == ["inbox signal I2 renumbered to I3"]
    assert ids_and_summaries(merged) == [
        ("I1", "Jongeren hangen rond op het plein."),
        ("I2", "Hier gemeld."),
        ("I3", "Daar gemeld."),
    ]


def test_an_inbox_made_on_both_sides_at_once_keeps_every_signal() -> None:
    """Before the first 'signal add', there is no inbox.yaml: both clones make one (git's add/add)."""
    ours = text(signal("I1", "Hier."))
    theirs = text(signal("I1", "Daar."), signal("I2", "Ook daar."))
    merged = merged_inbox(None, ours, theirs)
    assert ids_and_summaries(merged) == [("I1", "Daar."), ("I2", "Ook daar."), ("I3", "Hier.")]
    assert [r.told() for r in merged.renumbered] == ["inbox signal I1 renumbered to I3"]


def test_the_same_signal_added_on_both_sides_is_kept_once() -> None:
    same = signal("I2", "Eén melding, twee keer binnengehaald.")
    merged = merged_inbox(text(ONE), text(ONE, same), text(ONE, same))
    assert merged.renumbered == [] and [i for i, _ in ids_and_summaries(merged)] == ["I1", "I2"]


def test_the_renumbering_is_told_in_the_store_language() -> None:
    merged = merged_inbox(text(ONE), text(ONE, signal("I2", "Hier.")), text(ONE, signal("I2", "Daar.")))
    i18n.activate("nl")
    try:
        told = merged.renumbered[0].told()
    finally:
        i18n.activate("en")
    assert told == "inboxsignaal I2 hernummerd tot I3"
    assert str(merged.renumbered[0]) == "inbox signal I2 renumbered to I3"  # commit messages stay English


# -- changes to the same signal -------------------------------------------------------------------


def test_changes_to_different_fields_of_one_signal_merge() -> None:
    ours = text(signal("I1", ONE["summary"], themes=["overlast", "drugs"]))
    theirs = text(signal("I1", ONE["summary"], area="Stationsomgeving", themes=[]))
    merged = merged_inbox(text(ONE), ours, theirs)
    assert merged.conflicts == []
    assert merged.text is not None
    [result] = yamlfile.load(merged.text, "inbox.yaml")
    assert (result["area"], result["themes"]) == ("Stationsomgeving", ["drugs"])


def test_a_signal_linked_on_one_side_and_changed_on_the_other_merges_field_by_field() -> None:
    linked = text(signal("I1", ONE["summary"], status="linked", case="2026-002"))
    edited = text(signal("I1", "Jongeren hangen 's avonds rond op het plein.", themes=["overlast", "jongeren"]))
    for ours, theirs in ((linked, edited), (edited, linked)):
        merged = merged_inbox(text(ONE), ours, theirs)
        assert merged.conflicts == [] and merged.text is not None
        [result] = yamlfile.load(merged.text, "inbox.yaml")
        assert (result["status"], result["case"]) == ("linked", "2026-002")
        assert result["summary"] == "Jongeren hangen 's avonds rond op het plein."
        assert result["themes"] == ["overlast", "jongeren"]


def test_the_same_summary_changed_on_both_sides_is_a_clash_named_as_resolve_takes_it() -> None:
    ours = text(signal("I1", "Jongeren op het plein, 's avonds."))
    theirs = text(signal("I1", "Jongeren en honden op het plein."))
    merged = merged_inbox(text(ONE), ours, theirs)
    assert merged.text is None
    [conflict] = merged.conflicts
    assert conflict.name == "I1.summary" and conflict.editable
    assert conflict.explain() == (
        """inbox[I1].summary: ours "Jongeren op het plein, 's avonds.", theirs 'Jongeren en honden op het plein.' """
        "(before: 'Jongeren hangen rond op het plein.')"
    )
    rule = merge.Settle(merge.fingerprint(conflict.ours), merge.fingerprint(conflict.theirs), "theirs")
    settled = merged_inbox(text(ONE), ours, theirs, settle={conflict.field: rule})
    assert ids_and_summaries(settled) == [("I1", "Jongeren en honden op het plein.")]


def test_linked_on_one_side_and_dismissed_on_the_other_settles_status_case_and_reason_together() -> None:
    linked = text(signal("I1", ONE["summary"], status="linked", case="2026-002"))
    dismissed = text(signal("I1", ONE["summary"], status="dismissed", reason="Dubbele melding."))
    merged = merged_inbox(text(ONE), linked, dismissed)
    assert [c.name for c in merged.conflicts] == ["I1.status"]
    conflict = merged.conflicts[0]
    for take, expected in (("ours", ("linked", "2026-002", None)), ("theirs", ("dismissed", None, "Dubbele melding."))):
        rule = merge.Settle(merge.fingerprint(conflict.ours), merge.fingerprint(conflict.theirs), take)  # type: ignore[arg-type]
        settled = merged_inbox(text(ONE), linked, dismissed, settle={conflict.field: rule})
        assert settled.text is not None, settled.conflicts
        [result] = yamlfile.load(settled.text, "inbox.yaml")
        assert (result["status"], result["case"], result["reason"]) == expected


def test_a_signal_changed_on_one_side_and_removed_on_the_other_is_a_clash_on_the_whole_signal() -> None:
    merged = merged_inbox(text(ONE), text(signal("I1", "Anders verwoord.")), text())
    assert [(c.name, c.note) for c in merged.conflicts] == [("I1", "changed on one side, removed on the other")]


def test_an_inbox_that_is_not_valid_is_left_to_the_merge_by_lines() -> None:
    broken = "- id: X1\n  date: 2026-11-20\n  source: citizen\n  summary: Kapot.\n"
    with pytest.raises(InvalidData) as raised:
        merged_inbox(text(ONE), broken, text(ONE))
    assert [p.message for p in raised.value.problems] == ["'X1' is not an inbox id (I1, I2, ...)"]


# -- areas.yaml: a register by name --------------------------------------------------------------

AREAS = "- name: Stationsplein\n  municipality: Genk\n  kind: hotspot\n"


def test_areas_merge_by_name() -> None:
    ours = AREAS + "- name: Park Noord\n  municipality: Genk\n  kind: wijk\n"
    theirs = AREAS.replace("municipality: Genk", "municipality: Genk-Centrum") + "- name: Bret\n  kind: wijk\n"
    merged = merge.merge_texts("areas", AREAS, ours, theirs, "areas.yaml")
    assert merged.conflicts == [] and merged.text is not None
    assert yamlfile.load(merged.text, "areas.yaml") == [
        {"name": "Stationsplein", "municipality": "Genk-Centrum", "kind": "hotspot"},
        {"name": "Bret", "municipality": None, "kind": "wijk"},
        {"name": "Park Noord", "municipality": "Genk", "kind": "wijk"},
    ]
    apart = merge.merge_texts(
        "areas", AREAS, AREAS.replace("hotspot", "wijk"), AREAS.replace("Genk", "Winterslag"), "areas.yaml"
    )
    assert apart.text is not None
    assert yamlfile.load(apart.text, "areas.yaml") == [
        {"name": "Stationsplein", "municipality": "Winterslag", "kind": "wijk"}
    ]
    park = "- name: Park Noord\n  kind: wijk\n"
    both = merge.merge_texts("areas", None, park, park.replace("wijk", "hotspot"), "areas.yaml")
    [conflict] = both.conflicts
    assert conflict.name == "Park Noord.kind"
    found = clashes.Clash("areas.yaml", "areas.yaml", clashes._target("areas.yaml")[1], conflict, whole=False)
    assert found.command("ours") == "vhuis resolve areas 'Park Noord.kind' --ours"


def test_store_files_are_told_apart_and_resolve_names_them() -> None:
    paths = ("inbox.yaml", "kantoor/inbox.yaml", "areas.yaml", "cases/2026-001.yaml")
    assert [merge.mergeable_kind(p) for p in paths] == ["inbox", "inbox", "areas", "case"]
    assert clashes._target("inbox.yaml") == ("inbox.yaml", "inbox")
    assert clashes._target("kantoor/inbox.yaml", "kantoor/") == ("inbox.yaml", "inbox")
    assert (clashes.target_file("inbox"), clashes.target_file("areas")) == ("inbox.yaml", "areas.yaml")


# -- with git: two clones, one remote ------------------------------------------------------------


def add_to_inbox(store: Path, *signals: dict[str, Any]) -> None:
    """What 'vhuis signal add' without a case does: the signals appended to inbox.yaml, one commit."""
    path = store / "inbox.yaml"
    present = yamlfile.load(path.read_text(encoding="utf-8"), "inbox.yaml") if path.exists() else []
    path.write_text(text(*(present or []), *signals), encoding="utf-8")
    git(store, "add", "inbox.yaml")
    git(store, "commit", "-q", "-m", "inbox: " + ", ".join(s["id"] for s in signals))


def inbox_of(store: Path) -> list[tuple[str, str]]:
    raw = (store / "inbox.yaml").read_text(encoding="utf-8")
    return [(s.id, s.summary) for s in read_records(raw, INBOX_FILE)]  # type: ignore[attr-defined]


def run(vhuis: Invoke, store: Path, *args: str) -> str:
    done = vhuis(*args, store=store)
    assert done.exit_code == 0, done.stdout + done.stderr
    return done.stderr


def test_two_clones_fill_the_inbox_and_both_end_with_every_signal_under_its_own_id(
    tmp_path: Path, vhuis: Invoke
) -> None:
    remote, anna, bart = shared_remote(tmp_path, "anna", "bart")
    add_to_inbox(anna, signal("I1", "Glasscherven aan de bushalte."), signal("I2", "Lawaai na middernacht."))
    add_to_inbox(bart, signal("I1", "Graffiti op de gevel van het station.", source="police"))
    run(vhuis, anna, "sync")
    said = run(vhuis, bart, "sync")
    assert "inbox.yaml: inbox signal I1 renumbered to I3 (the id was taken on the remote)" in said
    assert git(bart, "log", "-1", "--format=%B").strip().splitlines()[2:] == [
        "inbox.yaml: inbox signal I1 renumbered to I3 (the id was taken on the remote)"
    ]
    run(vhuis, anna, "sync")
    assert head(anna) == head(bart) == git(remote, "rev-parse", "main").strip()
    for store in (anna, bart):
        assert inbox_of(store) == [
            ("I1", "Glasscherven aan de bushalte."),
            ("I2", "Lawaai na middernacht."),
            ("I3", "Graffiti op de gevel van het station."),
        ]
        assert clean(store)
        checked = vhuis("check", store=store)
        assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_clash_on_one_signal_is_refused_and_settled_with_resolve(tmp_path: Path, vhuis: Invoke) -> None:
    _, anna, bart = shared_remote(tmp_path, "anna", "bart")
    add_to_inbox(anna, ONE)
    run(vhuis, anna, "sync")
    run(vhuis, bart, "sync")
    for store, summary in ((anna, "Jongeren en honden op het plein."), (bart, "Jongeren op het plein, 's avonds.")):
        (store / "inbox.yaml").write_text(text(signal("I1", summary)), encoding="utf-8")
        git(store, "commit", "-q", "-am", "inbox: I1 summary")
    run(vhuis, anna, "sync")
    before = head(bart)

    refused = vhuis("sync", store=bart)
    assert refused.exit_code == 8
    assert "inbox.yaml, I1.summary:\n" in refused.stderr
    assert "vhuis resolve inbox I1.summary --theirs" in refused.stderr
    assert head(bart) == before and clean(bart)

    settled = run(vhuis, bart, "resolve", "inbox", "I1.summary", "--theirs")
    assert "settled inbox.yaml, I1.summary: took theirs" in settled
    assert "inbox I1.summary: settled on 'Jongeren en honden op het plein.'" in git(bart, "log", "-1", "--format=%B")
    run(vhuis, bart, "sync")
    run(vhuis, anna, "sync")
    assert head(anna) == head(bart)
    assert inbox_of(anna) == inbox_of(bart) == [("I1", "Jongeren en honden op het plein.")]


def test_a_plain_git_pull_merges_the_inbox_by_meaning(tmp_path: Path, vhuis: Invoke) -> None:
    _, anna, bart = shared_remote(tmp_path, "anna", "bart")
    add_to_inbox(anna, ONE)
    run(vhuis, anna, "sync")
    run(vhuis, bart, "sync")  # also teaches Bart's git the driver
    add_to_inbox(anna, signal("I2", "Hier, bij Anna."))
    run(vhuis, anna, "sync")
    add_to_inbox(bart, signal("I2", "Daar, bij Bart."))
    pulled = subprocess.run(
        ["git", "pull", "--no-rebase", "--no-edit", "origin", "main"], cwd=bart, capture_output=True, text=True
    )
    assert pulled.returncode == 0, pulled.stderr
    assert inbox_of(bart) == [
        ("I1", "Jongeren hangen rond op het plein."),
        ("I2", "Hier, bij Anna."),
        ("I3", "Daar, bij Bart."),
    ]
    assert clean(bart)


def test_git_pull_rebase_renumbers_the_replayed_signal(tmp_path: Path, vhuis: Invoke) -> None:
    _, anna, bart = shared_remote(tmp_path, "anna", "bart")
    add_to_inbox(anna, ONE)
    run(vhuis, anna, "sync")
    run(vhuis, bart, "sync")
    add_to_inbox(anna, signal("I2", "Hier, bij Anna."))
    run(vhuis, anna, "sync")
    add_to_inbox(bart, signal("I2", "Daar, bij Bart."))
    pulled = subprocess.run(["git", "pull", "--rebase", "origin", "main"], cwd=bart, capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    assert inbox_of(bart)[1:] == [("I2", "Hier, bij Anna."), ("I3", "Daar, bij Bart.")]
    assert len(git(bart, "rev-list", "--parents", "-n", "1", "HEAD").split()) == 2  # replayed on top, no merge
    assert clean(bart)


def test_a_store_set_up_by_an_older_vhuis_learns_to_merge_its_inbox(tmp_path: Path, vhuis: Invoke) -> None:
    store = build_store(tmp_path / "store", {"vhuis.yaml": "name: Test\ncity: Genk\nlanguage: en\n"})
    older = "".join(f"/{pattern} merge=vhuis\n" for pattern in ("cases/*.yaml", "meetings/*.yaml", "partners.yaml"))
    ensure_driver(Repo(store), store)
    (store / ".git" / "info" / "attributes").write_text(older, encoding="utf-8")
    marker = store / ".git" / "vhuis" / "driver"
    marker.write_text(marker.read_text(encoding="utf-8").split("\n", 1)[0] + "\n" + older, encoding="utf-8")
    assert git(store, "check-attr", "merge", "--", "inbox.yaml").strip() == "inbox.yaml: merge: unspecified"

    run(vhuis, store, "case", "list")
    said = git(store, "check-attr", "merge", "--", "inbox.yaml", "areas.yaml", "partners.yaml").splitlines()
    assert said == ["inbox.yaml: merge: vhuis", "areas.yaml: merge: vhuis", "partners.yaml: merge: vhuis"]
