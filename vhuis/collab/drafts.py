"""Drafts of ``vhuis case edit``: what was typed in the editor is kept until it is committed.

The editor works on a draft in ``.git/vhuis/drafts/`` (inside .git, so never committed),
next to a hidden copy of the case as it was when the editor opened (the draft's base).
The draft goes once its edit is committed, or when nothing was changed. Otherwise (the
case changed under the editor, the edit does not validate and is not edited again, the
editor failed after text was typed) it stays, and ``vhuis case edit CASE --from-draft
PATH`` goes on with it: the edit is merged by meaning with what changed in the case
since its base (by lines, with conflict markers to resolve, where it cannot be), and
the editor opens on the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from vhuis.collab import merge
from vhuis.domain.cases import save
from vhuis.errors import EditConflict, InvalidData, NotFound
from vhuis.i18n import _
from vhuis.model import Case
from vhuis.storage import yamlfile
from vhuis.storage.store import Store


@dataclass(frozen=True)
class Draft:
    """A case's text in the editor: where it is, what it was opened with, and which version of the case it edits."""

    case_id: str
    path: Path
    opened: str
    base: str
    notes: tuple[str, ...] = ()

    def text(self) -> str:
        return yamlfile.decode(self.path.read_bytes(), shown(self.path))

    def typed(self) -> bool:
        """Whether the draft differs from what the editor opened on."""
        try:
            return self.path.read_bytes() != self.opened.encode("utf-8")
        except OSError:
            return False

    def how_to_go_on(self) -> str:
        where = shown(self.path)
        return _("Your text is kept in {where}; go on with it: vhuis case edit {case} --from-draft {where}").format(
            where=where, case=self.case_id
        )


def shown(path: Path) -> str:
    """A path as the person at the keyboard can type it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _base_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.base")


def folder(store: Store) -> Path:
    return store.repo.git_dir / "vhuis" / "drafts"


def _make(store: Store, case_id: str, opened: str, base: str, notes: tuple[str, ...] = ()) -> Draft:
    where = folder(store)
    where.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    attempt = 1
    while True:
        path = where / f"{case_id}-{stamp}{'' if attempt == 1 else f'-{attempt}'}.yaml"
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(opened)
            break
        except FileExistsError:
            attempt += 1
    _base_of(path).write_text(base, encoding="utf-8", newline="\n")
    return Draft(case_id, path, opened, base, notes)


def start(store: Store, case_id: str) -> Draft:
    """A draft of the case as committed; refused before any typing when the change could not be committed."""
    path = store.case_path(case_id)
    store.ready_to_change([path])
    store.case(case_id)
    text = store.read_text(path)
    return _make(store, case_id, text, text)


def resume(store: Store, case_id: str, source: Path) -> Draft:
    """A new draft from a kept one, merged with what changed in the case since the kept one was made."""
    path = store.case_path(case_id)
    store.ready_to_change([path])
    store.case(case_id)
    current = store.read_text(path)
    try:
        typed = yamlfile.decode(source.read_bytes(), shown(source))
    except OSError as error:
        kept = sorted(p.name for p in folder(store).glob(f"{case_id}-*.yaml")) if folder(store).is_dir() else []
        known = (
            _("drafts of {case} in {folder}: {drafts}").format(
                case=case_id, folder=shown(folder(store)), drafts=", ".join(kept)
            )
            if kept
            else _("no drafts are kept")
        )
        raise NotFound(
            _("--from-draft: cannot read {file} ({why}; {known})").format(file=source, why=error.strerror, known=known)
        ) from None
    base_path = _base_of(source)
    base = base_path.read_text(encoding="utf-8") if base_path.is_file() else None
    notes: tuple[str, ...] = ()
    if base is None:
        opened = typed
        if typed != current:
            notes = (
                _("{file} is not a draft vhuis kept: it replaces case {case} as a whole").format(
                    file=shown(source), case=case_id
                ),
            )
    elif base == current:
        opened = typed
    else:
        opened, notes = _merge(store, case_id, base, current, typed)
    draft = _make(store, case_id, opened, current, notes)
    if source.resolve().parent == folder(store).resolve():
        source.unlink(missing_ok=True)
        base_path.unlink(missing_ok=True)
    return draft


def _merge(store: Store, case_id: str, base: str, current: str, typed: str) -> tuple[str, tuple[str, ...]]:
    """The draft's edit applied to the case as it is now, and what the person should know of it."""
    name = store.rel(store.case_path(case_id))
    try:
        merged = merge.merge_texts("case", base, current, typed, name, renumber="theirs")
    except InvalidData:
        merged = None
    if merged is not None and merged.text is not None:
        moved = tuple(
            _("your {move} (the id was taken meanwhile)").format(move=move.told()) for move in merged.renumbered
        )
        said = _("case {case} changed since the draft was made; your edit is merged into it").format(case=case_id)
        return merged.text, (said, *moved)
    labels = (_("case {case} now").format(case=case_id), _("before"), _("your draft"))
    text, clean = store.repo.merge_lines(current, base, typed, labels)
    clashes = [c.explain(_("now"), _("your draft")) for c in merged.conflicts] if merged is not None else []
    if clean:
        return text, (
            _("case {case} changed since the draft was made; your edit is merged into it by lines").format(
                case=case_id
            ),
        )
    return text, (
        _("case {case} changed since the draft was made, and in the same places as your edit{clashes}.").format(
            case=case_id, clashes=": " + "; ".join(clashes) if clashes else ""
        )
        + " "
        + _("The editor shows both versions between <<<<<<< and >>>>>>>: keep what is right, remove the markers"),
    )


def discard(draft: Draft) -> None:
    draft.path.unlink(missing_ok=True)
    _base_of(draft.path).unlink(missing_ok=True)


def commit(store: Store, draft: Draft, edited: Case) -> bool:
    """Commit the edit unless the case changed under the editor; False when nothing changed. The draft then goes."""
    with store.lock():
        if store.read_text(store.case_path(draft.case_id)) != draft.base:
            raise EditConflict(
                _(
                    "case {case} changed while you were editing it (another vhuis command, a sync or a hand "
                    "edit), so your edit was not saved."
                ).format(case=draft.case_id)
                + f" {draft.how_to_go_on()}\n"
                + _("vhuis then merges your edit with that change and opens the editor on the result")
            )
        before = store.case(draft.case_id)
        if before != edited:
            save(store, edited, f"{draft.case_id}: edit case by hand", before)
    discard(draft)
    return before != edited
