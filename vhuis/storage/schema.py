"""JSON Schemas of the store's files, generated from the models, and the editor set-up that uses them.

An editor with the YAML language server (VS Code's YAML extension, or any client of
yaml-language-server) checks a file against its schema while it is typed. The schemas
are made from the pydantic models each time, so they say what vhuis reads, and the
store keeps a copy in ``.vhuis/schema/`` with a ``.vscode/settings.json`` that maps each
kind of file to its schema. A mapping, not a ``# yaml-language-server: $schema=`` line in
every file: vhuis rewrites case and meeting files in one canonical form, which holds no
comments, so such a line would go on the first change.

What a schema cannot say (an id that matches its file name, a partner that exists,
a done date only with status done) is ``vhuis check``'s to say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vhuis.i18n import _

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

    from vhuis.storage.store import Store

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = ".vhuis/schema"  # in the store
EDITOR_SETTINGS = ".vscode/settings.json"
EDITOR_EXTENSIONS = ".vscode/extensions.json"
YAML_EXTENSION = "redhat.vscode-yaml"  # VS Code's extension that runs the YAML language server


@dataclass(frozen=True)
class Kind:
    """One kind of store file: its schema's name, the files it is for, and what a file holds."""

    name: str
    files: str  # a glob, relative to the store
    title: str
    many: bool  # a list of records (partners.yaml) rather than one record (a case)

    @property
    def file_name(self) -> str:
        return f"{self.name}.schema.json"


KINDS = (
    Kind("case", "cases/*.yaml", "A vhuis case (cases/YYYY-NNN.yaml)", many=False),
    Kind("meeting", "meetings/*.yaml", "A vhuis meeting (meetings/YYYY-MM-DD.yaml)", many=False),
    Kind("partners", "partners.yaml", "The partners of a vhuis store (partners.yaml)", many=True),
    Kind("settings", "vhuis.yaml", "The settings of a vhuis store (vhuis.yaml)", many=False),
    Kind("inbox", "inbox.yaml", "Signals not yet tied to a case (inbox.yaml)", many=True),
    Kind("areas", "areas.yaml", "The areas of a vhuis store (areas.yaml)", many=True),
)


def _model(kind: Kind) -> Any:
    from vhuis import model

    return {
        "case": model.Case,
        "meeting": model.Meeting,
        "partners": model.Partner,
        "settings": model.Settings,
        "inbox": model.InboxSignal,
        "areas": model.Area,
    }[kind.name]


def schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a file of ``kind``, with the models' docstrings as descriptions."""
    from pydantic import TypeAdapter

    record = _model(kind)
    generator = _generator()
    if kind.many:
        made = TypeAdapter(list[record]).json_schema(schema_generator=generator)  # type: ignore[valid-type]
        made["description"] = f"A list of: {_first_line(record.__doc__)}"
    else:
        made = record.model_json_schema(schema_generator=generator)
    _describe(made)
    made.pop("title", None)
    return {"$schema": DRAFT, "title": kind.title, **made}


@cache
def schema_text(kind: Kind) -> str:
    """The schema as the store keeps it: the same models always give the same bytes (made once a process)."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def every_schema() -> dict[str, dict[str, Any]]:
    """Every kind's schema, by kind: what ``vhuis schema --out -`` prints."""
    return {kind.name: schema(kind) for kind in KINDS}


@cache
def _generator() -> Any:
    from pydantic.json_schema import GenerateJsonSchema

    class Generator(GenerateJsonSchema):
        """pydantic's generator; a field whose validator turns null into an empty list also accepts null."""

        schema_dialect = DRAFT

        def function_before_schema(self, schema: CoreSchema) -> JsonSchemaValue:
            made = super().function_before_schema(schema)  # type: ignore[arg-type]
            if _takes_null(schema):
                return {"anyOf": [made, {"type": "null"}]}
            return made

    return Generator


def _takes_null(schema: Any) -> bool:
    """Whether a before-validator makes something of null (``themes:`` left empty is an empty list)."""
    function = schema.get("function", {})
    if function.get("type") != "no-info":
        return False
    try:
        return function["function"](None) is not None
    except (ValueError, TypeError):
        return False


@cache
def _field_docs() -> dict[str, dict[str, str]]:
    """The docstring under each field of each model in vhuis.model: ``{class: {field: text}}``."""
    import ast
    import inspect

    from vhuis import model

    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(model)).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = found.setdefault(node.name, {})
        for before, after in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(before, ast.AnnAssign)
                and isinstance(before.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                fields[before.target.id] = inspect.cleandoc(after.value.value)
    return found


def _describe(made: dict[str, Any]) -> None:
    """Give every property the docstring written under its field in vhuis.model."""
    docs = _field_docs()
    for record in [made, *made.get("$defs", {}).values()]:
        for field, text in docs.get(record.get("title", ""), {}).items():
            if field in record.get("properties", {}):
                record["properties"][field].setdefault("description", text)


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if text and text.strip() else ""


# -- the store's copy, for editors ---------------------------------------------------------


def editor_settings(current: str | None) -> str | None:
    """``.vscode/settings.json`` with vhuis's ``yaml.schemas`` entries; None when ``current`` is not plain JSON.

    Whatever else the file holds is kept; only the entries for vhuis's own schemas are set.
    """
    settings = _json_object(current)
    if settings is None:
        return None
    mapping = settings.get("yaml.schemas")
    mapping = mapping if isinstance(mapping, dict) else {}
    ours = {f"{FOLDER}/{kind.file_name}": kind.files for kind in KINDS}
    kept = {key: value for key, value in mapping.items() if not key.startswith(f"{FOLDER}/")}
    settings["yaml.schemas"] = {**kept, **ours}
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def editor_extensions(current: str | None) -> str | None:
    """``.vscode/extensions.json`` recommending the YAML extension (VS Code offers to install it)."""
    extensions = _json_object(current)
    if extensions is None:
        return None
    recommended = extensions.get("recommendations")
    recommended = recommended if isinstance(recommended, list) else []
    if YAML_EXTENSION not in recommended:
        recommended = [*recommended, YAML_EXTENSION]
    extensions["recommendations"] = recommended
    return json.dumps(extensions, indent=2, ensure_ascii=False) + "\n"


def _json_object(text: str | None) -> dict[str, Any] | None:
    """The object ``text`` holds ({} for no file); None for anything else (JSON with comments, say)."""
    if text is None or not text.strip():
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


@dataclass(frozen=True)
class EditorFiles:
    """What the store should hold for editors, and the editor files vhuis leaves alone (not plain JSON)."""

    files: dict[Path, str]
    untouched: list[str]


def editor_files(root: Path) -> EditorFiles:
    """The schema files and VS Code's settings the store at ``root`` should hold, as they should read."""
    files = {root / FOLDER / kind.file_name: schema_text(kind) for kind in KINDS}
    untouched = []
    for name, merge in ((EDITOR_SETTINGS, editor_settings), (EDITOR_EXTENSIONS, editor_extensions)):
        path = root / name
        try:
            current = None if not path.exists() or path.is_symlink() else path.read_text(encoding="utf-8")
            wanted = None if path.is_symlink() else merge(current)
        except (OSError, UnicodeDecodeError):
            wanted = None
        if wanted is None:
            untouched.append(name)
        else:
            files[path] = wanted
    return EditorFiles(files, untouched)


def _differs(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") != text
    except (OSError, UnicodeDecodeError):
        return True


@dataclass(frozen=True)
class Refreshed:
    """What ``vhuis schema`` changed in the store (committed as one commit), and what it left alone."""

    changed: list[str]
    untouched: list[str]


def refresh(store: Store) -> Refreshed:
    """Bring the store's schema files and editor settings up to date, as one commit (none when they are)."""
    with store.lock():
        wanted = editor_files(store.root)
        unsaved = set(store.repo.edited(wanted.files))  # written but never committed: commit them too
        changed = {
            path: text for path, text in wanted.files.items() if _differs(path, text) or store.repo.rel(path) in unsaved
        }
        if changed:
            store.commit(changed, "schema: bring the editors' schemas up to date")
    return Refreshed(sorted(store.rel(path) for path in changed), wanted.untouched)


def stale(store: Store) -> list[str]:
    """The store's schema files that differ from what this vhuis makes; none when the store keeps none."""
    if not (store.root / FOLDER).is_dir():
        return []
    return [
        f"{FOLDER}/{kind.file_name}"
        for kind in KINDS
        if _differs(store.root / FOLDER / kind.file_name, schema_text(kind))
    ]


def stale_message() -> str:
    return _("is out of date: 'vhuis schema' brings the editors' schemas up to date")


def write_schemas(out: Path) -> list[Path]:
    """``out/case.schema.json`` and the others, one per kind (``out`` is made when missing); no commit."""
    from vhuis.errors import InvalidInput, WriteFailed
    from vhuis.storage.outfile import write_output

    if out.exists() and not out.is_dir():
        raise InvalidInput(
            _("--out: {out} is a file; give a folder for the schema files (or - to print them)").format(out=out)
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteFailed(_("--out: cannot make {out} ({why})").format(out=out, why=error.strerror)) from None
    written = []
    for kind in KINDS:
        path = out / kind.file_name
        write_output(path, schema_text(kind), "--out")
        written.append(path)
    return written
