"""The index: a digest of every case, cached under ``.git/``, for read commands.

Read commands that look across all cases (owes, case list, report) need only a
digest of each case: the model's own JSON form (``model_dump``) less the long
texts (LEFT_OUT), read back as objects with the model's attribute names, dates
and enums, without pydantic. Parsing 2,000 YAML files takes seconds; reading their
digests from one JSON file takes milliseconds, so only files changed since the
last run are parsed. A field added to a model is in the digest without a change
here: the schema that reads the JSON back is worked out from the models and kept
in the index, and an index written for other models (or other code) is rebuilt.

The index is never the source of truth. Each entry is keyed by its file's stat
(mtime in ns, size, inode); a file that changed, or has no entry, is parsed
again, and a file removed is dropped. A file changed within the last two seconds
is not cached (racy timestamps, as in git's own index), so a quick hand edit is
always seen. A missing, unreadable or corrupt index is rebuilt; failing to write
it is not an error. Broken files are cached with their problems, so every run
names them.
"""

from __future__ import annotations

import gc
import hashlib
import json
import keyword
import multiprocessing
import os
import time
import typing
from collections import namedtuple
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from vhuis import i18n, vocab
from vhuis.errors import InvalidData, Problem, StoreError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from vhuis.model import Case
    from vhuis.storage.store import Store

VERSION = 5  # raise it whenever the loader accepts less: old entries would hide the new problems
RACY_SECONDS = 2.0

# What a case's digest leaves out of the model: the long free texts, which no command served from the
# index reads. Everything else is the model's own JSON form (model_dump), so a new field is in the
# digest without a change here. The measures are kept as the case shows them (Case.measures), and of the
# plan only how many goals it has (Case.goal_count).
LEFT_OUT: dict[str, Any] = {
    "analysis": {"problem", "factors"},  # kept as an empty record: whether the case has an analysis (agenda)
    "plan": True,
    "decisions": {"__all__": {"text"}},
    "signals": {"__all__": {"summary"}},
    "evaluation": {"effect", "process"},
}

# -- the models' digest -------------------------------------------------------
#
# A digest is read back without pydantic (read commands served from the index do not import it):
# as Digest objects with the model's attribute names, whose dates and enums are converted as the
# schema says. The schema is worked out from the models' annotations when the index is written, and
# kept in the index beside the entries; an index written for other models is not read (MODELS).

Schema = dict[str, Any]  # field -> "date", "enum:<name in vhuis.vocab>", "map:<kind>", a nested Schema, or None


def _kind(annotation: Any) -> Any:
    """What a field's annotation asks of its JSON value: see Schema."""
    from pydantic import BaseModel

    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]  # a list holds values of its item's kind
        elif origin is dict:  # a mapping from 1-based positions (JSON keys are text) to values of a kind
            key, item = typing.get_args(annotation)
            if typing.get_origin(key) is typing.Annotated:
                key = typing.get_args(key)[0]
            assert key is int, f"a digest reads back mappings keyed by int only, not {key!r}"
            return f"map:{_kind(item)}"
        elif origin is not None:  # X | None
            kinds = [_kind(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
            return kinds[0] if len(kinds) == 1 else None
        else:
            break
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, BaseModel):
        return schema_of(annotation)
    if issubclass(annotation, Enum):
        name = annotation.__name__
        assert getattr(vocab, name, None) is annotation, f"{name} is read back from vhuis.vocab"
        return f"enum:{name}"
    return "date" if issubclass(annotation, date) else None


def schema_of(model: type[BaseModel]) -> Schema:
    return {name: _kind(field.annotation) for name, field in model.model_fields.items()}


@cache
def case_schema() -> Schema:
    """The schema of a case's digest: the model's, less LEFT_OUT, with the measures and the place."""
    from vhuis.model import Case, Measure

    schema: Schema = {}
    for name, kind in schema_of(Case).items():
        left_out = LEFT_OUT.get(name)
        if left_out is True:
            continue
        if isinstance(left_out, dict):  # {"__all__": {fields}}: those fields of every entry
            kind = {field: k for field, k in kind.items() if field not in left_out["__all__"]}
        elif isinstance(left_out, set):  # {fields}: those fields of a record
            kind = {field: k for field, k in kind.items() if field not in left_out}
        schema[name] = kind
    return {**schema, "measures": schema_of(Measure), "where": None, "goal_count": None}


def digest_of(case: Case) -> dict[str, Any]:
    """The JSON form of a case's digest: the model's, less LEFT_OUT.

    The entries of a case (signals, measures, commitments) are kept as lists of their values in
    the order of the schema's fields: a third smaller than mappings, and as quick to read back.
    """
    digest = case.model_dump(mode="json", exclude=LEFT_OUT)
    digest["measures"] = [m.model_dump(mode="json") for m in case.measures]
    digest["where"] = case.where
    digest["goal_count"] = case.goal_count
    for name, kind in case_schema().items():
        if isinstance(kind, dict) and isinstance(digest[name], list):  # a record (a case's evaluation) stays one
            digest[name] = [[entry[field] for field in kind] for entry in digest[name]]
    return digest


def _fingerprint() -> str:
    """The models, their words and this code: an index written for others is rebuilt."""
    here = Path(__file__).parent.parent
    found = hashlib.blake2b(str(VERSION).encode(), digest_size=12)
    for name in ("model.py", "vocab.py", "storage/index.py"):
        try:
            found.update((here / name).read_bytes())
        except OSError:
            found.update(name.encode())
    return found.hexdigest()


class Digest:
    """A model read back from the index: the same attribute names, without validation or the left-out texts."""

    def __init__(self, data: dict[str, Any], reader: Reader) -> None:
        values = self.__dict__
        values.update(data)  # the plain values as they are; the dates and enums converted now
        for name in reader.eager:
            values[name] = reader.value(name, values[name])
        for name in reader.lazy:  # the entries of the case: converted when first read
            del values[name]
        self._data = data
        self._reader = reader

    def __getattr__(self, name: str) -> Any:  # only for what is not converted yet
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = self._data[name]
        except KeyError:
            raise AttributeError(f"a case's digest holds no {name!r}") from None
        value = self._reader.value(name, value)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"Digest({self._data.get('id')!r})"


def _nested(schema: Schema) -> Callable[[Any], Any]:
    """A function from a record inside an entry or a case (or a list of them), as model_dump wrote it,
    to an object (a list of them) with the model's attribute names: ``from`` is read as ``from_``."""
    reader = Reader(schema, rows=False)

    def one(data: dict[str, Any]) -> SimpleNamespace:
        named = {f"{key}_" if keyword.iskeyword(key) else key: value for key, value in data.items()}
        return SimpleNamespace(**{name: reader.value(name, value) for name, value in named.items()})

    def read(value: Any) -> Any:
        return [one(item) for item in value] if isinstance(value, list) else one(value)

    return read


def _row_reader(fields: list[tuple[str, Callable[[Any], Any] | None]]) -> Callable[[list[Any]], Any]:
    """A function from an entry's list of JSON values to an object with the model's attribute names.

    Written out for the fields, as ``collections.namedtuple`` does: the ~36,000 entries of a
    2,000-case store are read in a few milliseconds.
    """
    names: dict[str, Any] = {"Row": namedtuple("Row", [name for name, _ in fields])}
    values = []
    for index, (_, convert) in enumerate(fields):
        if convert is None:
            values.append(f"row[{index}]")
        else:
            names[f"convert{index}"] = convert
            values.append(f"None if row[{index}] is None else convert{index}(row[{index}])")
    code = f"def read(row):\n    return Row({', '.join(values)})\n"
    exec(code, names)  # noqa: S102  # the code is made of the models' field names only
    read: Callable[[list[Any]], Any] = names["read"]
    return read


# Enum(value) goes through EnumMeta.__call__ in Python; a dict lookup is ~20x faster, which
# matters for the ~36,000 rows of a 2,000-case store.
def _enum(name: str) -> Callable[[Any], Any]:
    members: dict[str, Enum] = {str(m.value): m for m in getattr(vocab, name)}
    return members.__getitem__


class Reader:
    """Turns a digest's JSON values into the model's values, as a schema says.

    A case's entries (a list of records) are rows, lists of values (``digest_of``); a single record
    (a case's evaluation), and any record inside an entry (a commitment's postponements), is read
    as model_dump wrote it (``rows=False``).
    """

    def __init__(self, schema: Schema, rows: bool = True) -> None:
        self._convert: dict[str, Callable[[Any], Any] | None] = {
            name: self._converter(kind, rows) for name, kind in schema.items()
        }
        self._records = {name: _nested(kind) for name, kind in schema.items() if rows and isinstance(kind, dict)}
        self.lazy = [name for name, kind in schema.items() if isinstance(kind, dict)]
        self.eager = [name for name, kind in schema.items() if kind is not None and name not in self.lazy]

    def _converter(self, kind: Any, rows: bool) -> Callable[[Any], Any] | None:
        if kind is None:
            return None
        if kind == "date":
            return date.fromisoformat
        if isinstance(kind, str) and kind.startswith("enum:"):
            return _enum(kind.removeprefix("enum:"))
        if isinstance(kind, str) and kind.startswith("map:"):
            item = self._converter(None if kind == "map:None" else kind.removeprefix("map:"), rows)
            return lambda mapping: {int(key): value if item is None else item(value) for key, value in mapping.items()}
        if isinstance(kind, dict):
            return _row_reader(list(Reader(kind, rows=False)._convert.items())) if rows else _nested(kind)
        raise ValueError(f"not a kind of field: {kind!r}")

    def value(self, name: str, value: Any) -> Any:
        convert = self._convert.get(name)
        if convert is None or value is None:
            return value
        if isinstance(value, dict) and name in self._records:
            return self._records[name](value)
        if isinstance(value, list):
            return [convert(item) for item in value]
        return convert(value)


def index_path(git_dir: Path) -> Path:
    return git_dir / "vhuis" / "index.json"


def _read_index(path: Path, models: str) -> tuple[dict[str, Any], Schema | None]:
    """The entries of the index and the schema of their digests; none of either if it is not for ``models``."""
    # The index is ~150,000 JSON objects without a cycle among them. The cycle collector would scan
    # them while they are made and again on every full collection after, a tenth of a read command's
    # time: it is paused while they are made, and they are then left out of its scans (gc.freeze).
    # They are freed as ever when no longer used.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}, None
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    if (
        not isinstance(document, dict)
        or document.get("version") != VERSION
        or document.get("models") != models
        or not isinstance(document.get("schema"), dict)
        or not isinstance(document.get("entries"), dict)
    ):
        return {}, None
    return document["entries"], document["schema"]


def _write_index(path: Path, models: str, schema: Schema, entries: dict[str, Any]) -> None:
    document = {"version": VERSION, "models": models, "schema": schema, "entries": entries}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass


def _valid(entry: Any, stamp: list[int]) -> TypeGuard[dict[str, Any]]:
    """Whether an entry stands for the file as it is, its problems (if any) worded in the active language."""
    return (
        isinstance(entry, dict)
        and entry.get("stamp") == stamp
        and ("digest" in entry or ("problems" in entry and entry.get("words") == words()))
    )


@cache
def _catalog_words(language: str) -> str:
    try:
        compiled = (i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").read_bytes()
    except OSError:
        compiled = b""
    return f"{language}:{hashlib.blake2b(compiled, digest_size=6).hexdigest()}"


def words() -> str:
    """The words problems are kept in: the active language and its catalog (an index entry's problems are
    worded once; read in another language, or with another catalog, the file is checked again)."""
    return _catalog_words(i18n.active())


class Audit(NamedTuple):
    """A per-file check whose findings the index keeps, keyed by the file and by ``key``.

    ``key`` names everything besides the file that the findings depend on (the
    privacy guard's allowed addresses, say), so a change there re-runs the audit.
    """

    key: str
    run: Callable[[Case, str, str], list[Problem]]  # (case, file name, file text) -> findings


PARALLEL_FROM = 200  # stale files; below this a process pool costs more than it saves


def case_digests(store: Store, audit: Audit | None = None) -> tuple[list[Case], list[Problem]]:
    """A digest of every case, and the problems of the files that do not load.

    The digests stand for the cases (the type says ``Case``): every field and property a
    command served from the index reads, but not those of LEFT_OUT, and not validated again.
    With ``audit``, the problems also hold its findings for every case that loads,
    served from the index for files unchanged since it last ran. Many stale files
    (a first run, a large pull) are parsed on every core.
    """
    models = _fingerprint()
    try:
        path: Path | None = index_path(store.repo.git_dir)
    except StoreError:  # not in a git repository: read without an index
        path = None
    old, schema = _read_index(path, models) if path is not None else ({}, None)
    found: dict[str, Any] = {}
    stamps: dict[str, list[int]] = {}
    stale: list[tuple[str, list[int], Any]] = []
    names: dict[str, str] = {}
    for case_id, name, stat in store.case_stats():
        names[case_id] = name
        stamps[case_id] = stamp = [stat.st_mtime_ns, stat.st_size, stat.st_ino]
        entry = old.get(name)
        if _valid(entry, stamp) and (audit is None or "digest" not in entry or _audited(entry, audit)):
            found[case_id] = entry
        else:
            stale.append((case_id, stamp, entry if _valid(entry, stamp) else None))
    for (case_id, _, _), entry in zip(stale, _refresh_all(store, audit, stale), strict=True):
        found[case_id] = entry

    if stale:  # the models are loaded to parse them anyway
        schema = case_schema()
    elif schema is None:  # nothing stale and no index: there are no case files
        schema = {}
    reader = Reader(schema)
    digests: list[Case] = []
    problems: list[Problem] = []
    racy_after = (time.time() - RACY_SECONDS) * 1e9
    entries: dict[str, Any] = {}
    for case_id in stamps:  # in case id order, whichever were stale
        entry = found[case_id]
        if "digest" in entry:
            digests.append(typing.cast("Case", Digest(entry["digest"], reader)))  # it stands for the Case
            if audit is not None:
                problems.extend(Problem(**p) for p in entry["audit"]["problems"])
        else:
            problems.extend(Problem(**p) for p in entry["problems"])
        if stamps[case_id][0] < racy_after:
            entries[names[case_id]] = entry
    if path is not None and (stale or len(entries) != len(old)):
        _write_index(path, models, schema, entries)
    return digests, problems


def _audited(entry: dict[str, Any], audit: Audit) -> bool:
    audited = entry.get("audit")
    return isinstance(audited, dict) and audited.get("key") == audit.key and audited.get("words") == words()


_JOB: tuple[Store, Audit | None] | None = None  # what forked workers inherit


def _refresh_all(store: Store, audit: Audit | None, stale: list[tuple[str, list[int], Any]]) -> list[dict[str, Any]]:
    global _JOB
    _JOB = (store, audit)
    workers = min(os.cpu_count() or 1, 8)
    try:
        if len(stale) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [_refresh(item) for item in stale]
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_refresh, stale, chunksize=max(1, len(stale) // (workers * 4))))
    finally:
        _JOB = None


def _refresh(item: tuple[str, list[int], Any]) -> dict[str, Any]:
    """A fresh index entry for one case file: its digest, or the problems that keep it from loading."""
    assert _JOB is not None
    store, audit = _JOB
    case_id, stamp, entry = item
    case: Case | None = None
    if entry is None:
        try:
            case = store.case(case_id)
            entry = {"stamp": stamp, "digest": digest_of(case)}
        except InvalidData as error:
            return {"stamp": stamp, "problems": [p.as_json() for p in error.problems], "words": words()}
    if audit is not None and not _audited(entry, audit):
        file = store.case_path(case_id)
        case = case or store.case(case_id)
        findings = audit.run(case, store.rel(file), store.read_text(file))
        audited = {"key": audit.key, "problems": [p.as_json() for p in findings], "words": words()}
        entry = {**entry, "audit": audited}
    return dict(entry)
