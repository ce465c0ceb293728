"""Write the staged tree to disk, touching only what differs, so that the engine's own
"unchanged file" checks and the preview's dirty rebuilds see only real changes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

Status = tuple[int, int, int]


@dataclass(frozen=True)
class SyncReport:
    written: int
    removed: int
    unchanged: int


@dataclass
class StagedFiles:
    """What the previous sync into a folder left there: each file's bytes and its
    status just after. A preview keeps it from one rebuild to the next: a file given
    the very same bytes object again (a page the preview did not render again), whose
    status has not moved, is known unchanged without reading it back; and a file the
    sync wrote is all a folder holds, so what to remove needs no walk."""

    folder: Path | None = None
    files: dict[str, tuple[bytes, Status]] = field(default_factory=dict)


def _status(path: Path) -> Status | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def sync_tree(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
              out_dir: Path, known: StagedFiles | None = None) -> SyncReport:
    """Make `out_dir` hold exactly `files` (by name, or `(name, bytes)` pairs made one
    at a time), touching only what differs. With `known` (kept from the previous sync
    into the same folder, then updated), unchanged files are recognised by identity
    and status."""
    written = unchanged = removed = 0
    out_dir.mkdir(parents=True, exist_ok=True)
    before = known.files if known is not None and known.folder == out_dir else None
    now: dict[str, tuple[bytes, Status]] = {}
    for name, data in files.items() if isinstance(files, Mapping) else files:
        target = out_dir / PurePosixPath(name)
        status = _status(target)
        previous = before.get(name) if before is not None else None
        if status is not None and (
                (previous is not None and previous[0] is data and previous[1] == status)
                or (status[0] == len(data) and target.read_bytes() == data)):
            unchanged += 1
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".tmp-stage")
            tmp.write_bytes(data)
            tmp.replace(target)
            written += 1
            status = _status(target)
        if status is not None:  # a build keeps no bytes: only a preview has `known`
            now[name] = (data if known is not None else b"", status)
    if before is not None:
        removed = _remove_known(out_dir, before, now)
    else:
        removed = _remove_others(out_dir, now)
    if known is not None:
        known.folder, known.files = out_dir, now
    return SyncReport(written, removed, unchanged)


def _remove_known(out_dir: Path, before: Mapping[str, object], now: Mapping[str, object]
                  ) -> int:
    """Remove what the previous sync wrote and this one did not, and the folders left
    empty."""
    removed = 0
    for name in before.keys() - now.keys():
        path = out_dir / PurePosixPath(name)
        path.unlink(missing_ok=True)
        removed += 1
        for folder in path.parents:
            if folder == out_dir or any(folder.iterdir()):
                break
            folder.rmdir()
    return removed


def _remove_others(out_dir: Path, wanted: Mapping[str, object]) -> int:
    """Remove every file of `out_dir` not `wanted`, and the folders left empty."""
    keep = {PurePosixPath(name) for name in wanted}
    removed = 0
    for dirpath, _dirnames, filenames in os.walk(out_dir, topdown=False):
        folder = Path(dirpath)
        for filename in filenames:
            path = folder / filename
            if PurePosixPath(path.relative_to(out_dir).as_posix()) not in keep:
                path.unlink()
                removed += 1
        if folder != out_dir and not any(folder.iterdir()):
            folder.rmdir()
    return removed
