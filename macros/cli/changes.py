"""Which content a change touches, from git: what `reproduce check --changed` checks.

A pre-commit hook or a pull-request check should look only at the plans and documents
that changed, plus whatever depends on them, so it answers in well under a second on
a repository of hundreds of plans. Plain Python calling the `git` command.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from macros.content.repository import KIT_DIR, PLANS_DIR
from macros.i18n.catalogue import MessageError
from macros.model.text import TRANSLATED_MD

DEFAULT_BASE = "origin/main"

EVERYTHING_PREFIXES = ("macros/",)
"""Changed validation code can change the verdict on any file: check everything."""


class GitUnavailable(MessageError):
    """The base cannot be compared with: not a git repository, or an unknown ref."""


def _git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True,  # noqa: S603,S607
                              text=True, check=False)
    except FileNotFoundError:
        raise GitUnavailable("cli.git_missing") from None
    if proc.returncode != 0:
        if proc.stderr.strip():
            raise GitUnavailable("cli.git_error", error=proc.stderr.strip())
        raise GitUnavailable("cli.git_failed", command=args[0])
    return proc.stdout


def changed_files(root: Path, base: str = DEFAULT_BASE) -> list[str]:
    """Paths relative to `root` that differ from `base`: committed since the merge base,
    staged, unstaged, and untracked (not ignored). Deleted paths are included."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except GitUnavailable:
        raise GitUnavailable("cli.git_no_ref", base=base) from None
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    names = _git(root, "diff", "--name-only", "--no-renames", "-z", f"{base}...HEAD").split("\0")
    status = _git(root, "status", "--porcelain=v1", "-z", "--no-renames",
                  "--untracked-files=all").split("\0")
    names += [entry[3:] for entry in status if len(entry) > 3]
    relative: set[str] = set()
    for name in filter(None, names):
        try:
            relative.add((top / name).relative_to(root.resolve()).as_posix())
        except ValueError:
            continue  # outside the content root
    return sorted(relative)


def affected_paths(root: Path, changed: Iterable[str]) -> list[Path] | None:
    """What to pass to `load_site` for these changed paths: None means everything.

    The vocabulary (and any other shared file directly under `kit/`) and the
    validation code concern every plan and document. A change anywhere in a plan
    folder (plan.yml, a translated README, the CSV BOM, a drawing) concerns that plan.
    A Markdown file under `kit/` or one of its translations concerns that document; any
    other file there (an attachment) concerns the documents of the folders above it.
    """
    selected: set[Path] = set()
    for name in changed:
        parts = PurePosixPath(name).parts
        if name.startswith(EVERYTHING_PREFIXES):
            return None
        if len(parts) >= 3 and parts[0] == PLANS_DIR:
            selected.add(root / PLANS_DIR / parts[1])
        elif len(parts) == 2 and parts[0] == KIT_DIR and not name.endswith(".md"):
            return None
        elif len(parts) >= 2 and parts[0] == KIT_DIR:
            selected.update(_kit_documents(root, PurePosixPath(name)))
    return sorted(path for path in selected if path.exists())


def _kit_documents(root: Path, name: PurePosixPath) -> list[Path]:
    if name.suffix == ".md":
        return [root / TRANSLATED_MD.sub(".md", name.as_posix())]
    documents: list[Path] = []
    folder = root / name.parent
    while folder != root:
        if folder.is_dir():
            documents += [p for p in folder.glob("*.md") if not TRANSLATED_MD.search(p.name)]
        folder = folder.parent
    return documents
