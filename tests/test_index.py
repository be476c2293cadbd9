"""The index never changes an answer: it agrees with a full parse after every kind of change."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from conftest import TODAY, Invoke, git

from vhuis import vocab
from vhuis.clock import today
from vhuis.domain.owes import owed
from vhuis.domain.report import case_rows
from vhuis.model import Case
from vhuis.storage.index import LEFT_OUT, VERSION, case_schema, index_path
from vhuis.storage.store import Store


def age(store: Path, seconds: float = 60) -> None:
    """Make every file look older than the index's racy window, as on a store in daily use."""
    past = time.time() - seconds
    for path in store.rglob("*.yaml"):
        if ".git" not in path.parts:
            os.utime(path, (past, past))


def as_model(case: Case) -> dict[str, Any]:
    """What a digest must hold of a case: every field of the model but the long texts, and its measures and place."""
    return {
        **case.model_dump(mode="python", exclude=LEFT_OUT, by_alias=False),
        "measures": [m.model_dump(mode="python") for m in case.measures],
        "where": case.where,
        "goal_count": case.goal_count,
    }


def as_digest(digest: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """A digest's attributes as plain dicts, each of the type the model gives it (an enum member, not its text)."""
    found = {}
    for name, kind in schema.items():
        value = getattr(digest, name)
        if isinstance(kind, dict) and value is not None:  # a list of entries, or one record (an evaluation)
            rows = value if isinstance(value, list) else [value]
            read = [as_digest(row, {f: k for f, k in kind.items() if hasattr(row, f)}) for row in rows]
            value = read if isinstance(value, list) else read[0]
        elif isinstance(kind, str) and kind.startswith("enum:") and value is not None:
            assert type(value) is getattr(vocab, kind[5:]), (name, value)
        found[name] = value
    return found


def answers(store: Path) -> tuple[list[dict[str, object]], list[dict[str, object]], list[str]]:
    """owes and case list from the index, next to the same from a full parse; every digest holds its case."""
    found = Store(store)
    digests, problems = found.digests()
    cases, full_problems = found.cases()
    assert [str(p) for p in problems] == [str(p) for p in full_problems]
    schema = case_schema()
    assert [as_digest(d, schema) for d in digests] == [as_model(c) for c in cases]
    assert [o.as_json() for o in owed(digests, today())] == [o.as_json() for o in owed(cases, today())]
    assert case_rows(digests) == case_rows(cases)
    return [o.as_json() for o in owed(digests, today())], case_rows(digests), [str(p) for p in problems]


def cached_names(store: Path) -> set[str]:
    document = json.loads(index_path(store / ".git").read_text())
    return set(document["entries"])


def test_index_agrees_with_a_full_parse_and_is_used(example_store: Path) -> None:
    age(example_store)
    first = answers(example_store)
    assert cached_names(example_store) == {f"cases/{p.name}" for p in (example_store / "cases").glob("*.yaml")}
    assert answers(example_store) == first


def test_a_hand_edit_is_seen_at_once(example_store: Path) -> None:
    age(example_store)
    answers(example_store)
    case_file = example_store / "cases/2026-007.yaml"
    case_file.write_text(case_file.read_text().replace("due: 2026-11-06", "due: 2026-12-24"))
    owes, _, _ = answers(example_store)
    item = next(o for o in owes if o["case"] == "2026-007" and o["commitment"] == "C1")
    assert item["due"] == "2026-12-24" and item["days_overdue"] == 0


def test_a_broken_file_is_named_on_every_run_and_a_fixed_one_comes_back(example_store: Path) -> None:
    age(example_store)
    case_file = example_store / "cases/2026-005.yaml"
    good = case_file.read_text()
    case_file.write_text(good.replace("status: monitoring", "status: kapot"))
    age(example_store)
    for _ in range(2):
        _, rows, problems = answers(example_store)
        assert "2026-005" not in {r["id"] for r in rows}
        assert any("cases/2026-005.yaml" in p and "'kapot'" in p for p in problems)
    case_file.write_text(good)
    _, rows, problems = answers(example_store)
    assert "2026-005" in {r["id"] for r in rows} and problems == []


def test_a_branch_switch_and_a_merge(example_store: Path) -> None:
    age(example_store)
    answers(example_store)
    git(example_store, "checkout", "-q", "-b", "elders")
    case_file = example_store / "cases/2026-009.yaml"
    case_file.write_text(case_file.read_text().replace("due: 2026-12-05", "due: 2026-11-01"))
    (example_store / "cases/2026-011.yaml").unlink()
    git(example_store, "commit", "-qam", "elders")
    on_branch = answers(example_store)
    assert "2026-011" not in {r["id"] for r in on_branch[1]}
    git(example_store, "checkout", "-q", "main")
    on_main = answers(example_store)
    assert "2026-011" in {r["id"] for r in on_main[1]}
    assert on_main != on_branch
    git(example_store, "merge", "-q", "elders")
    assert answers(example_store) == on_branch


def test_a_corrupt_or_foreign_index_is_rebuilt(example_store: Path) -> None:
    age(example_store)
    truth = answers(example_store)
    path = index_path(example_store / ".git")
    for junk in (
        "{not json",
        json.dumps({"version": 999, "entries": {}}),
        json.dumps({"version": VERSION, "entries": {"cases/2026-003.yaml": 5}}),
    ):
        path.write_text(junk)
        assert answers(example_store) == truth
    assert json.loads(path.read_text())["version"] == VERSION


def test_cli_owes_and_list_match_the_files(example_store: Path, vhuis: Invoke) -> None:
    age(example_store)
    assert os.environ["VHUIS_TODAY"] == TODAY
    cold = vhuis("owes", "--json", store=example_store).stdout
    warm = vhuis("owes", "--json", store=example_store).stdout
    assert cold == warm
    expected = [o.as_json() for o in owed(Store(example_store).cases()[0], today())]
    assert json.loads(warm) == expected


def test_check_from_the_index_sees_every_hand_edit(example_store: Path, vhuis: Invoke) -> None:
    age(example_store)
    assert vhuis("check", "--json", store=example_store).stdout == vhuis("check", "--json", store=example_store).stdout
    case_file = example_store / "cases/2026-009.yaml"
    case_file.write_text(case_file.read_text().replace("Bezorgde ouders vinden", "Mevrouw (0470 12 34 56) vindt"))
    found = json.loads(vhuis("check", "--json", store=example_store).stdout)
    assert found["ok"] is False
    assert [(p["file"], p["field"]) for p in found["problems"]] == [("cases/2026-009.yaml", "signals[0].summary")]
    partners = example_store / "partners.yaml"
    partners.write_text(partners.read_text().replace("- id: zol\n", "- id: ziekenhuis\n"))
    found = json.loads(vhuis("check", "--json", store=example_store).stdout)
    assert {(p["file"], p["field"]) for p in found["problems"]} == {
        ("cases/2026-009.yaml", "signals[0].summary"),
        ("cases/2026-009.yaml", "partners[4]"),
        ("cases/2026-009.yaml", "signals[2].partner"),
        ("meetings/2026-11-12.yaml", "excused[0]"),
        ("vhuis.yaml", "charter.participants[15]"),  # the example's charter names every partner
    }


def test_parsing_on_every_core_gives_the_same_answers(example_store: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("vhuis.storage.index.PARALLEL_FROM", 1)
    age(example_store)
    in_parallel = answers(example_store)
    monkeypatch.setattr("vhuis.storage.index.PARALLEL_FROM", 10_000)
    index_path(example_store / ".git").unlink()
    assert answers(example_store) == in_parallel


def test_cases_are_listed_in_id_order_past_999(example_store: Path, vhuis: Invoke) -> None:
    source = (example_store / "cases/2026-011.yaml").read_text()
    for number in ("999", "1000"):
        (example_store / f"cases/2026-{number}.yaml").write_text(source.replace("id: 2026-011", f"id: 2026-{number}"))
    ids = [row["id"] for row in json.loads(vhuis("case", "list", "--json", store=example_store).stdout)]
    assert ids[-3:] == ["2026-011", "2026-999", "2026-1000"]
