"""Print: A4 sheets for the workshop wall, from the print stylesheet in reproduce.css."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from PIL import ImageChops
from playwright.sync_api import Page, Route

from macros.built.page_pdfs import compact
from macros.pdf_fonts import unhint_fonts, unhinted

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)  # 210 × 297 mm
HIDDEN_IN_PRINT = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer", ".md-search", ".md-content__button", ".md-top")


def computed(page: Page, selector: str, prop: str) -> str:
    return str(page.locator(selector).first.evaluate(
        f"element => getComputedStyle(element).getPropertyValue('{prop}')"))


def test_a_plan_prints_its_content_only_without_breaking_inside_blocks(page: Page,
                                                                       server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    assert computed(page, ".md-header", "display") != "none"
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert computed(page, selector, "display") == "none", selector
    assert computed(page, ".rk-safety", "break-inside") == "avoid"
    assert computed(page, ".rk-bom tbody tr", "break-inside") == "avoid"
    assert computed(page, ".rk-bom thead", "display") == "table-header-group"
    assert computed(page, ".rk-drawing", "break-inside") == "avoid"
    assert computed(page, "article h2", "break-after") == "avoid"
    assert computed(page, ".rk-table-scroll", "overflow-x") == "visible"
    assert page.locator(".rk-drawing img").is_visible()
    # printed from the browser, the drawing is in the page: no word of a sheet at the end
    assert not page.locator(".rk-drawing-sheet").first.is_visible()
    link = page.locator(".rk-where a").first
    assert link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")


def test_the_catalog_prints_its_cards_whole_without_the_filters(page: Page,
                                                                server: str) -> None:
    page.goto(server + "plans/")
    page.get_by_label("Matière", exact=True).select_option("cotton")
    page.emulate_media(media="print")
    assert computed(page, ".rk-filters", "display") == "none"
    assert computed(page, "#rk-plans > li", "break-inside") == "avoid"
    assert page.locator("#rk-plans > li:visible").count() == 1  # what the reader chose
    assert page.locator("#rk-plans-count").is_visible()


def test_collapsed_blocks_print_open(page: Page, server: str) -> None:
    def with_details(route: Route) -> None:
        response = route.fetch()
        block = ('<details class="note"><summary>Pour aller plus loin</summary>'
                 '<p id="rk-folded">Texte replié.</p></details>')
        route.fulfill(response=response,
                      body=response.text().replace("</article>", block + "</article>"))

    page.route(server + "kit/fiches/fiche-essai/", with_details)
    page.goto(server + "kit/fiches/fiche-essai/")
    folded = page.locator("#rk-folded")
    assert not folded.is_visible()
    page.emulate_media(media="print")
    assert folded.is_visible()  # reproduce.css: details::details-content in print
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert folded.is_visible()  # theme.js opens them for other browsers' print dialogs
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not folded.is_visible()  # and closes them again


def test_a_plan_page_makes_a_sane_a4_pdf_with_its_drawing(page: Page, server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    boxes = {tuple(round(float(n)) for n in box.split()[2:])
             for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
    assert boxes == {A4_POINTS}
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 4, pages  # a short plan: a few sheets, not one per element
    # The drawing is on paper, as vectors and text (Chromium draws its SVG into the page
    # or into a form, as it sees fit): the same page with its images hidden draws less.
    page.add_style_tag(content="img { visibility: hidden !important; }")
    hidden = page.pdf(format="A4", prefer_css_page_size=True)
    assert _drawn(pdf) > _drawn(hidden)
    # And never as a raster image: a line drawing has no PNG.
    assert not re.search(rb"/Subtype\s*/Image", pdf)


def _drawn(pdf: bytes) -> int:
    """The text runs, lines and curves a PDF draws, in its pages and the forms they use."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        streams = list(document.pages) + [
            form for page in document.pages
            for form in page.Resources.get("/XObject", {}).values()
            if form.get("/Subtype") == "/Form"]
        return sum(1 for stream in streams for _, operator in pikepdf.parse_content_stream(stream)
                   if str(operator) in ("Tj", "TJ", "l", "c", "v", "y", "re"))


def test_the_preview_at_the_top_does_not_print_the_first_drawing_twice(page: Page,
                                                                       server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    assert page.locator(".rk-preview img").is_visible()
    page.emulate_media(media="print")
    assert computed(page, ".rk-preview", "display") == "none"
    assert page.locator(".rk-drawing img").first.is_visible()  # printed in its section


def test_page_pdf_fonts_lose_their_hinting_but_not_a_glyph(page: Page, server: str) -> None:
    """What a printer or a PDF viewer draws stays the same: each glyph a font draws,
    at the same id, with the same outline and width; only the screen-hinting programs
    go (and the subsets of one font become one font with the glyphs of both)."""
    page.goto(server + "plans/alpha-press/")
    printed = page.pdf(format="A4", tagged=True)
    compacted = compact(printed)
    before, after = _fonts(printed), _fonts(compacted)
    assert before.keys() == after.keys() and len(before) >= 2  # regular, bold
    for name, hinted in before.items():
        light = after[name]
        assert "fpgm" in hinted or "prep" in hinted, name  # Chromium keeps them
        assert not {"fpgm", "prep", "cvt "} & set(light.keys()), name
        # Chromium's date, not the moment of printing: a page printed again is the same
        assert light["head"].modified == hinted["head"].modified, name
        theirs, mine = hinted.getGlyphOrder(), light.getGlyphOrder()
        assert len(mine) >= len(theirs), name
        drawn = 0
        for gid, glyph in enumerate(theirs):
            if not hinted["glyf"][glyph].numberOfContours:
                continue
            drawn += 1
            assert _outline(light, mine[gid]) == _outline(hinted, glyph), (name, gid)
            assert light["hmtx"][mine[gid]] == hinted["hmtx"][glyph], (name, gid)
        assert drawn, name
    fonts_before = sum(len(s) for s in _font_files(printed))
    assert sum(len(s) for s in _font_files(compacted)) < 0.6 * fonts_before


def _outline(font: TTFont, glyph: str) -> list[object]:
    """The glyph's contours, its components drawn in (they are named by font)."""
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[glyph].draw(pen)
    return list(pen.value)


@dataclass(frozen=True)
class _Embedded:
    """A font descriptor's embedded TrueType program, as the PDF holds it."""

    name: str
    program: tuple[int, int]
    packed: bytes
    font: bytes


def _embedded(pdf: bytes) -> list[_Embedded]:
    """Each font descriptor of `pdf` with an embedded TrueType font."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [_Embedded(str(item.FontName), item.FontFile2.objgen,
                          item.FontFile2.read_raw_bytes(), item.FontFile2.read_bytes())
                for item in document.objects
                if isinstance(item, pikepdf.Dictionary) and "/FontFile2" in item]


def _font_files(pdf: bytes) -> list[bytes]:
    return [found.packed for found in _embedded(pdf)]


def _fonts(pdf: bytes) -> dict[str, TTFont]:
    """Each embedded TrueType font of `pdf`, by its PDF name."""
    return {found.name: TTFont(io.BytesIO(found.font)) for found in _embedded(pdf)}


def _drawn_with(document: pikepdf.Pdf, *descriptors: pikepdf.Object) -> None:
    """A page whose resources name a TrueType font for each descriptor, as Chromium
    writes them (fonts are found from the pages that draw with them)."""
    fonts = {f"/F{index}": document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, FontDescriptor=descriptor))
        for index, descriptor in enumerate(descriptors)}
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(fonts)))
    document.pages.append(pikepdf.Page(page))


def test_a_font_fonttools_cannot_read_is_kept_as_it_was() -> None:
    assert unhinted(b"not a font") is None
    document = pikepdf.new()
    stream = pikepdf.Stream(document, b"\x00\x01\x00\x00garbage")
    document.Root.Descriptor = document.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontFile2=stream))
    _drawn_with(document, document.Root.Descriptor)
    assert unhint_fonts(document) == 0
    assert document.Root.Descriptor.FontFile2.read_bytes() == b"\x00\x01\x00\x00garbage"


def test_a_compacted_page_pdf_prints_the_same_as_chromiums(page: Page, server: str) -> None:
    """At a printer's resolution the compacted PDF (fonts unhinted, the subsets of one
    font merged into one) draws what Chromium's does: hinting only moves a few pixels
    of the smallest text, a lost or misplaced glyph would change thousands."""
    page.goto(server + "plans/alpha-press/")
    printed = page.pdf(format="A4", tagged=True)
    compacted = compact(printed)
    before, after = pdfium.PdfDocument(printed), pdfium.PdfDocument(compacted)
    assert len(before) == len(after)
    for index in range(len(before)):
        first, second = (document[index].render(scale=600 / 72).to_pil().convert("L")
                         for document in (before, after))
        changed = sum(ImageChops.difference(first, second).histogram()[32:])
        assert changed <= 0.003 * first.size[0] * first.size[1], (index, changed)
    programs = {found.program: re.sub(r"^/[A-Z]{6}\+", "", found.name)
                for found in _embedded(compacted)}
    assert len(programs) == len(set(programs.values()))  # one program per font


def test_descriptors_sharing_a_font_program_still_share_one_after() -> None:
    document = pikepdf.new()
    program = document.make_indirect(pikepdf.Stream(document, _hinted_font()))
    for key in ("/First", "/Second"):
        document.Root[key] = document.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Test"),
            FontFile2=program))
    _drawn_with(document, document.Root.First, document.Root.Second)
    assert unhint_fonts(document) > 0
    first, second = document.Root.First.FontFile2, document.Root.Second.FontFile2
    assert first.objgen == second.objgen != program.objgen
    assert "fpgm" not in TTFont(io.BytesIO(first.read_bytes()))


def test_fonts_a_drawing_form_draws_with_lose_their_hinting_too() -> None:
    """A drawing prints as a form XObject with its own resources; its fonts are found
    through it, and a font no page draws with is left alone."""
    document = pikepdf.new()
    descriptor = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Inner"),
        FontFile2=document.make_indirect(pikepdf.Stream(document, _hinted_font()))))
    unused = document.make_indirect(pikepdf.Stream(document, _hinted_font()))
    document.Root.Unused = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontFile2=unused))
    inner = pikepdf.Dictionary()
    font = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, FontDescriptor=descriptor))
    form = pikepdf.Stream(document, b"")
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F0=font))
    inner.X0 = document.make_indirect(form)
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                              Resources=pikepdf.Dictionary(XObject=inner))
    document.pages.append(pikepdf.Page(page))
    assert unhint_fonts(document) > 0
    assert "fpgm" not in TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
    assert document.Root.Unused.FontFile2.objgen == unused.objgen


def _hinted_font() -> bytes:
    """A small TrueType font with a box glyph and a (do-nothing) hinting program."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 700), (500, 700), (500, 0)):
        (pen.lineTo if pen.points else pen.moveTo)(point)
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "box"])
    builder.setupCharacterMap({0x41: "box"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "box": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "box": (600, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.font["fpgm"] = newTable("fpgm")
    builder.font["fpgm"].program = _program(b"\xb0\x00" * 2000)  # PUSHB 0, many times
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _program(code: bytes) -> object:
    from fontTools.ttLib.tables import ttProgram

    program = ttProgram.Program()
    program.fromBytecode(code)
    return program
