"""A store: find it, read its files into models, and write changes as one commit.

Reading turns every YAML or schema error into Problems that name file, line and
field. Writing validates first, writes each file atomically (temporary file in
the same folder, then rename), and commits exactly those files, under the
store's lock; a failed commit puts the files back as they were.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from vhuis.errors import (
    DirtyFile,
    InvalidData,
    InvalidInput,
    LockTimeout,
    NotFound,
    Problem,
    StoreError,
    WriteFailed,
)
from vhuis.i18n import N_, _, ngettext, pgettext
from vhuis.storage import leftovers
from vhuis.storage.repo import Repo
from vhuis.vocab import CASE_ID, Escalation

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from vhuis.model import Case, Meeting, Partner, Settings
    from vhuis.storage.index import Audit
    from vhuis.storage.yamlfile import Locate

# pydantic, the models and PyYAML load lazily: read commands served from the index never need them.

MEETING_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # a meeting file's name, less .yaml
SETTINGS_FILE = "vhuis.yaml"
_LANGUAGE = re.compile(r"^language:[ \t]*['\"]?([a-z]+)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)
_ESCALATE = re.compile(r"^[\"']?escalate[\"']?[ \t]*:", re.MULTILINE)
PARTNERS_FILE = "partners.yaml"
REGISTRY_FILES = (SETTINGS_FILE, PARTNERS_FILE, "areas.yaml")
ARCHIVED_FILE = ".vhuis/archived"  # the cases 'vhuis archive' took out of the store, one id a line
ARCHIVED_HEADER = (
    "# Cases archived with 'vhuis archive': their files left the store; 'vhuis purge' removes them from\n"
    "# the history. One case a line: its id and the day it was archived. Written by vhuis.\n"
)


def lock_timeout() -> float:
    """``$VHUIS_LOCK_TIMEOUT``: how many seconds a command waits for the store's lock (default 30)."""
    given = os.environ.get("VHUIS_LOCK_TIMEOUT", "").strip()
    if not given:
        return 30.0
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise InvalidInput(
            _(
                "VHUIS_LOCK_TIMEOUT: {given} is not a number of seconds; set it to 0 or more "
                "(e.g. VHUIS_LOCK_TIMEOUT=30), or unset it for the default of 30"
            ).format(given=repr(given))
        )
    return seconds


M = TypeVar("M", bound="BaseModel")


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """``--store``, else ``$VHUIS_STORE``, else the nearest folder upward holding vhuis.yaml."""
    chosen = explicit or (Path(os.environ["VHUIS_STORE"]) if os.environ.get("VHUIS_STORE") else None)
    if chosen is not None:
        if not (chosen / SETTINGS_FILE).is_file():
            raise StoreError(
                _("{folder} is not a vhuis store (it has no {settings}); make one with 'vhuis init {folder}'").format(
                    folder=chosen, settings=SETTINGS_FILE
                )
            )
        return chosen.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise StoreError(
        _(
            "no vhuis store here: neither {folder} nor a folder above it holds {settings}. "
            "Use --store PATH, set VHUIS_STORE, or make one with 'vhuis init'"
        ).format(folder=here, settings=SETTINGS_FILE)
    )


def problems_from(
    error: ValidationError, name: str, text: str | Locate, prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    """One Problem per pydantic error, with the line of the field in ``text`` (or as ``text`` locates it)."""
    from vhuis.storage import yamlfile

    locate = yamlfile.Locator(text) if isinstance(text, str) else text
    found = []
    for detail in error.errors():
        path = (*prefix, *detail["loc"])
        found.append(Problem(name, locate(path), yamlfile.field_name(path), pydantic_says(detail)))
    return found


# What pydantic says, by the type of its error, for the errors a vhuis file can meet: a field is
# missing, unknown, of the wrong shape or not one of its values. {input} is the value as given
# (quoted); the other placeholders are the error's ``ctx``. A type not listed keeps pydantic's English.
PYDANTIC_SAYS = {
    "missing": N_("is missing"),
    "extra_forbidden": N_("is not a field vhuis knows (a typo?)"),
    "enum": N_("{input} is not one of: {expected}"),
    "literal_error": N_("{input} is not one of: {expected}"),
    "string_type": N_("should be text, not {input}"),
    "list_type": N_("should be a list (one '- ' line per item), not {input}"),
    "dict_type": N_("should be a mapping of fields (key: value), not {input}"),
    "model_type": N_("should be a mapping of fields (key: value), not {input}"),
    "model_attributes_type": N_("should be a mapping of fields (key: value), not {input}"),
    "date_type": N_("{input} is not a date (YYYY-MM-DD, a day that exists)"),
    "date_parsing": N_("{input} is not a date (YYYY-MM-DD, a day that exists)"),
    "date_from_datetime_parsing": N_("{input} is not a date (YYYY-MM-DD, a day that exists)"),
    "date_from_datetime_inexact": N_("{input} is not a date (YYYY-MM-DD, a day that exists)"),
    "bool_type": N_("should be true or false, not {input}"),
    "bool_parsing": N_("should be true or false, not {input}"),
    "int_type": N_("should be a whole number, not {input}"),
    "int_parsing": N_("should be a whole number, not {input}"),
    "too_short": N_("should hold at least {min_length} item(s), not {actual_length}"),
    "too_long": N_("should hold at most {max_length} item(s), not {actual_length}"),
    "string_too_short": N_("should be at least {min_length} character(s) long"),
    "string_too_long": N_("should be at most {max_length} character(s) long"),
    "greater_than_equal": N_("should be {ge} or more, not {input}"),
    "less_than_equal": N_("should be {le} or less, not {input}"),
}


def pydantic_says(detail: Mapping[str, Any]) -> str:
    """One pydantic error in the active language (``PYDANTIC_SAYS``), else in pydantic's own words.

    Our own validators (model.py) raise their message already translated: pydantic wraps it as
    ``Value error, ...``, and only that prefix goes.
    """
    kind = str(detail.get("type", ""))
    said = str(detail.get("msg", "")).removeprefix("Value error, ")
    if kind not in PYDANTIC_SAYS:
        return said
    ctx = {str(key): value for key, value in (detail.get("ctx") or {}).items()}
    if "expected" in ctx:  # pydantic's list of values: "'a', 'b' or 'c'"
        ctx["expected"] = str(ctx["expected"]).replace("' or '", "' {} '".format(pgettext("a list of values", "or")))
    try:
        return _(PYDANTIC_SAYS[kind]).format(**ctx, input=repr(detail.get("input")))
    except (KeyError, IndexError, ValueError):  # a ctx this pydantic does not give: its own words
        return said


def parse(text: str, name: str, model: type[M]) -> M:
    from pydantic import ValidationError

    from vhuis.storage import yamlfile

    document = yamlfile.load(text, name)
    if not isinstance(document, dict):
        raise InvalidData(
            _("{file} is not a vhuis file").format(file=name),
            [Problem(name, 1, "", _("expected a mapping of fields (key: value)"))],
        )
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise InvalidData(
            _("{file} does not follow the schema").format(file=name), problems_from(error, name, text)
        ) from None


def dump_model(record: BaseModel) -> str:
    from vhuis.model import FILE
    from vhuis.storage import yamlfile

    return yamlfile.dump(record.model_dump(mode="python", context=FILE))


@cache
def new_file_mode() -> int:
    """The mode of a file vhuis creates: 0o666 less the umask, as for any program that makes a file."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no other way to read it; set back at once
    os.umask(mask)
    return 0o666 & ~mask


def write_beside(path: Path, text: str | bytes) -> Path:
    """``text`` (or bytes) in a new temporary file next to ``path`` (same folder, so a rename moves it into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else new_file_mode()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=leftovers.waiting_prefix(path), suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as raw:
                raw.write(text)
                raw.flush()
                os.fsync(raw.fileno())
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        Path(temporary).chmod(mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def atomic_write(path: Path, text: str | bytes) -> None:
    """A reader sees the old file or the new one, never half of one."""
    write_beside(path, text).replace(path)


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.repo = Repo(self.root)

    @classmethod
    def find(cls, explicit: Path | None = None) -> Store:
        return cls(find_root(explicit))

    # -- names -----------------------------------------------------------

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def case_path(self, case_id: str) -> Path:
        if not CASE_ID.match(case_id):
            raise InvalidInput(_("{case} is not a case id (YYYY-NNN, e.g. 2026-007)").format(case=repr(case_id)))
        return self.root / "cases" / f"{case_id}.yaml"

    def meeting_path(self, day: date) -> Path:
        return self.root / "meetings" / f"{day.isoformat()}.yaml"

    def _case_files(self) -> list[tuple[str, os.DirEntry[str]]]:
        """Every case file in cases/ with its id, in id order (2026-999 before 2026-1000): one folder scan."""
        folder = self.root / "cases"
        if not folder.is_dir():
            return []
        with os.scandir(folder) as entries:
            found = [
                (entry.name.removesuffix(".yaml"), entry)
                for entry in entries
                if entry.name.endswith(".yaml") and CASE_ID.match(entry.name.removesuffix(".yaml"))
            ]
        return sorted(found, key=lambda item: (item[0][:4], int(item[0][5:])))

    def case_ids(self) -> list[str]:
        return [case_id for case_id, _ in self._case_files()]

    def case_stats(self) -> list[tuple[str, str, os.stat_result]]:
        """``(case id, file name in the store, stat)`` of every case file, in id order."""
        found = []
        for case_id, entry in self._case_files():
            try:  # the stat of a link itself: a link is never read, so its target's stat says nothing
                found.append((case_id, f"cases/{entry.name}", entry.stat(follow_symlinks=False)))
            except OSError:  # removed meanwhile
                continue
        return found

    def meeting_dates(self) -> list[str]:
        folder = self.root / "meetings"
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.yaml") if MEETING_NAME.match(p.stem))

    def meeting_before(self, day: date) -> date | None:
        """The day of the last meeting file before ``day`` (its name in meetings/: nothing is parsed)."""
        earlier = [d for d in self.meeting_dates() if d < day.isoformat()]
        return date.fromisoformat(earlier[-1]) if earlier else None

    def archived(self) -> dict[str, str]:
        """The cases archived out of the store (ARCHIVED_FILE): id -> the day it was archived."""
        try:
            return archived_in((self.root / ARCHIVED_FILE).read_text(encoding="utf-8", errors="replace"))
        except (FileNotFoundError, NotADirectoryError):
            return {}

    def known_case_ids(self) -> set[str]:
        """The ids a meeting or an inbox signal may name: the cases in the store and those archived out of it."""
        return {*self.case_ids(), *self.archived()}

    # -- reading ---------------------------------------------------------

    def read_text(self, path: Path) -> str:
        """The text of a store file; a link, FIFO, device or folder in its place is refused (storefile.py)."""
        from vhuis.storage import yamlfile
        from vhuis.storage.storefile import read_inside

        name = self.rel(path)
        try:
            raw = read_inside(self.root, path)
        except FileNotFoundError:
            raise NotFound(_("{file} does not exist").format(file=name)) from None
        return yamlfile.decode(raw, name)

    def read(self, path: Path, model: type[M]) -> M:
        return parse(self.read_text(path), self.rel(path), model)

    @cached_property
    def settings(self) -> Settings:
        from vhuis.model import Settings

        return self.read(self.root / SETTINGS_FILE, Settings)

    @cached_property
    def partners(self) -> dict[str, Partner]:
        path = self.root / PARTNERS_FILE
        if not os.path.lexists(path):
            return {}
        return {p.id: p for p in read_partners(self.read_text(path), self.rel(path))}

    @cached_property
    def escalation(self) -> Escalation:
        """When an open commitment is escalated (``vhuis.yaml`` ``escalate``), the defaults if unsaid.

        Read without YAML or the models when vhuis.yaml does not say it, so that read commands
        served from the index stay light; when it does, the settings are read (and checked) in full.
        """
        try:
            text = (self.root / SETTINGS_FILE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return Escalation()
        if not _ESCALATE.search(text):
            return Escalation()
        said = self.settings.escalate
        return Escalation(overdue_days=said.overdue_days, postponed=said.postponed)

    @cached_property
    def language(self) -> str:
        """The office's language (``vhuis.yaml`` ``language``), read without YAML or the models: nl if unsaid.

        The messages follow it from the moment the store is open (read commands served from the
        index load no YAML at all); a vhuis.yaml that cannot be read is reported by whatever reads
        the settings, in the default language.
        """
        from vhuis.i18n import DEFAULT, LANGUAGES

        try:
            text = (self.root / SETTINGS_FILE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return DEFAULT
        said = _LANGUAGE.search(text)
        return said.group(1) if said is not None and said.group(1) in LANGUAGES else DEFAULT

    def forget(self) -> None:
        """Drop the settings and partners read so far, so that the next use reads the files again."""
        for cached in ("settings", "partners", "language"):
            self.__dict__.pop(cached, None)

    def case(self, case_id: str) -> Case:
        path = self.case_path(case_id)
        if not os.path.lexists(path):  # a dangling link is there, and refused by name when read
            archived = self.archived()
            if case_id in archived:
                raise NotFound(
                    _(
                        "case {case} was archived on {day} ('vhuis archive'): its file and history are no longer "
                        "in the store, but in the archive it was written to"
                    ).format(case=case_id, day=archived[case_id] or "?")
                )
            raise NotFound(
                _("there is no case {case} (no {file}); 'vhuis case list' shows the cases").format(
                    case=case_id, file=self.rel(path)
                )
            )
        from vhuis.model import Case

        case = self.read(path, Case)
        if case.id != case_id:
            raise InvalidData(
                _("{file} holds another case").format(file=self.rel(path)),
                [Problem(self.rel(path), 1, "id", file_name_says(repr(case.id), repr(case_id)))],
            )
        return case

    def cases(self) -> tuple[list[Case], list[Problem]]:
        """Every case that loads, and the problems of those that do not (read commands carry on)."""
        loaded: list[Case] = []
        problems: list[Problem] = []
        for case_id in self.case_ids():
            try:
                loaded.append(self.case(case_id))
            except InvalidData as error:
                problems.extend(error.problems)
        return loaded, problems

    def digests(self, audit: Audit | None = None) -> tuple[list[Case], list[Problem]]:
        """A digest standing for every case (see index.py): what owes, case list and report read, from the index."""
        from vhuis.storage.index import case_digests

        return case_digests(self, audit)

    def meeting(self, day: date) -> Meeting:
        path = self.meeting_path(day)
        if not os.path.lexists(path):
            known = ", ".join(self.meeting_dates()[-5:]) or _("none yet")
            raise NotFound(
                _("there is no meeting on {day} (recent meetings: {known})").format(day=day.isoformat(), known=known)
            )
        from vhuis.model import Meeting

        return self.read(path, Meeting)

    def meeting_day(self, day: str) -> date:
        """The date a meeting file is named after; InvalidData naming the file when it is no real day."""
        try:
            return date.fromisoformat(day)
        except ValueError:
            name = f"meetings/{day}.yaml"
            problem = Problem(name, None, "", _("is not read: its name is not a real date (YYYY-MM-DD)"))
            raise InvalidData(_("{file} is not read").format(file=name), [problem]) from None

    def meetings(self) -> tuple[list[Meeting], list[Problem]]:
        """Every meeting that loads, and the problems of those that do not (read commands carry on)."""
        loaded: list[Meeting] = []
        problems: list[Problem] = []
        for day in self.meeting_dates():
            try:
                loaded.append(self.meeting(self.meeting_day(day)))
            except InvalidData as error:
                problems.extend(error.problems)
        return loaded, problems

    # -- writing ---------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time: read, change, write and commit happen under this lock."""
        from filelock import FileLock, Timeout

        timeout = lock_timeout()
        lock = FileLock(self.repo.git_dir / "vhuis.lock", timeout=timeout)
        try:
            with lock:
                leftovers.sweep(self.root)
                self.forget()  # read afresh under the lock: another process may have changed them
                try:
                    yield
                finally:
                    self.forget()  # what was written under the lock is read afresh after it
        except Timeout:
            raise LockTimeout(
                _(
                    "another vhuis command has held the store's lock for {seconds} s; "
                    "try again when it is done (the lock is .git/vhuis.lock)"
                ).format(seconds=f"{timeout:g}")
            ) from None

    def ready_to_change(self, paths: Iterable[Path]) -> None:
        """Refuse a change off a branch, mid-rebase or -merge, or while its files or the registry hold hand edits.

        The registry (settings, partners, areas) is what every change is checked against: a change
        checked against an uncommitted registry could land in a commit that HEAD's registry breaks.
        """
        self.repo.ensure_on_branch()
        paths = list(paths)
        registry = [self.root / name for name in REGISTRY_FILES]
        edited = self.repo.edited([*paths, *(p for p in registry if p not in paths)])
        if not edited:
            return
        ours = {self.repo.rel(p) for p in paths}
        mine = [name for name in edited if name in ours]
        others = [name for name in edited if name not in ours]
        said = []
        if mine:
            said.append(
                ngettext(
                    "{files} has changes that are not committed (a hand edit in progress?). "
                    "vhuis will not mix them into its commit.",
                    "{files} have changes that are not committed (a hand edit in progress?). "
                    "vhuis will not mix them into its commit.",
                    len(mine),
                ).format(files=", ".join(mine))
            )
        if others:
            said.append(
                ngettext(
                    "{files} has changes that are not committed, "
                    "and vhuis checks every change against the committed settings and partners.",
                    "{files} have changes that are not committed, "
                    "and vhuis checks every change against the committed settings and partners.",
                    len(others),
                ).format(files=", ".join(others))
            )
        said.append(
            ngettext(
                "Commit it first (git commit -- {files}), or put it aside (git stash), then run this again.",
                "Commit them first (git commit -- {files}), or put them aside (git stash), then run this again.",
                len(edited),
            ).format(files=" ".join(edited))
        )
        raise DirtyFile(" ".join(said))

    def commit(self, files: dict[Path, str], message: str, gone: Iterable[Path] = ()) -> None:
        """Write ``files``, remove the files ``gone``, and commit exactly them; on any failure all are as in HEAD."""
        removed = list(gone)
        self.ready_to_change([*files, *removed])
        # Every new version is written in full before any file is touched; the old versions are kept
        # as hard links (no copy, so a full disk cannot stop the way back; a copy only where links are
        # refused) until the commit has landed. Only what exists is recorded, so the way back never fails.
        written: dict[Path, Path] = {}
        kept: dict[Path, Path] = {}
        try:
            for path, text in files.items():
                written[path] = write_beside(path, text)
            for path, new in written.items():
                if path.exists():
                    kept[path] = keep_old_version(path)
                new.replace(path)
            for path in removed:
                kept[path] = keep_old_version(path)
                path.unlink()
            self.repo.commit_paths(list(files), message, new=[path for path in files if path not in kept], gone=removed)
        except BaseException as error:
            for path in [*files, *removed]:
                if path in kept:
                    kept.pop(path).replace(path)
                elif path in written and not written[path].exists():
                    path.unlink(missing_ok=True)
            self.repo.unstage([*files, *removed])
            if isinstance(error, OSError):
                names = ", ".join(self.rel(path) for path in [*files, *removed])
                why = error.strerror
                raise WriteFailed(
                    _("could not write the store: {files} ({why}); nothing was changed").format(files=names, why=why)
                ) from None
            raise
        finally:
            for leftover in [*written.values(), *kept.values()]:
                leftover.unlink(missing_ok=True)


def keep_old_version(path: Path) -> Path:
    """A hard link to ``path`` beside it; a copy where the file system refuses the link.

    A link can be refused: a colleague's file in a group-shared store (fs.protected_hardlinks),
    a file system without links. The copy costs room, but there is no other way back then.
    """
    kept = leftovers.kept_name(path)
    kept.unlink(missing_ok=True)  # left by a killed process that had our process id
    try:
        os.link(path, kept)
    except OSError:
        try:
            shutil.copy2(path, kept)
        except BaseException:
            kept.unlink(missing_ok=True)
            raise
    return kept


def read_partners(text: str, name: str) -> list[Partner]:
    from pydantic import TypeAdapter, ValidationError

    from vhuis.model import Partner
    from vhuis.storage import yamlfile

    document = yamlfile.load(text, name)
    locate = yamlfile.Locator(text)
    try:
        partners = TypeAdapter(list[Partner]).validate_python([] if document is None else document)
    except ValidationError as error:
        raise InvalidData(
            _("{file} does not follow the schema").format(file=name), problems_from(error, name, locate)
        ) from None
    seen: set[str] = set()
    twice = []
    for index, partner in enumerate(partners):
        if partner.id in seen:
            said = _("{partner} is listed twice").format(partner=repr(partner.id))
            twice.append(Problem(name, locate([index, "id"]), f"[{index}].id", said))
        seen.add(partner.id)
    if twice:
        raise InvalidData(_("{file} does not follow the schema").format(file=name), twice)
    return partners


INBOX_FILE = "inbox.yaml"
AREAS_FILE = "areas.yaml"
RECORD_LISTS = {INBOX_FILE: "id", AREAS_FILE: "name"}  # each with the key every record has its own


def read_records(text: str, name: str) -> list[BaseModel]:
    """The records of a list file of RECORD_LISTS (inbox.yaml, areas.yaml); InvalidData naming every problem."""
    from pydantic import TypeAdapter, ValidationError

    from vhuis.model import Area, InboxSignal
    from vhuis.storage import yamlfile

    adapter: TypeAdapter[Any] = TypeAdapter(list[InboxSignal] if name == INBOX_FILE else list[Area])
    key = RECORD_LISTS[name]
    document = yamlfile.load(text, name)
    locate = yamlfile.Locator(text)
    try:
        records: list[BaseModel] = adapter.validate_python([] if document is None else document)
    except ValidationError as error:
        raise InvalidData(f"{name} does not follow the schema", problems_from(error, name, locate)) from None
    seen: set[str] = set()
    twice = []
    for index, found in enumerate(records):
        value = getattr(found, key)
        said = " ".join(value.split()).casefold() if name == AREAS_FILE else value  # areas are named in any capitals
        if said in seen:
            twice.append(Problem(name, locate([index, key]), f"[{index}].{key}", f"{value!r} is listed twice"))
        seen.add(said)
    if twice:
        raise InvalidData(f"{name} does not follow the schema", twice)
    return records


def archived_in(text: str) -> dict[str, str]:
    """The case ids in the text of ARCHIVED_FILE, each with the day it was archived ('' when the line has none)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words and CASE_ID.match(words[0]):
            found[words[0]] = words[1] if len(words) > 1 else ""
    return found


def file_name_says(found: str, named: str) -> str:
    """A file whose id (or date) is not the one its name says (both as they are to be shown)."""
    return _("is {found}, but the file name says {named}").format(found=found, named=named)


def dump_partners(partners: list[Partner]) -> str:
    from vhuis.storage import yamlfile

    return yamlfile.dump([p.model_dump(mode="python") for p in partners])
