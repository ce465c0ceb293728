"""A content-addressed cache: the same inputs are never converted or zipped twice."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path


def cache_dir(root: Path) -> Path:
    """The project's cache (staged tree, made files), outside `site/` and never committed."""
    return root / ".cache" / "reproduce"


def objects_cache(root: Path) -> ContentCache:
    """The content-addressed cache every made file goes through (fresh counters each call)."""
    return ContentCache(cache_dir(root) / "objects")


class ContentCache:
    """Results stored under a kind and the SHA-256 of their inputs, outside `site/`.

    `made` counts the results actually computed per kind (cache misses), which is
    what a rebuild should keep near zero.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: Counter[str] = Counter()
        self.reused: Counter[str] = Counter()

    def get_or_make(self, kind: str, data: bytes, convert: Callable[[bytes], bytes]) -> bytes:
        """`convert(data)`, computed once per distinct `data`."""
        return self.keyed(kind, hashlib.sha256(data).hexdigest(), lambda: convert(data))

    def keyed(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """`make()`, computed once per `key` (a digest of everything it depends on)."""
        found = self.get(kind, key)
        if found is not None:
            return found
        self.made[kind] += 1
        result = make()
        self.put(kind, key, result)
        return result

    def _path(self, kind: str, key: str) -> Path:
        digest = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()
        return self.folder / kind / digest[:2] / digest

    def get(self, kind: str, key: str) -> bytes | None:
        """The stored result for `key`, if any (counted as reused)."""
        path = self._path(kind, key)
        if not path.is_file():
            return None
        self.reused[kind] += 1
        return path.read_bytes()

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store a result atomically (a crash never leaves half a file behind)."""
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
