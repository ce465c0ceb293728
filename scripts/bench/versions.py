"""The published branch after two site versions, as the deploy makes it (mike, with
the downloads shared at the branch root), on a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from macros.addresses import SHARED_FILES
from macros.built.site_size import branch_files
from scripts.bench.corpus import touch_plan
from scripts.bench.measure import BASE_ENV, BuildFailed


def _run(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    full = {**os.environ, **BASE_ENV, "PATH": path, **(env or {})}
    done = subprocess.run(list(args), cwd=root, env=full, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BuildFailed(f"{' '.join(args)}:\n{done.stdout}{done.stderr}"[-4000:])


@dataclass(frozen=True)
class BranchSizes:
    """What the published branch weighs, in bytes, after each of two deploys."""

    first: int
    """After version 1.0 (and `latest`, redirects to it)."""
    second: int
    """After 1.1, one plan edited, `latest` moved to it."""
    latest: int
    """Of `first`: the `latest/` folder."""
    shared: int
    """Of `first`: the files every version shares (`files/`)."""


def _folder_size(files: dict[str, int], folder: str) -> int:
    return sum(size for path, size in files.items() if path.startswith(f"{folder}/"))


def _deploy(root: Path, version: str, shared: Path) -> None:
    mike, reproduce = (str(Path(sys.executable).with_name(name)) for name in ("mike", "reproduce"))
    template = root / ".redirect.html"
    _run(root, reproduce, "redirect-template", str(template))
    _run(root, mike, "deploy", "--update-aliases", "--alias-type=redirect", "-T",
         str(template), version, "latest", env={"REPRODUCE_SHARED_FILES": str(shared)})
    worktree = root / ".gh-pages-worktree"
    _run(root, "git", "worktree", "add", "-q", str(worktree), "gh-pages")
    shutil.copytree(shared / "files", worktree / "files", dirs_exist_ok=True)
    _run(root, reproduce, "alias-files", str(worktree))
    _run(worktree, "git", "add", "-A", ".")
    _run(worktree, "git", "commit", "-q", "--allow-empty", "-m", f"shared files {version}")
    _run(root, "git", "worktree", "remove", "--force", str(worktree))


def two_versions(root: Path) -> BranchSizes:
    """The branch after version 1.0, then after 1.1 with one plan edited, each with
    `latest` as redirects to it, as the deploy workflow publishes them."""
    _run(root, "git", "init", "-q", "-b", "main")
    _run(root, "git", "config", "user.email", "bench@example.org")
    _run(root, "git", "config", "user.name", "Benchmark")
    (root / ".gitignore").write_text(".cache/\nsite/\nsite-bare/\nbare-docs/\n*.prof\n"
                                     "serve.log\nmkdocs-bare.yml\n.shared-files/\n"
                                     ".gh-pages-worktree/\n.redirect.html\n", encoding="utf-8")
    _run(root, "git", "add", ".")
    _run(root, "git", "commit", "-q", "-m", "content")
    shared = root / ".shared-files"
    _deploy(root, "1.0", shared)
    first = branch_files(root)
    touch_plan(root, 1, "A second version changes one plan.")
    _run(root, "git", "commit", "-q", "-am", "one plan edited")
    _deploy(root, "1.1", shared)
    return BranchSizes(sum(first.values()), sum(branch_files(root).values()),
                       _folder_size(first, "latest"), _folder_size(first, SHARED_FILES))
