"""Files vhuis reads and writes outside the YAML data (issue 11, items 6, 7 and 18).

- Store files (cases, meetings, partners, settings, templates) are read only when
  they are regular files inside the store: a symbolic link (git stores them, so
  ``sync`` can bring one), a FIFO or a folder is named, never followed.
- An output file the user names (``minutes --out``, ``owes --ics``, ``remind --out``)
  is written into, never replaced when it is not a regular file: a FIFO or a device
  stays what it is, a link is written through, a folder is refused.
- A template's render is bounded in steps and time, so a loop without end stops
  ``check`` and ``minutes`` with a message naming the template, instead of hanging.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, git

from vhuis.checks import check_store
from vhuis.errors import InvalidData
from vhuis.store import Store

MEETING = "2026-03-10"
WITH_COMMITMENT = CASE.replace(
    "commitments: []",
    "commitments:\n  - {id: C1, partner: politie, action: Extra patrouilles, made: 2026-03-10, due: 2026-04-01}",
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """One case with an open commitment of politie (which has an e-mail address), and one meeting."""
    return build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: nl\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": WITH_COMMITMENT,
            f"meetings/{MEETING}.yaml": f"date: {MEETING}\ntitle: Overleg\npresent: [politie]\ncases: [2026-001]\n",
        },
    )


def commit_all(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "as a pull would bring it")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """vhuis in its own process, stopped after 20 s: a hang fails the test instead of the suite."""
    return subprocess.run(
        [sys.executable, "-m", "vhuis", "--store", str(root), *args], capture_output=True, text=True, timeout=20
    )


# -- item 6: store files are regular files inside the store -----------------------------


OUTSIDE_CASE = CASE.replace("2026-001", "2026-002").replace("Overlast aan het station", "Geheim dossier")


@pytest.mark.parametrize("target", ["outside", "another case", "nothing"])
def test_a_case_file_that_is_a_link_is_refused_by_name(store: Path, tmp_path: Path, target: str) -> None:
    outside = tmp_path / "2026-002.yaml"
    outside.write_text(OUTSIDE_CASE, encoding="utf-8")
    points_to = {"outside": outside, "another case": Path("2026-001.yaml"), "nothing": tmp_path / "weg.yaml"}[target]
    (store / "cases" / "2026-002.yaml").symlink_to(points_to)
    found = Store(store)

    with pytest.raises(InvalidData) as refused:
        found.case("2026-002")
    digests, problems = found.digests()
    everything = check_store(found)

    assert [(p.file, p.message.split(" (")[0]) for p in refused.value.problems] == [
        ("cases/2026-002.yaml", "is a symbolic link")
    ]
    assert [d.id for d in digests] == ["2026-001"]
    assert [p.file for p in problems] == ["cases/2026-002.yaml"]
    assert any(p.file == "cases/2026-002.yaml" and "symbolic link" in p.message for p in everything)


def test_read_commands_name_a_linked_case_and_carry_on(store: Path, tmp_path: Path, vhuis: Invoke) -> None:
    outside = tmp_path / "2026-002.yaml"
    outside.write_text(OUTSIDE_CASE, encoding="utf-8")
    (store / "cases" / "2026-002.yaml").symlink_to(outside)

    listed = vhuis("case", "list", store=store)
    shown = vhuis("case", "show", "2026-002", store=store)

    assert listed.exit_code == 0
    assert "cases/2026-002.yaml: is a symbolic link" in listed.stderr
    assert "Geheim dossier" not in listed.stdout
    assert shown.exit_code == 3
    assert "cases/2026-002.yaml: is a symbolic link" in shown.stderr


def test_check_names_a_partner_registry_that_is_a_link(store: Path, tmp_path: Path, vhuis: Invoke) -> None:
    elsewhere = tmp_path / "partners.yaml"
    elsewhere.write_text(PARTNERS, encoding="utf-8")
    (store / "partners.yaml").unlink()
    (store / "partners.yaml").symlink_to(elsewhere)

    result = vhuis("check", store=store)

    assert result.exit_code == 3
    assert "partners.yaml: is a symbolic link" in result.stdout + result.stderr


def test_a_fifo_in_place_of_a_case_file_is_named_not_waited_for(store: Path) -> None:
    os.mkfifo(store / "cases" / "2026-002.yaml")

    result = run(store, "check")

    assert result.returncode == 3
    assert "cases/2026-002.yaml: is a FIFO, not a regular file" in result.stdout + result.stderr
