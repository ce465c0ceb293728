"""Build beside the published folder, then swap: a failed or killed build loses nothing.

The new site is written to a sibling of the target (`.site.building` next to `site`),
on the same filesystem, and put in place by exchanging the two folders in one step
(Linux's `renameat2` with `RENAME_EXCHANGE`; elsewhere two renames, which the next
build completes if it was killed between them). A build killed at any moment leaves
the previous site as it was.

When the target cannot be renamed (it is a mount point, a mounted CI volume or a
tmpfs of its own, or its parent cannot be written), the site is built in the project's
cache, copied into a hidden folder inside the target, then swapped in entry by entry
(moves on one filesystem); a build killed during the swap is rolled back by the next
build, before it starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path

INCOMING = ".rk-incoming"
"""Inside a target that cannot be renamed: the new site, copied there before the swap."""
OUTGOING = ".rk-outgoing"
"""Inside such a target, during the swap: the previous site's entries moved aside."""
REPLACED = ".rk-replaced"
"""`OUTGOING` once the previous site is wholly in it: the new entries are moving in."""
DISCARDED = ".rk-discarded"
"""`REPLACED` once the new site is wholly in place: only left to remove."""
_SWAP_FOLDERS = (INCOMING, OUTGOING, REPLACED, DISCARDED)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class BuildAside:
    """Where a build writes (`building`) and where its result goes when it succeeds;
    `spare` (the project's cache) is where it builds when the target cannot be swapped
    by a rename."""

    def __init__(self, target: Path, spare: Path) -> None:
        self.target = target.resolve()
        with contextlib.suppress(OSError):  # then it is not renamable, and said when copied
            self.target.parent.mkdir(parents=True, exist_ok=True)
        self.renamable = _renamable(self.target)
        self.building = (self.target.with_name(f".{self.target.name}.building")
                         if self.renamable else spare / "site-building")
        self._previous = self.target.with_name(f".{self.target.name}.previous")

    def begin(self) -> Path:
        """A fresh, empty folder to build into, once what a killed build left is undone
        (the previous site put back, unfinished builds removed)."""
        self._recover()
        if self.building.exists():
            shutil.rmtree(self.building)
        return self.building

    def keep(self) -> Path:
        """Put the finished build in place of the previous site; returns the target."""
        if self.renamable:
            try:
                self._swap_by_rename()
                return self.target
            except OSError as failed:
                if failed.errno not in (errno.EXDEV, errno.EBUSY, errno.EACCES, errno.EPERM):
                    raise
                # the checks said a rename would do and it did not: copy instead
        try:
            self._swap_by_copy()
        except OSError:
            self._recover()  # a full disk, say: the previous site comes back whole
            raise
        return self.target

    def discard(self) -> None:
        """Leave the previous site as it was and drop the unfinished build."""
        if self.building.exists():
            shutil.rmtree(self.building)

    def _swap_by_rename(self) -> None:
        if not self.target.exists():
            self.building.rename(self.target)
        elif _exchange(self.building, self.target):
            shutil.rmtree(self.building, ignore_errors=True)  # now the previous site
        else:
            self.target.rename(self._previous)
            try:
                self.building.rename(self.target)
            except OSError:
                self._previous.rename(self.target)
                raise
            shutil.rmtree(self._previous, ignore_errors=True)

    def _swap_by_copy(self) -> None:
        """Copy the new site onto the target's filesystem, then move the previous
        site's entries aside and the new ones in (one filesystem: each is a rename)."""
        self.target.mkdir(parents=True, exist_ok=True)
        incoming, outgoing = self.target / INCOMING, self.target / OUTGOING
        shutil.copytree(self.building, incoming)
        outgoing.mkdir()
        for entry in _entries(self.target):
            entry.rename(outgoing / entry.name)
        outgoing.rename(self.target / REPLACED)
        for entry in _entries(incoming):
            entry.rename(self.target / entry.name)
        incoming.rmdir()
        (self.target / REPLACED).rename(self.target / DISCARDED)
        shutil.rmtree(self.target / DISCARDED, ignore_errors=True)
        shutil.rmtree(self.building, ignore_errors=True)

    def _recover(self) -> None:
        """Undo what a build killed while swapping left: the previous site comes back
        whole (the build about to start makes the new one again)."""
        if self._previous.exists():
            if self.target.exists():
                shutil.rmtree(self._previous)  # the swap was done, not the tidying
            else:
                self._previous.rename(self.target)  # killed between the two renames
        if not self.target.is_dir():
            return
        incoming, outgoing, replaced = (self.target / name
                                        for name in (INCOMING, OUTGOING, REPLACED))
        if replaced.is_dir():  # the new entries were moving in: take them out again
            for entry in _entries(self.target):
                _remove(entry)
            outgoing = replaced
        if outgoing.is_dir():
            for entry in _entries(outgoing):
                entry.rename(self.target / entry.name)
            outgoing.rmdir()
        for leftover in (incoming, self.target / DISCARDED):
            if leftover.exists():
                shutil.rmtree(leftover)


def _entries(folder: Path) -> list[Path]:
    """A folder's entries, without the swap's own folders."""
    return [entry for entry in folder.iterdir() if entry.name not in _SWAP_FOLDERS]


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink()


def _renamable(target: Path) -> bool:
    """Whether the target can be replaced by renaming a sibling onto it: its parent
    can be written and it is not a mount point (which no rename can move)."""
    parent = target.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return False
    return not (target.is_dir() and os.path.ismount(target))


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux 3.15+, glibc 2.28+); False where the system
    or the filesystem cannot, and the caller renames twice instead."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
