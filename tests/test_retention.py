"""Retention: closed cases past their term are listed, archived out of the store, and purged from the history."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import yaml
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.domain.retention import due, expiry, terms
from vhuis.model import Case

SETTINGS = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\nretention:\n  closed_years: 5\n"
MEETING = """
date: 2026-10-15
title: Overleg
present:
  - politie
cases:
  - 2020-001
  - 2026-001
"""


def finished(case_id: str, status: str = "closed", closed: str | None = None) -> str:
    text = CASE.replace("id: 2026-001", f"id: {case_id}").replace("status: reported", f"status: {status}")
    return text.replace("opened: 2026-03-02", "opened: 2020-01-06" + (f"\nclosed: {closed}" if closed else ""))


def a_case(case_id: str, status: str, closed: str | None) -> Case:
    return Case.model_validate(yaml.safe_load(finished(case_id, status, closed)))


def retention_store(tmp_path: Path, later: bool = False) -> Path:
    """2020-001 closed on 29 February 2020 (due), 2021-001 dismissed in 2022 (kept), 2026-001 open; a meeting.

    ``later``: 2020-001 comes in a second commit, so that the first commit outlives a purge.
    """
    due = {"cases/2020-001.yaml": finished("2020-001", "closed", "2020-02-29")}
    rest = {
        "vhuis.yaml": SETTINGS,
        "partners.yaml": PARTNERS,
        "cases/2021-001.yaml": finished("2021-001", "dismissed", "2022-01-10"),
        "cases/2026-001.yaml": CASE,
        "meetings/2026-10-15.yaml": MEETING,
    }
    if not later:
        return build_store(tmp_path / "store", {**due, **rest})
    store = build_store(tmp_path / "store", rest)
    (store / "cases" / "2020-001.yaml").write_text(due["cases/2020-001.yaml"].lstrip("\n"), encoding="utf-8")
    git(store, "add", "-A")
    git(store, "commit", "-q", "-m", "case 2020-001")
    return store


def test_term_ends_on_the_same_day_years_later_and_29_february_on_28_february() -> None:
    assert expiry(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert expiry(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert expiry(date(2021, 6, 30), 5) == date(2026, 6, 30)
    cases = [
        a_case("2020-001", "closed", "2020-02-29"),
        a_case("2020-002", "dismissed", None),  # an old file: the day comes from the history
        a_case("2020-003", "closed", None),  # and here the history does not know it either
        a_case("2020-004", "active", None),
    ]
    found = terms(cases, 5, {"2020-002": date(2021, 11, 27)})
    assert [(t.case, t.expires, t.from_history) for t in found] == [
        ("2020-001", date(2025, 2, 28), False),
        ("2020-002", date(2026, 11, 27), True),
        ("2020-003", None, False),
    ]
    assert [t.case for t in due(found, date(2026, 11, 26))] == ["2020-001"]
    assert [t.case for t in due(found, date(2026, 11, 27))] == ["2020-001", "2020-002"]  # on the day itself


def test_retention_lists_cases_past_their_term_and_takes_an_old_files_day_from_the_history(
    tmp_path: Path, vhuis: Invoke
) -> None:
    store = retention_store(tmp_path)
    old = store / "cases" / "2019-004.yaml"  # closed, without a closed date: committed on 3 May 2021
    old.write_text(finished("2019-004", "closed"), encoding="utf-8")
    stamped = {**os.environ, "GIT_AUTHOR_DATE": "2021-05-03T10:00:00", "GIT_COMMITTER_DATE": "2021-05-03T10:00:00"}
    subprocess.run(["git", "add", "-A"], cwd=store, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "old case"], cwd=store, check=True, env=stamped)
    shown = vhuis("retention", "--json", store=store)
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout) == [
        {"case": "2019-004", "closed": "2021-05-03", "expires": "2026-05-03"},
        {"case": "2020-001", "closed": "2020-02-29", "expires": "2025-02-28"},
    ]
    later = vhuis("retention", "--on", "2027-01-10", store=store)
    assert later.exit_code == 0
    rows = {line.split()[0]: line.split()[-3:] for line in later.stdout.splitlines()[2:]}
    assert rows["2021-001"] == ["dismissed", "2022-01-10", "2027-01-10"]
    assert rows["2019-004"] == ["closed", "2021-05-03*", "2026-05-03"] and "2026-001" not in rows
    assert "commit that closed the case" in later.stderr


def test_archive_writes_file_and_history_and_takes_the_case_out_in_one_commit(tmp_path: Path, vhuis: Invoke) -> None:
    store = retention_store(tmp_path)
    before = head(store)
    out = tmp_path / "archief"
    hand_edit = store / "meetings" / "2026-10-15.yaml"
    hand_edit.write_text(hand_edit.read_text(encoding="utf-8") + "# still being typed\n", encoding="utf-8")
    done = vhuis("archive", "2020-001", "--out", str(out), store=store)
    assert done.exit_code == 0, done.stderr
    assert (out / "2020-001.yaml").read_bytes() == git(store, "show", f"{before}:cases/2020-001.yaml").encode()
    history = (out / "2020-001.history.txt").read_text(encoding="utf-8")
    assert "+title: Overlast aan het station" in history and "test store" in history
    assert git(store, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert git(store, "show", "--name-status", "--format=", "HEAD").split() == [
        "A",
        ".vhuis/archived",
        "D",
        "cases/2020-001.yaml",
    ]
    assert git(store, "status", "--porcelain").strip() == "M meetings/2026-10-15.yaml"  # the hand edit, left alone
    git(store, "checkout", "--", "meetings/2026-10-15.yaml")
    # The meeting that lists it stays valid, the id is never given again, and 'case show' says where it went.
    assert vhuis("check", store=store).exit_code == 0
    assert "was archived on 2026-11-27" in vhuis("case", "show", "2020-001", store=store).stderr
    opened = vhuis("case", "new", "Nieuw", "--approach", "group", "--group", "jongeren", "--opened", "2020-05-01")
    assert opened.stdout.strip() == "2020-002"


def test_archive_refuses_bad_input_and_changes_nothing(tmp_path: Path, vhuis: Invoke) -> None:
    store = retention_store(tmp_path)
    before = head(store)
    out = tmp_path / "archief"
    out.mkdir()
    (out / "2020-001.history.txt").write_text("an earlier archive\n", encoding="utf-8")
    refused = vhuis("archive", "2020-001", "2021-001", "2026-001", "2026-099", "--out", str(out), store=store)
    assert refused.exit_code == 2
    for said in (
        "nothing was archived",
        "case 2021-001 closed on 2022-01-10 and is kept until 2027-01-10",
        "case 2026-001 is reported",
        "there is no case 2026-099",
        "2020-001.history.txt exists already",
    ):
        assert said in refused.stderr
    assert head(store) == before and clean(store)
    assert sorted(p.name for p in out.iterdir()) == ["2020-001.history.txt"]
    (store / "cases" / "2020-001.yaml").write_text(finished("2020-001", "closed", "2020-03-01"), encoding="utf-8")
    within = vhuis("archive", "2020-001", "--out", str(store / "archief"), store=store)
    assert within.exit_code == 2 and "inside the store's git repository" in within.stderr
    dirty = vhuis("archive", "2020-001", "--out", str(tmp_path / "elders"), store=store)
    assert dirty.exit_code == 6 and "not committed" in dirty.stderr
    assert head(store) == before and not (tmp_path / "elders").exists()


def test_purge_is_a_dry_run_until_yes_then_no_commit_or_object_of_the_case_is_left_and_sync_keeps_it_out(
    tmp_path: Path, vhuis: Invoke
) -> None:
    store = retention_store(tmp_path, later=True)
    blob = git(store, "rev-parse", "HEAD:cases/2020-001.yaml").strip()
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(store, "remote", "add", "origin", str(remote))
    git(store, "push", "-q", "-u", "origin", "main")
    assert vhuis("archive", "2020-001", "--out", str(tmp_path / "archief"), store=store).exit_code == 0
    git(store, "push", "-q", "origin", "main")
    old_clone = tmp_path / "old-clone"
    git(tmp_path, "clone", "-q", str(remote), str(old_clone))
    before = head(store)
    dry = vhuis("purge", store=store)
    assert dry.exit_code == 0 and "cases/2020-001.yaml would be removed" in dry.stdout
    assert head(store) == before and not list(tmp_path.glob("*.bundle"))
    (store / "partners.yaml").write_text(PARTNERS + "# hand edit\n", encoding="utf-8")
    dirty = vhuis("purge", "--yes", store=store)
    assert dirty.exit_code == 6 and "partners.yaml" in dirty.stderr and head(store) == before
    git(store, "checkout", "--", "partners.yaml")

    done = vhuis("purge", "--yes", "--backup", str(tmp_path), store=store)
    assert done.exit_code == 0, done.stderr
    assert "clone the store again" in done.stdout
    assert git(store, "log", "--all", "--format=%H", "--", "cases/2020-001.yaml") == ""
    assert blob not in git(store, "rev-list", "--all", "--objects")
    assert subprocess.run(["git", "cat-file", "-e", blob], cwd=store, capture_output=True).returncode != 0
    assert (store / "cases" / "2021-001.yaml").exists() and clean(store)
    assert git(store, "config", "--get", "remote.origin.url").strip() == str(remote)
    assert git(store, "config", "--get", "branch.main.remote").strip() == "origin"
    bundle = tmp_path / "store-voor-purge-2026-11-27.bundle"
    git(store, "bundle", "verify", "--quiet", str(bundle))
    assert vhuis("purge", store=store).stderr.startswith("nothing to purge")

    # A sync would bring the case back: refused until the remote holds the purged history, then in old clones.
    early = vhuis("sync", store=store)
    assert early.exit_code == 6 and "git push --force --all origin" in early.stderr
    git(store, "push", "-q", "--force", "--all", "origin")
    stale = vhuis("sync", store=old_clone)
    assert stale.exit_code == 6 and "Clone the store again" in stale.stderr
    assert (old_clone / "cases" / "2020-001.yaml").exists() is False  # it synced the archive commit before
    assert vhuis("sync", store=store).exit_code == 0
