"""Converting SVG drawings with CairoSVG without ever fetching anything.

A drawing comes from a pull request. Before CairoSVG sees it, it passes the same
rules as `reproduce check` (`check/svg_rules.py`: no DOCTYPE, no script, nothing
outside the drawing, bounded size, elements and `<use>` copies), so the converter is
safe even when called directly. CairoSVG then runs in its safe mode (no XML
entities) with a fetcher that decodes `data:` URLs itself and refuses every other
URL: an `<image href="file:///etc/passwd">` or `http://…` is never opened.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path

import cairocffi
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface, Surface

from macros.cache import inputs_digest, library_versions
from macros.check import drawable, svg_rules
from macros.check.drawable import ExternalResourceRefused, fetch_data_only
from macros.check.svg_rules import svg_findings
from macros.limits import Limits, current_limits

PREVIEW_WIDTH_PX = 1200
RENDERING_LIBRARIES = ("CairoSVG", "cairocffi", "Pillow", "tinycss2", "cssselect2",
                       "defusedxml")
"""CairoSVG and what it draws with: its CSS parsers, its XML parser and Pillow, which
decodes embedded JPEG and GIF images."""
__all__ = ["DrawingRefused", "ExternalResourceRefused", "fetch_data_only", "renderer",
           "svg_to_pdf", "svg_to_png"]


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


def svg_to_png(svg: bytes, width_px: int = PREVIEW_WIDTH_PX) -> bytes:
    """A PNG preview `width_px` wide."""
    return _convert(PNGSurface, svg, width_px)


def svg_to_pdf(svg: bytes, title: str, created: dt.date) -> bytes:
    """A PDF at the drawing's declared size (mm, cm, in…), so a 100 % print measures right.

    The creation date is fixed (not "now") so that the same drawing always gives the
    same bytes, and the title makes the PDF identifiable in a reader and to screen readers.
    """
    stamp = f"{created.isoformat()}T00:00:00Z"
    return _convert(PDFSurface, svg, metadata={
        cairocffi.PDF_METADATA_TITLE: title,
        cairocffi.PDF_METADATA_CREATE_DATE: stamp,
        cairocffi.PDF_METADATA_MOD_DATE: stamp,
    })
