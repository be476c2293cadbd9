"""Reading store files that careless hands, pasted text or a plain git merge left behind (issues 11 and 12)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.domain.checks import check_store
from vhuis.errors import InvalidData
from vhuis.storage.store import Store

SETTINGS = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n"
COMMITMENT = """
  - id: {id}
    partner: politie
    action: {action}
    made: 2026-03-15
    due: 2026-04-30
    measure: null
    status: open
    done: null
"""
KEPT = CASE.replace("commitments: []", "commitments:" + COMMITMENT.format(id="C1", action="Patrouilles op vrijdag"))
PASTED = "commitments:" + COMMITMENT.format(id="C2", action="Camera plaatsen")
OTHER = CASE.replace("2026-001", "2026-002").replace(
    "commitments: []", "commitments:" + COMMITMENT.format(id="C1", action="Verlichting")
)


def line_of(text: str, start: str, after: int = 0) -> int:
    """The 1-based line of the first line starting with ``start`` after line ``after``."""
    lines = text.lstrip("\n").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and line.startswith(start))


def store_of(tmp_path: Path, files: dict[str, str]) -> Path:
    return build_store(tmp_path / "store", {"vhuis.yaml": SETTINGS, "partners.yaml": PARTNERS, **files})


# -- issue 11 item 1: a key given twice -------------------------------------------------------


def test_a_pasted_second_commitments_block_fails_check_naming_both_lines(tmp_path: Path, vhuis: Invoke) -> None:
    text = KEPT + PASTED
    store = store_of(tmp_path, {"cases/2026-001.yaml": text})
    first, second = line_of(text, "commitments:"), line_of(text, "commitments:", line_of(text, "commitments:"))

    checked = vhuis("check", store=store)

    assert checked.exit_code == 3
    assert (
        f"cases/2026-001.yaml:{second}: 'commitments' is given twice in one mapping, "
        f"at line {first} and at line {second}" in checked.stdout
    )


def test_read_commands_name_a_file_with_a_key_twice_and_carry_on(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, {"cases/2026-001.yaml": KEPT, "cases/2026-002.yaml": OTHER})
    assert "Patrouilles" in vhuis("owes", store=store).stdout  # the index now holds the good version
    path = store / "cases/2026-001.yaml"
    path.write_text(KEPT.lstrip("\n") + PASTED.lstrip("\n"), encoding="utf-8")
    git(store, "commit", "-qam", "a colleague pasted a second block")

    owes = vhuis("owes", "--json", store=store)

    assert owes.exit_code == 0
    assert "cases/2026-001.yaml" in owes.stderr and "given twice" in owes.stderr
    assert [row["action"] for row in json.loads(owes.stdout)] == ["Verlichting"]  # not the last block's alone
    listed = vhuis("case", "list", "--json", store=store)
    assert [row["id"] for row in json.loads(listed.stdout)] == ["2026-002"] and "cases/2026-001.yaml" in listed.stderr


def test_a_write_on_a_file_with_a_key_twice_is_refused(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, {"cases/2026-001.yaml": KEPT + PASTED})
    before = head(store)

    added = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Weer lawaai", store=store)

    assert added.exit_code == 3 and "given twice" in added.stderr
    assert head(store) == before and clean(store)


@pytest.mark.parametrize(
    ("name", "text", "key", "lines"),
    [
        ("vhuis.yaml", "name: A\ncity: Genk\nname: B\n", "name", (1, 3)),
        ("partners.yaml", "- id: politie\n  name: Politie\n  kind: police\n  name: Zone\n", "name", (2, 4)),
        ("meetings/2026-03-15.yaml", "date: 2026-03-15\nnotes: a\ncases: []\nnotes: b\n", "notes", (2, 4)),
        (
            "cases/2026-001.yaml",
            CASE.lstrip("\n").replace("    source: citizen\n", "    source: citizen\n    source: police\n"),
            "source",
            (16, 17),
        ),
    ],
)
def test_a_key_twice_is_an_error_in_every_file_kind_at_any_depth(
    tmp_path: Path, name: str, text: str, key: str, lines: tuple[int, int]
) -> None:
    files = {"cases/2026-001.yaml": CASE, name: text}
    store = Store(store_of(tmp_path, files))

    problems = [str(p) for p in check_store(store)]

    assert f"{name}:{lines[1]}: {key!r} is given twice in one mapping, at line {lines[0]} and at line {lines[1]}; " in (
        "\n".join(problems)
    )


def test_an_index_written_before_duplicate_keys_were_refused_does_not_hide_them(tmp_path: Path, vhuis: Invoke) -> None:
    from vhuis.model import Case
    from vhuis.storage.index import digest_of, index_path
    from vhuis.storage.yamlfile import dump

    store = store_of(tmp_path, {"cases/2026-001.yaml": KEPT + PASTED})
    path = store / "cases/2026-001.yaml"
    past = time.time() - 60
    os.utime(path, (past, past))
    stat = path.stat()
    last_block_wins = Case.model_validate(yaml.safe_load(path.read_text()))  # what an earlier vhuis cached
    assert "commitments:\n  - id: C2" in dump(last_block_wins.model_dump(mode="python"))
    entry = {"stamp": [stat.st_mtime_ns, stat.st_size, stat.st_ino], "digest": digest_of(last_block_wins)}
    index = index_path(store / ".git")
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(json.dumps({"version": 2, "entries": {"cases/2026-001.yaml": entry}}))

    owes = vhuis("owes", "--json", store=store)

    assert json.loads(owes.stdout) == [] and "given twice" in owes.stderr


# -- issue 11 item 17: the lines of many problems cost one parse -------------------------------


def signals(count: int, date: str, summary: str) -> str:
    return "".join(
        f"  - id: S{n}\n    date: {date}\n    source: citizen\n    partner: null\n    summary: {summary.format(n=n)}\n"
        for n in range(1, count + 1)
    )


def with_signals(rows: str) -> str:
    top, rest = CASE.lstrip("\n").split("signals:\n", 1)
    return top + "signals:\n" + rows + rest[rest.index("analysis:") :]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts PyYAML's composer parses (for lines of problems), the real composer still doing the work."""
    seen: list[str] = []
    real = yaml.compose

    def compose(stream: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(stream)
        return real(stream, *args, **kwargs)

    monkeypatch.setattr(yaml, "compose", compose)
    return seen


def test_a_case_with_1500_bad_dates_is_parsed_once_for_every_line(tmp_path: Path, parses: list[str]) -> None:
    store = Store(store_of(tmp_path, {"cases/2026-001.yaml": with_signals(signals(1500, "2026-02-30", "Melding"))}))

    with pytest.raises(InvalidData) as raised:
        store.case("2026-001")

    assert len(parses) == 1  # one parse per problem took minutes (docs/performance.md)
    problems = raised.value.problems
    assert len(problems) == 1500
    assert [p.line for p in problems[:2]] == [15, 20] and problems[-1].line == 15 + 5 * 1499
    assert problems[-1].field == "signals[1499].date"


def test_check_finds_the_lines_of_1000_privacy_findings_in_one_parse(
    tmp_path: Path, vhuis: Invoke, parses: list[str]
) -> None:
    rows = signals(1000, "2026-03-01", "Bel mevrouw op 0470 12 {n:04d}")
    store = store_of(tmp_path, {"cases/2026-001.yaml": with_signals(rows)})

    checked = vhuis("check", "--json", store=store)

    assert sum("Bel mevrouw" in text for text in parses) == 1
    found = json.loads(checked.stdout)["problems"]
    assert len(found) == 1000
    assert [(p["line"], p["field"]) for p in found[:2]] == [(18, "signals[0].summary"), (23, "signals[1].summary")]


# -- issue 11, smaller: tags and anchors ------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "line", "words"),
    [
        ("!!binary aGFsbG8=", 18, "the YAML tag !!binary"),
        ("!!set {a, b}", 18, "the YAML tag !!set"),
        ("!!str Jongeren", 18, "the YAML tag !!str"),
        ("!!int 3", 18, "the YAML tag !!int"),
        ("! Jongeren", 18, "the YAML tag !"),
        ("&melding Jongeren hangen rond", 18, "a YAML anchor (&melding)"),
        ("{?&melding x: 1}", 18, "a YAML anchor (&melding)"),  # right after a flow key indicator
    ],
)
def test_tags_and_anchors_are_refused_with_file_and_line(tmp_path: Path, summary: str, line: int, words: str) -> None:
    text = CASE.replace("summary: Jongeren hangen rond in de hal.", f"summary: {summary}")
    store = Store(store_of(tmp_path, {"cases/2026-001.yaml": text}))

    with pytest.raises(InvalidData) as raised:
        store.case("2026-001")

    assert any(str(p).startswith(f"cases/2026-001.yaml:{line}: uses {words}") for p in raised.value.problems)


def test_a_scalar_alias_is_refused_by_check(tmp_path: Path, vhuis: Invoke) -> None:
    text = CASE.replace("area: Stationsomgeving", "area: &plek Stationsomgeving").replace(
        "summary: Jongeren hangen rond in de hal.", "summary: *plek"
    )
    store = store_of(tmp_path, {"cases/2026-001.yaml": text})

    checked = vhuis("check", store=store)

    assert checked.exit_code == 3
    assert "cases/2026-001.yaml:4: uses a YAML anchor (&plek)" in checked.stdout
    assert "cases/2026-001.yaml:18: uses a YAML alias (*plek)" in checked.stdout


def test_text_with_ampersands_stars_and_exclamation_marks_still_reads(tmp_path: Path) -> None:
    summary = "B&B *De Linde*, 'Let op!' & meer ** !"
    text = CASE.replace("summary: Jongeren hangen rond in de hal.", f"summary: {summary}")
    store = Store(store_of(tmp_path, {"cases/2026-001.yaml": text}))

    assert store.case("2026-001").signals[0].summary == summary


# -- issue 11 item 12: things in cases/ and meetings/ that are not case or meeting files --------


def test_a_folder_named_like_a_case_is_named_and_commands_carry_on(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path, {"cases/2026-001.yaml": KEPT, "meetings/2026-03-15.yaml": "date: 2026-03-15\n"})
    (store / "cases/2026-030.yaml").mkdir()

    checked = vhuis("check", store=store)
    assert checked.exit_code == 3 and "cases/2026-030.yaml: is a folder" in checked.stdout
    for command in (("owes",), ("case", "list"), ("report",)):
        outcome = vhuis(*command, store=store)
        assert outcome.exit_code == 0, command
        assert "cases/2026-030.yaml: is a folder" in outcome.stderr, command
    assert "Patrouilles" in vhuis("owes", store=store).stdout


def test_a_case_id_of_300_digits_is_no_case_id(small_store: Path, vhuis: Invoke) -> None:
    shown = vhuis("case", "show", "2026-" + "1" * 300, store=small_store)

    assert shown.exit_code == 2 and "is not a case id (YYYY-NNN" in shown.stderr


def test_meeting_list_and_report_name_a_meeting_file_that_is_no_real_date(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(
        tmp_path,
        {
            "cases/2026-001.yaml": CASE,
            "meetings/2026-03-15.yaml": "date: 2026-03-15\n",
            "meetings/2026-02-30.yaml": "date: 2026-03-01\n",
        },
    )
    for command in (("meeting", "list"), ("report",)):
        outcome = vhuis(*command, store=store)
        assert outcome.exit_code == 0, command
        assert "meetings/2026-02-30.yaml: is not read: its name is not a real date" in outcome.stderr, command


def test_check_tries_the_templates_on_the_last_real_meeting_past_a_misnamed_one(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(
        tmp_path,
        {
            "cases/2026-001.yaml": CASE,
            "meetings/2026-03-15.yaml": "date: 2026-03-15\ntitle: Overleg\npresent: [politie]\ncases: [2026-001]\n",
            "meetings/2026-99-99.yaml": "date: 2026-03-15\n",
            "templates/eigen.md.j2": "{{ meeting.title }} en {{ geen_veld }}\n",
        },
    )

    checked = vhuis("check", store=store)

    assert checked.exit_code == 3, checked.stderr
    assert "meetings/2026-99-99.yaml" in checked.stdout + checked.stderr
    assert "fails on the meeting of 2026-03-15" in checked.stdout + checked.stderr


def test_check_names_files_in_cases_and_meetings_it_never_reads(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(
        tmp_path,
        {
            "cases/2026-001.yaml": CASE,
            "cases/2026-002.YAML": CASE.replace("2026-001", "2026-002"),
            "cases/notes.txt": "bellen\n",
            "cases/archief/2025-001.yaml": CASE,
            "meetings/15-03-2026.yaml": "date: 2026-03-15\n",
            "cases/.gitkeep": "",
        },
    )

    checked = vhuis("check", store=store)

    warned = [line for line in checked.stdout.splitlines() if line.endswith("(warning)")]
    expected = "a case file is named cases/YYYY-NNN.yaml, e.g. cases/2026-007.yaml (warning)"
    assert warned == [
        f"cases/2026-002.YAML: is not read: {expected}",
        f"cases/archief: is not read (a folder): {expected}",
        f"cases/notes.txt: is not read: {expected}",
        "meetings/15-03-2026.yaml: is not read: a meeting file is named meetings/YYYY-MM-DD.yaml, "
        "e.g. meetings/2026-03-15.yaml (warning)",
    ]
    assert checked.exit_code == 0


# -- issue 12 item 7: conflict markers from a plain git merge ----------------------------------


def merged_with_a_clash(tmp_path: Path) -> Path:
    """A store where a plain ``git merge`` (no vhuis merge driver) left conflict markers in 2026-001."""
    store = store_of(tmp_path, {"cases/2026-001.yaml": CASE, "cases/2026-002.yaml": OTHER})
    path = store / "cases/2026-001.yaml"
    git(store, "checkout", "-qb", "colleague")
    path.write_text(path.read_text().replace("status: reported", "status: analysis"))
    git(store, "commit", "-qam", "colleague: analysis")
    git(store, "checkout", "-q", "main")
    path.write_text(path.read_text().replace("status: reported", "status: dismissed"))
    git(store, "commit", "-qam", "here: dismissed")
    git(store, "config", "--local", "--remove-section", "merge.vhuis")  # test stores come with the driver taught
    merged = subprocess.run(["git", "merge", "colleague"], cwd=store, capture_output=True, check=False)
    assert merged.returncode != 0 and "<<<<<<< HEAD" in path.read_text()
    return store


def test_check_names_an_unresolved_merge_conflict_and_how_to_settle_it(tmp_path: Path, vhuis: Invoke) -> None:
    store = merged_with_a_clash(tmp_path)
    line = line_of((store / "cases/2026-001.yaml").read_text(), "<<<<<<<")

    checked = vhuis("check", store=store)

    assert checked.exit_code == 3
    assert f"cases/2026-001.yaml:{line}: unresolved merge conflict (<<<<<<<) at line {line}" in checked.stdout
    assert "git checkout --ours cases/2026-001.yaml (or --theirs)" in checked.stdout
    assert "could not find expected ':'" not in checked.stdout


def test_read_commands_refuse_a_file_with_conflict_markers_by_name(tmp_path: Path, vhuis: Invoke) -> None:
    store = merged_with_a_clash(tmp_path)

    owes = vhuis("owes", store=store)
    assert owes.exit_code == 0 and "Verlichting" in owes.stdout
    assert "cases/2026-001.yaml" in owes.stderr and "unresolved merge conflict" in owes.stderr
    shown = vhuis("case", "show", "2026-001", store=store)
    assert (
        shown.exit_code == 3 and "cases/2026-001.yaml" in shown.stderr and "unresolved merge conflict" in shown.stderr
    )


def test_conflict_markers_in_partners_yaml_are_named(tmp_path: Path, vhuis: Invoke) -> None:
    clash = PARTNERS.lstrip("\n").replace(
        "  name: Lokale politie\n", "<<<<<<< HEAD\n  name: Lokale politie\n=======\n  name: Politiezone\n>>>>>>> b\n"
    )
    store = store_of(tmp_path, {"cases/2026-001.yaml": CASE})
    (store / "partners.yaml").write_text(clash)

    shown = vhuis("case", "show", "2026-001", store=store)

    assert shown.exit_code == 3
    assert "partners.yaml:2: unresolved merge conflict (<<<<<<<) at line 2" in shown.stderr
