"""A content-addressed cache: the same inputs are never converted, zipped, loaded or
rendered twice."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar


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

    def has(self, kind: str, key: str) -> bool:
        """Whether a result for `key` is stored (not counted as reused)."""
        return self._path(kind, key).is_file()

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


_PACKAGE = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".yml", ".yaml", ".json", ".html", ".css", ".js")
T = TypeVar("T")
_UNREADABLE = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
               ValueError, IndexError, KeyError)


@functools.cache
def code_fingerprint() -> bytes:
    """A digest of this package's code and catalogues and of the libraries its results
    depend on: a remembered result made by other code is never used."""
    hasher = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    for name in ("pydantic", "PyYAML", "Markdown", "Babel", "Jinja2"):
        try:
            hasher.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            hasher.update(f"{name}=none".encode())
    return hasher.digest()


def bytes_or_empty(path: Path) -> bytes:
    """The file's bytes, or none when it is missing (an input that may not exist)."""
    return path.read_bytes() if path.is_file() else b""


def folder_digest(folder: Path) -> bytes:
    """A digest of every file under `folder`, by relative path and bytes."""
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.digest()


class Memo:
    """Results of pure steps (a plan loaded and checked, a page rendered) remembered
    between builds and preview rebuilds, keyed by everything they depend on and by
    the code (`code_fingerprint`). The values are pickles of the package's own
    objects, written only by the build into the project's cache; an entry that does
    not read back (truncated, or from other code) is made again."""

    def __init__(self, store: ContentCache) -> None:
        self.store = store

    def remember(self, kind: str, inputs: Iterable[bytes], make: Callable[[], T]) -> T:
        hasher = hashlib.sha256(code_fingerprint())
        for part in inputs:
            hasher.update(hashlib.sha256(part).digest())
        key = hasher.hexdigest()
        found = self.store.get(kind, key)
        if found is not None:
            try:
                value: T = pickle.loads(found)  # noqa: S301 (the build's own cache)
            except _UNREADABLE:  # truncated, or classes of other code: made again
                self.store.reused[kind] -= 1
            else:
                return value
        self.store.made[kind] += 1
        value = make()
        self.store.put(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value
