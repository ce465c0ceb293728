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
* an attribute list with `key=value` pairs is shown as text; `{ #id }` and
  `{ .class }` still work.

Code spans and fenced code are left as they are: Markdown escapes them itself.
"""

from __future__ import annotations

import re

from macros.load.markdown import lines_with_fences

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_SAFE_AUTOLINK = re.compile(r"<(?:(?:https?://|mailto:)[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>",
                            re.IGNORECASE)
_CHARACTER_REFERENCE = re.compile(r"&(?=#[0-9xX]|[A-Za-z][A-Za-z0-9]*;)")
_SCRIPT_SCHEME = re.compile(
    r"((?:j[\W_]*a[\W_]*v[\W_]*a|v[\W_]*b)[\W_]*s[\W_]*c[\W_]*r[\W_]*i[\W_]*p[\W_]*t"
    r"[\s\x00-\x1f]*):", re.IGNORECASE)
_ATTRIBUTE_LIST = re.compile(r"\{(?=:?[^{}\n]*=[^{}\n]*\})")
RATIO = "\u2236"
"""What the colon of a script scheme becomes: it looks alike and starts no URL."""


def neutralise_markdown(text: str) -> str:
    """`text` with raw HTML, script URLs and attribute injection made inert (see above)."""
    return "\n".join(line if is_code else _neutralise_line(line)
                     for line, is_code in lines_with_fences(text))


def _neutralise_line(line: str) -> str:
    out, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        out.append(_neutralise_text(line[last:span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(_neutralise_text(line[last:]))
    return "".join(out)


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
