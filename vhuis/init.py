"""Making a new store, and keeping its partner registry."""

from __future__ import annotations

from pathlib import Path

from vhuis import privacy
from vhuis.cases import build
from vhuis.errors import InvalidInput, StoreError
from vhuis.model import Partner, Settings
from vhuis.repo import Repo, init_repo
from vhuis.resources import EXAMPLE_FILES, resource
from vhuis.store import PARTNERS_FILE, SETTINGS_FILE, Store, dump_model, dump_partners

GITATTRIBUTES = """\
# vhuis merges case and meeting files by meaning (vhuis merge-driver); see docs/sync.md
cases/*.yaml merge=vhuis
meetings/*.yaml merge=vhuis
partners.yaml merge=vhuis
"""


def init_store(root: Path, example: bool = False, name: str | None = None, city: str | None = None) -> Store:
    """A new store in ``root`` (made a git repository if it is not in one), as one commit."""
    if (root / SETTINGS_FILE).exists():
        raise StoreError(f"{root} is a vhuis store already (it has {SETTINGS_FILE})")
    if root.exists() and not root.is_dir():
        raise InvalidInput(f"{root} is a file, not a folder")
    settings = (
        None
        if example
        else build(Settings, {"name": "--name", "city": "--city"}, name=name or "Veiligheidshuis", city=city)
    )
    if settings is not None:
        privacy.guard_settings(settings)  # before anything is made
    root.mkdir(parents=True, exist_ok=True)
    init_repo(root)
    repo = Repo(root)
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
    store = Store(root)
    store.commit(files, "init store" + (" with the example cases" if example else ""))
    return store


def add_partner(store: Store, partner_id: str, name: str, kind: str, email: str | None) -> Partner:
    partner = build(
        Partner,
        {"id": "ID", "name": "--name", "kind": "--kind", "email": "--email"},
        id=partner_id,
        name=name,
        kind=kind,
        email=email,
    )
    privacy.guard_partner(partner, store, PARTNERS_FILE)
    with store.lock():
        if partner_id in store.partners:
            raise InvalidInput(f"partner {partner_id!r} exists already ({store.partners[partner_id].name})")
        partners = [*store.partners.values(), partner]
        store.commit({store.root / PARTNERS_FILE: dump_partners(partners)}, f"partners: add {partner_id} ({name})")
    return partner
