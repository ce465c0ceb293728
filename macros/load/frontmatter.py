"""Markdown files with a YAML front matter block between `---` lines."""

from __future__ import annotations

from dataclasses import dataclass

from macros.load.source import LoadFailure
from macros.load.yaml_lines import Located, parse_yaml
from macros.problems import problem

_FENCE = "---"


@dataclass
class FrontMatterDocument:
    """Front matter with line numbers, and the Markdown body after it."""

    meta: Located
    body: str
    body_first_line: int


def split_front_matter(text: str, display_path: str,
                       max_depth: int | None = None) -> FrontMatterDocument:
    """Separate the YAML block from the body; a missing block is an error."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise LoadFailure(problem(display_path, 1, "", "check.front_matter_missing"))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (_FENCE, "..."):
            meta = parse_yaml("\n".join(lines[1:index]), display_path, line_offset=1,
                              max_depth=max_depth)
            if meta.data is None:
                meta.data = {}
            if not isinstance(meta.data, dict):
                raise LoadFailure(problem(display_path, 2, "", "check.front_matter_not_mapping"))
            body = "\n".join(lines[index + 1 :])
            return FrontMatterDocument(meta, body, index + 2)
    raise LoadFailure(problem(display_path, 1, "", "check.front_matter_not_closed"))
