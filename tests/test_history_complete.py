"""History that misses nothing: every side of a merge, repairs, rebases; and a cache that never changes an answer."""

from __future__ import annotations

import copy
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASE, Invoke, Outcome, clean, git, shared_remote

from vhuis.collab import merge
from vhuis.collab.changes import merge_changes
from vhuis.model import Case
from vhuis.storage import yamlfile
from vhuis.storage.store import dump_model

PERSON = {"anna": ("Anna Aerts", "anna@genk.example"), "bart": ("Bart Bos", "bart@politie.example")}


def shared(tmp_path: Path) -> tuple[Path, Path]:
    """A bare remote holding the small store, and Anna's and Bart's clones, each with its own identity."""
    _remote, anna, bart = shared_remote(tmp_path, "anna", "bart")
    for name, clone in (("anna", anna), ("bart", bart)):
        git(clone, "config", "user.name", PERSON[name][0])
        git(clone, "config", "user.email", PERSON[name][1])
    return anna, bart


def as_person(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Commits made from now on are signed by this person (the fixture's identity is set by environment)."""
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", PERSON[name][0])
        monkeypatch.setenv(f"GIT_{who}_EMAIL", PERSON[name][1])


def ok(outcome: Outcome) -> None:
    assert outcome.exit_code == 0, outcome.stderr


def case_history(vhuis: Invoke, store: Path, case_id: str = "2026-001") -> list[tuple[str, str, list[str]]]:
    entries = json.loads(vhuis("history", case_id, "--json", store=store).stdout)
    return [(e["author"].split(" <")[0], e["message"], e["changes"]) for e in entries]


def hand_edit(store: Path, old: str, new: str, message: str, case_id: str = "2026-001") -> None:
    path = store / "cases" / f"{case_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    git(store, "commit", "-q", "-am", message)


# -- item 10: every commit on every side ----------------------------------------------


def test_the_remotes_commit_stays_in_history_when_the_merge_equals_the_local_version(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The docs' resolution of a clash (make this copy say what the remote says), and the same change on both sides."""
    anna, bart = shared(tmp_path)
    as_person(monkeypatch, "anna")
    ok(vhuis("case", "status", "2026-001", "analysis", store=anna))
    hand_edit(anna, "area: Stationsomgeving", "area: Stationsplein", "area: the square, not the whole quarter")
    ok(vhuis("sync", store=anna))

    as_person(monkeypatch, "bart")
    ok(vhuis("case", "status", "2026-001", "analysis", store=bart))  # the same change as Anna's
    hand_edit(bart, "area: Stationsomgeving", "area: Station Genk", "area: name the station")
    clash = vhuis("sync", store=bart)
    assert clash.exit_code == 8 and "Station Genk" in clash.stderr and "Stationsplein" in clash.stderr
    hand_edit(bart, "area: Station Genk", "area: Stationsplein", "area: as Anna has it")  # as docs/sync.md says
    ok(vhuis("sync", store=bart))

    told = case_history(vhuis, bart)
    assert ("Anna Aerts", "2026-001: status reported -> analysis", ["status: reported -> analysis"]) in told
    assert ("Bart Bos", "2026-001: status reported -> analysis", ["status: reported -> analysis"]) in told
    assert (
        "Anna Aerts",
        "area: the square, not the whole quarter",
        ["area: Stationsomgeving -> Stationsplein"],
    ) in told
    assert ("Bart Bos", "area: name the station", ["area: Stationsomgeving -> Station Genk"]) in told
    assert ("Bart Bos", "area: as Anna has it", ["area: Station Genk -> Stationsplein"]) in told
    assert [message for _, message, _ in told][-1] == "test store"
    assert all(changes for _, _, changes in told)  # the merge itself did nothing of its own: not listed

    everything = json.loads(vhuis("history", "--json", store=bart).stdout)
    assert "area: the square, not the whole quarter" in {e["message"] for e in everything}
    assert clean(bart)


def test_a_merge_that_settled_a_clash_or_renumbered_says_so(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, bart = shared(tmp_path)
    ok(vhuis("sync", store=bart))  # configures the merge driver in Bart's clone
    as_person(monkeypatch, "anna")
    ok(vhuis("signal", "add", "2026-001", "--source", "police", "--summary", "Vechtpartij", store=anna))
    hand_edit(anna, "area: Stationsomgeving", "area: Stationsplein", "area: the square")
    ok(vhuis("sync", store=anna))

    as_person(monkeypatch, "bart")
    ok(vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Glasscherven", store=bart))
    hand_edit(bart, "area: Stationsomgeving", "area: Station Genk", "area: the station")
    # A plain git pull: the signals merge by meaning, the area clashes; Bart settles it by hand, keeping his.
    pulled = subprocess.run(["git", "pull", "--no-rebase", "-q"], cwd=bart, capture_output=True, text=True)
    assert pulled.returncode != 0 and "area" in pulled.stdout + pulled.stderr
    mine, theirs = (
        Case.model_validate(yamlfile.load(git(bart, "show", f"{rev}:cases/2026-001.yaml"), "c"))
        for rev in ("HEAD", "MERGE_HEAD")
    )
    mine.signals = [*theirs.signals, mine.signals[1].model_copy(update={"id": "S3"})]
    (bart / "cases" / "2026-001.yaml").write_text(dump_model(mine), encoding="utf-8")
    git(bart, "commit", "-q", "-am", "Merge Anna's work; the area stays Station Genk")

    told = case_history(vhuis, bart)
    merge = [changes for _, message, changes in told if message.startswith("Merge Anna")]
    assert merge == [
        ["signal S2 renumbered to S3", "clash settled: area kept Station Genk (the other side had Stationsplein)"]
    ]
    messages = [message for _, message, _ in told]
    assert "area: the square" in messages and "area: the station" in messages
    assert sum(m.startswith("2026-001: add signal S2") for m in messages) == 2  # Anna's and Bart's


def test_a_settled_clash_of_long_texts_shows_each_value_whole() -> None:
    start = "De overlast concentreert zich rond de fietsenstalling aan de noordzijde van het station, "
    base = merge.read_document("case", CASE, "c")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["signals"][0]["summary"] = start + "in het weekend."
    theirs["signals"][0]["summary"] = start + "op weekdagen."
    result = copy.deepcopy(theirs)
    result["signals"][0]["summary"] = start + "elke avond."

    (told,) = merge_changes("case", "cases/2026-001.yaml", base, [ours, theirs], result)

    assert all(repr(start + end) in told for end in ("in het weekend.", "op weekdagen.", "elke avond."))


def test_merge_changes_tells_how_each_clash_was_settled() -> None:
    base = merge.read_document("case", CASE, "c")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.update(status="analysis", area="Station Genk", title="Overlast aan het station (Genk)")
    theirs.update(status="planned", area="Stationsplein", title="Overlast in de stationshal")
    theirs["signals"][0]["summary"] = "Jongeren hangen rond in de hal en op het plein."
    result = copy.deepcopy(theirs)
    result.update(status="analysis", area="Markt", lead="politie")
    assert merge_changes("case", "cases/2026-001.yaml", base, [ours, theirs], result) == [
        "clash settled: title took 'Overlast in de stationshal' from the other side "
        "(this side had 'Overlast aan het station (Genk)')",
        "clash settled: area set to Markt (the sides had Station Genk and Stationsplein)",
        "clash settled: status kept analysis (the other side had planned)",
        "lead: preventiedienst -> politie",  # changed while merging: neither side had it
    ]
    same = copy.deepcopy(ours)
    assert merge_changes("case", "cases/2026-001.yaml", base, [ours, same], ours) == []
    removed = copy.deepcopy(base)
    removed["signals"] = []
    changed = copy.deepcopy(base)
    changed["signals"][0]["summary"] = "Jongeren en volwassenen hangen rond in de hal."
    changed["status"] = "analysis"
    without = dict(copy.deepcopy(changed), signals=[])
    assert merge_changes("case", "c", base, [removed, changed], without) == [
        "clash settled: signal S1 removed, not kept as changed"
    ]
    assert merge_changes("case", "c", base, [removed, changed], changed) == ["clash settled: signal S1 kept as changed"]
    # The merge dropped the other side's status change: that is a change of the merge's own.
    assert merge_changes("case", "c", base, [removed, changed], removed) == [
        "clash settled: signal S1 removed, not kept as changed",
        "status: analysis -> reported",
    ]


# -- item 11: a broken hand edit, and its repair ----------------------------------------


def test_a_broken_hand_edit_and_its_repair_are_told_as_such(small_store: Path, vhuis: Invoke) -> None:
    hand_edit(small_store, "status: reported", "status: bezig", "status by hand")
    hand_edit(small_store, "title: Overlast aan het station", "title: [Overlast", "title by hand")
    hand_edit(small_store, "title: [Overlast", "title: Overlast aan het station", "fix the title")
    hand_edit(small_store, "status: bezig", "status: analysis", "fix the status")
    hand_edit(small_store, "area: Stationsomgeving", "area: Stationsplein", "then a plain edit")

    told = {message: changes for _, message, changes in case_history(vhuis, small_store)}
    bezig = told["status by hand"][0].removeprefix("broke the file: ")
    assert told["then a plain edit"] == ["area: Stationsomgeving -> Stationsplein"]
    # The repair is told against the last valid version (status reported), not against the broken one.
    assert told["fix the status"] == ["repaired a broken hand edit", "status: reported -> analysis"]
    assert told["fix the title"] == [f"still broken: {bezig}"]
    assert told["title by hand"] == ["still broken: not valid YAML (line 3: did not find expected ',' or ']')"]
    assert told["status by hand"] == [f"broke the file: {bezig}"]
    assert bezig.startswith("status: 'bezig' is not one of: 'reported', 'analysis'")


def test_a_case_that_starts_broken_and_is_repaired(small_store: Path, vhuis: Invoke) -> None:
    (small_store / "cases" / "2026-002.yaml").write_text(
        CASE.replace("2026-001", "2026-002").replace("area: Stationsomgeving\n", "")
    )
    git(small_store, "add", "-A")
    git(small_store, "commit", "-qm", "a new case by hand")
    hand_edit(small_store, "group: null", "group: null\narea: Markt", "add the area", "2026-002")
    told = {message: changes for _, message, changes in case_history(vhuis, small_store, "2026-002")}
    assert told["a new case by hand"][0].startswith("added a broken file: ")
    assert told["add the area"] == ["repaired a broken hand edit", "opened case"]


# -- item 12: a renumbering made by git pull --rebase ------------------------------------


def test_an_entry_renumbered_by_pull_rebase_reads_as_renumbered(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, bart = shared(tmp_path)
    ok(vhuis("sync", store=bart))  # configures the merge driver in Bart's clone
    as_person(monkeypatch, "anna")
    ok(vhuis("signal", "add", "2026-001", "--source", "police", "--summary", "Vechtpartij", store=anna))
    ok(vhuis("sync", store=anna))
    as_person(monkeypatch, "bart")
    ok(vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Glasscherven", store=bart))
    pulled = subprocess.run(["git", "pull", "--rebase", "-q"], cwd=bart, capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    assert len(git(bart, "log", "--merges", "--format=%H").split()) == 0  # rebased: no merge commit

    told = case_history(vhuis, bart)
    assert told[0] == (
        "Bart Bos",
        "2026-001: add signal S2 from citizen (2026-11-27)",
        ["added signal S2", "signal S2 renumbered to S3 (the id was taken on the remote)"],
    )
    assert told[1] == ("Anna Aerts", "2026-001: add signal S2 from police (2026-11-27)", ["added signal S2"])


# -- item 13: the cache never changes an answer -------------------------------------------


def a_history_with_a_merge(tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Bart's clone after both worked on the case and synced: commits on two sides and a merge that renumbered."""
    anna, bart = shared(tmp_path)
    as_person(monkeypatch, "anna")
    ok(vhuis("signal", "add", "2026-001", "--source", "police", "--summary", "Vechtpartij", store=anna))
    hand_edit(anna, "status: reported", "status: bezig", "status by hand")
    hand_edit(anna, "status: bezig", "status: analysis", "status fixed")
    ok(vhuis("sync", store=anna))
    as_person(monkeypatch, "bart")
    ok(vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Glasscherven", store=bart))
    ok(vhuis("case", "new", "Zwerfvuil", "--approach", "area", "--area", "Park", "--opened", "2026-11-20", store=bart))
    ok(vhuis("sync", store=bart))
    return bart


def answers(vhuis: Invoke, store: Path) -> list[str]:
    return [
        vhuis("history", "--json", store=store).stdout,
        vhuis("history", "2026-001", "--json", store=store).stdout,
        vhuis("history", "2026-002", store=store).stdout,
        vhuis("history", "--since", "2026-01-01", store=store).stdout,
    ]


def cache_of(store: Path) -> Path:
    return Path(git(store, "rev-parse", "--absolute-git-dir").strip()) / "vhuis" / "history.json"


def test_the_cache_gives_the_answers_of_a_cold_run_and_stays_out_of_the_work_tree(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = a_history_with_a_merge(tmp_path, vhuis, monkeypatch)
    cache = cache_of(store)
    assert not cache.exists()
    cold = answers(vhuis, store)
    assert "signal S2 renumbered to S3" in cold[0] and "repaired a broken hand edit" in cold[1]
    assert cache.is_file()
    assert git(store, "status", "--porcelain", "--ignored", "--untracked-files=all") == ""
    assert answers(vhuis, store) == cold

    hand_edit(store, "area: Stationsomgeving", "area: Stationsplein", "one more commit")
    warm = answers(vhuis, store)
    cache.unlink()
    assert answers(vhuis, store) == warm
    assert json.loads(warm[1])[0]["changes"] == ["area: Stationsomgeving -> Stationsplein"]


def test_a_corrupt_or_foreign_cache_is_never_believed(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = a_history_with_a_merge(tmp_path, vhuis, monkeypatch)
    cold = answers(vhuis, store)
    cache = cache_of(store)
    good = json.loads(cache.read_text(encoding="utf-8"))
    head, older = git(store, "rev-parse", "HEAD~1", "HEAD~2").split()
    lying = json.loads(json.dumps(good))
    for entry in lying["commits"].values():
        entry["said"] = {path: ["a lie"] for path in entry.get("said", {})}
    broken_entries = {
        **good,
        "commits": {
            **good["commits"],
            head: {"moves": [[["M", "cases/2026-001.yaml"]]], "said": {"cases/2026-001.yaml": [3]}},
            older: {"moves": [[["M", 1, None, "x", "y"]]], "said": []},
        },
    }
    for damage in (
        b"\x00\xff not json at all",
        cache.read_bytes()[: len(cache.read_bytes()) // 2],  # cut off halfway
        b"[]",
        json.dumps({**good, "commits": dict.fromkeys(good["commits"], "nonsense")}).encode(),
        json.dumps(broken_entries).encode(),
        json.dumps({**lying, "version": "another vhuis"}).encode(),  # written by other code: not trusted
        json.dumps({**lying, "prefix": "elsewhere/"}).encode(),  # for a store in another folder
    ):
        cache.write_bytes(damage)
        assert answers(vhuis, store) == cold, damage[:60]
        assert answers(vhuis, store) == cold  # and what it wrote back is right too
    cache.write_bytes(json.dumps(lying).encode())  # a cache that is believed is really used
    assert "a lie" in vhuis("history", "--json", store=store).stdout


def test_a_reader_that_stops_early_ends_history_quietly_and_leaves_a_sound_cache(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = a_history_with_a_merge(tmp_path, vhuis, monkeypatch)
    env = {**os.environ, "VHUIS_STORE": str(store)}
    pipeline = f"{shlex.quote(sys.executable)} -m vhuis history | head -1; exit ${{PIPESTATUS[0]}}"
    shown = subprocess.run(["bash", "-c", pipeline], env=env, capture_output=True, text=True)
    assert (shown.returncode, shown.stderr) == (0, "")  # vhuis's own exit status, not head's
    kept = answers(vhuis, store)  # worked out on top of what the stopped run had cached
    newest = json.loads(kept[0])[0]
    assert (
        shown.stdout
        == f"{newest['commit'][:8]}  {newest['date'][:16].replace('T', ' ')}  Bart Bos  {newest['message']}\n"
    )
    cache_of(store).unlink()
    assert answers(vhuis, store) == kept


def test_a_commit_message_may_hold_any_character_git_allows(small_store: Path, vhuis: Invoke) -> None:
    odd = "area \x1e by \x1f hand: ':100644 100644' and\ttabs"
    hand_edit(small_store, "area: Stationsomgeving", "area: Stationsplein", f"{odd}\n\n\x1ebody\x1f\n:000000 A\n")
    entries = json.loads(vhuis("history", "--json", store=small_store).stdout)
    assert [(e["message"], e["changes"]) for e in entries[:1]] == [(odd, ["area: Stationsomgeving -> Stationsplein"])]
    assert [e["message"] for e in entries[1:]] == ["test store", "test store"]
