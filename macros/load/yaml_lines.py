"""YAML with a line number for every key and list item.

PyYAML's node marks give positions; we keep them in a map from location tuples
(`("bom", "parts", 3, "qty")`) to 1-based lines so that any later problem about a
value can name its line. Only plain YAML is accepted: the safe loader refuses tags
that build Python objects, `!!binary`/`!!set` values are refused, anchors, aliases
and merge keys are refused so that an alias bomb can never expand, and nesting is
bounded so that `[[[[…]]]]` cannot exhaust the parser's recursion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from macros.i18n.catalogue import Text, text
from macros.limits import current_limits
from macros.load.source import LoadFailure
from macros.problems import Problem, problem

Loc = tuple[str | int, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_REFUSED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("binary", "set", "omap",
                                                                   "pairs"))
"""Tags the safe loader would turn into bytes, sets or pair lists: no field wants them."""


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


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser and composer when PyYAML has them (about 40 times faster on a plan
file), the pure-Python ones otherwise; both give the same nodes and marks."""


def _scan(text: str, max_depth: int) -> int | None:
    """Read the event stream once, iteratively: refuse nesting deeper than `max_depth`
    before the (recursive) composer sees it, and return the line of the first alias,
    which the composed nodes no longer know (an alias node is its anchor's node)."""
    depth = 0
    first_alias: int | None = None
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line if event.start_mark is not None else 0
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                raise _TooDeep(line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent) and first_alias is None:
            first_alias = line
    return first_alias


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def parse_yaml(text: str, display_path: str, line_offset: int = 0,
               max_depth: int | None = None) -> Located:
    """Parse one YAML document; `line_offset` shifts lines (front matter in a file);
    nesting deeper than `max_depth` (default: the limit in force) is refused."""
    if max_depth is None:
        max_depth = current_limits().yaml_depth
    loader: Any = None
    try:
        first_alias = _scan(text, max_depth)
        loader = _LOADER(text)
        node = loader.get_single_node()
        if node is None:
            return Located(None, display_path, {}, line_offset + 1)
        lines: dict[Loc, int] = {}
        _Indexer(display_path, line_offset, lines, first_alias).index(node, ())
        data = loader.construct_document(node)
    except _TooDeep as exc:
        raise LoadFailure(problem(display_path, exc.line + 1 + line_offset, "",
                                  "check.yaml_too_deep", depth=max_depth)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + line_offset
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise LoadFailure(problem(display_path, line, "", "check.yaml_control_character",
                                  code=f"{code:04X}")) from None
    except yaml.MarkedYAMLError as exc:
        raise LoadFailure(_syntax_problem(exc, text, display_path, line_offset)) from None
    except yaml.YAMLError as exc:
        raise LoadFailure(problem(display_path, line_offset + 1, "", "check.yaml_invalid",
                                  problem=exc)) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Located(data, display_path, lines, node.start_mark.line + 1 + line_offset)


_UNCLOSED = {"flow sequence": "check.yaml_unclosed_list",
             "flow mapping": "check.yaml_unclosed_mapping",
             "quoted scalar": "check.yaml_unclosed_quote"}
"""What the parser was reading when it gave up (its `context`, the same words in libyaml
and in PyYAML), when that began on an earlier line: a bracket or a quote not closed."""


def _syntax_problem(exc: yaml.MarkedYAMLError, source: str, display_path: str,
                    offset: int) -> Problem:
    """The parser gives up where the text stops making sense, often lines after the
    mistake (a `[` never closed is noticed at the next key): name both lines, and put
    the problem where what is unclosed was opened."""
    last = max(source.count("\n") + (0 if source.endswith("\n") else 1), 1)
    stopped = min(exc.problem_mark.line + 1, last) if exc.problem_mark else None
    opened = exc.context_mark.line + 1 if exc.context_mark else None
    if stopped is None or opened is None or opened >= stopped:
        return problem(display_path, (stopped or opened or 1) + offset, "", _describe(exc))
    lines = {"opened": opened + offset, "stopped": stopped + offset}
    for words, key in _UNCLOSED.items():
        if words in (exc.context or ""):
            return problem(display_path, opened + offset, "", key, **lines)
    return problem(display_path, stopped + offset, "", "check.yaml_invalid_after",
                   problem=exc.problem or str(exc), context=exc.context, **lines)


def _describe(exc: yaml.MarkedYAMLError) -> Text:
    """The parser's own words (English, from PyYAML) inside a message of the catalogue."""
    found = exc.problem or str(exc)
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in found:
        return text("check.yaml_tag", problem=found)
    if exc.context:
        return text("check.yaml_invalid_in", problem=found, context=exc.context)
    return text("check.yaml_invalid", problem=found)


@dataclass
class _Indexer:
    """Walks the node graph once: records lines, refuses what plain YAML must not hold."""

    path: str
    offset: int
    lines: dict[Loc, int]
    first_alias: int | None
    seen: set[int] = field(default_factory=set)

    def refuse(self, line: int, loc: Loc, key: str, **params: object) -> LoadFailure:
        return LoadFailure(problem(self.path, line, dotted(loc), key, **params))

    def index(self, node: yaml.Node, loc: Loc) -> None:
        if id(node) in self.seen:
            # The walk meets nodes in document order, so this is the first alias.
            written = self.first_alias if self.first_alias is not None else \
                node.start_mark.line
            raise self.refuse(written + 1 + self.offset, loc, "check.yaml_alias")
        self.seen.add(id(node))
        if node.tag in _REFUSED_TAGS:
            raise self.refuse(node.start_mark.line + 1 + self.offset, loc,
                              "check.yaml_refused_tag", tag=node.tag.rsplit(":", 1)[-1])
        if isinstance(node, yaml.MappingNode):
            keys: set[object] = set()
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1 + self.offset
                if key_node.tag == _MERGE_TAG:
                    raise self.refuse(line, loc, "check.yaml_merge_key")
                key: str | int = (key_node.value if isinstance(key_node, yaml.ScalarNode)
                                  else "?")
                if key in keys:
                    raise self.refuse(line, (*loc, key), "check.yaml_duplicate_key")
                keys.add(key)
                child: Loc = (*loc, key)
                self.lines[child] = line
                self.index(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                child = (*loc, position)
                self.lines[child] = item.start_mark.line + 1 + self.offset
                self.index(item, child)


def dotted(loc: Loc) -> str:
    """`("bom", "parts", 2, "qty")` → `bom.parts[2].qty`: the field as users read it."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


