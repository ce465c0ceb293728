"""A content-addressed cache: the same inputs are never converted, zipped, loaded or
rendered twice."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from macros.session_cache import SessionCache


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

    def stored(self, kind: str, key: str) -> StoredBytes:
        """A reference to the result stored under `key`, to read it again later instead
        of keeping its bytes."""
        return StoredBytes(self.folder, kind, key)

    def has(self, kind: str, key: str) -> bool:
        """Whether a result for `key` is stored (not counted as reused)."""
        return self._path(kind, key).is_file()

    def get(self, kind: str, key: str) -> bytes | None:
        """The stored result for `key`, if any and intact (counted as reused); a damaged
        one (truncated by a full disk or a lost write, or not stored under this key) is
        removed, so that it is made again."""
        path = self._path(kind, key)
        try:
            stored = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None
        data = _unsealed(path.name, stored)
        if data is None:
            path.unlink(missing_ok=True)
            return None
        self.reused[kind] += 1
        _mark_used(path)
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store a result atomically (a crash never leaves half a file behind), sealed
        with a digest of its key and bytes that `get` checks."""
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_seal(path.name, data))
        Path(tmp).replace(path)


def _mark_used(path: Path) -> None:
    """A result read is dated now, so `macros.cache_pruning` knows the last build used
    it (a cache that cannot be written is only read)."""
    with contextlib.suppress(OSError):
        os.utime(path)


@dataclass(frozen=True)
class StoredBytes:
    """Where a `ContentCache` keeps a result (picklable, unlike a closure)."""

    folder: Path
    kind: str
    key: str

    def read(self) -> bytes | None:
        """The result, or None if it is no longer stored intact."""
        return ContentCache(self.folder).get(self.kind, self.key)


_SEAL = b"rk-object-1\n"
_SEAL_SIZE = len(_SEAL) + hashlib.sha256().digest_size


def _seal_digest(name: str, data: bytes | memoryview) -> bytes:
    """What binds an object to its place (`name`, the digest of its kind and key)."""
    hasher = hashlib.sha256(name.encode())
    hasher.update(data)
    return hasher.digest()


def _seal(name: str, data: bytes) -> bytes:
    return _SEAL + _seal_digest(name, data) + data


def _unsealed(name: str, stored: bytes) -> bytes | None:
    """The bytes sealed in `stored`, or None when they are not the ones `put` stored
    under `name` (an older format, a short write, a flipped bit, a misplaced file)."""
    if not stored.startswith(_SEAL) or len(stored) < _SEAL_SIZE:
        return None
    data = memoryview(stored)[_SEAL_SIZE:]
    if _seal_digest(name, data) != stored[len(_SEAL):_SEAL_SIZE]:
        return None
    return bytes(data)


_PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")
_UNREADABLE = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
               ValueError, IndexError, KeyError)


def inputs_digest(*parts: bytes) -> str:
    """One digest of several inputs, each hashed on its own so no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()


def files_digest(files: Mapping[str, bytes], *extra: bytes) -> str:
    """A digest of files by name and bytes (in name order), then of `extra` inputs."""
    return inputs_digest(*(name.encode() + b"\0" + files[name] for name in sorted(files)),
                         *extra)


def tree_files(root: Path) -> list[Path]:
    """`root` itself when it is a file, else every file under it, sorted (compiled
    Python left out, links to folders not followed): what a folder's digest covers."""
    if root.is_file():
        return [root]
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if name != "__pycache__"]
        found.extend(path for name in filenames if not name.endswith(".pyc")
                     and (path := Path(dirpath, name)).is_file())
    return sorted(found)


def file_sha256(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def tree_digest(roots: list[Path], extra: list[bytes],
                digest_of: Callable[[Path], bytes] = file_sha256) -> str:
    """A digest of `extra` inputs and of every file under `roots` (files or folders, by
    path from each root's parent and the digest of its bytes)."""
    parts: list[bytes] = list(extra)
    for root in roots:
        for path in tree_files(root):
            name = path.relative_to(root.parent).as_posix().encode()
            parts.append(name + b"\0" + digest_of(path))
    return inputs_digest(*parts)


@functools.cache
def code_fingerprint() -> bytes:
    """A digest of this package's code and catalogues and of the libraries its results
    depend on: a remembered result made by other code is never used."""
    versions = library_versions("pydantic", "PyYAML", "Markdown", "Babel", "Jinja2")
    return tree_digest([_PACKAGE], versions).encode()


def library_versions(*names: str) -> list[bytes]:
    """The installed versions of the libraries a cached result is made with, for its key
    (a library upgrade makes it again)."""
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            versions.append(f"{name}=none".encode())
    return versions


def bytes_or_empty(path: Path) -> bytes:
    """The file's bytes, or none when it is missing (an input that may not exist)."""
    return path.read_bytes() if path.is_file() else b""


def _key(inputs: Iterable[bytes]) -> str:
    """A remembered result's key: its inputs and the code that makes it."""
    return inputs_digest(code_fingerprint(), *inputs)


class Memo:
    """Results of pure steps (a plan loaded and checked, a page rendered) remembered
    between builds and preview rebuilds, keyed by everything they depend on and by
    the code (`code_fingerprint`). The values are pickles of the package's own
    objects, written only by the build into the project's cache; an entry that does
    not read back (truncated, or from other code) is made again."""

    def __init__(self, store: ContentCache, session: SessionCache | None = None) -> None:
        self.store = store
        self.session = session
        """The preview server's memory: results taken without reading the store, files
        known by their status."""
        self._folders: dict[Path, bytes] = {}

    def folder(self, path: Path) -> bytes:
        """The digest of a folder's files, read once per build however many remembered
        results depend on it (a plan's loading and its pages)."""
        if path not in self._folders:
            if self.session is None:
                self._folders[path] = tree_digest([path], []).encode()
            else:
                session = self.session
                self._folders[path] = session.folder_digest(
                    path, lambda: tree_digest([path], [], session.file_digest).encode())
        return self._folders[path]

    def file(self, path: Path) -> bytes:
        """The digest of a file's bytes; empty when there is no such file."""
        if not path.is_file():
            return b""
        return self.session.file_digest(path) if self.session else file_sha256(path)

    def remember(self, kind: str, inputs: Iterable[bytes], make: Callable[[], T]) -> T:
        key = _key(inputs)
        if self.session is not None:
            kept = self.session.get((kind, key))
            if kept is not None:
                self.store.reused[kind] += 1
                return kept  # type: ignore[return-value]  # stored by this method
        value = self._stored(kind, key, make)
        if self.session is not None:
            self.session.put((kind, key), value)
        return value

    def holds(self, kind: str, inputs: Iterable[bytes]) -> bool:
        """Whether `remember(kind, inputs, …)` would find its result without making it
        (work started ahead of time can be skipped)."""
        inputs = list(inputs)
        return self.recalled(kind, inputs) or self.store.has(kind, _key(inputs))

    def recall(self, kind: str, inputs: Iterable[bytes], make: Callable[[], T]) -> T:
        """`make()`, kept in the preview server's memory only (a result too large or
        too cheap to store, such as a plan's downloads, which the store already holds
        piece by piece); without a session, simply made."""
        if self.session is None:
            return make()
        key = (kind, _key(inputs))
        kept = self.session.get(key)
        if kept is not None:
            return kept  # type: ignore[return-value]  # stored by this method
        value = make()
        self.session.put(key, value)
        return value

    def recalled(self, kind: str, inputs: Iterable[bytes]) -> bool:
        """Whether `recall(kind, inputs, …)` will take its result from memory."""
        if self.session is None:
            return False
        return self.session.get((kind, _key(inputs))) is not None

    def _stored(self, kind: str, key: str, make: Callable[[], T]) -> T:
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
