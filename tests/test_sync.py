"""Two people, two clones, one bare remote: vhuis sync merges their work by meaning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASE, Invoke, clean, git, head, shared_remote

from vhuis.model import Case
from vhuis.storage import yamlfile
from vhuis.storage.store import dump_model


def shared(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote holding the small store, and two clones of it: Anna's and Bart's."""
    return shared_remote(tmp_path, "anna", "bart")


def case_of(store: Path, case_id: str = "2026-001") -> Case:
    text = (store / "cases" / f"{case_id}.yaml").read_text(encoding="utf-8")
    case = Case.model_validate(yamlfile.load(text, case_id))
    assert dump_model(case) == text  # written in canonical form
    return case


def test_concurrent_work_on_one_case_is_merged_by_meaning(tmp_path: Path, vhuis: Invoke) -> None:
    remote, anna, bart = shared(tmp_path)
    for args in (
        ["signal", "add", "2026-001", "--source", "citizen", "--summary", "Glasscherven op perron 2",
         "--date", "2026-11-20"],
        ["case", "status", "2026-001", "analysis"],
        ["measure", "add", "2026-001", "Avondrondes", "--type", "preventive", "--phase", "prevention",
         "--owner", "preventiedienst"],
    ):  # fmt: skip
        done = vhuis(*args, store=anna)
        assert done.exit_code == 0, done.stderr
    for args in (
        ["signal", "add", "2026-001", "--source", "police", "--summary", "Vechtpartij aan de bushalte",
         "--date", "2026-11-21"],
        ["analysis", "set", "2026-001", "--problem", "Overlast door een wisselende groep"],
        ["measure", "add", "2026-001", "Gerichte patrouilles", "--type", "repressive", "--phase", "reaction",
         "--owner", "politie"],
        ["commitment", "add", "2026-001", "--partner", "politie", "--action", "Patrouilles op vrijdag",
         "--due", "2026-12-31", "--measure", "M1"],
    ):  # fmt: skip
        done = vhuis(*args, store=bart)
        assert done.exit_code == 0, done.stderr

    first = vhuis("sync", store=anna)
    assert first.exit_code == 0, first.stderr
    assert "in sync with origin/main: 3 commits sent" in first.stderr
    second = vhuis("sync", store=bart)
    assert second.exit_code == 0, second.stderr
    assert "2026-001: signal S2 renumbered to S3 (the id was taken on the remote)" in second.stderr
    assert "2026-001: measure M1 renumbered to M2 (the id was taken on the remote)" in second.stderr
    third = vhuis("sync", store=anna)
    assert third.exit_code == 0, third.stderr
    assert "received" in third.stderr

    assert head(anna) == head(bart) == git(remote, "rev-parse", "main").strip()
    for store in (anna, bart):
        case = case_of(store)
        assert [(s.id, s.summary) for s in case.signals] == [
            ("S1", "Jongeren hangen rond in de hal."),
            ("S2", "Glasscherven op perron 2"),
            ("S3", "Vechtpartij aan de bushalte"),
        ]
        assert case.status.value == "analysis"
        assert case.analysis is not None and case.analysis.problem == "Overlast door een wisselende groep"
        assert [(m.id, m.title) for m in case.measures] == [("M1", "Avondrondes"), ("M2", "Gerichte patrouilles")]
        assert [(c.id, c.measure) for c in case.commitments] == [("C1", "M2")]  # followed its measure
        assert vhuis("check", store=store).exit_code == 0
        assert clean(store)
    assert git(bart, "log", "-1", "--format=%B").strip() == (
        "sync: merge 3 commits from origin\n\n"
        "2026-001: signal S2 renumbered to S3 (the id was taken on the remote)\n"
        "2026-001: measure M1 renumbered to M2 (the id was taken on the remote)"
    )
    again = vhuis("sync", store=bart)
    assert again.exit_code == 0 and "already in sync with origin/main" in again.stderr


def test_new_cases_on_both_sides_end_with_different_ids(tmp_path: Path, vhuis: Invoke) -> None:
    remote, anna, bart = shared(tmp_path)
    new = ["case", "new", "--approach", "area", "--opened", "2026-11-20"]
    assert vhuis(*new, "Fietsdiefstal aan het station", "--area", "Station", store=anna).stdout == "2026-002\n"
    assert vhuis(*new, "Zwerfvuil in het park", "--area", "Stadspark", store=bart).stdout == "2026-002\n"
    meeting = "date: 2026-11-25\ntitle: Overleg\npresent:\n  - politie\ncases:\n  - 2026-001\n  - 2026-002\n"
    (bart / "meetings").mkdir()
    (bart / "meetings" / "2026-11-25.yaml").write_text(meeting, encoding="utf-8")
    git(bart, "add", "meetings")
    git(bart, "commit", "-q", "-m", "meeting of 25 November, by hand")

    assert vhuis("sync", store=anna).exit_code == 0
    synced = vhuis("sync", store=bart)
    assert synced.exit_code == 0, synced.stderr
    assert "case 2026-002 is now 2026-003: the id 2026-002 was taken on the remote by another case" in synced.stderr
    assert git(bart, "log", "--format=%s").splitlines()[1] == (
        "2026-002: renumbered to 2026-003 (the id was taken on the remote)"
    )
    assert vhuis("sync", store=anna).exit_code == 0
    assert head(anna) == head(bart) == git(remote, "rev-parse", "main").strip()
    for store in (anna, bart):
        assert case_of(store, "2026-002").title == "Fietsdiefstal aan het station"
        assert case_of(store, "2026-003").title == "Zwerfvuil in het park"
        agenda = yamlfile.load((store / "meetings" / "2026-11-25.yaml").read_text(), "m")["cases"]
        assert agenda == ["2026-001", "2026-003"]
        assert vhuis("check", store=store).exit_code == 0
    history = json.loads(vhuis("history", "2026-003", "--json", store=anna).stdout)
    assert [(e["message"], e["changes"]) for e in history] == [
        ("2026-002: renumbered to 2026-003 (the id was taken on the remote)", ["renumbered from 2026-002 to 2026-003"]),
        ("2026-002: open case 'Zwerfvuil in het park' (area: Stadspark)", ["opened case"]),
    ]


def test_a_real_conflict_leaves_the_store_as_it_was(tmp_path: Path, vhuis: Invoke) -> None:
    remote, anna, bart = shared(tmp_path)
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis("case", "status", "2026-001", "planned", store=bart).exit_code == 0
    new = ["case", "new", "Nieuw", "--approach", "group", "--group", "Jongeren", "--opened", "2026-11-20"]
    assert vhuis(*new, store=anna).exit_code == 0 and vhuis("sync", store=anna).exit_code == 0
    assert vhuis(*new, store=bart).stdout == "2026-002\n"  # would be renumbered, were it not for the conflict
    before, remote_before = head(bart), git(remote, "rev-parse", "main").strip()

    refused = vhuis("sync", store=bart)
    assert refused.exit_code == 8
    assert "cases/2026-001.yaml, status:\n  here (yours, Sarah Test, " in refused.stderr
    assert "  on the remote (Sarah Test, " in refused.stderr and "): analysis\n  before: reported\n" in refused.stderr
    assert "store is as it was before 'vhuis sync'" in refused.stderr
    assert head(bart) == before and clean(bart)
    assert not (bart / ".git" / "MERGE_HEAD").exists()
    assert case_of(bart, "2026-002").title == "Nieuw"
    assert git(remote, "rev-parse", "main").strip() == remote_before

    # Going on: agree with the remote, and sync again.
    assert vhuis("case", "status", "2026-001", "analysis", store=bart).exit_code == 0
    assert vhuis("sync", store=bart).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert head(anna) == head(bart)
    assert case_of(anna).status.value == "analysis"
    assert vhuis("check", store=bart).exit_code == 0


def test_a_remote_that_moves_during_sync_is_merged_again(tmp_path: Path, vhuis: Invoke) -> None:
    remote, anna, bart = shared(tmp_path)
    assert vhuis("signal", "add", "2026-001", "--source", "mayor", "--summary", "Brief", store=bart).exit_code == 0
    assert vhuis("decision", "add", "2026-001", "Camera plaatsen", store=anna).exit_code == 0
    # Anna's first push finds that Bart pushed just after her fetch.
    hook = anna / ".git" / "hooks" / "pre-push"
    hook.write_text(
        "#!/bin/sh\n"
        f"if [ ! -e '{tmp_path}/moved' ]; then touch '{tmp_path}/moved'; git -C '{bart}' push -q origin main; fi\n"
    )
    hook.chmod(0o755)
    synced = vhuis("sync", store=anna)
    assert synced.exit_code == 0, synced.stderr
    assert "(the remote moved meanwhile; 2 rounds)" in synced.stderr
    assert vhuis("sync", store=bart).exit_code == 0
    assert head(anna) == head(bart) == git(remote, "rev-parse", "main").strip()
    case = case_of(bart)
    assert [s.summary for s in case.signals][-1] == "Brief" and case.decisions[0].text == "Camera plaatsen"


def test_no_remote_or_an_unreachable_one_changes_nothing(small_store: Path, tmp_path: Path, vhuis: Invoke) -> None:
    before = head(small_store)
    none = vhuis("sync", store=small_store)
    assert none.exit_code == 6
    assert "this store has no git remote 'origin' to sync with" in none.stderr
    assert "git remote add origin URL" in none.stderr

    git(small_store, "remote", "add", "origin", str(tmp_path / "gone.git"))
    gone = vhuis("sync", store=small_store)
    assert gone.exit_code == 6
    assert f"could not reach the remote 'origin' ({tmp_path / 'gone.git'}); nothing was changed" in gone.stderr
    assert head(small_store) == before and clean(small_store)


def test_the_remote_named_in_vhuis_yaml_is_used(tmp_path: Path, vhuis: Invoke) -> None:
    remote, anna, _ = shared(tmp_path)
    (anna / "vhuis.yaml").write_text("name: Veiligheidshuis Test\nlanguage: en\nremote: gedeeld\n", encoding="utf-8")
    git(anna, "commit", "-q", "-am", "sync with gedeeld")
    missing = vhuis("sync", store=anna)
    assert (
        missing.exit_code == 6
        and "this store has no git remote 'gedeeld' to sync with (it has: origin)" in missing.stderr
    )
    git(anna, "remote", "add", "gedeeld", str(remote))
    synced = vhuis("sync", store=anna)
    assert synced.exit_code == 0 and "in sync with gedeeld/main: 1 commit sent" in synced.stderr


def test_uncommitted_work_in_cases_is_refused(tmp_path: Path, vhuis: Invoke) -> None:
    remote, anna, _ = shared(tmp_path)
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    path = anna / "cases" / "2026-001.yaml"
    path.write_text(path.read_text().replace("Stationsomgeving", "Station"), encoding="utf-8")
    refused = vhuis("sync", store=anna)
    assert refused.exit_code == 6
    assert "cases/2026-001.yaml has changes that are not committed" in refused.stderr
    assert "git stash" in refused.stderr
    assert git(remote, "rev-list", "--count", "main").strip() == "1"
    assert "Station\n" in path.read_text()


def test_sync_teaches_git_the_merge_driver(tmp_path: Path, vhuis: Invoke) -> None:
    _, anna, bart = shared(tmp_path)
    assert vhuis("sync", store=bart).exit_code == 0
    driver = git(bart, "config", "--get", "merge.vhuis.driver").strip()
    assert driver.endswith("-m vhuis merge-driver %O %A %B %P") and sys.executable in driver
    # A plain 'git pull' by hand now merges by meaning too.
    assert vhuis("signal", "add", "2026-001", "--source", "mayor", "--summary", "Eén", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis("signal", "add", "2026-001", "--source", "police", "--summary", "Twee", store=bart).exit_code == 0
    git(bart, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert [s.summary for s in case_of(bart).signals] == ["Jongeren hangen rond in de hal.", "Eén", "Twee"]


def driver(tmp_path: Path, base: str, ours: str, theirs: str, name: str) -> subprocess.CompletedProcess[str]:
    paths = []
    for label, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / label
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return subprocess.run(
        [sys.executable, "-m", "vhuis", "merge-driver", *paths, name], capture_output=True, text=True, check=False
    )


def test_the_merge_driver_reports_a_conflict_and_exits_non_zero(tmp_path: Path) -> None:
    base = yamlfile.load(CASE, "c")
    ours = dict(base, status="analysis")
    theirs = dict(base, status="planned", title="Overlast aan het station van Genk")
    ran = driver(tmp_path, yamlfile.dump(base), yamlfile.dump(ours), yamlfile.dump(theirs), "cases/2026-001.yaml")
    assert ran.returncode == 8
    assert "cases/2026-001.yaml: status: ours 'analysis', theirs 'planned' (voordien: 'reported')" in ran.stderr
    assert "<<<<<<< ours" in (tmp_path / "ours").read_text()  # markers for whoever resolves it by hand

    theirs["status"] = "reported"
    ran = driver(tmp_path, yamlfile.dump(base), yamlfile.dump(ours), yamlfile.dump(theirs), "cases/2026-001.yaml")
    assert ran.returncode == 0, ran.stderr
    merged = yamlfile.load((tmp_path / "ours").read_text(), "m")
    assert (merged["status"], merged["title"]) == ("analysis", "Overlast aan het station van Genk")


def test_a_sync_merges_by_meaning_without_starting_the_merge_driver(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git would start a Python for every file it merges (~0.2 s each); sync merges them in its own process."""
    _remote, anna, bart = shared(tmp_path)
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    added = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Nieuwe klacht", store=bart)
    assert added.exit_code == 0, added.stderr
    trace = tmp_path / "git-trace"
    monkeypatch.setenv("GIT_TRACE", str(trace))

    done = vhuis("sync", store=bart)

    assert done.exit_code == 0, done.stderr
    said = trace.read_text(encoding="utf-8")
    assert "built-in: git merge --no-ff" in said and "merge-driver" not in said
    case = case_of(bart)
    assert case.status.value == "analysis" and [s.summary for s in case.signals][-1] == "Nieuwe klacht"
    assert clean(bart)
