"""Writing made files into an output folder, never outside it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath


class UnsafeOutputPath(ValueError):
    """A made file's path would land outside the output folder (a bug: paths are checked)."""


def write_files(files: Mapping[str, bytes], out_dir: Path) -> int:
    """Write each file under `out_dir`, one at a time (a mapping may read each file's
    bytes only when asked: see `site_downloads.DownloadFiles`); returns how many were
    written."""
    base = out_dir.resolve()
    for name in sorted(files):
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise UnsafeOutputPath(name)
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])
    return len(files)
