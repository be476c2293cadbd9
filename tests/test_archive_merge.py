"""Two clones that archive a case each at the same time: sync keeps both in .vhuis/archived (issue 16, item 5)."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke, clean, git, shared_remote

from vhuis.storage.store import ARCHIVED_FILE, ARCHIVED_HEADER, Store, archived_in


def archive_by_hand(store: Path, case_id: str) -> None:
    """What 'vhuis archive' leaves in .vhuis/archived, committed (the case files play no part here)."""
    listing = store / ARCHIVED_FILE
    listing.parent.mkdir(exist_ok=True)
    listing.write_text(f"{ARCHIVED_HEADER}{case_id} 2026-11-28\n", encoding="utf-8")
    git(store, "add", ARCHIVED_FILE)
    git(store, "commit", "-q", "-m", f"archive {case_id}")


def test_two_clones_that_archive_at_once_sync_to_a_list_of_both(tmp_path: Path, vhuis: Invoke) -> None:
    _, anna, bart = shared_remote(tmp_path, "anna", "bart")
    archive_by_hand(anna, "2020-001")
    assert vhuis("sync", store=anna).exit_code == 0
    archive_by_hand(bart, "2020-002")
    synced = vhuis("sync", store=bart)
    assert synced.exit_code == 0, synced.stderr
    assert clean(bart)
    assert set(Store(bart).archived()) == {"2020-001", "2020-002"}
    listed = (bart / ARCHIVED_FILE).read_text(encoding="utf-8")
    assert set(archived_in(listed)) == {"2020-001", "2020-002"} and "<<<<<<<" not in listed
