"""The alternative text of a drawing's PDF, which a screen reader reads for the figure.

`plan.yml` gives a drawing a title, which the site's image shows as its alternative
text next to the plan's own page. The PDF travels alone, so it says more: what it is
(a technical drawing of which plan, which version), the scales its title block states,
that it prints at real size, and the drawing's own `<desc>` when it has one.
"""

from __future__ import annotations

import functools
import hashlib
import re

from babel.lists import format_list

from macros.cache import ContentCache, Memo
from macros.check.svg_rules import SvgWords, svg_words
from macros.i18n.catalogue import Messages
from macros.limits import current_limits
from macros.model.plan import Drawing
from macros.model.site import PlanEntry

_SCALE_WORD = re.compile(r"(?i)\b(?:[ée]chelle|schaal|scale)s?\b")
_RATIO = re.compile(r"\b\d+(?:[.,]\d+)?\s?:\s?\d+(?:[.,]\d+)?\b")
_READ: dict[str, SvgWords] = {}
_READ_AT_MOST = 4096
"""Drawings read so far, by SHA-256: a build asks for each drawing's words twice (for
the conversion keys, then for the downloads)."""
WORDS_KIND = "drawing-words"
"""A drawing's words kept in the cache between builds: reading them is 1-5 ms a drawing
(10 s a build at 2,000 drawings, and again in the offline copy's build), reading
them back a tenth of that."""


def scales(texts: tuple[str, ...]) -> list[str]:
    """The scales a drawing's texts state (`Échelle 1:2 et 1:5 (A3)` → 1:2, 1:5), each
    once, in the order they first appear: only ratios after a word for scale, so a
    dimension or a time of day is not taken for one."""
    found: list[str] = []
    for line in texts:
        for word in _SCALE_WORD.finditer(line):
            for ratio in _RATIO.findall(line[word.end():]):
                shown = re.sub(r"\s", "", ratio)
                if shown not in found:
                    found.append(shown)
    return found


def _words(svg: bytes, store: ContentCache | None) -> SvgWords:
    limits = current_limits()  # they bound what is read: part of the key
    key = f"{hashlib.sha256(svg).hexdigest()} {limits!r}"
    if key not in _READ:
        if len(_READ) >= _READ_AT_MOST:  # a long preview session: start again
            _READ.clear()
        read = functools.partial(svg_words, svg, limits)
        _READ[key] = read() if store is None else Memo(store).remember(
            WORDS_KIND, [key.encode()], read)
    return _READ[key]


def drawing_alt(entry: PlanEntry, drawing: Drawing, svg: bytes, lang: str = "fr",
                store: ContentCache | None = None) -> str:
    """The PDF's alternative text in `lang` (the language of its title); with a
    `store`, the drawing's words are kept there for the next build."""
    t = Messages(lang)
    words = _words(svg, store)
    parts = [t("drawing.pdf_alt", title=drawing.title.get(lang),
               plan=entry.plan.title.get(lang), version=entry.plan.version)]
    stated = scales(tuple(found.words for found in words.texts))
    if stated:
        parts.append(t("drawing.pdf_alt_scale", scales=format_list(stated, locale=lang)))
    parts.append(t("drawing.pdf_alt_print"))
    if words.description:
        parts.append(words.description)
    return " ".join(parts)
