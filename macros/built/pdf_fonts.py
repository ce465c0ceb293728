"""Embedded TrueType fonts of a printed PDF, without what only a screen rasteriser uses.

Chromium embeds a subset of each font a page uses, but keeps the font's hinting: the
instructions that snap outlines to a low-resolution pixel grid (`fpgm`, `prep`, `cvt `
and each glyph's own program). PDF viewers and printers draw unhinted or hint by
themselves, so they are two thirds of the bytes of a Liberation Sans subset for
nothing: 74 KB of fonts in a plan's PDF become 26 KB. Glyph ids are kept (the page's
text names glyphs by id, with `Identity` CID mapping), and so are the outlines, the
advance widths and the PDF's own `ToUnicode` maps that copy and search read: the text
looks, copies and reads aloud as before. The layout tables go too: a PDF's text is
already laid out.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import TYPE_CHECKING

from fontTools import subset
from fontTools.ttLib import TTFont, TTLibError

if TYPE_CHECKING:
    import pikepdf

LAYOUT_TABLES = ("GDEF", "GPOS", "GSUB", "FFTM")
"""Shaping tables (the text is shaped before it is printed) and FontForge's stamp."""
UNREADABLE = (TTLibError, KeyError, ValueError, AssertionError, struct.error)
"""What fontTools raises on a font it cannot read; such a font stays as it was."""


def unhinted(font: bytes) -> bytes | None:
    """The TrueType font `font` without hinting or layout tables, every glyph at its
    id; None when fontTools cannot read it (the font is then kept whole)."""
    try:
        parsed = TTFont(io.BytesIO(font))
        options = subset.Options()
        options.hinting = False
        options.retain_gids = True
        options.notdef_outline = True
        options.glyph_names = False
        options.drop_tables += list(LAYOUT_TABLES)
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=range(parsed["maxp"].numGlyphs))
        subsetter.subset(parsed)
        out = io.BytesIO()
        parsed.save(out)
    except UNREADABLE:
        return None
    return out.getvalue()


def unhint_fonts(document: pikepdf.Pdf) -> int:
    """Replace each embedded TrueType font (`FontFile2`) of `document` by its unhinted
    form when that is smaller; returns how many bytes of compressed font were saved."""
    import pikepdf

    saved = 0
    for font in _embedded_truetype(document):
        before = len(font.read_raw_bytes())
        lighter = unhinted(font.read_bytes())
        if lighter is None:
            continue
        packed = zlib.compress(lighter, 9)
        if len(packed) < before:
            font.write(packed, filter=pikepdf.Name.FlateDecode)
            font.Length1 = len(lighter)  # the font's own length, which a FontFile2 names
            saved += before - len(packed)
    return saved


def _embedded_truetype(document: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """Each distinct `FontFile2` stream of the document's font descriptors."""
    import pikepdf

    found: dict[tuple[int, int], pikepdf.Stream] = {}
    for item in document.objects:
        if isinstance(item, pikepdf.Dictionary) and "/FontFile2" in item:
            stream = item.FontFile2
            if isinstance(stream, pikepdf.Stream):
                found.setdefault(stream.objgen, stream)
    return list(found.values())
