"""What the build cache holds that the last build of the site did not use.

The cache only grows: every changed plan adds a bundle, drawings and page PDFs, and the
old ones stay, which is right on a maintainer's machine (switching back to a branch
costs nothing) but not in CI, where the cache is saved after every run and restored
before the next. A build of the site notes when it starts (`mark_build`); every result
it makes or reads is dated then or later (`ContentCache.get` dates what it reads), so
what is older than the mark was not used and can go.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from macros.cache import cache_dir

BUILD_MARK = "last-build"
"""The file whose date is when the last build of the site started."""
OBJECTS = "objects"


class NoBuildRecorded(Exception):
    """No build of the site has run with this cache: everything would look unused."""


def mark_build(root: Path) -> None:
    """Note that a build of the whole site starts now (not a preview, which reads only
    what its pages need)."""
    folder = cache_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / BUILD_MARK).write_text(f"{time.time():.3f}\n", encoding="utf-8")


@dataclass(frozen=True)
class CachePruning:
    """The cached results older than the last build's start, and how many stay."""

    unused: tuple[Path, ...]
    unused_bytes: int
    kept: int

    def delete(self) -> None:
        for path in self.unused:
            path.unlink(missing_ok=True)


def plan_cache_pruning(root: Path) -> CachePruning:
    """What the last build did not use; `NoBuildRecorded` when no build has run."""
    mark = cache_dir(root) / BUILD_MARK
    if not mark.is_file():
        raise NoBuildRecorded(str(mark))
    started = mark.stat().st_mtime
    unused: list[Path] = []
    size = kept = 0
    for path in sorted((cache_dir(root) / OBJECTS).rglob("*")):
        if not path.is_file():
            continue
        status = path.stat()
        if status.st_mtime < started:
            unused.append(path)
            size += status.st_size
        else:
            kept += 1
    return CachePruning(tuple(unused), size, kept)
