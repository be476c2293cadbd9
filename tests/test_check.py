"""vhuis check: every problem in every file at once, as file:line: field: message."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head


def store_with(tmp_path: Path, case_text: str, meeting: str | None = None) -> Path:
    files = {
        "vhuis.yaml": "name: Test\norganisation_domains: [genk.example]\nlanguage: en\n",
        "partners.yaml": PARTNERS,
    }
    files["cases/2026-001.yaml"] = case_text
    if meeting is not None:
        files["meetings/2026-03-15.yaml"] = meeting
    return build_store(tmp_path / "store", files)


def test_example_store_is_in_order(example_store: Path, vhuis: Invoke) -> None:
    outcome = vhuis("check", "--json", store=example_store)
    assert outcome.exit_code == 0
    assert json.loads(outcome.stdout) == {"ok": True, "problems": []}


def test_every_problem_at_once_with_file_line_and_field(tmp_path: Path, vhuis: Invoke) -> None:
    commitments = """commitments:
  - id: C1
    partner: politie
    action: x
    made: 2026-03-01
    due: 2026-04-01
    measure: M4
  - id: C1
    partner: nmbs
    action: y
    made: 2026-03-01
    due: 2026-04-01
"""
    broken = (
        CASE.replace("lead: preventiedienst", "lead: brandweer")
        .replace("commitments: []", commitments)
        .replace("Jongeren hangen rond in de hal.", "Bel de melder op 0470 12 34 56.")
    )
    meeting = "date: 2026-03-15\npresent: [politie, brandweer]\ncases: [2026-001, 2026-404]\n"
    meeting += "notes: Mail jan.peeters@gmail.com\n"
    store = store_with(tmp_path, broken, meeting)
    outcome = vhuis("check", store=store)
    assert outcome.exit_code == 3
    lines = outcome.stdout.splitlines()
    assert (
        "cases/2026-001.yaml:10: lead: 'brandweer' is not in partners.yaml (known: nmbs, politie, preventiedienst)"
        in lines
    )
    assert (
        "cases/2026-001.yaml:28: commitments[1].id: C1 is used twice in this case; ids are unique within a case"
        in lines
    )
    assert any(
        line.startswith("cases/2026-001.yaml:27: commitments[0].measure: 'M4' is not a measure") for line in lines
    )
    assert any(
        line.startswith("cases/2026-001.yaml:18: signals[0].summary: phone number '0470 12 34 56'") for line in lines
    )
    assert any(line.startswith("meetings/2026-03-15.yaml:2: present[1]: 'brandweer'") for line in lines)
    assert "meetings/2026-03-15.yaml:3: cases[1]: there is no case '2026-404' in cases/" in lines
    assert any(line.startswith("meetings/2026-03-15.yaml:4: notes: e-mail address") for line in lines)

    report = json.loads(vhuis("check", "--json", store=store).stdout)
    assert report["ok"] is False
    assert {"file", "line", "field", "severity", "message"} == set(report["problems"][0])
    assert len(report["problems"]) == len(lines)


def test_warnings_alone_do_not_fail(tmp_path: Path, vhuis: Invoke) -> None:
    done = "commitments:\n  - id: C1\n    partner: politie\n    action: x\n    made: 2026-03-01\n    due: 2026-04-01\n"
    text = CASE.replace("commitments: []", done + "    status: done\n")
    outcome = vhuis("check", store=store_with(tmp_path, text))
    assert outcome.exit_code == 0
    assert "commitments[0].done: the commitment is done but has no done date (warning)" in outcome.stdout


def test_misnamed_files_are_reported(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_with(tmp_path, CASE)
    (store / "cases/2026-002.yaml").write_text(CASE)
    (store / "cases/stationshal.yml").write_text(CASE)
    outcome = vhuis("check", store=store)
    assert outcome.exit_code == 3
    assert "cases/2026-002.yaml:1: id: is '2026-001', but the file name says '2026-002'" in outcome.stdout
    assert (
        "cases/stationshal.yml: is not read: a case file is named cases/YYYY-NNN.yaml, "
        "e.g. cases/2026-007.yaml (warning)" in outcome.stdout
    )


EDITOR = """
import sys
from pathlib import Path
path = Path(sys.argv[1])
count = Path(sys.argv[0]).with_suffix(".count")
n = int(count.read_text()) if count.exists() else 0
count.write_text(str(n + 1))
replacements = {replacements!r}
old, new = replacements[min(n, len(replacements) - 1)]
path.write_text(path.read_text().replace(old, new))
"""


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *replacements: tuple[str, str]) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(replacements=list(replacements)))
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


def test_case_edit_commits_a_valid_edit(
    small_store: Path, vhuis: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor(tmp_path, monkeypatch, ("status: reported", "status: analysis"))
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert git(small_store, "log", "-1", "--format=%s").strip() == "2026-001: edit case by hand"
    assert "status: analysis" in (small_store / "cases/2026-001.yaml").read_text()
    assert clean(small_store)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("source: citizen", "source: buurman"), "signals[0].source: 'buurman' is not one of"),
        (("Jongeren hangen rond in de hal.", "Bel 0470 12 34 56"), "phone number '0470 12 34 56'"),
        (("id: 2026-001", "id: 2026-002"), "must stay 2026-001"),
        (("lead: preventiedienst", "lead: brandweer"), "'brandweer' is not in partners.yaml"),
    ],
)
def test_case_edit_never_commits_an_invalid_edit(
    small_store: Path,
    vhuis: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: tuple[str, str],
    message: str,
) -> None:
    editor(tmp_path, monkeypatch, change)
    before = head(small_store)
    original = (small_store / "cases/2026-001.yaml").read_text()
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr and "was not saved" in outcome.stderr and "--from-draft" in outcome.stderr
    assert head(small_store) == before and clean(small_store)
    assert (small_store / "cases/2026-001.yaml").read_text() == original


def test_check_tries_the_stores_own_templates(example_store: Path, vhuis: Invoke) -> None:
    templates = example_store / "templates"
    templates.mkdir()
    (templates / "minutes.md.j2").write_text("# {{ meeting.title | md }}\n{{ no_such_name }}\n")
    (templates / "kapot.md.j2").write_text("{% if %}\n")
    (templates / "goed.md.j2").write_text("# {{ meeting.title | md }}\n")
    outcome = vhuis("check", store=example_store)
    assert outcome.exit_code == 3
    lines = outcome.stdout.splitlines()
    assert any(line.startswith("templates/kapot.md.j2:1: does not parse") for line in lines)
    assert any(line.startswith("templates/minutes.md.j2:2: fails on the meeting of 2026-11-12:") for line in lines)
    assert not any("goed.md.j2" in line for line in lines)
