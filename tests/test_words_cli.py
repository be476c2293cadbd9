"""The command line speaks the store's language: Dutch on a Dutch store, English on an English one (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Invoke, git

from vhuis.domain import owes as owes_module
from vhuis.errors import Problem, tally
from vhuis.i18n import activate

# Words of English that Dutch does not use (" is ", " of " and " in " are Dutch words too).
ENGLISH = {
    "the", "and", "not", "overdue", "days", "which", "no", "with", "were", "was", "to", "on", "at", "yet",
    "nothing", "there", "are", "every", "does", "do", "what", "skipped", "warning", "warnings", "error",
    "errors", "commitment", "commitments", "measures", "signals", "meeting", "meetings", "case", "cases",
    "title", "where", "lead", "themes", "name", "due", "done", "opened", "made", "report", "store", "order",
    "missing", "remark", "place", "months", "excused", "absent", "attendance", "preventive", "repressive",
    "only", "yes", "all", "nobody", "owes", "goal", "decisions", "analysis", "offenders", "victims",
}  # fmt: skip

# Read commands on the example store (Dutch), and the words each must say.
READS = {
    ("owes",): ["Openstaande afspraken op 2026-11-27", "deadline", "termijn 21 dagen overschreden"],
    ("case", "list"): ["titel", "trekker", "thema's", "in uitvoering", "gemeld"],
    ("case", "show", "2026-003"): [
        "status in uitvoering · gebied: Stationsomgeving Genk · geopend op 2026-03-02",
        "kenmerken daders:",
        "Plan van aanpak",
        "[lopend]",
        "(preventief, proactie; Straathoekwerk Genk)",
        "(gemaakt op 2026-10-15, deadline 2026-11-10; open)",
        "afgerond op 2026-04-28",
    ],
    ("report",): [
        "Veiligheidshuis Genk: rapport van 27 november 2026",
        "Welke problemen zijn er? 5 open dossiers;",
        "onverwittigd afwezig: economie 1×, baal 1×",
        "! enkel preventief",
        "nog geen maatregelen",
        "ontbrekende fasen",
    ],
    ("partner", "list"): ["naam", "soort", "stadsdienst", "e-mail"],
    ("meeting", "list"): ["datum", "aanwezig", "verslag"],
    ("meeting", "show", "2026-11-12"): ["verontschuldigd: Ziekenhuis Oost-Limburg", "(deadline 2026-12-31; open)"],
}


def english_sentences(text: str) -> list[str]:
    """The lines of ``text`` that hold a word only English uses."""
    return [line for line in text.splitlines() if ENGLISH & set(re.findall(r"[a-z]+", line.lower()))]


def english(store: Path) -> Path:
    """The store, its office speaking English from the next commit on."""
    settings = store / "vhuis.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: nl", "language: en"), "utf-8")
    git(store, "commit", "-qam", "speak English")
    return store


def test_english_sentences_finds_english_and_not_dutch() -> None:
    assert english_sentences("Open commitments on 2026-11-27\nOpenstaande afspraken op 2026-11-27") == [
        "Open commitments on 2026-11-27"
    ]
    assert english_sentences("2 days overdue") == ["2 days overdue"]
    assert english_sentences("Welke problemen zijn er? Het dossier is open, of niet?") == []


@pytest.mark.parametrize("command", list(READS), ids=" ".join)
def test_read_commands_on_a_dutch_store_read_dutch(example_store: Path, vhuis: Invoke, command: tuple[str]) -> None:
    result = vhuis(*command, store=example_store)
    assert result.exit_code == 0, result.stderr
    for words in READS[command]:
        assert words in result.stdout, words
    assert english_sentences(result.stdout) == []
    assert english_sentences(result.stderr) == []


def test_check_on_a_dutch_store_reads_dutch(example_store: Path, vhuis: Invoke) -> None:
    result = vhuis("check", store=example_store)
    assert result.exit_code == 0
    assert result.stderr == "de opslag is in orde\n"


def test_the_report_on_a_dutch_store_has_no_english_sentence(example_store: Path, vhuis: Invoke) -> None:
    lines = vhuis("report", store=example_store).stdout.splitlines()
    assert lines[:3] == [
        "Veiligheidshuis Genk: rapport van 27 november 2026",
        "",
        "Welke problemen zijn er? 5 open dossiers; 6 signalen van 2026-09 tot 2026-11, de meeste in "
        "Jongeren met brommers (16-19 jaar) en Stationsomgeving Genk (2).",
    ]
    assert (
        "Komt elke partner zijn afspraken na? niet allemaal: van 9 openstaande afspraken zijn er 3 over hun "
        in (lines[4])
    )
    assert lines[5].startswith("Preventief naast repressief, elke schakel van de veiligheidsketen? 1 dossier met ")


def test_errors_on_a_dutch_store_read_dutch(example_store: Path, vhuis: Invoke) -> None:
    both = vhuis("owes", "--ics", "-", "--json", store=example_store)
    assert both.exit_code == 2
    assert both.stderr == "fout: --ics en --json willen allebei de uitvoer zijn; geef er maar één van de twee\n"
    disagree = vhuis("owes", "politie", "--partner", "nmbs", store=example_store)
    assert disagree.stderr.startswith("fout: PARTNER 'politie' en --partner 'nmbs' verschillen")
    unknown = vhuis("case", "show", "2026-999", store=example_store)
    assert unknown.exit_code == 4
    assert unknown.stderr.startswith("fout: ")  # the sentence itself is the store's (vhuis/storage)


def test_refused_input_still_names_the_options_as_typed(example_store: Path, vhuis: Invoke) -> None:
    result = vhuis("meeting", "new", "2026-11-30", "--present", "onbekend", "--absent", "politie",
                   "--excused", "politie", store=example_store)  # fmt: skip
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("fout: ") and lines[0].endswith(":")  # the heading, with its lines under it
    assert lines[1].startswith("  --present: 'onbekend'")
    assert lines[2].startswith("  --absent: 'politie'") and "--excused" in lines[2]


def test_nothing_owed_and_no_history_read_dutch(example_store: Path, vhuis: Invoke) -> None:
    nobody = vhuis("owes", "--overdue", "--on", "2026-01-01", store=example_store)
    assert nobody.stderr == "niemand heeft afspraken met een overschreden termijn op 2026-01-01\n"
    history = vhuis("history", "--since", "2030-01-01", store=example_store)
    assert history.stderr == "nog geen geschiedenis sinds 2030-01-01\n"


def test_an_unexpected_failure_and_an_interruption_read_dutch(
    example_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(owes_module, "owed", broken)
    failed = vhuis("owes", store=example_store)
    assert failed.exit_code == 1
    assert failed.stderr == (
        "fout: vhuis liep onverwacht vast: RuntimeError: kapot. Er werd niets gecommit. Voer het commando opnieuw "
        "uit met --debug voor de details, en meld het probleem.\n"
    )

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(owes_module, "owed", interrupted)
    stopped = vhuis("owes", store=example_store)
    assert stopped.exit_code == 130
    assert stopped.stderr == "fout: onderbroken; er werd niets gecommit\n"


def test_the_same_commands_on_an_english_store_read_english(example_store: Path, vhuis: Invoke) -> None:
    store = english(example_store)
    owes = vhuis("owes", store=store).stdout
    assert owes.startswith("Open commitments on 2026-11-27\npartner")
    assert "21 days overdue" in owes
    assert vhuis("case", "list", store=store).stdout.split()[:6] == ["id", "status", "title", "where", "lead", "themes"]
    shown = vhuis("case", "show", "2026-003", store=store).stdout
    assert "status active · area: Stationsomgeving Genk · opened 2026-03-02" in shown
    assert "(made 2026-10-15, due 2026-11-10; open)" in shown
    report = vhuis("report", store=store).stdout.splitlines()
    assert report[0] == "Veiligheidshuis Genk: report on 2026-11-27"
    assert report[2].startswith("Which problems are there? 5 open cases; 6 signals in 2026-09 to 2026-11")
    assert "! only preventive" in "\n".join(report)
    assert vhuis("partner", "list", store=store).stdout.split()[:4] == ["id", "name", "kind", "email"]
    assert vhuis("meeting", "list", store=store).stdout.split()[:5] == ["date", "title", "present", "agenda", "minutes"]
    assert vhuis("check", store=store).stderr == "the store is in order\n"
    both = vhuis("owes", "--ics", "-", "--json", store=store)
    assert both.stderr == "error: --ics and --json both want to be the output; give one of them\n"


def test_problems_are_counted_and_marked_in_the_active_language() -> None:
    problems = [
        Problem("cases/2026-001.yaml", 3, "status", "wrong"),
        Problem("cases/2026-001.yaml", None, "", "odd", "warning"),
        Problem("meetings/2026-11-12.yaml", 1, "date", "odd", "warning"),
    ]
    try:
        activate("nl")
        assert tally(problems) == "1 fout, 2 waarschuwingen"
        assert problems[1].shown() == "cases/2026-001.yaml: odd (waarschuwing)"
        activate("en")
        assert tally(problems[:1]) == "1 error, 0 warnings"
        assert problems[1].shown() == "cases/2026-001.yaml: odd (warning)"
        assert problems[0].shown() == "cases/2026-001.yaml:3: status: wrong"
    finally:
        activate("nl")


def test_the_history_and_the_errors_of_every_layer_read_dutch(example_store: Path, vhuis: Invoke) -> None:
    """After all layers were translated: what history tells and what each layer refuses holds no English.

    A commit's own message stays English (a record shared by clones of any language): only the lines
    vhuis words itself are checked, the change lines under each commit.
    """
    vhuis("case", "status", "2026-003", "monitoring", store=example_store)
    told = vhuis("history", "2026-003", store=example_store).stdout.splitlines()
    changes = [line for line in told if line.startswith("    ")]
    assert "    status: in uitvoering -> monitoring" in changes
    assert english_sentences("\n".join(changes)) == []
    refusals = [
        ("case", "show", "2026-999"),  # storage
        ("minutes", "2026-11-13"),  # domain
        ("commitment", "done", "2026-003", "C9"),  # domain
        ("sync",),  # collab: no remote
        ("case", "list", "--status", "plannd"),  # params
        ("signal", "add", "2026-003", "--source", "burger", "--summary", "x", "--date", "31/02/2026"),
        ("meeting", "new", "2026-11-30", "--present", "onbekend"),
    ]
    for command in refusals:
        refused = vhuis(*command, store=example_store)
        assert refused.exit_code != 0, command
        assert refused.stderr.startswith("fout: "), refused.stderr
        unquoted = re.sub(r"'[^']*'|--[a-z-]+|\S*/\S*", "", refused.stderr)  # typed commands, values, paths
        assert english_sentences(unquoted) == [], command


def test_the_analysis_parts_set_are_named_as_case_show_names_them(example_store: Path, vhuis: Invoke) -> None:
    done = vhuis("analysis", "set", "2026-003", "--problem", "Overlast", "--socio-economic", "Weinig werk",
                 store=example_store)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "2026-003: analyse ingevuld (probleem, sociaaleconomische factoren)" in done.stderr
