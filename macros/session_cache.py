"""What a preview server keeps in memory between its rebuilds.

A rebuild under `mkdocs serve` after one edit must not read, hash and unpickle a
thousand plans again to find that one changed. The session keeps the digest of each
file it hashed with the file's status (size, times, inode) and the results the last
build used, so the next build takes them as they are. It lives only as long as the
preview server: a build (`mkdocs build`, `reproduce stage`) never trusts file times
and hashes every byte.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
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


class SessionCache:
    """File digests by status, and results by key, kept from one build to the next.

    Results a build did not use are forgotten when the next one begins, so a long
    preview session holds about one build's worth of results, not every version of
    every page it ever rendered.
    """

    def __init__(self) -> None:
        self._digests: dict[Path, tuple[Status, bytes]] = {}
        self._current: dict[Hashable, object] = {}
        self._previous: dict[Hashable, object] = {}
        self.hashed = 0
        """Files read and hashed in this build (the others were known by status)."""

    def begin_build(self) -> None:
        """A new build starts: keep what the last one used, and count afresh."""
        self._previous, self._current = self._current, {}
        self.hashed = 0

    def file_digest(self, path: Path) -> bytes:
        """The SHA-256 of the file's bytes, read again only when its status changed."""
        status, modified = _status(path)
        known = self._digests.get(path)
        if known is not None and known[0] == status:
            return known[1]
        digest = hashlib.sha256(path.read_bytes()).digest()
        self.hashed += 1
        if time.time() - modified > SETTLED_SECONDS and _status(path)[0] == status:
            self._digests[path] = (status, digest)
        else:
            self._digests.pop(path, None)
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

