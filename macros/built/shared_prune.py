"""The shared files no kept site version links any more, on the published branch.

Every deploy adds the downloads and page PDFs whose bytes are new to `files/` at the
root of the published branch, and every site version links them there. Nothing took
them away again: each push to `main` redeploys `dev` with the bundles of that day, and
a version withdrawn with `mike delete` leaves its files behind, so `files/` grew with
every deploy towards GitHub Pages' 1 GB. A shared file is kept while any text file of
the branch outside `files/` (a page, the catalogue JSON, a sitemap, a redirect) names
it; the rest can go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from macros.addresses import SHARED_FILES

VERSIONS_FILE = "versions.json"
"""mike's list of the deployed versions, at the root of the branch it manages."""
TEXT_SUFFIXES = frozenset({".html", ".htm", ".json", ".js", ".xml", ".txt", ".csv",
                           ".toml", ".md", ".svg", ".css"})
"""Files whose text may name a shared file; archives and PDFs are not read."""
_NAMED = re.compile(
    rf"(?:^|/){SHARED_FILES}/((?:[0-9a-f]{{16}}|pdf)/[^\s\"'<>()\\?#]+)", re.MULTILINE)


class NotAPublishedBranch(Exception):
    """The folder is not a checkout of the published branch (no mike `versions.json`):
    pruning it could remove files a site still links."""


@dataclass(frozen=True)
class Pruning:
    """What pruning the branch at `branch` removes (or would remove), and what stays."""

    branch: Path
    unlinked: tuple[str, ...]
    """Shared files, by path from the branch root, that nothing outside `files/` names."""
    unlinked_bytes: int
    kept: int

    def delete(self) -> None:
        """Remove the unlinked files, and the folders they leave empty."""
        for name in self.unlinked:
            path = self.branch / name
            path.unlink(missing_ok=True)
            for folder in path.parents:
                if folder == self.branch / SHARED_FILES or not folder.is_relative_to(
                        self.branch / SHARED_FILES) or any(folder.iterdir()):
                    break
                folder.rmdir()


def _text_files(branch: Path) -> Iterator[Path]:
    for path in branch.rglob("*"):
        relative = path.relative_to(branch)
        if relative.parts[0] in (SHARED_FILES, ".git") or not path.is_file():
            continue
        if path.suffix.lower() in TEXT_SUFFIXES:
            yield path


def linked_shared_files(texts: Iterable[str]) -> set[str]:
    """The shared files `texts` name, as paths from the branch root (`files/…`)."""
    return {f"{SHARED_FILES}/{unquote(found)}" for text in texts
            for found in _NAMED.findall(text)}


def plan_pruning(branch: Path) -> Pruning:
    """What of `branch/files/` no text file of the branch names any more."""
    if not (branch / VERSIONS_FILE).is_file():
        raise NotAPublishedBranch(str(branch))
    shared = branch / SHARED_FILES
    present = sorted(p.relative_to(branch).as_posix() for p in shared.rglob("*")
                     if p.is_file()) if shared.is_dir() else []
    linked = linked_shared_files(p.read_text(encoding="utf-8", errors="replace")
                                 for p in _text_files(branch))
    unlinked = tuple(name for name in present if name not in linked)
    size = sum((branch / name).stat().st_size for name in unlinked)
    return Pruning(branch, unlinked, size, len(present) - len(unlinked))
