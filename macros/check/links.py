"""Symbolic links in content folders must stay inside the repository.

A pull request can add a link `plans/x/drawing.svg -> /home/runner/.ssh/id_rsa`, or
link a whole folder out. Git stores links as they are, and the build runs with the
rights of CI: a file read through such a link could end up in a page, a bundle or a
printed message. So content folders are scanned first, and when a link leads out,
nothing else is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from macros.problems import Problem, problem

CONTENT_FOLDERS = ("plans", "kit", "docs")


def links_leaving(root: Path, folders: tuple[str, ...] = CONTENT_FOLDERS,
                  changed: Iterable[Path] | None = None) -> list[Problem]:
    """One problem per symbolic link under `folders` whose target is outside `root`
    (`root` resolved); links within the repository are fine. `changed`: only these
    paths (and what is under them) can hold a new link, a file watcher says: the
    rest was looked at before."""
    found = []
    for name in folders:
        top = root / name
        starts = [top] if changed is None else [
            path for path in changed if path.is_relative_to(top)]
        candidates = [top]
        for start in starts:
            candidates.append(start)
            if start.is_dir() and not start.is_symlink():
                for dirpath, dirnames, filenames in os.walk(start):
                    candidates += [Path(dirpath, entry) for entry in (*dirnames, *filenames)]
        for path in dict.fromkeys(candidates):
            if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(root):
                found.append(problem(path.relative_to(root).as_posix(), 1, "",
                                     "check.link_leaves_repository"))
    return found
