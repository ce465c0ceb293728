"""Build beside the published folder, then swap: a failed build loses nothing.

The new site is written to a sibling of the target (`.site.building` next to `site`),
on the same filesystem, so putting it in place is a rename wherever `site_dir` is (a
tmpfs, a mounted CI volume). The previous site is kept until the new one is in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path


class BuildAside:
    """Where a build writes (`building`) and where its result goes when it succeeds."""

    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        self.building = self.target.with_name(f".{self.target.name}.building")
        self._previous = self.target.with_name(f".{self.target.name}.previous")

    def begin(self) -> Path:
        """A fresh, empty folder to build into (what a failed build left is removed)."""
        for leftover in (self.building, self._previous):
            if leftover.exists():
                shutil.rmtree(leftover)
        return self.building

    def keep(self) -> Path:
        """Put the finished build in place of the previous site; returns the target."""
        if self.target.exists():
            self.target.replace(self._previous)
        self.building.replace(self.target)
        if self._previous.exists():
            shutil.rmtree(self._previous)
        return self.target

    def discard(self) -> None:
        """Leave the previous site as it was and drop the unfinished build."""
        if self.building.exists():
            shutil.rmtree(self.building)
