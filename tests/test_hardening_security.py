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
import stat
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.documents.minutes import render_minutes
from vhuis.domain.checks import check_store
from vhuis.errors import InvalidData
from vhuis.storage.store import Store

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
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n",
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


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A local file outside the store that must never reach the minutes."""
    path = tmp_path / "geheim.txt"
    path.write_text("WACHTWOORD=hunter2\n", encoding="utf-8")
    return path


def test_minutes_refuse_an_included_template_that_links_to_a_local_file(
    store: Path, secret: Path, vhuis: Invoke
) -> None:
    (store / "templates").mkdir()
    (store / "templates" / "minutes.md.j2").write_text("# {{ meeting.title|md }}\n{% include 'footer.md.j2' %}\n")
    (store / "templates" / "footer.md.j2").symlink_to(secret)
    commit_all(store)
    before = head(store)

    result = vhuis("minutes", MEETING, store=store)

    assert result.exit_code == 3
    assert "templates/footer.md.j2: is a symbolic link" in result.stderr
    assert "hunter2" not in result.stdout + result.stderr
    assert not (store / "minutes").exists()
    assert head(store) == before


def test_check_names_a_template_that_is_a_link(store: Path, secret: Path, vhuis: Invoke) -> None:
    (store / "templates").mkdir()
    (store / "templates" / "footer.md.j2").symlink_to(secret)
    commit_all(store)

    result = vhuis("check", store=store)

    assert result.exit_code == 3
    assert f"templates/footer.md.j2: is a symbolic link (to {secret})" in result.stdout + result.stderr


def test_a_template_folder_that_is_a_link_is_refused(store: Path, tmp_path: Path, vhuis: Invoke) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "minutes.md.j2").write_text("GEHEIM\n")
    (store / "templates").symlink_to(elsewhere)

    result = vhuis("minutes", MEETING, "--out", "-", store=store)

    assert result.exit_code == 3
    assert "templates/minutes.md.j2: its folder templates is a symbolic link" in result.stderr
    assert "GEHEIM" not in result.stdout


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


def test_minutes_name_a_fifo_in_place_of_the_minutes_file(store: Path) -> None:
    (store / "minutes").mkdir()
    os.mkfifo(store / "minutes" / f"{MEETING}.md")

    result = run(store, "minutes", MEETING)

    assert result.returncode == 3
    assert f"minutes/{MEETING}.md: is a FIFO, not a regular file" in result.stderr


# -- item 7: an output file is written into, never replaced unless it is a regular file ---


class FifoReader:
    """Reads everything written into a FIFO, in a thread; gives up after ``seconds`` (never hangs the test)."""

    def __init__(self, path: Path, seconds: float = 10.0) -> None:
        self.received = b""
        self._descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opens at once, with no writer yet
        self._deadline = time.monotonic() + seconds
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while time.monotonic() < self._deadline:
                try:
                    chunk = os.read(self._descriptor, 65536)
                except BlockingIOError:  # a writer, but nothing yet
                    chunk = None
                if chunk:
                    self.received += chunk
                elif chunk == b"" and self.received:  # the writer closed
                    return
                else:
                    time.sleep(0.01)
        finally:
            os.close(self._descriptor)

    def wait(self) -> bytes:
        self._thread.join()
        return self.received


OUTPUTS = {
    "minutes --out": (("minutes", MEETING, "--out"), "# Overleg"),
    "owes --ics": (("owes", "--ics"), "BEGIN:VCALENDAR"),
}


@pytest.mark.parametrize("command", OUTPUTS)
def test_an_output_fifo_is_written_into_and_stays_a_fifo(
    store: Path, tmp_path: Path, vhuis: Invoke, command: str
) -> None:
    args, start = OUTPUTS[command]
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe)
    reader = FifoReader(pipe)

    result = vhuis(*args, str(pipe), store=store)

    assert result.exit_code == 0, result.stderr
    assert reader.wait().decode("utf-8").startswith(start)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


@pytest.mark.parametrize("command", OUTPUTS)
def test_an_output_link_is_written_through_and_stays_a_link(
    store: Path, tmp_path: Path, vhuis: Invoke, command: str
) -> None:
    args, start = OUTPUTS[command]
    target = tmp_path / "gedeeld" / "bestand"
    target.parent.mkdir()
    target.write_text("oud\n")
    link = tmp_path / "link"
    link.symlink_to(target)

    result = vhuis(*args, str(link), store=store)

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert link.readlink() == target
    assert target.read_text(encoding="utf-8").startswith(start)


@pytest.mark.parametrize("command", OUTPUTS)
def test_an_output_device_is_written_into_and_stays_a_device(
    store: Path, tmp_path: Path, vhuis: Invoke, command: str
) -> None:
    args, _ = OUTPUTS[command]
    device = tmp_path / "null"
    try:  # the null device (1, 3), made here: the real /dev/null is never touched
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.close(os.open(device, os.O_WRONLY))
    except OSError as error:
        pytest.skip(f"cannot make or open a device here ({error.strerror}); needs root and a mount without nodev")

    result = vhuis(*args, str(device), store=store)

    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize("command", OUTPUTS)
@pytest.mark.parametrize("linked", [False, True])
def test_an_output_folder_is_refused(store: Path, tmp_path: Path, vhuis: Invoke, command: str, linked: bool) -> None:
    args, _ = OUTPUTS[command]
    folder = tmp_path / "map"
    folder.mkdir()
    named = folder
    if linked:
        named = tmp_path / "link"
        named.symlink_to(folder)

    result = vhuis(*args, str(named), store=store)

    assert result.exit_code == 2
    assert f"{named} is a folder; give a file name" in result.stderr
    assert list(folder.iterdir()) == []
    assert clean(store)


def test_remind_writes_through_a_linked_message_file(store: Path, tmp_path: Path, vhuis: Invoke) -> None:
    out = tmp_path / "mails"
    out.mkdir()
    target = tmp_path / "politie-archief.eml"
    target.write_text("oud\n")
    (out / "politie.eml").symlink_to(target)
    pipe_out = tmp_path / "pijp-mails"
    pipe_out.mkdir()
    os.mkfifo(pipe_out / "politie.eml")
    reader = FifoReader(pipe_out / "politie.eml")

    linked = vhuis("remind", "--out", str(out), "--from", "vh@genk.example", store=store)
    piped = vhuis("remind", "--out", str(pipe_out), "--from", "vh@genk.example", store=store)

    assert linked.exit_code == 0, linked.stderr
    assert (out / "politie.eml").is_symlink()
    assert "To: " in target.read_text(encoding="ascii")
    assert piped.exit_code == 0, piped.stderr
    assert b"Extra patrouilles" in reader.wait()
    assert stat.S_ISFIFO((pipe_out / "politie.eml").lstat().st_mode)


# -- item 18: a template's render is bounded ------------------------------------------


def with_template(root: Path, text: str) -> None:
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "zwaar.md.j2").write_text(text, encoding="utf-8")
    commit_all(root)


NESTED_RANGES = (
    "# {{ meeting.title }}\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n"
)


@pytest.mark.parametrize("command", [("check",), ("minutes", MEETING, "--template", "zwaar", "--out", "-")])
def test_nested_range_loops_stop_check_and_minutes_quickly(store: Path, command: tuple[str, ...]) -> None:
    with_template(store, NESTED_RANGES)
    started = time.monotonic()

    result = run(store, *command)

    assert time.monotonic() - started < 10
    assert result.returncode == 3
    assert "templates/zwaar.md.j2:2" in result.stdout + result.stderr
    assert "range(100000) gives more than 10,000 numbers" in result.stdout + result.stderr


def test_a_recursion_without_end_stops_with_the_step_limit(store: Path) -> None:
    with_template(store, "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}\n")

    result = run(store, "minutes", MEETING, "--template", "zwaar", "--out", "-")

    assert result.returncode == 3
    assert "templates/zwaar.md.j2:1: the render took more than 250,000 steps" in result.stderr
    assert result.stdout == ""


def test_nested_loops_over_a_list_stop_with_the_step_limit(store: Path) -> None:
    with_template(
        store, "{% set xs = range(5000)|list %}\n{% for a in xs %}{% for b in xs %}{% endfor %}{% endfor %}\n"
    )

    with pytest.raises(InvalidData) as stopped:
        render_minutes(Store(store), date.fromisoformat(MEETING), "zwaar")

    [problem] = stopped.value.problems
    assert (problem.file, problem.line) == ("templates/zwaar.md.j2", 2)
    assert "more than 250,000 steps" in problem.message


def test_a_render_past_its_time_stops(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_template(store, "{% for c in cases %}{{ c.id }}{% endfor %}\n")
    monkeypatch.setattr("vhuis.documents.sandbox.MAX_SECONDS", 0.0)

    with pytest.raises(InvalidData) as stopped:
        render_minutes(Store(store), date.fromisoformat(MEETING), "zwaar")

    assert "templates/zwaar.md.j2:1: the render took more than 0 s" in str(stopped.value)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ('"x" * 2000000', "a * b gives a text or list of more than 1,000,000 items"),
        ("2 ** 1000000", "a ** b gives a number of more than 100,000 bits"),
    ],
)
def test_huge_results_of_operators_are_refused(store: Path, expression: str, message: str) -> None:
    with_template(store, f"{{{{ {expression} }}}}\n")

    with pytest.raises(InvalidData) as stopped:
        render_minutes(Store(store), date.fromisoformat(MEETING), "zwaar")

    assert message in str(stopped.value)
