"""Built pages without the indentation of the templates that made them.

A theme's templates indent their markup for the people who edit them; every page of the
site carries that indentation, and a tenth of a page's bytes is spaces at the start of
lines (about 6 KB of a plan page, 22 MB of pages at a thousand plans in three
languages). Browsers collapse a run of spaces and line breaks to one space everywhere
but in preformatted text, so removing the spaces after each line break, and blank
lines, changes nothing a reader sees: each line break stays, as the one space it
renders. What keeps its spaces is left byte for byte: `<pre>` (code blocks),
`<textarea>`, and the text of `<script>` and `<style>`.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S)
"""Lowercase, as the templates and the Markdown renderer write them (contributors' raw
HTML is shown as text, never as markup); matched without folding case, three times
faster."""
_INDENT = re.compile(r"\n[ \t\r\n]+")


def _squeezed(part: str) -> str:
    return _INDENT.sub("\n", part)


def compact_html(page: str) -> str:
    """`page` with the blanks after each line break and every blank line removed, except
    inside preformatted elements, scripts and styles."""
    parts = []
    last = 0
    for kept in _KEPT.finditer(page):
        parts.append(_squeezed(page[last:kept.start()]))
        parts.append(kept.group(0))
        last = kept.end()
    parts.append(_squeezed(page[last:]))
    return "".join(parts)
