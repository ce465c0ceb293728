"""Reading content files once per run: the loaders and the terminology scan share what
was read, decoded and parsed, and a file that failed fails the same way each time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from macros.limits import Limits
from macros.load.frontmatter import FrontMatterDocument, split_front_matter
from macros.load.source import LoadFailure, read_text
from macros.load.yaml_lines import Located, parse_yaml

T = TypeVar("T")


class SourceReader:
    """Text, YAML and front-matter documents by path, each made once, within `limits`."""

    def __init__(self, limits: Limits, draw_drawings: bool = True) -> None:
        self.limits = limits
        self.draw_drawings = draw_drawings
        """Whether a plan's drawings are drawn once to prove the converter can (see
        `load_site`)."""
        self._done: dict[tuple[str, Path], object] = {}

    def text(self, path: Path, display: str) -> str:
        """The decoded text of `path`; `LoadFailure` if it cannot be read."""
        return self._once(("text", path), str,
                          lambda: read_text(path, display, self.limits.bytes("text_kb")))

    def yaml(self, path: Path, display: str) -> Located:
        """`path` parsed as one YAML document with its line numbers."""
        return self._once(("yaml", path), Located, lambda: parse_yaml(
            self.text(path, display), display, max_depth=self.limits.yaml_depth))

    def front_matter(self, path: Path, display: str) -> FrontMatterDocument:
        """`path` as front matter (with line numbers) and a Markdown body."""
        return self._once(("front", path), FrontMatterDocument, lambda: split_front_matter(
            self.text(path, display), display, max_depth=self.limits.yaml_depth))

    def _once(self, key: tuple[str, Path], kind: type[T], make: Callable[[], T]) -> T:
        if key not in self._done:
            try:
                self._done[key] = make()
            except LoadFailure as failure:
                self._done[key] = failure
        found = self._done[key]
        if isinstance(found, LoadFailure):
            raise found
        assert isinstance(found, kind)
        return found
