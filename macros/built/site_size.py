"""What a deploy will weigh on GitHub Pages: this build, and the versions already kept.

GitHub Pages refuses a published site over 1 GB and a file over 100 MB. mike keeps every
deployed version (and `latest`, redirects to one of them) as folders of the `gh-pages`
branch, beside the files every version shares (`files/`), so what counts is the whole
branch after the deploy: the versions already there, plus this build's site, plus the
shared files it adds. The build reads the branch (`git ls-tree`, no checkout) when the
repository has it, and says what to do when the total nears the limit.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PAGES_BRANCH = "gh-pages"
NEAR = 0.8
"""From this share of the limit on, the maintainer is told what to do."""


@dataclass(frozen=True)
class SizeReport:
    site: int
    """This build's site version."""
    shared_new: int
    """Shared files this build adds that the branch does not hold yet."""
    largest: tuple[str, int]
    branch: Counter[str] = field(default_factory=Counter)
    """Bytes per top-level folder of the published branch (versions, `files`, …)."""

    @property
    def after_deploy(self) -> int:
        """An upper bound: the branch, this version added in full, the new shared files."""
        return sum(self.branch.values()) + self.site + self.shared_new


def _files(folder: Path | None) -> dict[str, int]:
    if folder is None or not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.stat().st_size
            for p in folder.rglob("*") if p.is_file()}


def branch_files(repo: Path, branch: str = PAGES_BRANCH) -> dict[str, int]:
    """Every file of the published branch with its size; empty without such a branch."""
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "-l", branch],  # noqa: S603, S607
                             capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        return {}
    found = {}
    for line in listing.stdout.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[1] == "blob" and parts[3].isdigit():
            found[path] = int(parts[3])
    return found


def size_report(site_dir: Path, shared_dir: Path | None, repo: Path) -> SizeReport:
    site = _files(site_dir)
    shared = _files(shared_dir)
    kept = branch_files(repo)
    branch: Counter[str] = Counter()
    for path, size in kept.items():
        branch[path.split("/", 1)[0] if "/" in path else "(root)"] += size
    new_shared = {path: size for path, size in shared.items() if path not in kept}
    everything = {**site, **shared}
    largest = max(everything.items(), key=lambda item: item[1], default=("", 0))
    return SizeReport(sum(site.values()), sum(new_shared.values()), largest, branch)
