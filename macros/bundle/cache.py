"""A content-addressed cache: the same input bytes never get converted twice."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class ContentCache:
    """Results of `convert(data)` stored under the SHA-256 of `data` and a kind."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def get_or_make(self, kind: str, data: bytes, convert: Callable[[bytes], bytes]) -> bytes:
        key = hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()
        path = self.folder / kind / key[:2] / key
        if path.is_file():
            self.hits += 1
            return path.read_bytes()
        self.misses += 1
        result = convert(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(result)
        Path(tmp).replace(path)
        return result
