"""What a preview server keeps in memory between its rebuilds.

A rebuild under `mkdocs serve` after one edit must not read, hash and unpickle a
thousand plans again to find that one changed. The session keeps the digest of each
file it hashed with the file's status (size, times, inode) and the results the last
build used, so the next build takes them as they are. It lives only as long as the
preview server: a build (`mkdocs build`, `reproduce stage`) never trusts file times
and hashes every byte.

When a file watcher tells the session what changed (`Changes`), a rebuild does not
even look at the status of the files under the watched folders that it did not
report: at a thousand plans, that is some eight thousand files a rebuild no longer
examines.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SETTLED_SECONDS = 2.0
"""A file changed more recently than this may change again within the same tick of
the file system's clock without its status changing (the "racy" case a version
control system also guards against): its digest is not kept."""

Status = tuple[int, int, int, int]


def _status(path: Path) -> tuple[Status, float]:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino), info.st_mtime


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass(frozen=True)
class ChangeSet:
    """The paths a watcher reported changed under its folders between two builds
    (absolute and resolved, as strings: a rebuild asks about thousands of paths)."""

    watched: tuple[str, ...]
    paths: frozenset[str]

    def unchanged(self, path: Path) -> bool:
        """Whether `path` (a file or a folder, absolute and resolved) is known to be as
        the last build saw it: it lies under a watched folder and no reported path is
        it, in it or holds it."""
        name = str(path)
        if not any(_within(name, folder) for folder in self.watched):
            return False
        return not any(_within(changed, name) or _within(name, changed)
                       for changed in self.paths)


class Changes:
    """Paths reported by a file watcher (from its own thread), taken by each build.

    The first build and the first rebuild do not trust it: the watcher starts after
    the first build, so what changed in between it never reports; the first rebuild
    looks at every file, and from then on a path it does not report is unchanged.
    """

    def __init__(self, watched: Iterable[str]) -> None:
        """`watched`: the absolute folders the watcher reports on, as it names them."""
        self._folders = [(folder, str(Path(folder).resolve())) for folder in watched]
        self._lock = threading.Lock()
        self._reported: set[str] = set()
        self._taken = 0

    def report(self, path: str) -> None:
        """A file or folder was created, changed, moved or deleted: `path` as the watcher
        names it, renamed to the name the build reads it by (the watched folder
        resolved, the rest as it is: a link in it is never followed)."""
        for folder, resolved in self._folders:
            if _within(path, folder):
                with self._lock:
                    self._reported.add(resolved + path[len(folder):])
                return

    def take(self) -> ChangeSet | None:
        """What was reported since the last take; None while it cannot be trusted."""
        with self._lock:
            paths, self._reported = frozenset(self._reported), set()
            self._taken += 1
            trusted = self._taken > 1
        watched = tuple(resolved for _folder, resolved in self._folders)
        return ChangeSet(watched, paths) if trusted else None


class SessionCache:
    """File digests by status, and results by key, kept from one build to the next.

    Results a build did not use are forgotten when the next one begins, so a long
    preview session holds about one build's worth of results, not every version of
    every page it ever rendered.
    """

    def __init__(self) -> None:
        self._digests: dict[Path, tuple[Status, bytes]] = {}
        self._folders: dict[Path, bytes] = {}
        self._current: dict[Hashable, object] = {}
        self._previous: dict[Hashable, object] = {}
        self.changes: ChangeSet | None = None
        """What the watcher reported since the last build (None: look at every file)."""
        self._unsettled = self._look_everywhere = False
        self.hashed = 0
        """Files read and hashed in this build (the others were known by status)."""
        self.examined = 0
        """Files whose status this build read (the others the watcher vouched for)."""

    def begin_build(self, changes: ChangeSet | None = None) -> None:
        """A new build starts: keep what the last one used, and count afresh;
        `changes`, when a watcher knows them, spares looking at the other files
        (unless the last build was refused)."""
        self._previous, self._current = self._current, {}
        self.changes = None if self._look_everywhere else changes
        self._look_everywhere = False
        self.hashed = self.examined = 0

    def refused(self) -> None:
        """This build's content was refused: the next build looks at every file, since
        what was refused (a link that leads out) may lie where no change is reported."""
        self._look_everywhere = True

    def _vouched(self, path: Path) -> bool:
        return self.changes is not None and self.changes.unchanged(path)

    def folder_digest(self, path: Path, make: Callable[[], bytes]) -> bytes:
        """A folder's digest (`make()`), made again unless the watcher vouches that
        nothing in it changed since it was last made."""
        known = self._folders.get(path)
        if known is not None and self._vouched(path):
            return known
        self._unsettled = False
        digest = make()
        if self._unsettled:  # a file in it may change again unseen: look next time
            self._folders.pop(path, None)
        else:
            self._folders[path] = digest
        return digest

    def file_digest(self, path: Path) -> bytes:
        """The SHA-256 of the file's bytes, read again only when its status changed."""
        known = self._digests.get(path)
        if known is not None and self._vouched(path):
            return known[1]
        self.examined += 1
        status, modified = _status(path)
        if known is not None and known[0] == status:
            return known[1]
        digest = hashlib.sha256(path.read_bytes()).digest()
        self.hashed += 1
        if time.time() - modified > SETTLED_SECONDS and _status(path)[0] == status:
            self._digests[path] = (status, digest)
        else:
            self._digests.pop(path, None)
            self._unsettled = True
        return digest

    def get(self, key: Hashable) -> object | None:
        """The result stored under `key` by this build or the one before, if any."""
        if key in self._current:
            return self._current[key]
        if key in self._previous:
            value = self._previous.pop(key)
            self._current[key] = value
            return value
        return None

    def put(self, key: Hashable, value: object) -> None:
        self._current[key] = value

    def same_object(self, kind: str, source: object, make: Callable[[], T]) -> T:
        """`make()` derived from `source`, made again only for a new object: a result
        taken from the session is the same object as before, so what is derived from
        it (a page's Markdown from its rendered content) is too."""
        key = (kind, id(source))
        found = self.get(key)
        if isinstance(found, tuple) and found[0] is source:
            value: T = found[1]
            return value
        value = make()
        self.put(key, (source, value))
        return value

