"""Converting SVG drawings with CairoSVG without ever fetching anything.

A drawing comes from a pull request. Before CairoSVG sees it, it passes the same
rules as `reproduce check` (`check/svg_rules.py`: no DOCTYPE, no script, nothing
outside the drawing, bounded size, elements and `<use>` copies), so the converter is
safe even when called directly. CairoSVG then runs in its safe mode (no XML
entities) with a fetcher that decodes `data:` URLs itself and refuses every other
URL: an `<image href="file:///etc/passwd">` or `http://…` is never opened.

CairoSVG's PDFs are untagged; pikepdf then makes each one a tagged PDF for screen
readers: its title, its language, and the page as one `Figure` with an alternative text.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from pathlib import Path

import cairocffi
import pikepdf
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface, Surface

from macros import pdf_fonts
from macros.cache import inputs_digest, library_versions
from macros.check import drawable, svg_rules
from macros.check.drawable import ExternalResourceRefused, fetch_data_only
from macros.check.svg_rules import svg_findings
from macros.limits import Limits, current_limits

PREVIEW_WIDTH_PX = 1200
RENDERING_LIBRARIES = ("CairoSVG", "cairocffi", "Pillow", "tinycss2", "cssselect2",
                       "defusedxml", "pikepdf")
"""CairoSVG and what it draws with: its CSS parsers, its XML parser and Pillow, which
decodes embedded JPEG and GIF images; pikepdf, which tags the PDF."""
PDF_FORMAT = (b"drawing-pdf 3: tagged, one Figure with Alt, title, language, object streams, "
              b"unhinted fonts")
"""Changes when the way drawing PDFs are made changes, so that older PDFs (untagged
before version 2, with hinted fonts before version 3) are not taken from the cache."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, so neither can the PDF's XMP metadata."""
__all__ = ["PDF_FORMAT", "DrawingRefused", "ExternalResourceRefused", "fetch_data_only",
           "pdf_renderer", "renderer", "svg_to_pdf", "svg_to_png"]


class DrawingRefused(ValueError):
    """The drawing breaks a rule of `check/svg_rules.py`; `reproduce check` names it."""


def _convert(surface: type[Surface], svg: bytes, output_width: int | None = None,
             metadata: dict[int, str] | None = None, limits: Limits | None = None) -> bytes:
    findings = svg_findings(svg, limits or current_limits(), trial=False)  # drawn below
    if findings:
        raise DrawingRefused("; ".join(f"line {f.line}: {f.message}" for f in findings))
    output = io.BytesIO()
    try:
        # cairosvg's svg2png() does not pass a url_fetcher through; build the tree ourselves.
        tree = Tree(bytestring=svg, url_fetcher=fetch_data_only, unsafe=False)
        instance = surface(tree, output, 96, output_width=output_width)
        for key, value in (metadata or {}).items():
            instance.cairo.set_metadata(key, value)
        instance.finish()
    except Exception as exc:  # CairoSVG fails with any kind of error (see check/drawable.py)
        # Cairo reports a broken embedded image as "out of memory"; CairoSVG an unknown id
        # as a TypeError: either way the drawing, not the build, is at fault.
        raise DrawingRefused(f"CairoSVG cannot render the drawing: {exc}") from None
    return output.getvalue()


@functools.cache
def renderer() -> bytes:
    """What a conversion's bytes depend on besides the drawing and its options, for the
    cache key: this code, the rules and the `data:` URL fetcher it uses, the rendering
    libraries and the cairo library itself (an upgrade converts every drawing again)."""
    code = [Path(module).read_bytes() for module in (__file__, svg_rules.__file__,
                                                      drawable.__file__)]
    return inputs_digest(*code, *library_versions(*RENDERING_LIBRARIES),
                         f"cairo={cairocffi.cairo_version_string()}".encode()).encode()


def pdf_renderer() -> bytes:
    """`renderer()` and the code that lightens the PDF's fonts (`pdf_fonts`), for the
    cache key of a drawing's PDF: a change there makes new PDFs, not new PNGs."""
    return inputs_digest(renderer(), _font_code()).encode()


@functools.cache
def _font_code() -> bytes:
    return Path(pdf_fonts.__file__).read_bytes()


def svg_to_png(svg: bytes, width_px: int = PREVIEW_WIDTH_PX) -> bytes:
    """A PNG preview `width_px` wide."""
    return _convert(PNGSurface, svg, width_px)


def svg_to_pdf(svg: bytes, title: str, created: dt.date, alt: str, lang: str = "fr") -> bytes:
    """A tagged PDF at the drawing's declared size (mm, cm, in…), so a 100 % print
    measures right.

    The creation date is fixed (not "now") so that the same drawing always gives the
    same bytes; the title (in `lang`), the language and the alternative text `alt`
    make it readable with a screen reader.
    """
    stamp = f"{created.isoformat()}T00:00:00Z"
    drawn = _convert(PDFSurface, svg, metadata={
        cairocffi.PDF_METADATA_CREATE_DATE: stamp,
        cairocffi.PDF_METADATA_MOD_DATE: stamp,
    })
    return tagged(drawn, title, alt, lang)


def tagged(pdf: bytes, title: str, alt: str, lang: str) -> bytes:
    """CairoSVG's one-page PDF as a tagged PDF: the page's content marked as one
    `Figure` (MCID 0) of a `Document`, with `alt` as its alternative text; the title
    in the document information and the XMP metadata, shown by readers in place of
    the file name; the language in the catalogue. Its fonts lose their screen hinting
    (`pdf_fonts`), a third of the file. The same input gives the same bytes (no dates
    added, the document id derived from the content)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]  # CairoSVG draws a drawing on one page
        pdf_fonts.unhint_fonts(document)
        _mark_content(document, page)
        _structure(document, page, alt, lang)
        catalog = document.Root
        catalog.Lang = pikepdf.String(lang)
        catalog.MarkInfo = pikepdf.Dictionary(Marked=True)
        catalog.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(document.docinfo)
            meta["dc:title"] = _NOT_XML.sub("", title)
            meta["dc:language"] = [lang]
        document.docinfo.Title = pikepdf.String(title)
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                      compress_streams=True, deterministic_id=True)
        return out.getvalue()


def _mark_content(document: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """The page's whole content inside one marked-content sequence, MCID 0: the figure
    (the graphics state saved around it, so nothing leaks past `EMC`)."""
    page.contents_coalesce()
    content = page.obj.Contents.read_bytes()
    page.obj.Contents = document.make_stream(
        b"/Figure <</MCID 0>> BDC\nq\n" + content + b"\nQ\nEMC\n")


def _structure(document: pikepdf.Pdf, page: pikepdf.Page, alt: str, lang: str) -> None:
    """The structure tree: a `Document` holding one `Figure` for MCID 0 of the page,
    its alternative text and bounding box; the parent tree maps the page's marked
    content back to the figure."""
    root = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    whole = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root,
        Lang=pikepdf.String(lang)))
    figure = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure, P=whole, Pg=page.obj, K=0,
        Alt=pikepdf.String(alt),
        A=pikepdf.Dictionary(O=pikepdf.Name.Layout, Placement=pikepdf.Name.Block,
                             BBox=pikepdf.Array(page.mediabox))))
    whole.K = pikepdf.Array([figure])
    root.K = pikepdf.Array([whole])
    root.ParentTree = document.make_indirect(
        pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Array([figure])])))
    root.ParentTreeNextKey = 1
    page.obj.StructParents = 0
    document.Root.StructTreeRoot = root
