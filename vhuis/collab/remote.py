"""The shared remote: which of its branches holds the store, and a colleague's clone of it.

git's defaults and vhuis's differ: ``git init --bare`` makes a remote whose HEAD
names ``master`` (unless init.defaultBranch says otherwise), ``vhuis init``
makes ``main``. So vhuis never trusts the remote's HEAD to find the store: it
looks at every branch of the remote, as last fetched, for the ones that hold
the store's vhuis.yaml, and never sends a store to a remote that holds another.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vhuis.collab.gitsetup import HookOutcome, configure_driver, install_hook
from vhuis.errors import GitError, Problem, StoreError
from vhuis.i18n import _
from vhuis.storage.repo import Config, Repo, clone_repo
from vhuis.storage.store import SETTINGS_FILE, Store

if TYPE_CHECKING:
    from collections.abc import Iterable


@dataclass(frozen=True)
class RemoteRefs:
    """The branches of a remote as last fetched, and the branch its HEAD names: one ``git for-each-ref``."""

    branches: dict[str, str]  # branch name -> the object its ref names (its HEAD left out)
    commits: frozenset[str]  # those of the branches whose ref names a commit (nearly always all of them)
    head: str | None  # the branch the remote's HEAD names, as git clone recorded it (None when it did not)

    def commit_of(self, repo: Repo, remote: str, branch: str) -> str | None:
        """The commit of the remote's ``branch`` (``rev-parse --verify REF^{commit}``); None when there is none."""
        if branch not in self.branches:
            return None
        if branch in self.commits:
            return self.branches[branch]
        found = repo.try_run("rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}^{{commit}}")
        return found.out.strip() if found.ok and found.out.strip() else None


def remote_refs(repo: Repo, remote: str) -> RemoteRefs:
    """Every branch of ``remote`` as last fetched, and what its HEAD names, read by one ``git for-each-ref``."""
    base = f"refs/remotes/{remote}/"
    listing = repo.run("for-each-ref", "--format=%(refname) %(objectname) %(objecttype) %(symref)", base)
    branches: dict[str, str] = {}
    commits: set[str] = set()
    head: str | None = None
    for line in listing.splitlines():
        if not line:
            continue
        ref, commit, kind, target = line.split(" ", 3)
        if ref == f"{base}HEAD":
            head = target.removeprefix(base) or None
            continue
        name = ref.removeprefix(base)
        branches[name] = commit
        if kind == "commit":
            commits.add(name)
    return RemoteRefs(branches, frozenset(commits), head)


def remote_branches(repo: Repo, remote: str) -> dict[str, str]:
    """Branch name -> commit of every branch of ``remote`` as last fetched (its HEAD left out)."""
    return remote_refs(repo, remote).branches


def holding_store(
    repo: Repo, branches: dict[str, str], prefix: str, read: Mapping[str, bytes | None] | None = None
) -> list[str]:
    """Those of ``branches`` whose commit holds a store (its vhuis.yaml) in the folder ``prefix``.

    ``read``: those files as ``Repo.blobs`` read them already in this command (see ``branch_files``).
    """
    specs = [f"{commit}:{prefix}{SETTINGS_FILE}" for commit in branches.values()]
    found = read if read is not None and all(spec in read for spec in specs) else repo.blobs(specs)
    return [name for name, commit in branches.items() if found[f"{commit}:{prefix}{SETTINGS_FILE}"] is not None]


def branch_files(repo: Repo, branches: dict[str, str], prefix: str, names: Sequence[str]) -> dict[str, bytes | None]:
    """Each of ``names`` (files of the store in ``prefix``) in each branch's commit, by one ``git cat-file``."""
    return repo.blobs([f"{commit}:{prefix}{name}" for commit in branches.values() for name in names])


def store_branch(
    repo: Repo,
    remote: str,
    prefix: str,
    preferred: Iterable[str | None],
    branches: dict[str, str],
    read: Mapping[str, bytes | None] | None = None,
) -> str | None:
    """The branch of ``remote`` (as last fetched) that holds the store; None when the remote has none.

    Of the branches that hold a store, the first of ``preferred`` (an upstream, the
    same name as ours, the remote's HEAD), else the only one. With no store on the
    remote, a branch of a preferred name (whatever it holds), else None. ``branches``: the
    remote's branches as ``remote_refs`` read them.
    """
    holding = holding_store(repo, branches, prefix, read)
    names = [name for name in preferred if name]
    for name in names:
        if name in holding:
            return name
    if len(holding) == 1:
        return holding[0]
    if holding:
        raise GitError(
            _(
                "the remote '{remote}' holds a vhuis store on several branches ({branches}); "
                "say which one this branch syncs with: git branch --set-upstream-to {remote}/BRANCH"
            ).format(remote=remote, branches=", ".join(holding))
        )
    return next((name for name in names if name in branches), None)


def preferred_for_sync(remote: str, branch: str, config: Config, head: str | None) -> Sequence[str | None]:
    """The remote branches a local branch would sync with, best first: its upstream, its own name, the remote's HEAD.

    ``config``: git's settings (``Repo.config``); ``head``: the branch the remote's HEAD names (``remote_refs``).
    """
    upstream: str | None = None
    if config.get(f"branch.{branch}.remote") == remote:
        merge = config.get(f"branch.{branch}.merge")
        upstream = None if merge is None else merge.removeprefix("refs/heads/")
    return [upstream, branch, head]


def require_shared_history(
    repo: Repo, remote: str, branch: str, theirs: str, prefix: str, shared: bool | None = None
) -> None:
    """Refuse to merge with, or send to, a remote branch that shares no commit with ours.

    ``shared``: whether HEAD and ``theirs`` have a common ancestor, when this command asked git already.
    """
    if repo.succeeds("merge-base", "HEAD", theirs) if shared is None else shared:
        return
    holds = bool(holding_store(repo, {branch: theirs}, prefix))
    what = _("another vhuis store") if holds else _("something else (no vhuis store)")
    raise GitError(
        _(
            "the remote '{remote}' holds {what} on its branch '{branch}', with no history in common with this "
            "store; nothing was sent or changed. Two unrelated stores would split the office in two. If this "
            "store was made with 'vhuis init' in a fresh clone, put it aside and run 'vhuis clone URL' in a new "
            "folder instead, then redo its changes there (see docs/sync.md)"
        ).format(remote=remote, what=what, branch=branch)
    )


def point_remote_head(repo: Repo, remote: str, branch: str) -> bool:
    """After the first push to a bare repository in a folder: point its HEAD at ``branch`` if it names none.

    ``git init --bare`` leaves HEAD naming ``master``; a plain ``git clone`` of a
    remote whose HEAD names a missing branch comes out empty. A remote on a server
    is left alone: the server sets its default branch on the first push.
    """
    folder = _folder_of(repo.run("remote", "get-url", remote), repo.top)
    if folder is None:
        return False
    bare = ["--git-dir", str(folder)]
    try:
        if repo.run(*bare, "rev-parse", "--is-bare-repository") != "true":
            return False
        head = repo.run(*bare, "symbolic-ref", "--quiet", "HEAD")
        if repo.succeeds(*bare, "rev-parse", "--verify", "--quiet", f"{head}^{{commit}}"):
            return False  # it names a branch that exists: this one, or one someone chose
        repo.run(*bare, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    except GitError:
        return False
    return True


def _folder_of(url: str, top: Path) -> Path | None:
    """The folder of a remote given as a path or a file:// URL; None for a remote on a server."""
    if url.startswith("file://"):
        url = url.removeprefix("file://")
    elif "://" in url or re.match(r"^[^/\\]+:", url):  # https://, ssh://, git://, or scp-like host:path
        return None
    folder = Path(url).expanduser()
    folder = folder if folder.is_absolute() else top / folder
    return folder if (folder / "HEAD").is_file() else None


def stores_on_remotes(repo: Repo, prefix: str) -> list[str]:
    """``remote/branch`` of every remote branch (as last fetched) that holds a store in the folder ``prefix``."""
    found: list[str] = []
    for remote in repo.run("remote").split():
        found += [f"{remote}/{name}" for name in holding_store(repo, remote_branches(repo, remote), prefix)]
    return found


# -- vhuis clone -------------------------------------------------------------------------


@dataclass
class Cloned:
    """A colleague's new clone, ready to work in."""

    store: Store
    branch: str
    hook: HookOutcome
    problems: list[Problem]
    identity: str | None  # the git identity commits will carry; None when git does not know one


def clone_store(url: str, folder: Path | None) -> Cloned:
    """Clone the store at ``url`` into ``folder``: its branch checked out, the driver and the hook set up, checked."""
    from vhuis.documents.checkup import check_everything

    target = folder if folder is not None else Path(_name_of(url))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StoreError(
            _("{folder} exists and is not an empty folder; name a new one: vhuis clone URL FOLDER").format(
                folder=target
            )
        )
    existed = target.exists()
    clone_repo(url, target)
    try:
        repo = Repo(target)
        branch = _check_out_store(repo, url)
        store = Store(target)
        config = repo.config()  # neither changes what the other reads
        configure_driver(repo, store.root, config)
        hook = install_hook(repo, store.root, config)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        if existed:
            target.mkdir()
        raise
    try:
        identity: str | None = repo.identity()
    except GitError:
        identity = None
    return Cloned(store, branch, hook, check_everything(store), identity)


def _name_of(url: str) -> str:
    """The folder git clone would make for ``url``: its last part without '.git'."""
    name = re.split(r"[/:\\]", url.rstrip("/\\"))[-1].removesuffix(".git")
    return name or "store"


def _check_out_store(repo: Repo, url: str) -> str:
    """Check out the branch that holds the store (whatever the remote's HEAD names); its name."""
    refs = remote_refs(repo, "origin")
    branches = refs.branches
    if not holding_store(repo, branches, ""):
        raise StoreError(
            _(
                "{url} holds no vhuis store: none of its branches ({branches}) has "
                "{settings} at its top. Check the address; an office's first store is made with 'vhuis init' "
                "and sent with 'vhuis sync' (see docs/sync.md)"
            ).format(url=url, branches=", ".join(branches) or _("none"), settings=SETTINGS_FILE)
        )
    branch = store_branch(repo, "origin", "", [refs.head], branches)
    assert branch is not None  # a branch holds the store
    try:
        current: str | None = repo.run("symbolic-ref", "--quiet", "--short", "HEAD")
    except GitError:
        current = None
    if branch != current:
        repo.run("checkout", "--quiet", "-B", branch, "--track", f"origin/{branch}")
    return branch
