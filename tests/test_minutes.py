"""Minutes: rendered through Jinja from the meeting and its cases, committed, and never broken by text.

The golden files in tests/golden/ are the exact minutes of a hand-written store;
run with VHUIS_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, Invoke, build_store, clean, git, head
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from vhuis.documents.markdown import block, cell, md
from vhuis.documents.templates import template_file
from vhuis.storage.resources import resource

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("VHUIS_UPDATE_GOLDEN"))

PARTNERS = """
- id: preventiedienst
  name: Preventiedienst Teststad
  kind: city-service
  email: null
- id: politie
  name: Lokale politie
  kind: police
  email: null
- id: nmbs
  name: NMBS Securail
  kind: transport
  email: null
- id: jeugddienst
  name: Jeugddienst
  kind: city-service
  email: null
- id: straathoekwerk
  name: Straathoekwerk
  kind: welfare
  email: null
"""

STATION = """
id: 2026-001
title: Overlast in de stationshal
approach: area
area: Stationsomgeving
group: null
themes: [overlast]
status: active
opened: 2026-01-12
lead: preventiedienst
partners: [preventiedienst, politie, nmbs, jeugddienst, straathoekwerk]
signals:
  - {id: S1, date: 2026-02-20, source: citizen, partner: null, summary: Reizigers voelen zich onveilig in de hal.}
  - {id: S2, date: 2026-03-05, source: partner, partner: nmbs, summary: Vernielingen aan de ticketautomaten.}
  - {id: S3, date: 2026-03-20, source: police, partner: null, summary: Vechtpartij na de meeting.}
analysis:
  problem: Een groep jongeren gebruikt de hal 's avonds als ontmoetingsplek.
  factors:
    socio_economic: null
    environment: Verwarmde hal zonder toezicht na 20u00.
    offenders: null
    victims: Reizigers en personeel.
plan:
  goals: [Minder meldingen tegen de zomer]
  measures:
    - {id: M1, title: Avondrondes van de gemeenschapswachten, type: preventive, phase: prevention,
       owner: preventiedienst, status: running}
    - {id: M2, title: Gerichte patrouilles, type: repressive, phase: reaction, owner: politie, status: planned}
commitments:
  - {id: C1, partner: politie, action: Patrouilles op vrijdagavond, made: 2026-02-26, due: 2026-03-10,
     measure: M2, status: open, done: null}
  - {id: C2, partner: nmbs, action: Offerte voor verlichting, made: 2026-02-26, due: 2026-03-31,
     measure: null, status: done, done: 2026-03-20}
  - {id: C3, partner: preventiedienst, action: Rondes uitbreiden naar de zaterdag, made: 2026-03-15, due: 2026-04-30,
     measure: M1, status: open, done: null}
  - {id: C4, partner: jeugddienst, action: Geschrapte afspraak, made: 2026-02-26, due: 2026-03-01,
     measure: null, status: dropped, done: null}
  - {id: C5, partner: straathoekwerk, action: Afgewerkte afspraak, made: 2026-01-10, due: 2026-02-01,
     measure: null, status: done, done: 2026-02-02}
decisions:
  - {date: 2026-02-26, text: Een besluit van het vorige overleg.}
  - {date: 2026-03-15, text: De camerabeelden worden wekelijks besproken.}
"""

YOUTH = """
id: 2026-002
title: Jongeren die 's avonds rondhangen
approach: group
area: null
group: Jongeren van 14 tot 18 jaar
themes: []
status: reported
opened: 2026-03-08
lead: null
partners: [jeugddienst]
signals:
  - {id: S1, date: 2026-03-10, source: community-guard, partner: null, summary: Groep van tien jongeren aan het plein.}
analysis: null
plan: null
commitments:
  - {id: C1, partner: jeugddienst, action: Contact leggen met het jeugdhuis, made: 2026-03-15, due: 2026-04-15,
     measure: null, status: open, done: null}
decisions: []
"""

PARK = """
id: 2026-003
title: Zwerfvuil in het park
approach: area
area: Stadspark
group: null
themes: []
status: monitoring
opened: 2026-01-05
lead: null
partners: [politie]
signals: []
analysis: null
plan: null
commitments:
  - {id: C1, partner: politie, action: Extra toezicht in het park, made: 2026-02-26, due: 2026-03-14,
     measure: null, status: open, done: null}
decisions: []
"""

PREVIOUS = """
date: 2026-02-26
title: Overleg Veiligheidshuis Teststad
present: [preventiedienst, politie]
excused: []
absent: []
cases: [2026-001, 2026-003]
notes: null
"""

MEETING = """
date: 2026-03-15
title: Overleg Veiligheidshuis Teststad
present: [preventiedienst, politie, jeugddienst]
excused: [nmbs]
absent: [straathoekwerk]
cases: [2026-001, 2026-002]
notes: |
  Volgend overleg op 12 april.

  De politie brengt de cijfers mee.
"""


def make_teststad(root: Path, language: str = "nl", **replace: str) -> Path:
    files = {
        "vhuis.yaml": f"name: Veiligheidshuis Teststad\ncity: Teststad\nlanguage: {language}\n",
        "partners.yaml": PARTNERS,
        "cases/2026-001.yaml": STATION,
        "cases/2026-002.yaml": YOUTH,
        "cases/2026-003.yaml": PARK,
        "meetings/2026-02-26.yaml": PREVIOUS,
        "meetings/2026-03-15.yaml": MEETING,
    }
    files.update(replace)
    return build_store(root, files)


def compare_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_minutes_match_the_golden_file(tmp_path: Path, vhuis: Invoke, language: str) -> None:
    store = make_teststad(tmp_path / "store", language)
    result = vhuis("minutes", "2026-03-15", "--out", "-", store=store)
    assert result.exit_code == 0, result.stderr
    compare_golden(f"minutes-{language}.md", result.stdout)
    assert clean(store)


def test_minutes_say_what_the_case_files_say(tmp_path: Path, vhuis: Invoke) -> None:
    text = vhuis("minutes", "2026-03-15", "--out", "-", store=make_teststad(tmp_path / "store")).stdout
    assert "Veiligheidshuis Teststad: verslag van het overleg van 15 maart 2026.\n" in text
    assert "Vorig overleg: 26 februari 2026.\n" in text
    assert "- **Verontschuldigd:** NMBS Securail\n" in text
    # signals since the previous meeting, up to the meeting: not before, not after
    assert "Vernielingen aan de ticketautomaten" in text
    assert "Reizigers voelen zich onveilig" not in text
    assert "Vechtpartij na de meeting" not in text
    # this meeting's decisions only
    assert "- De camerabeelden worden wekelijks besproken.\n" in text
    assert "Een besluit van het vorige overleg" not in text
    # open as of the meeting: C2 was done after it, C4 dropped, C5 done before
    assert (
        "| 2026-001 | C1 | Lokale politie | Patrouilles op vrijdagavond | 10 maart 2026 "
        "| **termijn 5 dagen overschreden** |" in text
    )
    assert "| 2026-001 | C2 | NMBS Securail | Offerte voor verlichting | 31 maart 2026 |  |" in text
    assert "Geschrapte afspraak" not in text
    assert "Afgewerkte afspraak" not in text
    # a case off the agenda still shows in "Wie doet wat", not in the action list
    late = "- Extra toezicht in het park (2026-003 C1), deadline 14 maart 2026: **termijn 1 dag overschreden**\n"
    assert late in text
    assert "| 2026-003 |" not in text.split("## Actielijst")[1].split("## Wie doet wat")[0]


def test_the_first_meeting_lists_every_signal_up_to_its_day(tmp_path: Path, vhuis: Invoke) -> None:
    text = vhuis("minutes", "2026-02-26", "--out", "-", store=make_teststad(tmp_path / "store")).stdout
    assert "**Signalen**\n\n- 20 februari 2026 (burger): Reizigers voelen zich onveilig in de hal.\n\n" in text
    assert "Vernielingen" not in text
    assert "Vorig overleg" not in text


def test_minutes_are_written_to_the_store_and_committed_once(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store")
    printed = vhuis("minutes", "2026-03-15", "--out", "-", store=store).stdout
    result = vhuis("minutes", "2026-03-15", store=store)
    assert result.exit_code == 0, result.stderr
    assert "verslag van 2026-03-15 geschreven naar minutes/2026-03-15.md en gecommit" in result.stderr
    assert (store / "minutes" / "2026-03-15.md").read_text(encoding="utf-8") == printed
    assert git(store, "log", "-1", "--format=%s") == "meeting 2026-03-15: add minutes\n"
    assert git(store, "show", "--name-only", "--format=", "HEAD").split() == ["minutes/2026-03-15.md"]
    assert clean(store)

    before = head(store)
    again = vhuis("minutes", "2026-03-15", store=store)
    assert again.exit_code == 0
    assert "minutes/2026-03-15.md is bijgewerkt; niets te committen" in again.stderr
    assert head(store) == before


def test_minutes_follow_a_changed_case_with_an_update_commit_when_forced(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store")
    assert vhuis("minutes", "2026-03-15", store=store).exit_code == 0
    assert (
        vhuis(
            "decision", "add", "2026-002", "Het jeugdhuis opent op vrijdag", "--date", "2026-03-15", store=store
        ).exit_code
        == 0
    )
    assert vhuis("minutes", "2026-03-15", "--force", store=store).exit_code == 0
    assert git(store, "log", "-1", "--format=%s") == "meeting 2026-03-15: update minutes\n"
    assert "- Het jeugdhuis opent op vrijdag\n" in (store / "minutes" / "2026-03-15.md").read_text()


def test_out_writes_any_file_and_commits_nothing(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store")
    before = head(store)
    outside = tmp_path / "verslag.md"
    result = vhuis("minutes", "2026-03-15", "--out", str(outside), store=store)
    assert result.exit_code == 0, result.stderr
    assert f"geschreven naar {outside} (niet gecommit)" in result.stderr
    assert outside.read_text(encoding="utf-8").startswith("# Overleg Veiligheidshuis Teststad\n")
    inside = store / "concept.md"
    assert vhuis("minutes", "2026-03-15", "--out", str(inside), store=store).exit_code == 0
    assert inside.read_text(encoding="utf-8") == outside.read_text(encoding="utf-8")
    assert head(store) == before
    assert git(store, "status", "--porcelain") == "?? concept.md\n"


def test_printing_minutes_writes_nothing(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store")
    result = vhuis("minutes", "2026-03-15", "--out", "-", store=store)
    assert result.stdout.startswith("# Overleg Veiligheidshuis Teststad\n\n")
    assert result.stderr == ""
    assert not (store / "minutes").exists()


# -- templates ----------------------------------------------------------------


def test_a_store_template_overrides_the_default(tmp_path: Path, vhuis: Invoke) -> None:
    own = (
        "# {{ office.name|md }}\n"
        "{% for case in cases %}\n- {{ case.title|md }}: {{ case.status_label }}\n{% endfor %}\n"
    )
    store = make_teststad(tmp_path / "store", **{"templates/minutes.md.j2": own})
    result = vhuis("minutes", "2026-03-15", "--out", "-", store=store)
    assert result.stdout == (
        "# Veiligheidshuis Teststad\n"
        "- Overlast in de stationshal: in uitvoering\n"
        "- Jongeren die 's avonds rondhangen: gemeld\n"
    )


def test_template_option_picks_a_store_template_or_a_default(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store", **{"templates/agenda.md.j2": "{{ cases|length }} dossiers\n"})
    assert vhuis("minutes", "2026-03-15", "--template", "agenda", "--out", "-", store=store).stdout == "2 dossiers\n"
    short = vhuis("minutes", "2026-03-15", "--template", "kort", "--out", "-", store=store)
    assert short.exit_code == 0
    assert "## Overlast in de stationshal (2026-001)\n" in short.stdout
    assert "- Beslissing: De camerabeelden worden wekelijks besproken.\n" in short.stdout


@pytest.mark.parametrize("name", ["../minutes", "sub/kort", "/etc/passwd", "..", ".hidden", ""])
def test_template_option_takes_a_name_not_a_path(tmp_path: Path, vhuis: Invoke, name: str) -> None:
    store = make_teststad(tmp_path / "store")
    result = vhuis("minutes", "2026-03-15", "--template", name, store=store)
    assert result.exit_code == 2
    assert f"--template: {name!r} is geen naam van een sjabloon" in result.stderr
    assert not (store / "minutes").exists()


def test_template_names_become_file_names() -> None:
    assert [template_file(n) for n in (None, "kort", "kort.md", "kort.md.j2", "brief.txt.j2")] == [
        "minutes.md.j2",
        "kort.md.j2",
        "kort.md.j2",
        "kort.md.j2",
        "brief.txt.j2",
    ]


def test_an_unknown_template_names_the_ones_there_are(tmp_path: Path, vhuis: Invoke) -> None:
    result = vhuis("minutes", "2026-03-15", "--template", "lang", store=make_teststad(tmp_path / "store"))
    assert result.exit_code == 4
    assert "er is geen sjabloon lang.md.j2" in result.stderr
    assert "sjablonen daar: kort, minutes" in result.stderr


BROKEN_TEMPLATES = [
    (
        "# {{ meeting.title }}\n{% for case in cases %}\n{{ case.title }}\n",
        "the template templates/minutes.md.j2 does not parse; nothing was written\n"
        "  templates/minutes.md.j2:3: Unexpected end of template.",
    ),
    (
        "# {{ meeting.title }}\n\n{{ meeting.chairman }}\n",
        "the template templates/minutes.md.j2 failed; nothing was written\n"
        "  templates/minutes.md.j2:3: 'dict object' has no attribute 'chairman'; "
        "docs/templates.md lists what a template receives",
    ),
    (
        "# {{ meeting.title }}\n{{ agenda }}\n",
        "  templates/minutes.md.j2:2: 'agenda' is undefined",
    ),
    (
        "{{ office.name|shout }}\n",
        "  templates/minutes.md.j2:1: No filter named 'shout'.",
    ),
    (
        "x\n\n{{ ''.__class__.__mro__ }}\n",
        "  templates/minutes.md.j2:3: SecurityError: access to attribute '__class__' of 'str' object is unsafe.",
    ),
]


@pytest.mark.parametrize(("template", "message"), BROKEN_TEMPLATES)
def test_a_broken_template_is_named_with_its_line_and_nothing_is_written(
    tmp_path: Path, vhuis: Invoke, template: str, message: str
) -> None:
    store = make_teststad(tmp_path / "store", "en", **{"templates/minutes.md.j2": template})
    before = head(store)
    for args in ([], ["--out", str(tmp_path / "out.md")], ["--out", "-"]):
        result = vhuis("minutes", "2026-03-15", *args, store=store)
        assert result.exit_code == 3
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert not (store / "minutes").exists()
    assert not (tmp_path / "out.md").exists()
    assert head(store) == before
    assert clean(store)


def test_minutes_of_an_unknown_meeting(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store")
    result = vhuis("minutes", "2026-03-16", store=store)
    assert result.exit_code == 4
    assert "fout: er is geen overleg op 2026-03-16 (recente overleggen: 2026-02-26, 2026-03-15)" in result.stderr
    assert vhuis("minutes", "15.03.2026", store=store).exit_code == 2
    assert not (store / "minutes").exists()


def test_minutes_refuse_a_store_whose_cases_do_not_load(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(
        tmp_path / "store", **{"cases/2026-003.yaml": PARK.replace("status: monitoring", "status: ok")}
    )
    result = vhuis("minutes", "2026-03-15", "--out", "-", store=store)
    assert result.exit_code == 3
    assert "sommige dossierbestanden laden niet" in result.stderr
    assert "cases/2026-003.yaml:7: status: 'ok' is geen geldige waarde" in result.stderr


def test_the_default_templates_ship_with_vhuis() -> None:
    assert {p.name for p in resource("templates").glob("*.md.j2")} == {"minutes.md.j2", "kort.md.j2"}


def test_the_cli_starts_without_jinja_and_babel() -> None:
    code = "import sys, vhuis.cli.app; print(sorted(m for m in ('jinja2', 'babel') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded == "[]\n"


def test_templates_md_documents_every_name_in_the_context(tmp_path: Path) -> None:
    from vhuis.documents.context import minutes_context
    from vhuis.documents.words import LABELS
    from vhuis.storage.store import Store

    store = Store(make_teststad(tmp_path / "store"))
    context = minutes_context(store, store.meeting(date(2026, 3, 15)))
    documented = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    names = set(context) | {f"meeting.{k}" for k in context["meeting"]} | {f"case.{k}" for k in context["cases"][0]}
    names |= {f"action.{k}" for k in context["actions"][0]} | {f"labels.{k}" for k in LABELS}
    missing = sorted(n for n in names if f"`{n.split('.')[-1]}`" not in documented)
    assert missing == []


def test_the_docs_example_is_the_real_output(example_store: Path, vhuis: Invoke) -> None:
    result = vhuis("minutes", "2026-11-12", "--out", "-", store=example_store)
    example = ROOT / "docs" / "minutes-example.md"
    if UPDATE:
        example.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == example.read_text(encoding="utf-8")


# -- Markdown stays Markdown --------------------------------------------------

HOSTILE = [
    "# Kop | met pipe",
    "- geen lijst",
    "+ ook geen lijst",
    "> geen citaat",
    "1. geen genummerde lijst",
    "<script>alert('x')</script>",
    "`code` en ```fence```",
    "*vet* en _schuin_ en **dik**",
    "[link](http://example.com) ![img](x.png)",
    "regel een\n\nregel twee\n- derde",
    "eindigt op #",
    "&amp; &#35; \\ backslash",
    "---",
    "| a | b |",
]


def structure(markdown: str) -> list[tuple[str, str]]:
    """The block structure: headings, lists, items, tables, rows, paragraphs; no inline content."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [(t.type, t.tag) for t in tokens if t.type != "inline"]


def inline_texts(markdown: str) -> list[list[Token]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [t.children or [] for t in tokens if t.type == "inline"]


def hostile_store(root: Path, text: str) -> Path:
    """The Teststad store with ``text`` in every free-text field the minutes show (on one line where one is)."""

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    line = " ".join(text.split()) if "\n" in text else text

    station = (
        STATION.replace("title: Overlast in de stationshal", f"title: {quoted(line)}")
        .replace("area: Stationsomgeving", f"area: {quoted(line)}")
        .replace("summary: Vernielingen aan de ticketautomaten.", f"summary: {quoted(text)}")
        .replace(
            "problem: Een groep jongeren gebruikt de hal 's avonds als ontmoetingsplek.", f"problem: {quoted(text)}"
        )
        .replace("environment: Verwarmde hal zonder toezicht na 20u00.", f"environment: {quoted(text)}")
        .replace("title: Avondrondes van de gemeenschapswachten", f"title: {quoted(line)}")
        .replace("action: Patrouilles op vrijdagavond", f"action: {quoted(line)}")
        .replace("action: Rondes uitbreiden naar de zaterdag", f"action: {quoted(line)}")
        .replace("text: De camerabeelden worden wekelijks besproken.", f"text: {quoted(text)}")
    )
    meeting = MEETING.replace("title: Overleg Veiligheidshuis Teststad", f"title: {quoted(line)}")
    meeting = meeting[: meeting.index("notes:")] + f"notes: {quoted(text)}\n"
    partners = PARTNERS.replace("name: Lokale politie", f"name: {quoted(line)}")
    return make_teststad(
        root, **{"cases/2026-001.yaml": station, "meetings/2026-03-15.yaml": meeting, "partners.yaml": partners}
    )


def test_the_plain_store_has_the_expected_structure(tmp_path: Path, vhuis: Invoke) -> None:
    shape = structure(vhuis("minutes", "2026-03-15", "--out", "-", store=make_teststad(tmp_path / "store")).stdout)
    headings = [tag for kind, tag in shape if kind == "heading_open"]
    assert headings == ["h1", "h2", "h2", "h2", "h2", "h2", "h2", "h2", "h2", "h3", "h3", "h3", "h3", "h2"]
    # measures, commitments of 001 and 002, follow-up of the previous action list, action list
    assert shape.count(("tr_open", "tr")) == 3 + 2 + 2 + 4 + 5
    assert shape.count(("list_item_open", "li")) == 3 + 2 + 1 + 2 + 1 + 1 + 1 + 5  # the plan's goal too


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_cannot_break_the_minutes(tmp_path: Path, vhuis: Invoke, text: str) -> None:
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    benign_paragraphs = [f"Gewone tekst {i}" for i in range(len(paragraphs))]
    benign = "\n\n".join(benign_paragraphs)
    plain = vhuis("minutes", "2026-03-15", "--out", "-", store=hostile_store(tmp_path / "plain", benign)).stdout
    result = vhuis("minutes", "2026-03-15", "--out", "-", store=hostile_store(tmp_path / "hostile", text))
    assert result.exit_code == 0, result.stderr
    assert structure(result.stdout) == structure(plain)
    flat = " ".join(text.split())

    def words(markdown: str) -> list[tuple[str, ...]]:
        """Each inline's pieces (text, and the markup the template itself adds)."""
        return [tuple(c.content or c.type for c in children) for children in inline_texts(markdown)]

    def as_hostile(piece: str) -> str:
        piece = piece.replace(" ".join(benign.split()), flat)
        for mild, wild in zip(benign_paragraphs, paragraphs, strict=True):
            piece = piece.replace(mild, wild)
        return piece

    # every heading, item, cell and paragraph says exactly the text, and nothing became markup
    assert words(result.stdout) == [tuple(as_hostile(p) for p in inline) for inline in words(plain)]
    shown = ["".join(c.content for c in children) for children in inline_texts(result.stdout)]
    assert shown[0] == flat  # the meeting's title, the h1
    assert f"1. {flat}" in shown  # the case's heading
    assert shown[-len(paragraphs) - 1 : -1] == paragraphs  # the notes, paragraph by paragraph, before the footer
    assert "<script>" not in MarkdownIt("commonmark").enable("table").render(result.stdout)


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])
        | st.sampled_from("#-+>*_`[]<>|\\&;!1.) "),
        min_size=1,
    ).filter(lambda s: s.strip())
)
def test_md_and_cell_keep_any_text_as_literal_text(text: str) -> None:
    expected = " ".join(text.split())
    parser = MarkdownIt("commonmark").enable("table")
    item = parser.parse(f"- {md(text)}\n")
    assert [t.type for t in item][:3] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    assert len([t for t in item if t.type == "list_item_open"]) == 1
    assert "".join(c.content for c in item[3].children or []) == expected
    heading = parser.parse(f"## {md(text)}\n")
    assert [t.type for t in heading] == ["heading_open", "inline", "heading_close"]
    assert "".join(c.content for c in heading[1].children or []) == expected
    table = parser.parse(f"| a | b |\n| --- | --- |\n| {cell(text)} | x |\n")
    cells = [t for t in table if t.type == "inline"]
    assert len(cells) == 4
    assert "".join(c.content for c in cells[2].children or []) == expected
    assert cells[3].content == "x"


def test_block_keeps_paragraphs_apart() -> None:
    assert (
        block("Eerste alinea\nloopt door.\n\n# Tweede\n\n\n- derde")
        == "Eerste alinea loopt door.\n\n\\# Tweede\n\n\\- derde"
    )
