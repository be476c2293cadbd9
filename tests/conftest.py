"""Every test runs in isolation: its own HOME, its own git identity, its own store."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.testing as typer_testing
from hypothesis import settings
from typer.testing import CliRunner

# Compiled modules are kept (in __pycache__, which git ignores) even where the machine asks Python not to
# write them (PYTHONDONTWRITEBYTECODE): else each test process compiles pytest's rewritten test modules
# anew (about 2.5 s of CPU a worker) and each Python a test starts (the vhuis command, git's merge driver,
# the pre-commit hook) compiles vhuis anew (about 70 ms each). Set before vhuis is first imported, below.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

RAM_DISK = Path("/dev/shm")
RAM_DISK_ROOM = 2 * 2**30


def _temporary_folders_in_memory() -> None:
    """The tests' stores, clones and remotes on the machine's RAM disk, when it has one with room to spare.

    A test makes and removes thousands of small files (git's objects, refs, index and lock files): on this
    machine's disk a new folder with a file costs about 300 microseconds, on /dev/shm about 20, and the
    suite takes 24-27 s instead of 40-53 s (docs/performance.md, round 4). What the tests prove is the
    same on either: the files, git and vhuis are real. A TMPDIR of your own is kept; so are machines
    without /dev/shm.
    """
    if os.environ.get("TMPDIR"):
        return
    try:
        usable = os.access(RAM_DISK, os.W_OK | os.X_OK) and shutil.disk_usage(RAM_DISK).free >= RAM_DISK_ROOM
    except OSError:
        return
    if usable:
        os.environ["TMPDIR"] = str(RAM_DISK)  # git, the vhuis processes and the editors the tests start
        tempfile.tempdir = str(RAM_DISK)  # pytest's tmp_path and tempfile in this process


_temporary_folders_in_memory()

from vhuis.cli.app import app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ("vhuis.yaml", "partners.yaml", "cases", "meetings")
TODAY = "2026-11-27"


# After each commit, merge, fetch or push git starts "git maintenance run --auto" or "git gc --auto"
# (one more program each, about 600 a run), which finds nothing to do in a test's small repository.
GIT_HOUSEKEEPING_OFF = "[maintenance]\n\tauto = false\n[gc]\n\tauto = 0\n[receive]\n\tautogc = false\n"


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    (home / ".gitconfig").write_text(GIT_HOUSEKEEPING_OFF, encoding="utf-8")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Sarah Test")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "sarah.test@genk.example")
    monkeypatch.setenv("VHUIS_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("VHUIS_STORE", raising=False)
    monkeypatch.delenv("VHUIS_DEBUG", raising=False)
    monkeypatch.setenv("VHUIS_LOCK_TIMEOUT", "10")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def _commit_store(root: Path, files: dict[str, str], taught: bool = False) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if taught:
        _init_taught(root)
    else:
        git(root, "init", "-q", "-b", "main")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test store")


# Stores already made with real git in this test process, by what made them: a test gets a copy.
_MADE: dict[tuple[object, ...], Path] = {}


def _git_setting() -> tuple[object, ...]:
    """What else shapes a new repository: git's and vhuis's environment (identity, day, config), the global config."""
    glob = Path(os.environ.get("GIT_CONFIG_GLOBAL", Path.home() / ".gitconfig"))
    text = glob.read_text(encoding="utf-8") if glob.is_file() else None
    skip = {"GIT_CONFIG_GLOBAL", "VHUIS_STORE"}  # where, not what
    return (*sorted((k, v) for k, v in os.environ.items() if k.startswith(("GIT_", "VHUIS_")) and k not in skip), text)


def made_once(kind: tuple[object, ...], root: Path, make: Callable[[Path], None]) -> Path:
    """``make(root)`` the first time a store of this kind (and git setting) is asked for; later, a copy of it.

    A copy of a repository is a repository git cannot tell from the original, and
    copying costs about two thirds of git init, add and commit (and far less than a vhuis init).
    """
    key = (*kind, *_git_setting())
    made = _MADE.get(key)
    if made is None:
        make(root)
        if not (root / ".git" / "vhuis" / "driver").is_file():
            _teach_merge_driver(root)
        made = _MADE[key] = Path(tempfile.mkdtemp(prefix="vhuis-test-store-")) / "store"
        atexit.register(shutil.rmtree, made.parent, True)
        shutil.copytree(root, made, symlinks=True)
        return root
    if root.exists():
        root.rmdir()
    compact(made)
    shutil.copytree(made, root, symlinks=True)
    return root


_COMPACTED: set[Path] = set()


def compact(repository: Path) -> None:
    """Once, before a kept repository is first copied: its loose objects in one pack, git's sample hooks gone.

    git cannot tell a packed object from a loose one; a copy then holds about half as many files
    (each loose object is a file in a folder of its own), so it is quicker to copy and to remove.
    """
    if repository in _COMPACTED:
        return
    _COMPACTED.add(repository)
    git_dir = repository / ".git" if (repository / ".git").is_dir() else repository
    for sample in git_dir.glob("hooks/*.sample"):
        sample.unlink()
    git(repository, "repack", "-a", "-d", "-q")


# An empty repository (git init) already taught the merge driver, by git setting: a new store kept by
# made_once starts as a copy of its .git (a file copy instead of git init and six git programs).
_BLANK: dict[tuple[object, ...], Path] = {}


def _init_taught(root: Path) -> None:
    """``git init`` and the merge driver taught, as a copy of an empty repository made so once per process."""
    key = _git_setting()
    blank = _BLANK.get(key)
    if blank is None:
        blank = _BLANK[key] = Path(tempfile.mkdtemp(prefix="vhuis-test-blank-")) / "store"
        atexit.register(shutil.rmtree, blank.parent, True)
        blank.mkdir()
        git(blank, "init", "-q", "-b", "main")
        for sample in blank.glob(".git/hooks/*.sample"):
            sample.unlink()
        _teach_merge_driver(blank)
    shutil.copytree(blank / ".git", root / ".git", symlinks=True)


def _teach_merge_driver(root: Path) -> None:
    """What the first vhuis command in a store does once (five git programs), done once for every copy.

    The driver in a clone that lacks it is proved by its own tests (test_colleague.py, test_sync.py).
    """
    from vhuis.collab.gitsetup import configure_driver
    from vhuis.storage.repo import Repo

    configure_driver(Repo(root), root)


def build_store(root: Path, files: dict[str, str]) -> Path:
    """A committed store made of ``files`` (path -> dedented text)."""
    if root.exists() and any(root.iterdir()):  # files put there by the caller: commit them as they are
        _commit_store(root, files)
        return root
    return made_once(("files", *files.items()), root, lambda into: _commit_store(into, files, taught=True))


PARTNERS = """
- id: politie
  name: Lokale politie
  kind: police
  email: info@politie.example
- id: preventiedienst
  name: Preventiedienst
  kind: city-service
  email: null
- id: nmbs
  name: NMBS
  kind: transport
  email: null
"""

CASE = """
id: 2026-001
title: Overlast aan het station
approach: area
area: Stationsomgeving
group: null
themes:
  - overlast
status: reported
opened: 2026-03-02
lead: preventiedienst
partners:
  - politie
signals:
  - id: S1
    date: 2026-03-01
    source: citizen
    partner: null
    summary: Jongeren hangen rond in de hal.
analysis: null
plan: null
commitments: []
decisions: []
"""


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    """A store with three partners and one case, 2026-001."""
    return build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE,
        },
    )


@pytest.fixture
def example_store(tmp_path: Path) -> Path:
    """A copy of the example store at the repository root, as its own repository."""

    def make(root: Path) -> None:
        root.mkdir()
        for name in EXAMPLE:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, root / name)
            else:
                shutil.copy(source, root / name)
        _commit_store(root, {}, taught=True)

    return made_once(("example",), tmp_path / "example", make)


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


Invoke = Callable[..., Outcome]


# typer turns the app into its click command anew on every CliRunner.invoke (about 20 ms, some
# thousand times a run); the command holds no state between runs (vhuis keeps its own in the
# context), so one build serves the whole run.
typer_testing._get_command = functools.cache(typer_testing._get_command)


@pytest.fixture
def vhuis(monkeypatch: pytest.MonkeyPatch) -> Iterator[Invoke]:
    """Run a vhuis command in-process: ``vhuis("case", "list", store=path)``."""
    runner = CliRunner()

    def invoke(*args: str, store: Path | None = None, input: str | None = None) -> Outcome:
        if store is not None:
            monkeypatch.setenv("VHUIS_STORE", str(store))
        result = runner.invoke(app, list(args), input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    yield invoke


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def clean(root: Path) -> bool:
    return git(root, "status", "--porcelain", "--untracked-files=all") == ""


# Property tests: 100 examples each run (hypothesis's own default; failing examples are kept in
# .hypothesis/ and tried first next time), no deadline (a loaded machine is not a slow vhuis).
# HYPOTHESIS_PROFILE=thorough searches ten times as far, for a night run or after touching a parser.
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def examples(share: int = 1) -> int:
    """How many examples a property test tries: the profile's number, divided by ``share`` for a costly one."""
    return max(1, settings.default.max_examples // share)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject's addopts): a worker per core for the suite; one process for a few named files.

    Starting a worker costs about a second; for one or two test files that is more than it saves.
    """
    named = [arg for arg in config.args if arg.split("::")[0].endswith(".py")]
    if named and len(named) == len(config.args) and len({arg.split("::")[0] for arg in named}) <= 2:
        return 0
    return None


# Remotes with their two clones already made in this test process, by what made them: a test gets a copy.
_SHARED: dict[tuple[object, ...], Path] = {}


def shared_remote(tmp_path: Path, first: str, second: str, case: str | None = None) -> tuple[Path, Path, Path]:
    """A bare remote holding the small store (sent from ``first``'s store), and ``second``'s clone of it.

    Made with real git (init, push, clone: about fifteen programs) the first time; later a copy of
    all three, each clone's origin pointed at the copied remote (one git program each).
    """
    remote, sender, clone = tmp_path / "remote.git", tmp_path / first, tmp_path / second
    key = (first, second, case, *_git_setting())
    made = _SHARED.get(key)
    if made is not None:
        for store in (remote, sender, clone):
            compact(made / store.name)
            shutil.copytree(made / store.name, store, symlinks=True)
        for store in (sender, clone):
            git(store, "remote", "set-url", "origin", str(remote))
        return remote, sender, clone
    _share(remote, sender, clone, case)
    made = _SHARED[key] = Path(tempfile.mkdtemp(prefix="vhuis-test-shared-"))
    atexit.register(shutil.rmtree, made, True)
    for store in (remote, sender, clone):
        shutil.copytree(store, made / store.name, symlinks=True)
    return remote, sender, clone


def _share(remote: Path, sender: Path, clone: Path, case: str | None) -> None:
    from vhuis.collab.setup import GITATTRIBUTES

    git(remote.parent, "init", "-q", "--bare", "-b", "main", str(remote))
    build_store(
        sender,
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE if case is None else case,
            ".gitattributes": GITATTRIBUTES,
        },
    )
    git(sender, "remote", "add", "origin", str(remote))
    git(sender, "push", "-q", "-u", "origin", "main")
    git(clone.parent, "clone", "-q", str(remote), str(clone))


@pytest.fixture(autouse=True)
def english_until_a_store_says_otherwise() -> Iterator[None]:
    """A test that calls the domain itself reads its messages in English, as the test stores speak.

    The active language is one setting for the whole process: without this, a test would read
    whatever language the test before it left active.
    """
    from vhuis import i18n

    i18n.activate("en")
    yield
    i18n.activate(i18n.DEFAULT)


# The example store is what 'vhuis init --example' copies: its register of areas (areas.yaml) too.
from vhuis.storage.resources import EXAMPLE_FILES  # noqa: E402

EXAMPLE = EXAMPLE_FILES


# Jinja compiles a template anew for every environment, and vhuis makes one per render (about 35 ms a
# template, some hundred renders a run). In the tests, every environment shares one in-memory bytecode
# cache: a template whose name, file and source were compiled before in this process is not compiled
# again (Jinja checks the source's checksum, so a changed template is compiled anew). The first render
# of each template in a process still compiles it with vhuis's own code generator (loops counted).
import jinja2  # noqa: E402

from vhuis.documents import sandbox  # noqa: E402


class _CompiledOnce(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.kept.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]  # type: ignore[assignment]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledOnce()
_bounded_init = sandbox.BoundedEnvironment.__init__


def _sharing_compiled_templates(self: sandbox.BoundedEnvironment, **options: object) -> None:
    options.setdefault("bytecode_cache", _COMPILED)
    _bounded_init(self, **options)


sandbox.BoundedEnvironment.__init__ = _sharing_compiled_templates  # type: ignore[method-assign]
