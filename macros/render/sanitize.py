"""Contributor Markdown is Markdown only: raw HTML is shown as text, never run.

Build guides and kit documents come from pull requests. Python-Markdown passes raw
HTML through (`<script>`, `<img onerror=…>`), keeps `javascript:` link targets, lets
`attr_list` add any attribute (`# Title { onclick="…" }`), and browsers decode
character references in attributes (`&#106;avascript:`). `neutralise_markdown` closes
each of these outside code, before the text reaches any engine:

* `<` becomes `&lt;` (except autolinks to web and mail addresses), so no tag, comment
  or `<div markdown>` block survives;
* `&` starting a character reference becomes `&amp;`, so nothing can be spelled in
  entities to slip past the next rule;
* the colon of `javascript:` and `vbscript:` (however spaced or cased) becomes `∶`, so
  no link, image or reference definition can carry a script URL;
* an attribute list with `key=value` pairs (or any `=` before its closing `}`) is shown
  as text; `{ #id }` and `{ .class }` still work.

Code spans and fenced code are left as they are: Markdown escapes them itself. A fence
counts as code only when Python-Markdown surely agrees: an unindented opening line with
a plain language name (or `{ … }` options) and the same marker closing it; anything else
is text (an indented fence then shows `&lt;` in its code: the safe side), so an unclosed
or odd fence cannot smuggle raw HTML past this function.
"""

from __future__ import annotations

import re

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_SAFE_AUTOLINK = re.compile(r"<(?:(?:https?://|mailto:)[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>",
                            re.IGNORECASE)
_CHARACTER_REFERENCE = re.compile(r"&(?=#[0-9xX]|[A-Za-z][A-Za-z0-9]*;)")
_SCRIPT_SCHEME = re.compile(
    r"((?:j[\W_]*a[\W_]*v[\W_]*a|v[\W_]*b)[\W_]*s[\W_]*c[\W_]*r[\W_]*i[\W_]*p[\W_]*t"
    r"[\s\x00-\x1f]*):", re.IGNORECASE)
_ATTRIBUTE_LIST = re.compile(r"\{(?=[^}\n]*=)")
"""A `{` that an `=` follows before the next `}`: attr_list reads `{…}` up to the first
`}`, other `{` included (`{: <img …>{: }` once slipped through a stricter pattern)."""
RATIO = "\u2236"
"""What the colon of a script scheme becomes: it looks alike and starts no URL."""


_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})[ \t]*(?:[\w#.+-]*|\{[^{}<>&]*\})[ \t]*$")


def neutralise_markdown(text: str) -> str:
    """`text` with raw HTML, script URLs and attribute injection made inert (see above)."""
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] = []
    index = 0
    while index < len(lines):
        end = _fence_end(lines, index)
        if end is None and lines[index].strip():
            block.append(lines[index])
            index += 1
            continue
        out.extend(_neutralise_block(block))
        block = []
        last = index if end is None else end
        out.extend(lines[index:last + 1])
        index = last + 1
    out.extend(_neutralise_block(block))
    return "\n".join(out)


def _fence_end(lines: list[str], start: int) -> int | None:
    """The index of the line closing a fenced code block opened at `start`, if one is."""
    opening = _FENCE_OPEN.match(lines[start])
    if opening is None:
        return None
    closing = re.compile(rf"^{re.escape(opening.group(1))}[ \t]*$")
    return next((i for i in range(start + 1, len(lines)) if closing.match(lines[i])), None)


def _neutralise_block(block: list[str]) -> list[str]:
    """One block of lines between blank lines. Its code spans are kept only when their
    reading is unambiguous: each on one line, no backtick left over, no escaped backtick.
    Otherwise Markdown might pair the backticks differently and find HTML where this
    function saw code, so the whole block is treated as text."""
    text = "\n".join(block)
    spans = list(_CODE_SPAN.finditer(text))
    outside = _CODE_SPAN.sub("", text)
    if "`" in outside or "\\`" in text or any("\n" in span.group(0) for span in spans):
        spans = []
    out, last = [], 0
    for span in spans:
        out.append(_neutralise_text(text[last:span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(_neutralise_text(text[last:]))
    joined = "".join(out)
    return joined.split("\n") if block else []


def _neutralise_text(text: str) -> str:
    text = _CHARACTER_REFERENCE.sub("&amp;", text)
    pieces, last = [], 0
    for link in _SAFE_AUTOLINK.finditer(text):
        pieces.append(text[last:link.start()].replace("<", "&lt;"))
        pieces.append(link.group(0))
        last = link.end()
    pieces.append(text[last:].replace("<", "&lt;"))
    text = _SCRIPT_SCHEME.sub(lambda m: m.group(1) + RATIO, "".join(pieces))
    return _ATTRIBUTE_LIST.sub("&#123;", text)
