"""Issue 11, the text and values that come in (arguments, $EDITOR, files, environment) and how user text is shown.

Each test fails on the code before the fix: a non-UTF-8 argument, control characters and line breaks,
rich markup in user text, loose date forms, messages naming options that do not exist, dates outside
their limits, partner addresses without '@', and unusable environment variables.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, get_args, get_origin

import pytest
from conftest import Invoke, clean, git, head

from vhuis.collab.history import history
from vhuis.errors import InvalidData
from vhuis.model import Case, Decision, Meeting, Partner, Record, Settings
from vhuis.storage import yamlfile
from vhuis.storage.store import Store, parse

CASE_FILE = "cases/2026-001.yaml"


def run_vhuis(store: Path, *args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """vhuis in its own process: arguments may be bytes, as a terminal that does not send UTF-8 gives them."""
    return subprocess.run(
        [sys.executable, "-m", "vhuis", "--store", str(store), *args],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        env={**os.environ, "LC_ALL": "C.UTF-8", **(env or {})},
        check=False,
    )


def unchanged(store: Path, before: str) -> bool:
    return head(store) == before and clean(store)


def hand_edit(store: Path, old: str, new: str, name: str = CASE_FILE) -> None:
    path = store / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- item 2: a non-UTF-8 argument ---------------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_written(small_store: Path) -> None:
    before = head(small_store)
    result = run_vhuis(small_store, "decision", "add", "2026-001", "--", b"Caf\xe9 op de hoek")
    assert result.returncode == 2, result.stderr
    assert "TEXT: holds byte 0xe9, which is not UTF-8: the terminal must send UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
    assert unchanged(small_store, before)


def test_the_yaml_writer_never_writes_a_lone_surrogate() -> None:
    with pytest.raises(InvalidData) as refused:
        yamlfile.dump({"decisions": [{"date": date(2026, 3, 1), "text": "Caf\udce9"}]})
    assert [str(p) for p in refused.value.problems] == [
        "decisions[0].text: holds text that is not valid Unicode (a byte that is not UTF-8?)"
    ]


def test_an_editor_that_saves_bytes_that_are_not_utf8_gets_the_line_named(
    small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    editor = tmp_path / "latin1-editor"
    editor.write_text(f"#!{sys.executable}\nimport sys\nopen(sys.argv[1], 'ab').write(b'# Caf\\xe9 op de hoek\\n')\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    before = head(small_store)
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 2
    assert "cases/2026-001.yaml:23: byte 0xe9 is not UTF-8; save the file as UTF-8" in outcome.stderr
    assert "failed unexpectedly" not in outcome.stderr
    assert unchanged(small_store, before)


# -- item 8: control characters and line breaks -------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["case", "new", "Overlast\x1emarkt", "--approach", "area", "--area", "Markt"],
            "TITLE: holds the control character \\x1e (at position 9)",
        ),
        (
            ["decision", "add", "2026-001", "--", "\x1b[2J\x1b]52;c;aGFsbG8=\x07"],
            "TEXT: holds the control character \\x1b (at position 1)",
        ),
        (
            ["signal", "add", "2026-001", "--source", "citizen", "--summary", "melding\x85"],
            "--summary: holds the control character \\x85",
        ),
        (
            ["decision", "add", "2026-001", "--", "Uit Outlook\r\ngeplakt"],
            "TEXT: holds a carriage return (\\x0d, at position 12); end lines with a newline only",
        ),
        (["case", "new", "Overlast\naan de markt", "--approach", "area", "--area", "Markt"], "TITLE: must be one line"),
        (["case", "new", "Overlast", "--approach", "area", "--area", "Markt\nplein"], "--area: must be one line"),
        (
            ["commitment", "add", "2026-001", "--partner", "politie", "--action", "een\ntwee", "--due", "2026-12-30"],
            "--action: must be one line",
        ),
        (["partner", "add", "buur", "--name", "De\nbuur", "--kind", "other"], "--name: must be one line"),
    ],
    ids=[
        "title-rs",
        "decision-escape",
        "summary-c1",
        "decision-crlf",
        "title-newline",
        "area-newline",
        "action-newline",
        "name",
    ],
)
def test_control_characters_and_line_breaks_in_one_line_fields_are_refused(
    small_store: Path, vhuis: Invoke, args: list[str], message: str
) -> None:
    before = head(small_store)
    outcome = vhuis(*args, store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert "\x1b" not in outcome.stderr and "\x1e" not in outcome.stderr
    assert unchanged(small_store, before)


def test_newline_and_tab_stay_allowed_in_free_text(small_store: Path, vhuis: Invoke) -> None:
    added = vhuis("decision", "add", "2026-001", "--", "Eerste regel\n\tinspringing", store=small_store)
    assert added.exit_code == 0, added.stderr
    shown = json.loads(vhuis("case", "show", "2026-001", "--json", store=small_store).stdout)
    assert shown["decisions"][-1]["text"] == "Eerste regel\n\tinspringing"


def test_check_names_a_hand_edit_that_put_a_control_character_or_line_break_in(
    small_store: Path, vhuis: Invoke
) -> None:
    hand_edit(small_store, "title: Overlast aan het station", 'title: "Overlast\\e[2J aan het station"')
    hand_edit(small_store, "summary: Jongeren hangen rond in de hal.", 'summary: "Jongeren\\x9b hangen rond"')
    hand_edit(small_store, "area: Stationsomgeving", 'area: "Stations-\\nomgeving"')
    outcome = vhuis("check", store=small_store)
    assert outcome.exit_code == 3
    assert "cases/2026-001.yaml:2: title: holds the control character \\x1b (at position 9)" in outcome.stdout
    assert "cases/2026-001.yaml:4: area: must be one line (it holds a line break)" in outcome.stdout
    assert "cases/2026-001.yaml:18: signals[0].summary: holds the control character \\x9b" in outcome.stdout
    listed = vhuis("case", "list", store=small_store)
    assert "cases/2026-001.yaml:2: title: holds the control character" in listed.stderr
    assert "\x1b" not in listed.stdout + listed.stderr


def test_every_text_field_of_every_model_refuses_control_characters() -> None:
    """A new ``str`` field would let control characters in again: every one must use a text type of model.py."""

    text_types = {"_plain", "_line", "_text", "_title", "_partner_id", "_email"}

    def checked(metadata: Sequence[object]) -> bool:
        return any(getattr(getattr(m, "func", None), "__name__", "") in text_types for m in metadata)

    def texts(annotation: object) -> Iterator[bool]:
        """For each ``str`` in a field's type: is it one of model.py's text types?"""
        if annotation is str:
            yield False
        elif get_origin(annotation) is Annotated:
            base, *metadata = get_args(annotation)
            yield from ([checked(metadata)] if base is str else texts(base))
        else:
            for inner in get_args(annotation):
                yield from texts(inner)

    def text_fields(model: type[Record]) -> list[str]:
        found = []
        for name, field in model.model_fields.items():
            kinds = list(texts(field.annotation))
            if field.annotation is str:
                kinds = [checked(field.metadata)]
            assert all(kinds), f"{model.__name__}.{name} holds a bare str"
            found += [name] if kinds else []
        return found

    def every_record(model: type[Record]) -> list[type[Record]]:  # Record's subclasses, and theirs (model.Quiet)
        return [m for sub in model.__subclasses__() for m in (sub, *every_record(sub))]

    records = [Settings, Partner, Case, Meeting, *every_record(Record)]
    fields = {f"{m.__name__}.{f}" for m in records for f in text_fields(m)}
    assert {"Case.title", "Case.area", "Case.themes", "Decision.text", "Partner.email", "Meeting.notes"} <= fields


def test_history_survives_a_commit_message_with_the_old_separator(small_store: Path, vhuis: Invoke) -> None:
    """A commit message may hold \\x1e and \\x1f (a hand commit, or one from before they were refused)."""
    hand_edit(small_store, "status: reported", "status: analysis")
    git(small_store, "commit", "-q", "-am", "Overlast\x1emarkt\x1f en \x1b[2J\x9b gewist")
    entries = list(history(Store(small_store)))
    assert entries[0].message == "Overlast\x1emarkt\x1f en \x1b[2J\x9b gewist"
    assert entries[0].changes == ["status: reported -> analysis"]
    shown = vhuis("history", store=small_store)
    assert shown.exit_code == 0, shown.stderr
    assert "Overlast\\x1emarkt\\x1f en \\x1b[2J\\x9b gewist" in shown.stdout
    assert not any(c in shown.stdout for c in "\x1b\x1e\x1f\x9b")
    as_json = vhuis("history", "--json", store=small_store).stdout
    assert "\x9b" not in as_json and "\\u009b" in as_json
    assert json.loads(as_json)[0]["message"] == entries[0].message


def test_display_shows_control_characters_as_escapes() -> None:
    from vhuis.cli.output import printable

    assert printable("a\x1b]52;c;x\x07b\x9b\nc\td") == "a\\x1b]52;c;x\\x07b\\x9b\nc\td"
    assert printable("Caf\udce9") == "Caf\\xe9"
    assert printable("twee\nregels\u2028", one_line=True) == "twee\\nregels\\u2028"


# -- smaller: user text printed literally -------------------------------------------------------


def test_case_show_prints_user_text_literally(small_store: Path, vhuis: Invoke) -> None:
    text = "Let op :warning: [bold]niet vet[/bold] en een backslash\\"
    assert vhuis("decision", "add", "2026-001", "--", text, store=small_store).exit_code == 0
    assert vhuis("goal", "add", "2026-001", "Pad C:\\temp\\", store=small_store).exit_code == 0
    shown = vhuis("case", "show", "2026-001", store=small_store).stdout
    assert f"  2026-11-27  {text}\n" in shown
    assert "  goal: Pad C:\\temp\\\n" in shown


# -- smaller: only YYYY-MM-DD is a date ---------------------------------------------------------


@pytest.mark.parametrize("text", ["20261015", "2026-W42-4", "2026-10-15T00:00", "2026-1-5", "٢٠٢٦-١٠-١٥"])
def test_only_yyyy_mm_dd_is_a_date_on_the_command_line(text: str, small_store: Path, vhuis: Invoke) -> None:
    add = ("signal", "add", "2026-001", "--source", "citizen", "--summary", "Melding")

    refused = vhuis(*add, "--date", text, store=small_store)
    accepted = vhuis(*add, "--date", "2026-10-15", store=small_store)

    assert refused.exit_code == 2
    assert re.search(r"--date: .* is not a date; write it as YYYY-MM-DD", refused.stderr)
    assert accepted.exit_code == 0, accepted.stderr


@pytest.mark.parametrize("text", ["20261015", "2026-W42-4", "2026-10-15T00:00", "2026-10-15 00:00:00Z", "86400", "0"])
def test_only_yyyy_mm_dd_is_a_date_in_a_file(text: str) -> None:
    with pytest.raises(InvalidData) as refused:
        parse(f"date: '{text}'\ntext: Besluit\n", "x.yaml", Decision)
    assert [str(p) for p in refused.value.problems] == [
        f"x.yaml:1: date: {text!r} is not a date (YYYY-MM-DD, a day that exists)"
    ]
    assert parse("date: 2026-10-15\ntext: Besluit\n", "x.yaml", Decision).date == date(2026, 10, 15)


# -- smaller: messages name what the user typed -------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message", "not_named"),
    [
        (["case", "new", " ", "--approach", "area", "--area", "Markt"], "TITLE: must not be empty", "--title"),
        (["decision", "add", "2026-001", " "], "TEXT: must not be empty", "--text"),
        (["partner", "add", "Bad Id", "--name", "X", "--kind", "other"], "ID: 'Bad Id' is not a partner id", "--id"),
        (
            ["case", "new", "Iets", "--approach", "area", "--area", "Markt", "--opened", "0999-01-01"],
            "--opened: 0999-01-01 is before the first day a case id can name (1000-01-01)",
            "--id",
        ),
        (["case", "status", "2026-001", "planed"], "STATUS: 'planed' is not one of", "--status"),
    ],
    ids=["title", "text", "id", "opened", "status"],
)
def test_messages_name_the_argument_as_the_user_typed_it(
    small_store: Path, vhuis: Invoke, args: list[str], message: str, not_named: str
) -> None:
    before = head(small_store)
    outcome = vhuis(*args, store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert not_named not in outcome.stderr
    assert unchanged(small_store, before)


# -- item 13: dates within their limits ---------------------------------------------------------


def add_commitment(store: Path, vhuis: Invoke) -> None:
    made = vhuis(
        "commitment", "add", "2026-001", "--partner", "politie", "--action", "Patrouille",
        "--made", "2026-03-15", "--due", "2026-04-30", store=store,
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            "2026-01-02",
            "--date: 2026-01-02 is before C1 was made (2026-03-15); give a day from 2026-03-15 to 2026-11-27",
        ),
        ("2026-11-28", "--date: 2026-11-28 is after today (2026-11-27); give a day from 2026-03-15 to 2026-11-27"),
    ],
)
def test_a_commitment_is_done_between_the_day_it_was_made_and_today(
    small_store: Path, vhuis: Invoke, day: str, message: str
) -> None:
    add_commitment(small_store, vhuis)
    before = head(small_store)
    outcome = vhuis("commitment", "done", "2026-001", "C1", "--date", day, store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert unchanged(small_store, before)
    assert vhuis("commitment", "done", "2026-001", "C1", "--date", "2026-03-15", store=small_store).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["signal", "add", "2026-001", "--source", "citizen", "--summary", "Melding", "--date", "2026-12-01"],
            "--date: 2026-12-01 is after today (2026-11-27); give a day up to today (2026-11-27)",
        ),
        (
            ["case", "new", "Iets", "--approach", "area", "--area", "Markt", "--opened", "2027-01-04"],
            "--opened: 2027-01-04 is after today (2026-11-27); give a day from 1000-01-01 to 2026-11-27",
        ),
    ],
    ids=["signal", "opened"],
)
def test_a_signal_or_a_case_is_not_dated_in_the_future(
    small_store: Path, vhuis: Invoke, args: list[str], message: str
) -> None:
    before = head(small_store)
    outcome = vhuis(*args, store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert unchanged(small_store, before)


# -- item 14: a partner's e-mail address --------------------------------------------------------


def test_partner_add_refuses_an_address_without_at(small_store: Path, vhuis: Invoke) -> None:
    before = head(small_store)
    outcome = vhuis(
        "partner", "add", "gaoz", "--name", "Politie GAOZ", "--kind", "police",
        "--email", "info politie-gaoz.example", store=small_store,
    )  # fmt: skip
    assert outcome.exit_code == 2
    assert "--email: 'info politie-gaoz.example' is not an e-mail address (e.g. info@politie.example)" in (
        outcome.stderr
    )
    assert unchanged(small_store, before)


def test_check_names_a_partner_address_without_at(small_store: Path, vhuis: Invoke) -> None:
    hand_edit(small_store, "email: info@politie.example", "email: info politie-gaoz.example", "partners.yaml")
    outcome = vhuis("check", store=small_store)
    assert outcome.exit_code == 3
    assert "partners.yaml:4: [0].email: 'info politie-gaoz.example' is not an e-mail address" in outcome.stdout


def test_an_address_is_one_address() -> None:
    for address in ("info@politie.example", "jeugd.preventie@genk.be"):
        assert Partner(id="p", name="P", kind="police", email=address).email == address
    for wrong in ("info@politie", "info politie@x.example", "a@b@c.example", "Naam <a@b.example>", "a@b.example\n"):
        with pytest.raises(ValueError, match="is not an e-mail address"):
            Partner(id="p", name="P", kind="police", email=wrong)


# -- item 16: environment variables -------------------------------------------------------------


def test_a_lock_timeout_that_is_not_a_number_is_named(
    small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VHUIS_LOCK_TIMEOUT", "abc")
    before = head(small_store)
    result = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert result.exit_code == 2, result.stderr
    assert "VHUIS_LOCK_TIMEOUT: 'abc' is not a number of seconds" in result.stderr
    assert "VHUIS_LOCK_TIMEOUT=30" in result.stderr
    assert unchanged(small_store, before)


def test_a_today_that_is_not_a_date_is_named(small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VHUIS_TODAY", "gisteren")
    before = head(small_store)
    outcome = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert outcome.exit_code == 2
    assert "VHUIS_TODAY: 'gisteren' is not a date; set it as YYYY-MM-DD (e.g. VHUIS_TODAY=2026-04-30)" in (
        outcome.stderr
    )
    assert unchanged(small_store, before)


# -- the example store keeps to every rule ------------------------------------------------------


def test_the_example_store_passes_check(example_store: Path, vhuis: Invoke) -> None:
    outcome = vhuis("check", store=example_store)
    assert outcome.exit_code == 0, outcome.stdout
    assert "de opslag is in orde" in outcome.stderr
