"""Making a new store: its first commit, the merge driver and the pre-commit hook."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vhuis.collab.gitsetup import HookOutcome, configure_driver, install_hook
from vhuis.collab.remote import stores_on_remotes
from vhuis.domain import privacy
from vhuis.domain.cases import build
from vhuis.errors import InvalidInput, StoreError
from vhuis.i18n import _
from vhuis.model import Settings
from vhuis.storage.repo import Repo, init_repo
from vhuis.storage.resources import EXAMPLE_FILES, resource
from vhuis.storage.schema import editor_files
from vhuis.storage.store import PARTNERS_FILE, SETTINGS_FILE, Store, dump_model, dump_partners

GITATTRIBUTES = """\
# vhuis merges case, meeting, partner, inbox and area files by meaning (vhuis merge-driver); see docs/sync.md
cases/*.yaml merge=vhuis
meetings/*.yaml merge=vhuis
partners.yaml merge=vhuis
inbox.yaml merge=vhuis
areas.yaml merge=vhuis
# the list of archived cases keeps the lines of both sides (two clones archiving at once)
.vhuis/archived merge=union
"""


@dataclass(frozen=True)
class Made:
    """A new store, and what became of its pre-commit hook."""

    store: Store
    hook: HookOutcome


def init_store(root: Path, example: bool = False, name: str | None = None, city: str | None = None) -> Made:
    """A new store in ``root`` (made a git repository if it is not in one), as one commit.

    Its git learns the merge driver and gets the pre-commit hook (vhuis.collab.gitsetup).
    Refused in a clone whose remote holds a store already: a second store there
    could never be synced with the first.
    """
    if (root / SETTINGS_FILE).exists():
        raise StoreError(
            _("{folder} is a vhuis store already (it has {settings})").format(folder=root, settings=SETTINGS_FILE)
        )
    if root.exists() and not root.is_dir():
        raise InvalidInput(_("{folder} is a file, not a folder").format(folder=root))
    settings = None if example else build(Settings, name=name or "Veiligheidshuis", city=city)
    if settings is not None:
        privacy.guard_settings(settings)  # before anything is made
    root.mkdir(parents=True, exist_ok=True)
    init_repo(root)
    repo = Repo(root)
    _refuse_beside_a_shared_store(repo, root)
    repo.identity()
    files: dict[Path, str] = {}
    if settings is None:
        for entry in EXAMPLE_FILES:
            source = resource(entry)
            paths = sorted(source.rglob("*.yaml")) if source.is_dir() else [source]
            for path in paths:
                target = root / path.relative_to(source.parent)
                files[target] = path.read_text(encoding="utf-8")
    else:
        files[root / SETTINGS_FILE] = dump_model(settings)
        files[root / PARTNERS_FILE] = dump_partners([])
    attributes = root / ".gitattributes"
    if not attributes.exists():
        files[attributes] = GITATTRIBUTES
    # Editors check the files while they are typed (storage/schema.py); a folder's own editor settings
    # are not vhuis's to commit: 'vhuis schema' adds to them once they are committed.
    files.update({path: text for path, text in editor_files(root).files.items() if not os.path.lexists(path)})
    store = Store(root)
    store.commit(files, "init store" + (" with the example cases" if example else ""))
    config = repo.config()  # neither changes what the other reads
    configure_driver(repo, store.root, config)
    return Made(store, install_hook(repo, store.root, config))


def _refuse_beside_a_shared_store(repo: Repo, root: Path) -> None:
    """A clone of a shared store whose branch is not checked out (git's HEAD named another) gets no second store."""
    found = stores_on_remotes(repo, repo.prefix_of(root))
    if found:
        branch = found[0].split("/", 1)[1]
        raise StoreError(
            _(
                "{folder} is a clone of a shared store: {branches} holds it already. Work in that one: "
                "'git switch {branch}' here (or 'vhuis clone URL' in a new folder). A second store made here "
                "could never be synced with it"
            ).format(folder=root.resolve(), branches=", ".join(found), branch=branch)
        )
