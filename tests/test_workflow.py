"""A case from first signal to commitments, each step one readable commit."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Invoke, clean, git, head

from vhuis.storage import yamlfile


def commits(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


def files_of(root: Path, rev: str = "HEAD") -> list[str]:
    return git(root, "show", "--name-only", "--format=", rev).split()


def test_a_case_from_first_signal_to_commitment(tmp_path: Path, vhuis: Invoke) -> None:
    store = tmp_path / "genk"
    assert vhuis("init", str(store), "--name", "Veiligheidshuis Genk", "--city", "Genk").exit_code == 0
    assert (store / ".gitattributes").read_text().count("merge=vhuis") == 5
    for pid, name, kind in (
        ("politie", "Lokale politie", "police"),
        ("preventiedienst", "Preventiedienst", "city-service"),
    ):
        assert vhuis("partner", "add", pid, "--name", name, "--kind", kind, store=store).stdout == f"{pid}\n"

    new = vhuis(
        "case",
        "new",
        "Overlast in de stationshal",
        "--approach",
        "area",
        "--area",
        "Stationsomgeving",
        "--theme",
        "overlast",
        "--lead",
        "preventiedienst",
        "--partner",
        "politie",
        "--opened",
        "2026-03-02",
        store=store,
    )
    assert new.exit_code == 0
    assert new.stdout == "2026-001\n"
    assert "geopend" in new.stderr

    steps = [
        (
            [
                "signal",
                "add",
                "2026-001",
                "--source",
                "citizen",
                "--summary",
                "Jongeren hangen rond",
                "--date",
                "2026-03-01",
            ],
            "S1\n",
            "2026-001: add signal S1 from citizen (2026-03-01)",
        ),
        (
            ["signal", "add", "2026-001", "--source", "partner", "--partner", "politie", "--summary", "Vechtpartij"],
            "S2\n",
            "2026-001: add signal S2 from partner (2026-11-27)",
        ),
        (
            ["analysis", "set", "2026-001", "--problem", "Overlast", "--environment", "Donkere hal"],
            "",
            "2026-001: set analysis (problem, environment)",
        ),
        (
            [
                "measure",
                "add",
                "2026-001",
                "Avondrondes",
                "--type",
                "preventive",
                "--phase",
                "prevention",
                "--owner",
                "preventiedienst",
            ],
            "M1\n",
            "2026-001: add measure M1 (preventive, prevention) for preventiedienst",
        ),
        (
            [
                "commitment",
                "add",
                "2026-001",
                "--partner",
                "politie",
                "--action",
                "Patrouilles",
                "--due",
                "2026-04-30",
                "--measure",
                "M1",
                "--made",
                "2026-03-15",
            ],
            "C1\n",
            "2026-001: add commitment C1 for politie (due 2026-04-30)",
        ),
        (
            [
                "commitment",
                "add",
                "2026-001",
                "--partner",
                "preventiedienst",
                "--action",
                "Infoavond",
                "--due",
                "2026-12-20",
            ],
            "C2\n",
            "2026-001: add commitment C2 for preventiedienst (due 2026-12-20)",
        ),
        (
            ["decision", "add", "2026-001", "Beelden wekelijks bespreken", "--date", "2026-03-15"],
            "",
            "2026-001: add decision of 2026-03-15",
        ),
        (["case", "status", "2026-001", "planned"], "", "2026-001: status reported -> planned"),
    ]
    for args, printed, message in steps:
        before = head(store)
        outcome = vhuis(*args, store=store)
        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.stdout == printed
        assert git(store, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
        assert commits(store)[0] == message
        assert files_of(store) == ["cases/2026-001.yaml"]
        assert git(store, "log", "-1", "--format=%an <%ae>").strip() == "Sarah Test <sarah.test@genk.example>"
    assert clean(store)

    owes = json.loads(vhuis("owes", "--json", store=store).stdout)
    assert owes == [
        {
            "partner": "politie",
            "case": "2026-001",
            "commitment": "C1",
            "action": "Patrouilles",
            "due": "2026-04-30",
            "days_overdue": 211,
            "postponed": 0,
            "escalated": True,  # overdue more than 30 days
        },
        {
            "partner": "preventiedienst",
            "case": "2026-001",
            "commitment": "C2",
            "action": "Infoavond",
            "due": "2026-12-20",
            "days_overdue": 0,
            "postponed": 0,
            "escalated": False,
        },
    ]
    people = vhuis("owes", store=store).stdout
    assert "Lokale politie (politie)" in people and "termijn 211 dagen overschreden" in people

    assert vhuis("commitment", "done", "2026-001", "C1", "--date", "2026-05-02", store=store).exit_code == 0
    assert commits(store)[0] == "2026-001: commitment C1 of politie done (2026-05-02, 2 days late)"
    assert [o["commitment"] for o in json.loads(vhuis("owes", "--json", store=store).stdout)] == ["C2"]

    shown = json.loads(vhuis("case", "show", "2026-001", "--json", store=store).stdout)
    on_disk = yamlfile.load((store / "cases/2026-001.yaml").read_text(), "x")
    assert shown["signals"][1]["partner"] == "politie"
    assert shown["plan"]["measures"][0]["id"] == "M1"
    assert shown["commitments"][0]["done"] == "2026-05-02"
    assert list(shown) == list(on_disk)
    assert vhuis("check", store=store).exit_code == 0


def test_case_list_json_shape_and_filters(example_store: Path, vhuis: Invoke) -> None:
    rows = json.loads(vhuis("case", "list", "--json", store=example_store).stdout)
    assert len(rows) >= 5
    assert set(rows[0]) == {"id", "title", "status", "approach", "area", "group", "themes", "lead"}
    assert {r["approach"] for r in rows} == {"area", "group"}
    active = json.loads(vhuis("case", "list", "--status", "active", "--json", store=example_store).stdout)
    assert [r["status"] for r in active] == ["active"] * len(active) and active
    drugs = json.loads(vhuis("case", "list", "--theme", "drugs", "--json", store=example_store).stdout)
    assert [r["id"] for r in drugs] == ["2026-009"]
    nmbs = json.loads(vhuis("case", "list", "--partner", "nmbs", "--json", store=example_store).stdout)
    assert [r["id"] for r in nmbs] == ["2026-003"]
    park = json.loads(vhuis("case", "list", "--area", "stadspark", "--json", store=example_store).stdout)
    assert [r["id"] for r in park] == ["2026-009"]


def test_owes_filters_and_as_of(example_store: Path, vhuis: Invoke) -> None:
    everything = json.loads(vhuis("owes", "--json", store=example_store).stdout)
    overdue = [o["days_overdue"] for o in everything]
    assert overdue == sorted(overdue, reverse=True)
    only = json.loads(vhuis("owes", "nmbs", "--json", store=example_store).stdout)
    assert {o["partner"] for o in only} == {"nmbs"}
    late = json.loads(vhuis("owes", "--overdue", "--json", store=example_store).stdout)
    assert late and all(o["days_overdue"] > 0 for o in late)
    # On 2026-05-01 commitment C2 of 2026-003 (done 2026-06-20) was still open; C5 (made 2026-11-12) did not exist yet.
    back = json.loads(vhuis("owes", "--on", "2026-05-01", "--json", store=example_store).stdout)
    keys = {(o["case"], o["commitment"]) for o in back}
    assert ("2026-003", "C2") in keys and ("2026-003", "C5") not in keys


def test_read_commands_change_nothing(example_store: Path, vhuis: Invoke) -> None:
    before = head(example_store)
    for args in (
        ["case", "list"],
        ["case", "show", "2026-003"],
        ["owes"],
        ["check"],
        ["partner", "list"],
        ["case", "list", "--json"],
    ):
        assert vhuis(*args, store=example_store).exit_code == 0
    assert head(example_store) == before and clean(example_store)


def test_store_is_found_upward_and_by_option(example_store: Path, vhuis: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(example_store / "cases")
    assert "2026-003" in vhuis("case", "list").stdout
    monkeypatch.chdir(example_store.parent)
    assert "2026-003" in vhuis("case", "list", "--store", str(example_store)).stdout
    assert "2026-003" in vhuis("--store", str(example_store), "case", "list").stdout


def test_status_moves(small_store: Path, vhuis: Invoke) -> None:
    assert vhuis("case", "status", "2026-001", "active", store=small_store).exit_code == 0  # skipping ahead
    assert vhuis("case", "status", "2026-001", "planned", store=small_store).exit_code == 0  # one back
    refused = vhuis("case", "status", "2026-001", "reported", store=small_store)  # two back
    assert refused.exit_code != 0 and "cannot go from planned to reported" in refused.stderr
    assert vhuis("case", "status", "2026-001", "dismissed", "--reason", "Eenmalig", store=small_store).exit_code == 0
    assert vhuis("case", "status", "2026-001", "reported", store=small_store).exit_code == 0  # reopened


def test_init_example_gives_a_working_store_in_one_commit(tmp_path: Path, vhuis: Invoke) -> None:
    store = tmp_path / "voorbeeld"
    made = vhuis("init", str(store), "--example")
    assert made.exit_code == 0, made.stderr
    assert git(store, "rev-list", "--count", "HEAD").strip() == "1"
    assert clean(store)
    assert len(list((store / "cases").glob("*.yaml"))) >= 5
    assert vhuis("check", store=store).exit_code == 0
    assert json.loads(vhuis("owes", "--json", store=store).stdout)
    again = vhuis("init", str(store))
    assert again.exit_code == 5 and "is al een vhuis-opslag" in again.stderr
