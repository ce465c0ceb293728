"""A content-addressed cache: the same inputs are never converted or zipped twice."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path


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
        digest = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()
        path = self.folder / kind / digest[:2] / digest
        if path.is_file():
            self.reused[kind] += 1
            return path.read_bytes()
        self.made[kind] += 1
        result = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(result)
        Path(tmp).replace(path)
        return result
