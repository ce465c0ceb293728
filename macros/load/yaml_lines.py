"""YAML with a line number for every key and list item.

PyYAML's node marks give positions; we keep them in a map from location tuples
(`("bom", "parts", 3, "qty")`) to 1-based lines so that any later problem about a
value can name its line. Only plain YAML is accepted: the safe loader refuses tags
that build Python objects, and anchors, aliases and merge keys are refused so that
an alias bomb can never expand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from macros.check.problem import Problem
from macros.load.source import LoadFailure

Loc = tuple[str | int, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Located:
    """Parsed data with the file it came from and the line of each location."""

    data: Any
    path: str
    lines: dict[Loc, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its closest enclosing location that has one."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return self.first_line


def parse_yaml(text: str, display_path: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; `line_offset` shifts lines (front matter in a file)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, display_path, {}, line_offset + 1)
        lines: dict[Loc, int] = {}
        _index(node, (), lines, set(), display_path, line_offset)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise LoadFailure(
            Problem(display_path, line, "", _describe(exc))
        ) from None
    except yaml.YAMLError as exc:
        raise LoadFailure(
            Problem(display_path, line_offset + 1, "", f"invalid YAML: {exc}")
        ) from None
    finally:
        loader.dispose()
    return Located(data, display_path, lines, node.start_mark.line + 1 + line_offset)


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        return (
            f"invalid YAML: {problem}; only plain values, lists and mappings are "
            "allowed (remove the `!!` tag)"
        )
    return f"invalid YAML: {problem}" + (f" ({exc.context})" if exc.context else "")


def _index(
    node: yaml.Node,
    loc: Loc,
    lines: dict[Loc, int],
    seen: set[int],
    path: str,
    offset: int,
) -> None:
    if id(node) in seen:
        raise LoadFailure(
            Problem(
                path,
                lines.get(loc, node.start_mark.line + 1 + offset),
                dotted(loc),
                "YAML anchors and aliases (&name, *name) are not supported; "
                "write the value out in full",
            )
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[object] = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + offset
            if key_node.tag == _MERGE_TAG:
                raise LoadFailure(
                    Problem(path, line, dotted(loc), "YAML merge keys (<<) are not "
                            "supported; write the fields out in full")
                )
            key: str | int = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in keys:
                raise LoadFailure(
                    Problem(path, line, dotted((*loc, key)),
                            "this key appears twice in the same mapping; keep only one")
                )
            keys.add(key)
            child: Loc = (*loc, key)
            lines[child] = line
            _index(value_node, child, lines, seen, path, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            lines[child] = item.start_mark.line + 1 + offset
            _index(item, child, lines, seen, path, offset)


def dotted(loc: Loc) -> str:
    """`("bom", "parts", 2, "qty")` → `bom.parts[2].qty`: the field as users read it."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


