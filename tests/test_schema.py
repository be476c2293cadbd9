"""JSON Schemas for editors: made from the models, they take what vhuis takes and refuse what check refuses."""

from __future__ import annotations

import functools
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CASE, PARTNERS, ROOT, Invoke, clean, git, head
from jsonschema import Draft202012Validator

from vhuis.domain.checks import check_store
from vhuis.storage import schema as schemas
from vhuis.storage import yamlfile
from vhuis.storage.schema import DRAFT, KINDS, editor_extensions, editor_settings, schema, schema_text
from vhuis.storage.store import Store

SETTINGS = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n"


class LanguageServerLoader(yaml.SafeLoader):
    """YAML 1.2's core schema, as yaml-language-server reads a file: ``2026-03-01`` and ``yes`` stay strings."""


LanguageServerLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
):
    LanguageServerLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))
LanguageServerLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(_kind(kind)), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _kind(name: str) -> schemas.Kind:
    return next(kind for kind in KINDS if kind.name == name)


def schema_errors(kind: str, text: str) -> list[str]:
    """What the schema says of ``text`` as the language server reads it (and as vhuis reads it: the same verdict)."""
    seen = yaml.load(text, Loader=LanguageServerLoader)
    said = [error.message for error in validator(kind).iter_errors(seen)]
    as_vhuis = [error.message for error in validator(kind).iter_errors(yamlfile.load(text, "f"))]
    assert bool(said) == bool(as_vhuis), (said, as_vhuis)
    return said


def test_every_kind_has_a_valid_draft_2020_12_schema_with_descriptions() -> None:
    assert [kind.name for kind in KINDS] == ["case", "meeting", "partners", "settings", "inbox", "areas"]
    for kind in KINDS:
        made = schema(kind)
        Draft202012Validator.check_schema(made)
        assert made["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
        assert made["title"]
    case = schema(_kind("case"))
    assert case["properties"]["opened"]["description"] == "The day the case was opened (YYYY-MM-DD)."
    assert case["properties"]["opened"]["format"] == "date"
    assert case["$defs"]["Commitment"]["properties"]["due"]["description"] == "The day it is due (YYYY-MM-DD)."
    assert case["additionalProperties"] is False


# -- accepted: every file vhuis reads ---------------------------------------------------


def _example_files() -> list[tuple[str, Path]]:
    found = [("case", path) for path in sorted((ROOT / "cases").glob("*.yaml"))]
    found += [("meeting", path) for path in sorted((ROOT / "meetings").glob("*.yaml"))]
    return [*found, ("partners", ROOT / "partners.yaml"), ("settings", ROOT / "vhuis.yaml")]


@pytest.mark.parametrize(("kind", "path"), _example_files(), ids=lambda value: getattr(value, "name", value))
def test_the_schema_accepts_every_example_file(kind: str, path: Path) -> None:
    assert schema_errors(kind, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("kind", "text"), [("case", CASE), ("partners", PARTNERS), ("settings", SETTINGS)])
def test_the_schema_accepts_the_files_of_the_tests_stores(kind: str, text: str) -> None:
    assert schema_errors(kind, textwrap.dedent(text)) == []


def test_a_date_is_a_string_with_format_date_as_the_language_server_reads_it() -> None:
    """``date: 2026-03-01`` is a string to yaml-language-server (YAML 1.2), checked as format date."""
    signal = "- id: I1\n  date: {day}\n  source: citizen\n  summary: Lawaai\n"
    assert yaml.load(signal.format(day="2026-03-01"), Loader=LanguageServerLoader)[0]["date"] == "2026-03-01"
    assert schema_errors("inbox", signal.format(day="2026-03-01")) == []
    for wrong in ("15-03-2026", "2026-02-30"):
        assert schema_errors("inbox", signal.format(day=wrong)) == [f"'{wrong}' is not a 'date'"]
    assert schema_errors("inbox", signal.format(day="20260301")) == ["20260301 is not of type 'string'"]  # a number


def test_the_schema_takes_an_empty_list_left_blank_as_vhuis_does() -> None:
    """``themes:`` with nothing after it is an empty list to vhuis, so the schema takes null there too."""
    text = textwrap.dedent(CASE).replace("themes:\n  - overlast\n", "themes:\n").replace("decisions: []", "decisions:")
    assert schema_errors("case", text) == []
    assert schema_errors("meeting", "date: 2026-11-12\npresent:\ncases:\n") == []


def test_the_new_files_inbox_and_areas_have_schemas() -> None:
    inbox = """
    - id: I1
      date: 2026-11-20
      source: citizen
      partner: null
      area: Bret
      group: null
      themes: [overlast]
      summary: Lawaai 's nachts
      status: linked
      case: 2026-007
      reason: null
    """
    assert schema_errors("inbox", textwrap.dedent(inbox)) == []
    assert (
        schema_errors("areas", "- name: Bret\n  municipality: Genk\n  kind: wijk\n- name: Station\n  kind: hotspot\n")
        == []
    )


# -- refused: what check refuses for shape ------------------------------------------------

BROKEN = [
    ("case", "cases/2026-001.yaml", CASE.replace("title: Overlast aan het station\n", "")),  # a missing field
    ("case", "cases/2026-001.yaml", CASE.replace("status: reported", "status: plannd")),  # a value not in the list
    ("case", "cases/2026-001.yaml", CASE.replace("title:", "titel:")),  # a key vhuis does not know
    ("case", "cases/2026-001.yaml", CASE.replace("opened: 2026-03-02", "opened: 02-03-2026")),  # a date
    ("case", "cases/2026-001.yaml", CASE.replace("date: 2026-03-01", "date: 2026-02-30")),  # a day that is not
    ("case", "cases/2026-001.yaml", CASE.replace("source: citizen", "source: burger")),
    ("case", "cases/2026-001.yaml", CASE.replace("themes:\n  - overlast", "themes: overlast")),  # not a list
    ("case", "cases/2026-001.yaml", CASE.replace("lead: preventiedienst", "lead: Preventie Dienst")),
    ("meeting", "meetings/2026-11-12.yaml", "date: 2026-11-12\npresent: [politie]\nnotulen: kort\n"),
    ("meeting", "meetings/2026-11-12.yaml", "title: Overleg\npresent: [politie]\n"),
    ("partners", "partners.yaml", PARTNERS.replace("kind: police", "kind: polizie")),
    ("partners", "partners.yaml", PARTNERS.replace("  name: NMBS\n", "")),
    ("settings", "vhuis.yaml", "name: Veiligheidshuis Test\nlanguage: fr\n"),
    ("settings", "vhuis.yaml", "name: Veiligheidshuis Test\ncolour: blue\n"),
    ("inbox", "inbox.yaml", "- id: I1\n  date: 2026-11-20\n  source: citizen\n  summary: x\n  status: gekoppeld\n"),
    ("inbox", "inbox.yaml", "- id: I1\n  date: 2026-11-20\n  source: citizen\n"),
    ("areas", "areas.yaml", "- name: Station\n  kind: hotspott\n"),
    ("areas", "areas.yaml", "- name: Station\n  kind: hotspot\n  wijk: Centrum\n"),
]


@pytest.mark.parametrize(("kind", "name", "text"), BROKEN)
def test_the_schema_and_check_refuse_the_same_broken_files(tmp_path: Path, kind: str, name: str, text: str) -> None:
    files = {"vhuis.yaml": SETTINGS, "partners.yaml": PARTNERS, name: text}
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    refused = [p for p in check_store(Store(tmp_path)) if p.severity == "error"]
    assert refused and {p.file for p in refused} == {name}, refused
    assert schema_errors(kind, textwrap.dedent(text)) != []


def test_check_reads_inbox_and_areas_when_they_are_there(small_store: Path, vhuis: Invoke) -> None:
    (small_store / "areas.yaml").write_text(
        "- name: Bret\n  kind: wijk\n- name: Bret\n  kind: wijk\n", encoding="utf-8"
    )
    (small_store / "inbox.yaml").write_text("- id: X1\n  date: 2026-11-20\n  source: citizen\n  summary: x\n")
    shown = vhuis("check", store=small_store)
    assert shown.exit_code == 3, shown
    assert "areas.yaml:3: [1].name: 'Bret' is listed twice" in shown.stdout
    assert "inbox.yaml:1: [0].id: 'X1' is not an inbox id (I1, I2, ...)" in shown.stdout


# -- the store set up for editors --------------------------------------------------------


def test_init_sets_the_store_up_for_editors(tmp_path: Path, vhuis: Invoke) -> None:
    shown = vhuis("init", str(tmp_path / "store"))
    assert shown.exit_code == 0, shown
    root = tmp_path / "store"
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        ".vhuis/schema/case.schema.json": "cases/*.yaml",
        ".vhuis/schema/meeting.schema.json": "meetings/*.yaml",
        ".vhuis/schema/partners.schema.json": "partners.yaml",
        ".vhuis/schema/settings.schema.json": "vhuis.yaml",
        ".vhuis/schema/inbox.schema.json": "inbox.yaml",
        ".vhuis/schema/areas.schema.json": "areas.yaml",
    }
    for kind in KINDS:
        assert (root / ".vhuis/schema" / kind.file_name).read_text(encoding="utf-8") == schema_text(kind)
    extensions = json.loads((root / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1" and clean(root)
    assert ".vscode/settings.json" in git(root, "ls-files")
    assert vhuis("check", store=root).stderr.strip() == "de opslag is in orde"


def test_schema_out_writes_one_file_per_kind_without_a_store(tmp_path: Path, vhuis: Invoke, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    shown = vhuis("schema", "--out", "schemas")
    assert shown.exit_code == 0, shown
    assert "6 schema's geschreven naar schemas" in shown.stderr  # no store open: Dutch, the office's language
    written = sorted(path.name for path in (tmp_path / "schemas").iterdir())
    assert written == sorted(
        f"{name}.schema.json" for name in ("case", "meeting", "partners", "settings", "inbox", "areas")
    )
    for path in (tmp_path / "schemas").iterdir():
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_schema_out_dash_prints_every_schema(vhuis: Invoke) -> None:
    shown = vhuis("schema", "--out", "-")
    assert shown.exit_code == 0, shown
    printed = json.loads(shown.stdout)
    assert list(printed) == [kind.name for kind in KINDS]
    assert printed["case"] == schema(_kind("case"))


def test_schema_out_refuses_a_file(tmp_path: Path, vhuis: Invoke) -> None:
    (tmp_path / "taken").write_text("mine\n", encoding="utf-8")
    shown = vhuis("schema", "--out", str(tmp_path / "taken"))
    assert shown.exit_code == 2, shown
    assert "is een bestand; geef een map voor de schemabestanden" in shown.stderr
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine\n"


def test_schema_brings_an_existing_store_up_to_date_in_one_commit(small_store: Path, vhuis: Invoke) -> None:
    before = head(small_store)
    shown = vhuis("schema", store=small_store)
    assert shown.exit_code == 0, shown
    changed = git(small_store, "diff", "--name-only", before, "HEAD").split()
    assert sorted(changed) == sorted(
        [".vscode/settings.json", ".vscode/extensions.json", *(f".vhuis/schema/{k.file_name}" for k in KINDS)]
    )
    assert git(small_store, "rev-list", "--count", f"{before}..HEAD").strip() == "1" and clean(small_store)
    again = head(small_store)
    shown = vhuis("schema", store=small_store)
    assert "the editor schemas are up to date" in shown.stderr + shown.stdout
    assert head(small_store) == again


def test_check_warns_when_the_stores_schemas_are_out_of_date(small_store: Path, vhuis: Invoke) -> None:
    vhuis("schema", store=small_store)
    old = small_store / ".vhuis/schema/case.schema.json"
    old.write_text(old.read_text(encoding="utf-8").replace('"reported",', ""), encoding="utf-8")
    git(small_store, "commit", "-qam", "an older vhuis's schema")
    shown = vhuis("check", store=small_store)
    assert shown.exit_code == 0, shown  # a warning
    assert ".vhuis/schema/case.schema.json: is out of date: 'vhuis schema' brings" in shown.stdout
    vhuis("schema", store=small_store)
    assert vhuis("check", store=small_store).stderr.strip() == "the store is in order"


def test_schema_says_in_dutch_what_it_did(example_store: Path, vhuis: Invoke) -> None:
    shown = vhuis("schema", store=example_store)
    assert "in één commit" in shown.stderr + shown.stdout
    assert "up to date" not in shown.stderr + shown.stdout


def test_the_editor_settings_keep_what_else_they_hold() -> None:
    mine = {"editor.tabSize": 2, "yaml.schemas": {"other.json": "x.yaml", ".vhuis/schema/old.schema.json": "y.yaml"}}
    merged = json.loads(editor_settings(json.dumps(mine)) or "")
    assert merged["editor.tabSize"] == 2
    assert merged["yaml.schemas"]["other.json"] == "x.yaml"
    assert ".vhuis/schema/old.schema.json" not in merged["yaml.schemas"]
    assert merged["yaml.schemas"][".vhuis/schema/case.schema.json"] == "cases/*.yaml"
    assert editor_settings('{\n  // mine\n  "editor.tabSize": 2\n}\n') is None  # JSON with comments: left alone
    assert json.loads(editor_extensions('{"recommendations": ["a.b"]}') or "") == {
        "recommendations": ["a.b", "redhat.vscode-yaml"]
    }


def test_schema_leaves_editor_settings_with_comments_alone(small_store: Path, vhuis: Invoke) -> None:
    own = '{\n  // the office\'s own\n  "editor.tabSize": 2\n}\n'
    (small_store / ".vscode").mkdir()
    (small_store / ".vscode/settings.json").write_text(own, encoding="utf-8")
    git(small_store, "add", ".vscode")
    git(small_store, "commit", "-qm", "own settings")
    shown = vhuis("schema", store=small_store)
    assert shown.exit_code == 0, shown
    assert ".vscode/settings.json is left as it is: it is not plain JSON" in shown.stderr
    assert (small_store / ".vscode/settings.json").read_text(encoding="utf-8") == own
    assert (small_store / ".vhuis/schema/case.schema.json").is_file() and clean(small_store)


def test_init_leaves_a_folders_own_editor_settings_alone(tmp_path: Path, vhuis: Invoke) -> None:
    own = '{\n  "editor.tabSize": 4\n}\n'
    (tmp_path / "store/.vscode").mkdir(parents=True)
    (tmp_path / "store/.vscode/settings.json").write_text(own, encoding="utf-8")
    shown = vhuis("init", str(tmp_path / "store"))
    assert shown.exit_code == 0, shown
    root = tmp_path / "store"
    assert (root / ".vscode/settings.json").read_text(encoding="utf-8") == own
    assert ".vscode/settings.json" not in git(root, "ls-files")
    assert (root / ".vhuis/schema/case.schema.json").is_file() and (root / ".vscode/extensions.json").is_file()


def test_schema_out_in_a_store_speaks_the_stores_language(small_store: Path, tmp_path: Path, vhuis: Invoke) -> None:
    shown = vhuis("schema", "--out", str(tmp_path / "schemas"), store=small_store)  # small_store is English
    assert shown.exit_code == 0, shown
    assert f"6 schemas written to {tmp_path / 'schemas'}" in shown.stderr
    assert clean(small_store)  # nothing written in the store


def test_a_killed_schema_write_leaves_nothing_vhuis_does_not_find(tmp_path: Path) -> None:
    """The schema files and VS Code's are written as every store file: what a killed writer left is found."""
    from vhuis.storage import leftovers

    for folder in (".vhuis/schema", ".vscode"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / ".settings.json.4194303.abcdefgh.tmp").write_text("{", encoding="utf-8")
    found = [leftover.path.relative_to(tmp_path).as_posix() for leftover in leftovers.find(tmp_path)]
    assert found == [".vhuis/schema/.settings.json.4194303.abcdefgh.tmp", ".vscode/.settings.json.4194303.abcdefgh.tmp"]
