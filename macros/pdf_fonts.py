"""Embedded TrueType fonts of a PDF, without what only a screen rasteriser uses.

Chromium (page PDFs) and Cairo (drawing PDFs) embed a subset of each font a page
uses, but keep the font's hinting: the instructions that snap outlines to a
low-resolution pixel grid (`fpgm`, `prep`, `cvt ` and each glyph's own program). PDF
viewers and printers draw unhinted or hint by themselves, so they are two thirds of
the bytes of a Liberation Sans subset for nothing: 74 KB of fonts in a plan's PDF
become 26 KB, and a drawing's PDF loses a third of its bytes. Glyph ids are kept (the
text names glyphs by id), and so are the outlines, the advance widths and the PDF's
own `ToUnicode` maps that copy and search read: the text looks, copies and reads aloud
as before. The layout tables go too: a PDF's text is already laid out.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from fontTools.ttLib import TTFont, TTLibError

if TYPE_CHECKING:
    import pikepdf

HINTING_TABLES = ("fpgm", "prep", "cvt ", "cvar", "hdmx", "VDMX", "LTSH")
"""The hinting programs and what only a rasteriser reads (fontTools' own list)."""
LAYOUT_TABLES = ("GDEF", "GPOS", "GSUB", "FFTM")
"""Shaping tables (the text is shaped before it is printed) and FontForge's stamp."""
DROPPED_TABLES = HINTING_TABLES + LAYOUT_TABLES
TRUETYPE_MAXP = 0x00010000
HINTING_LIMITS = ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions")
UNREADABLE = (TTLibError, KeyError, ValueError, AssertionError, struct.error)
"""What fontTools raises on a font it cannot read; such a font stays as it was."""
_SUBSET_TAG = re.compile(r"^/?[A-Z]{6}\+")


def unhinted(font: bytes) -> bytes | None:
    """The TrueType font `font` without hinting or layout tables, every glyph at its
    id; None when fontTools cannot read it (the font is then kept whole)."""
    try:
        parsed = _read(font)
        _unhint(parsed)
        return _saved(parsed)
    except UNREADABLE:
        return None


def merged(fonts: list[bytes]) -> bytes | None:
    """One unhinted font with the glyphs of every font of `fonts`, which are subsets of
    one font by the same glyph ids (Chromium sometimes embeds two subsets of one font
    in a page); None when they cannot be read or do not agree on a glyph both draw.
    They are merged as they are, glyph data compared and copied byte for byte (a
    composite names its parts by id), and only the result is unhinted."""
    try:
        parsed = sorted((_read(font) for font in fonts),
                        key=lambda f: len(f.getGlyphOrder()), reverse=True)
        base, others = parsed[0], parsed[1:]
        for other in others:
            if not _merge_into(base, other):
                return None
        _unhint(base)
        return _saved(base)
    except UNREADABLE:
        return None


def _unhint(font: TTFont) -> None:
    """Drop `font`'s hinting and layout tables in place, every glyph kept at its id:
    each glyph loses its program on its raw data (fontTools' `trim`), so no outline
    is decoded or encoded again, which is four times faster than fontTools' subsetter
    doing the same with every glyph kept."""
    for tag in DROPPED_TABLES:
        if tag in font:
            del font[tag]
    for glyph in font["glyf"].glyphs.values():
        glyph.trim(remove_hinting=True)
    limits = font["maxp"]
    if limits.tableVersion == TRUETYPE_MAXP:  # the limits that only hinting uses
        limits.maxZones = 1
        for name in HINTING_LIMITS:
            setattr(limits, name, 0)


def _read(font: bytes) -> TTFont:
    """`font` parsed to be saved as it is: its bounding boxes and date are Chromium's
    (recomputing them would decode every outline, and the date would change the PDF's
    bytes at every print)."""
    return TTFont(io.BytesIO(font), recalcBBoxes=False, recalcTimestamp=False)


def _saved(font: TTFont) -> bytes:
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _merge_into(base: TTFont, other: TTFont) -> bool:
    """Copy into `base` the glyphs `other` draws and `base` leaves empty, by glyph id
    (the two name their glyphs differently); False, `base` unchanged, when they are
    not one font: another size of em, or a glyph both draw differently."""
    if base["head"].unitsPerEm != other["head"].unitsPerEm:
        return False
    names, theirs = base.getGlyphOrder(), other.getGlyphOrder()
    glyphs, their_glyphs = base["glyf"].glyphs, other["glyf"].glyphs
    copied = {}
    for gid, name in enumerate(theirs):
        data = _raw(their_glyphs[name])
        if not data:
            continue  # empty there
        mine = _raw(glyphs[names[gid]])
        if mine:
            if mine != data:
                return False
            continue
        copied[names[gid]] = (their_glyphs[name], other["hmtx"][name])
    for name, (glyph, metrics) in copied.items():
        glyphs[name] = glyph
        base["hmtx"][name] = metrics
    return True


def _raw(glyph: Any) -> bytes:
    """A glyph's data as the font stores it (empty for a glyph that draws nothing)."""
    return bytes(getattr(glyph, "data", b"") or b"")


def unhint_fonts(document: pikepdf.Pdf) -> int:
    """Replace the embedded TrueType fonts (`FontFile2`) of `document` by their
    unhinted forms, the subsets of one font by a single font they all use, when that is
    smaller; returns how many bytes of compressed font were saved."""
    saved = 0
    for programs in _subsets_by_font(document).values():
        if len(programs) > 1:
            lighter = merged([stream.read_bytes() for stream, _ in programs])
            if lighter is not None:
                before = sum(len(stream.read_raw_bytes()) for stream, _ in programs)
                saved += _replace(document, [d for _, using in programs for d in using],
                                  lighter, before)
                continue
        for stream, using in programs:  # one by one
            saved += _replace(document, using, unhinted(stream.read_bytes()),
                              len(stream.read_raw_bytes()))
    return saved


def _replace(document: pikepdf.Pdf, descriptors: list[pikepdf.Dictionary],
             font: bytes | None, before: int) -> int:
    """Point `descriptors` at one new stream holding `font` when it is lighter than the
    `before` bytes of compressed font they use; the bytes saved."""
    import pikepdf

    if font is None:
        return 0
    packed = zlib.compress(font, 9)
    if len(packed) >= before:
        return 0
    stream = pikepdf.Stream(document, packed)
    stream.Filter = pikepdf.Name.FlateDecode
    stream.Length1 = len(font)  # the font's own length, which a FontFile2 names
    shared = document.make_indirect(stream)
    for descriptor in descriptors:
        descriptor.FontFile2 = shared
    return before - len(packed)


Program = tuple["pikepdf.Stream", list["pikepdf.Dictionary"]]
"""An embedded font program and the font descriptors that use it."""


def _font_descriptors(document: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """The descriptors of the fonts the pages draw with, found from each page's
    resources, the forms they draw (a drawing prints as a form with its own fonts) and
    Type 3 fonts' resources: a dozen objects of a plan's PDF, where its tag tree holds
    over a thousand (walking every object took 20 ms a PDF, this takes 1). A font
    drawn from nowhere a page leads to stays as it is."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    pending = [page.obj.get("/Resources") for page in document.pages]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        fonts = resources.get("/Font")
        for font in fonts.values() if isinstance(fonts, pikepdf.Dictionary) else ():
            if not isinstance(font, pikepdf.Dictionary):
                continue
            for part in font.get("/DescendantFonts", None) or [font]:
                descriptor = part.get("/FontDescriptor") if isinstance(
                    part, pikepdf.Dictionary) else None
                if isinstance(descriptor, pikepdf.Dictionary):
                    yield descriptor
            pending.append(font.get("/Resources"))
        forms = resources.get("/XObject")
        for form in forms.values() if isinstance(forms, pikepdf.Dictionary) else ():
            if isinstance(form, pikepdf.Stream):
                pending.append(form.get("/Resources"))


def _subsets_by_font(document: pikepdf.Pdf) -> dict[str, list[Program]]:
    """Each embedded TrueType font program with the descriptors that use it, grouped
    by the font's name without its subset tag (`AAAAAA+LiberationSans`)."""
    import pikepdf

    found: dict[str, dict[tuple[int, int], Program]] = {}
    seen: set[tuple[int, int]] = set()
    for item in _font_descriptors(document):
        stream = item.get("/FontFile2")
        if item.is_indirect and item.objgen not in seen and isinstance(stream, pikepdf.Stream):
            seen.add(item.objgen)
            name = _SUBSET_TAG.sub("", str(item.get("/FontName", "")))
            programs = found.setdefault(name or f"{item.objgen}", {})
            programs.setdefault(stream.objgen, (stream, []))[1].append(item)
    return {name: list(programs.values()) for name, programs in found.items()}
