"""Settling a clash: every clash of a sync told whole and at once, each settled with 'vhuis resolve'."""

from __future__ import annotations

import atexit
import copy
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CASE, Invoke, clean, compact, git, head, shared_remote

from vhuis.collab import merge
from vhuis.storage import yamlfile

SAME_START = (
    "Een wisselende groep van een twintigtal jongeren hangt 's avonds rond in de stationshal en op het perron, "
)
OURS_TEXT = SAME_START + "vooral op vrijdag; reizigers voelen zich onveilig en mijden de hal na acht uur."
THEIRS_TEXT = SAME_START + "vooral in het weekend; de NMBS meldt vernielingen aan de ticketautomaten."
MEETING = "2026-11-25"


def base_case() -> str:
    case = yamlfile.load(CASE, "case")
    case["status"] = "monitoring"
    case["analysis"] = {"problem": "Overlast in de stationshal."}
    return yamlfile.dump(case)


def as_person(monkeypatch: pytest.MonkeyPatch, name: str, day: str) -> None:
    """The person at the keyboard from now on, and the day their commits carry."""
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", name)
        monkeypatch.setenv(f"GIT_{who}_EMAIL", f"{name.split()[0].lower()}@genk.example")
        monkeypatch.setenv(f"GIT_{who}_DATE", f"{day}T10:00:00+01:00")


def shared(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote with a store whose case 2026-001 is in monitoring; Sarah's clone and Jan's."""
    return shared_remote(tmp_path, "sarah", "jan", base_case())


def run(vhuis: Invoke, store: Path, *args: str) -> str:
    done = vhuis(*args, store=store)
    assert done.exit_code == 0, done.stderr
    return done.stderr


def set_politie_email(store: Path, email: str) -> None:
    path = store / "partners.yaml"
    path.write_text(path.read_text().replace("info@politie.example", email), encoding="utf-8")
    git(store, "commit", "-q", "-am", f"politie: e-mail {email}")


# The remote and both clones in a state several tests start from, made once per test process: a test gets a copy.
_BUILT: dict[str, Path] = {}


def built_once(name: str, tmp_path: Path, build: Callable[[], tuple[Path, Path, Path]]) -> tuple[Path, Path, Path]:
    """``build()`` the first time; later a copy of what it made (the clones pointed at the copied remote).

    Copied repositories are repositories git cannot tell from the originals; the
    commits, their authors and days are the same, so is everything a test asserts.
    """
    made = _BUILT.get(name)
    if made is None:
        stores = build()
        made = _BUILT[name] = Path(tempfile.mkdtemp(prefix="vhuis-test-clash-"))
        atexit.register(shutil.rmtree, made, True)
        for store in stores:
            shutil.copytree(store, made / store.name, symlinks=True)
        return stores
    remote, sarah, jan = (tmp_path / folder for folder in ("remote.git", "sarah", "jan"))
    for store in (remote, sarah, jan):
        compact(made / store.name)
        shutil.copytree(made / store.name, store, symlinks=True)
    for clone in (sarah, jan):
        git(clone, "remote", "set-url", "origin", str(remote))
    return remote, sarah, jan


def clash_everywhere(tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """Jan syncs first; Sarah then clashes with him on a long text, a status, a meeting and a partner."""
    stores = built_once("everywhere", tmp_path, lambda: _clash_everywhere(tmp_path, vhuis, monkeypatch))
    as_person(monkeypatch, "Sarah Test", "2026-11-20")
    return stores


def _clash_everywhere(tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    remote, sarah, jan = shared(tmp_path)
    as_person(monkeypatch, "Jan Test", "2026-11-21")
    run(vhuis, jan, "analysis", "set", "2026-001", "--problem", THEIRS_TEXT)
    run(vhuis, jan, "signal", "add", "2026-001", "--source", "police", "--summary", "Vernieling aan automaat")
    run(vhuis, jan, "meeting", "new", MEETING, "--present", "politie", "--excused", "nmbs", "--case", "2026-001",
        "--notes", "Volgende keer in het stadhuis.")  # fmt: skip
    set_politie_email(jan, "wijkpolitie@politie.example")
    as_person(monkeypatch, "Jan Test", "2026-11-22")
    run(vhuis, jan, "evaluation", "set", "2026-001", "--effect", "Minder overlast")  # a case is closed after it
    run(vhuis, jan, "case", "status", "2026-001", "closed")
    run(vhuis, jan, "sync")

    as_person(monkeypatch, "Sarah Test", "2026-11-19")
    run(vhuis, sarah, "analysis", "set", "2026-001", "--problem", OURS_TEXT)
    as_person(monkeypatch, "Sarah Test", "2026-11-20")
    run(vhuis, sarah, "case", "status", "2026-001", "active")
    run(vhuis, sarah, "decision", "add", "2026-001", "Camera aan de ingang", "--date", "2026-11-20")
    run(vhuis, sarah, "meeting", "new", MEETING, "--present", "politie", "--present", "nmbs", "--case", "2026-001",
        "--notes", "Volgende keer bij de NMBS.")  # fmt: skip
    set_politie_email(sarah, "info.genk@politie.example")
    return remote, sarah, jan


def document(store: Path, name: str) -> dict[str, object]:
    loaded: dict[str, object] = yamlfile.load((store / name).read_text(encoding="utf-8"), name)
    return loaded


# -- 4. full values, and whose they are: test_one_sync_names_every_clash_of_every_file_with_both_values_whole


def test_a_long_clash_is_wrapped_to_the_terminal_not_cut() -> None:
    from vhuis.cli.output import wrap

    line = f"  here (yours, Sarah Test, 2026-11-19): {OURS_TEXT}"
    folded = wrap(line, width=60).splitlines()
    assert len(folded) > 2 and all(len(row) <= 60 for row in folded)
    assert all(row.startswith("    ") for row in folded[1:])  # under the label, as one block
    assert " ".join(row.strip() for row in folded) == line.strip()


# -- 5. every clash at once ---------------------------------------------------------------------


def test_a_meeting_recorded_twice_clashes_in_notes_and_attendance_at_once() -> None:
    ours = merge.read_document("meeting", f"date: {MEETING}\npresent: [politie, nmbs]\nnotes: Hier\n", "m")
    theirs = merge.read_document("meeting", f"date: {MEETING}\npresent: [politie]\nexcused: [nmbs]\nnotes: Daar\n", "m")
    merged = merge.merge_documents("meeting", None, ours, theirs)
    assert [(c.name, c.ours, c.theirs) for c in merged.conflicts] == [
        ("attendance.nmbs", "present", "excused"),
        ("notes", "Hier", "Daar"),
    ]


def test_a_removed_measure_is_named_beside_a_value_clash() -> None:
    base = merge.read_document("case", base_case(), "c")
    base["plan"] = {"goals": [], "measures": [
        {"id": "M1", "title": "Avondrondes", "type": "preventive", "phase": "prevention", "owner": "politie"}
    ]}  # fmt: skip
    base = merge.read_document("case", yamlfile.dump(base), "c")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["plan"]["measures"], ours["title"] = [], "Hier"
    theirs["title"] = "Daar"
    theirs["commitments"] = [{"id": "C1", "partner": "politie", "action": "Rondes", "made": "2026-11-20",
                              "due": "2026-12-31", "measure": "M1", "status": "open", "done": None}]  # fmt: skip
    merged = merge.merge_documents("case", base, ours, theirs)
    assert [c.name for c in merged.conflicts] == ["title", "C1.measure"]


def test_one_sync_names_every_clash_of_every_file_with_both_values_whole(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, _ = clash_everywhere(tmp_path, vhuis, monkeypatch)
    before = head(sarah)
    refused = vhuis("sync", store=sarah)
    assert refused.exit_code == 8
    assert "your changes and the remote's clash in 5 places, so nothing was merged" in refused.stderr
    told = [line for line in refused.stderr.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert told[1:] == [
        "cases/2026-001.yaml, status:",
        "cases/2026-001.yaml, analysis.problem:",
        "meetings/2026-11-25.yaml, attendance.nmbs:",
        "meetings/2026-11-25.yaml, notes:",
        "partners.yaml, politie.email:",
    ]
    assert "  here (yours, Sarah Test, 2026-11-20): present\n  on the remote (Jan Test, 2026-11-21): excused\n" in (
        refused.stderr
    )
    assert head(sarah) == before and clean(sarah)

    # -- 4. full values, and whose they are: long texts are shown whole, each with who wrote it and when.
    assert (
        "cases/2026-001.yaml, analysis.problem:\n"
        f"  here (yours, Sarah Test, 2026-11-19): {OURS_TEXT}\n"
        f"  on the remote (Jan Test, 2026-11-21): {THEIRS_TEXT}\n"
        "  before: Overlast in de stationshal.\n"
    ) in refused.stderr
    # Each side's value is dated by the commit that last changed that field, not the file.
    assert (
        "cases/2026-001.yaml, status:\n"
        "  here (yours, Sarah Test, 2026-11-20): active\n"
        "  on the remote (Jan Test, 2026-11-22): closed\n"
        "  before: monitoring\n"
    ) in refused.stderr


# -- 6. a vhuis command for every clash ---------------------------------------------------------


def editor_writing(tmp_path: Path, value: str) -> str:
    """An $EDITOR that writes ``value`` under the draft's dashed line, as a person would."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "mark = '# ------- write the value to keep under this line -------'\n"
        "assert mark in text, text\n"
        f"open(path, 'w', encoding='utf-8').write(text.split(mark)[0] + mark + '\\n' + {value!r} + '\\n')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_every_clash_is_settled_with_its_command_and_both_clones_converge(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote, sarah, jan = clash_everywhere(tmp_path, vhuis, monkeypatch)
    as_person(monkeypatch, "Sarah Test", "2026-11-23")
    refused = vhuis("sync", store=sarah)
    assert refused.exit_code == 8
    commands = [
        "vhuis resolve 2026-001 status --ours",
        "vhuis resolve 2026-001 analysis.problem --edit",
        "vhuis resolve 2026-11-25 attendance.nmbs --ours",
        "vhuis resolve 2026-11-25 notes --theirs",
        "vhuis resolve partners politie.email --theirs",
    ]
    for command in commands:
        assert command in refused.stderr  # the message names the command, to be typed as it stands
    start, remote_tip = head(sarah), git(remote, "rev-parse", "main").strip()
    both = OURS_TEXT + " In het weekend meldt de NMBS vernielingen aan de ticketautomaten."
    monkeypatch.setenv("EDITOR", editor_writing(tmp_path, both))

    for left, command in zip(range(4, 0, -1), commands[:-1], strict=True):
        settled = vhuis(*command.split()[1:], store=sarah)
        assert settled.exit_code == 0, settled.stderr
        assert f"{left} clash{'es' if left > 1 else ''} still to settle" in settled.stderr
        assert head(sarah) == start and clean(sarah)  # nothing merged until the last one
    last = vhuis(*commands[-1].split()[1:], store=sarah)
    assert last.exit_code == 0, last.stderr
    assert "settled partners.yaml, politie.email: took theirs" in last.stderr
    assert "no clash left: merged 6 commits from origin in one commit; run 'vhuis sync' to send it" in last.stderr
    assert git(sarah, "rev-list", "--parents", "-n", "1", "HEAD").split()[1:] == [start, remote_tip]
    assert git(sarah, "log", "-1", "--format=%B").strip().splitlines()[2:] == [
        "2026-001 status: settled on 'active' (Sarah Test's value; Jan Test's was 'closed')",
        f"2026-001 analysis.problem: settled on a new value {both!r} (not Sarah Test's nor Jan Test's)",
        "2026-11-25 attendance.nmbs: settled on 'present' (Sarah Test's value; Jan Test's was 'excused')",
        "2026-11-25 notes: settled on 'Volgende keer in het stadhuis.' (Jan Test's value; Sarah Test's was "
        "'Volgende keer bij de NMBS.')",
        "partners politie.email: settled on 'wijkpolitie@politie.example' (Jan Test's value; Sarah Test's was "
        "'info.genk@politie.example')",
    ]
    assert clean(sarah)

    run(vhuis, sarah, "sync")
    run(vhuis, jan, "sync")
    assert head(sarah) == head(jan) == git(remote, "rev-parse", "main").strip()
    for store in (sarah, jan):
        case = document(store, "cases/2026-001.yaml")
        assert case["status"] == "active"
        assert case["analysis"]["problem"] == both  # type: ignore[index]
        assert [s["summary"] for s in case["signals"]] == [  # type: ignore[attr-defined]
            "Jongeren hangen rond in de hal.",
            "Vernieling aan automaat",
        ]
        assert [d["text"] for d in case["decisions"]] == ["Camera aan de ingang"]  # type: ignore[attr-defined]
        meeting = document(store, f"meetings/{MEETING}.yaml")
        assert meeting["present"] == ["politie", "nmbs"] and not meeting.get("excused")
        assert meeting["notes"] == "Volgende keer in het stadhuis."
        partners = {p["id"]: p["email"] for p in yamlfile.load((store / "partners.yaml").read_text(), "p")}
        assert partners["politie"] == "wijkpolitie@politie.example"
        checked = vhuis("check", store=store)
        assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_status_clash_settles_whatever_the_step_rules_say(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, jan = shared(tmp_path)
    as_person(monkeypatch, "Jan Test", "2026-11-21")
    run(vhuis, jan, "evaluation", "set", "2026-001", "--effect", "Minder overlast")  # a case is closed after it
    run(vhuis, jan, "case", "status", "2026-001", "closed")
    run(vhuis, jan, "sync")
    as_person(monkeypatch, "Sarah Test", "2026-11-22")
    run(vhuis, sarah, "case", "status", "2026-001", "active")
    assert vhuis("sync", store=sarah).exit_code == 8
    # Keeping 'active' the old way (take 'closed', sync, set 'active' again) is two steps back: refused.
    settled = vhuis("resolve", "2026-001", "status", "--ours", store=sarah)
    assert settled.exit_code == 0, settled.stderr
    assert "settled cases/2026-001.yaml, status: kept yours" in settled.stderr
    assert "no clash left: merged 2 commits from origin in one commit" in settled.stderr
    run(vhuis, sarah, "sync")
    run(vhuis, jan, "sync")
    assert head(sarah) == head(jan)
    assert document(jan, "cases/2026-001.yaml")["status"] == "active"
    assert vhuis("check", store=jan).exit_code == 0


def test_a_clash_left_by_git_pull_is_settled_with_vhuis_resolve(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, jan = shared(tmp_path)
    run(vhuis, sarah, "sync")  # teaches Sarah's git the merge driver
    as_person(monkeypatch, "Jan Test", "2026-11-21")
    run(vhuis, jan, "evaluation", "set", "2026-001", "--effect", "Minder overlast")  # a case is closed after it
    run(vhuis, jan, "case", "status", "2026-001", "closed")
    run(vhuis, jan, "analysis", "set", "2026-001", "--problem", THEIRS_TEXT)
    run(vhuis, jan, "sync")
    as_person(monkeypatch, "Sarah Test", "2026-11-22")
    run(vhuis, sarah, "case", "status", "2026-001", "active")
    run(vhuis, sarah, "analysis", "set", "2026-001", "--problem", OURS_TEXT)
    pulled = subprocess.run(["git", "pull", "--no-rebase", "--no-edit", "origin", "main"], cwd=sarah,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert pulled.returncode != 0
    assert "settle it with 'vhuis resolve'" in pulled.stderr

    waiting = vhuis("resolve", store=sarah)
    assert waiting.exit_code == 8
    assert "2 clashes of the merge git started (merge) waiting to be settled:" in waiting.stderr
    assert f"  on the other side (Jan Test, 2026-11-21): {THEIRS_TEXT}\n" in waiting.stderr
    assert "  take theirs:       vhuis resolve 2026-001 status --theirs\n" in waiting.stderr

    first = vhuis("resolve", "2026-001", "status", "--theirs", store=sarah)
    assert first.exit_code == 0, first.stderr
    assert "1 clash still to settle" in first.stderr
    assert (sarah / ".git" / "MERGE_HEAD").exists()
    last = vhuis("resolve", "2026-001", "analysis.problem", "--ours", store=sarah)
    assert last.exit_code == 0, last.stderr
    assert "no clash left: the merge is committed; run 'vhuis sync' to send it" in last.stderr
    assert clean(sarah) and not (sarah / ".git" / "MERGE_HEAD").exists()
    assert "2026-001 status: settled on 'closed' (Jan Test's value; Sarah Test's was 'active')" in git(
        sarah, "log", "-1", "--format=%B"
    )
    run(vhuis, sarah, "sync")
    run(vhuis, jan, "sync")
    assert head(sarah) == head(jan)
    case = document(jan, "cases/2026-001.yaml")
    assert (case["status"], case["analysis"]["problem"]) == ("closed", OURS_TEXT)  # type: ignore[index]
    assert vhuis("check", store=jan).exit_code == 0


def test_a_clash_left_by_git_pull_rebase_is_settled_and_the_rebase_goes_on(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, jan = shared(tmp_path)
    run(vhuis, sarah, "sync")
    as_person(monkeypatch, "Jan Test", "2026-11-21")
    run(vhuis, jan, "evaluation", "set", "2026-001", "--effect", "Minder overlast")  # a case is closed after it
    run(vhuis, jan, "case", "status", "2026-001", "closed")
    run(vhuis, jan, "sync")
    as_person(monkeypatch, "Sarah Test", "2026-11-22")
    run(vhuis, sarah, "case", "status", "2026-001", "active")
    run(vhuis, sarah, "decision", "add", "2026-001", "Camera aan de ingang", "--date", "2026-11-22")
    pulled = subprocess.run(["git", "pull", "--rebase", "origin", "main"], cwd=sarah, capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert pulled.returncode != 0

    waiting = vhuis("resolve", store=sarah)
    assert "  here (yours, Sarah Test, 2026-11-22): active\n  on the other side (Jan Test, 2026-11-21): closed\n" in (
        waiting.stderr
    )  # yours is yours, though a rebase calls it 'theirs'
    settled = vhuis("resolve", "2026-001", "status", "--ours", store=sarah)
    assert settled.exit_code == 0, settled.stderr
    assert "no clash left: the rebase went on to its end" in settled.stderr
    assert clean(sarah) and not (sarah / ".git" / "rebase-merge").exists()
    assert git(sarah, "log", "--format=%an: %s").splitlines() == [  # Sarah's work replayed on Jan's, in a line
        "Sarah Test: 2026-001: add decision of 2026-11-22",
        "Sarah Test: 2026-001: status monitoring -> active",
        "Jan Test: 2026-001: status monitoring -> closed",
        "Jan Test: 2026-001: evaluation of 2026-11-27",
        "Sarah Test: test store",
    ]
    case = document(sarah, "cases/2026-001.yaml")
    assert case["status"] == "active"
    assert [d["text"] for d in case["decisions"]] == ["Camera aan de ingang"]  # type: ignore[attr-defined]
    run(vhuis, sarah, "sync")
    run(vhuis, jan, "sync")
    assert head(sarah) == head(jan)


def status_and_text_clash(tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """Jan closed the case and wrote the problem; Sarah, not yet synced, set it active and wrote another."""
    stores = built_once("status and text", tmp_path, lambda: _status_and_text_clash(tmp_path, vhuis, monkeypatch))
    as_person(monkeypatch, "Sarah Test", "2026-11-22")
    return stores


def _status_and_text_clash(tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    remote, sarah, jan = shared(tmp_path)
    as_person(monkeypatch, "Jan Test", "2026-11-21")
    run(vhuis, jan, "evaluation", "set", "2026-001", "--effect", "Minder overlast")  # a case is closed after it
    run(vhuis, jan, "case", "status", "2026-001", "closed")
    run(vhuis, jan, "analysis", "set", "2026-001", "--problem", THEIRS_TEXT)
    run(vhuis, jan, "sync")
    as_person(monkeypatch, "Sarah Test", "2026-11-22")
    run(vhuis, sarah, "case", "status", "2026-001", "active")
    run(vhuis, sarah, "analysis", "set", "2026-001", "--problem", OURS_TEXT)
    return remote, sarah, jan


def test_resolve_refuses_what_it_cannot_settle_and_records_nothing(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, _ = status_and_text_clash(tmp_path, vhuis, monkeypatch)
    before = head(sarah)
    monkeypatch.setenv("EDITOR", editor_writing(tmp_path, "bezig"))
    for args, code, said in [
        (["2026-001", "statu", "--ours"], 4, "cases/2026-001.yaml has no clash on 'statu'; its clashes: status, "
         "analysis.problem"),
        (["2026-002", "--ours"], 4, "2026-002 (cases/2026-002.yaml) has no clash to settle; the clashes are in: "
         "2026-001"),
        (["2026-001", "status"], 2, "choose one: --ours (keep yours), --theirs (take theirs) or --edit"),
        (["2026-001", "status", "--ours", "--theirs"], 2, "choose one: --ours"),
        (["2026-001", "--edit"], 2, "--edit writes one value, and this names 2 clashes (status, analysis.problem)"),
        (["2026-001", "status", "--edit"], 2, "cases/2026-001.yaml, status: 'bezig' does not fit: Input should be "
         "'reported', 'analysis', 'planned', 'active', 'monitoring', 'closed' or 'dismissed'. Nothing was settled"),
        (["--ours"], 2, "name whose clash to settle"),
    ]:  # fmt: skip
        refused = vhuis("resolve", *args, store=sarah)
        assert refused.exit_code == code, (args, refused.stderr)
        assert said in refused.stderr, (args, refused.stderr)
        assert "Traceback" not in refused.stderr
        assert head(sarah) == before and clean(sarah)
        assert not (sarah / ".git" / "vhuis-settled.json").exists()

    monkeypatch.setenv("EDITOR", editor_writing(tmp_path, "Bel Jan op 0470 12 34 56."))
    private = vhuis("resolve", "2026-001", "analysis.problem", "--edit", store=sarah)
    assert private.exit_code == 9 and "phone number '0470 12 34 56'" in private.stderr
    assert head(sarah) == before and not (sarah / ".git" / "vhuis-settled.json").exists()


def test_nothing_to_settle_is_said_plainly(tmp_path: Path, vhuis: Invoke) -> None:
    _, sarah, _ = shared(tmp_path)
    listed = vhuis("resolve", store=sarah)
    assert listed.exit_code == 0 and "nothing to settle: no clash with origin/main is waiting" in listed.stderr
    refused = vhuis("resolve", "2026-001", "status", "--ours", store=sarah)
    assert refused.exit_code == 4
    assert "there is no clash to settle: this store and the other side merge without one" in refused.stderr


def test_a_choice_made_with_resolve_holds_for_the_next_sync(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, _ = status_and_text_clash(tmp_path, vhuis, monkeypatch)
    assert vhuis("resolve", "2026-001", "status", "--theirs", store=sarah).exit_code == 0
    again = vhuis("sync", store=sarah)
    assert again.exit_code == 8
    assert "clash in 1 place, so nothing was merged and the store is as it was before 'vhuis sync' (1 more " in (
        again.stderr
    )
    assert "cases/2026-001.yaml, status:" not in again.stderr
    assert "cases/2026-001.yaml, analysis.problem:" in again.stderr
    listed = vhuis("resolve", store=sarah)
    assert listed.exit_code == 8 and "1 clash with origin/main waiting to be settled:" in listed.stderr
    assert vhuis("resolve", "2026-001", "analysis.problem", "--theirs", store=sarah).exit_code == 0
    assert document(sarah, "cases/2026-001.yaml")["status"] == "closed"
    assert not (sarah / ".git" / "vhuis-settled.json").exists()  # used, and forgotten
    synced = vhuis("sync", store=sarah)
    assert synced.exit_code == 0 and "commits sent" in synced.stderr


def test_a_file_both_sides_changed_by_line_is_settled_whole(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, jan = shared(tmp_path)
    as_person(monkeypatch, "Jan Test", "2026-11-21")
    (jan / "vhuis.yaml").write_text("name: Veiligheidshuis Genk\ncity: Genk\nlanguage: en\n", encoding="utf-8")
    git(jan, "commit", "-q", "-am", "name")
    run(vhuis, jan, "sync")
    as_person(monkeypatch, "Sarah Test", "2026-11-22")
    (sarah / "vhuis.yaml").write_text("name: Veiligheidshuis Genk-Centrum\ncity: Genk\nlanguage: en\n", "utf-8")
    git(sarah, "commit", "-q", "-am", "name")
    refused = vhuis("sync", store=sarah)
    assert refused.exit_code == 8
    assert (
        "vhuis.yaml, the whole file: both sides changed the same lines\n"
        "  here (yours, Sarah Test, 2026-11-22): changed\n"
        "  on the remote (Jan Test, 2026-11-21): changed\n"
        "  keep yours:        vhuis resolve vhuis.yaml --ours\n"
        "  take the remote's: vhuis resolve vhuis.yaml --theirs\n\n"
    ) in refused.stderr
    settled = vhuis("resolve", "vhuis.yaml", "--theirs", store=sarah)
    assert settled.exit_code == 0, settled.stderr
    assert (sarah / "vhuis.yaml").read_text() == "name: Veiligheidshuis Genk\ncity: Genk\nlanguage: en\n"
    assert "vhuis.yaml (the whole file): settled on Jan Test's version" in git(sarah, "log", "-1", "--format=%B")
    assert clean(sarah)


def test_a_settlement_that_would_break_an_entry_is_asked_again_for_the_whole_entry() -> None:
    base = merge.read_document("case", base_case(), "c")
    base["commitments"] = [{"id": "C1", "partner": "politie", "action": "Rondes", "made": "2026-11-20",
                            "due": "2026-12-31", "measure": None, "status": "open", "done": None}]  # fmt: skip
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["commitments"][0].update(status="done", done="2026-11-25")
    theirs["commitments"][0]["status"] = "dropped"
    first = merge.merge_documents("case", base, ours, theirs)
    assert [c.name for c in first.conflicts] == ["C1.status"]

    status = first.conflicts[0]
    settle = {status.field: merge.Settle(merge.fingerprint("done"), merge.fingerprint("dropped"), "theirs")}
    second = merge.merge_documents("case", base, ours, theirs, settle=settle)
    assert [(c.name, c.note) for c in second.conflicts] == [
        ("C1", "the merged file would not be valid: has a done date but status is 'dropped', not 'done'")
    ]
    entry = second.conflicts[0]
    settle["commitments[C1]"] = merge.Settle(merge.fingerprint(entry.ours), merge.fingerprint(entry.theirs), "theirs")
    third = merge.merge_documents("case", base, ours, theirs, settle=settle)
    assert third.conflicts == [] and third.text is not None
    assert (third.document["commitments"][0]["status"], third.document["commitments"][0]["done"]) == ("dropped", None)


def test_settling_keeps_the_renumbering_of_new_cases_and_entries(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sarah, jan = status_and_text_clash(tmp_path, vhuis, monkeypatch)
    as_person(monkeypatch, "Jan Test", "2026-11-23")
    new = ["case", "new", "--approach", "area", "--opened", "2026-11-23"]
    assert vhuis(*new, "Fietsdiefstal", "--area", "Station", store=jan).stdout == "2026-002\n"
    run(vhuis, jan, "signal", "add", "2026-001", "--source", "mayor", "--summary", "Brief van de burgemeester")
    run(vhuis, jan, "sync")
    as_person(monkeypatch, "Sarah Test", "2026-11-23")
    assert vhuis(*new, "Zwerfvuil", "--area", "Stadspark", store=sarah).stdout == "2026-002\n"
    run(vhuis, sarah, "signal", "add", "2026-001", "--source", "citizen", "--summary", "Melding via het loket")
    assert vhuis("sync", store=sarah).exit_code == 8

    assert vhuis("resolve", "2026-001", "status", "--theirs", store=sarah).exit_code == 0
    last = vhuis("resolve", "2026-001", "analysis.problem", "--ours", store=sarah)
    assert last.exit_code == 0, last.stderr
    assert "case 2026-002 is now 2026-003: the id 2026-002 was taken on the remote by another case" in last.stderr
    assert "2026-001: signal S2 renumbered to S3 (the id was taken on the remote)" in last.stderr
    run(vhuis, sarah, "sync")
    run(vhuis, jan, "sync")
    assert head(sarah) == head(jan)
    for store in (sarah, jan):
        assert document(store, "cases/2026-002.yaml")["title"] == "Fietsdiefstal"
        assert document(store, "cases/2026-003.yaml")["title"] == "Zwerfvuil"
        case = document(store, "cases/2026-001.yaml")
        assert [s["summary"] for s in case["signals"]][1:] == [  # type: ignore[attr-defined]
            "Brief van de burgemeester",
            "Melding via het loket",
        ]
        assert (case["status"], case["analysis"]["problem"]) == ("closed", OURS_TEXT)  # type: ignore[index]
        assert vhuis("check", store=store).exit_code == 0


def test_listing_clashes_reads_history_with_a_few_git_programs_whatever_the_number_of_commits(
    tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whose each value is comes from one log, one rev-list and one cat-file per file and side, not three per commit."""
    _, sarah, jan = shared(tmp_path)
    for person, store, status in (("Jan Test", jan, "closed"), ("Sarah Test", sarah, "active")):
        as_person(monkeypatch, person, "2026-11-21")
        if status == "closed":  # a case is closed after its evaluation
            run(vhuis, store, "evaluation", "set", "2026-001", "--effect", "Minder overlast")
        run(vhuis, store, "case", "status", "2026-001", status)
        case = store / "cases" / "2026-001.yaml"
        for n in range(6):  # later commits to the same file: whose the status is is found further back
            case.write_text(case.read_text(encoding="utf-8") + f"# {person} {n}\n", encoding="utf-8")
            git(store, "commit", "-qam", f"{person} {n}")
        if store == jan:
            run(vhuis, jan, "sync")
    trace = tmp_path / "git-trace"
    monkeypatch.setenv("GIT_TRACE", str(trace))

    listed = vhuis("resolve", store=sarah)

    assert listed.exit_code == 8
    assert "here (yours, Sarah Test, 2026-11-21): active" in listed.stderr
    assert "on the remote (Jan Test, 2026-11-21): closed" in listed.stderr
    started = trace.read_text(encoding="utf-8").count("trace: built-in: git ")
    assert started < 60, started  # 91 when each commit took three git programs
