"""Converting SVG drawings with CairoSVG without ever fetching anything.

A drawing comes from a pull request: CairoSVG runs in its safe mode (no XML
entities, no huge trees) and with a fetcher that refuses every URL, so an
`<image href="file:///etc/passwd">` or `http://…` renders as nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, NoReturn

import cairocffi
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface, Surface

PREVIEW_WIDTH_PX = 1200


class ExternalResourceRefused(Exception):
    """A drawing asked for a file or URL; drawings must be self-contained."""


def _refuse(url: str, resource_type: str | None = None, **_: Any) -> NoReturn:
    raise ExternalResourceRefused(url)


def _convert(surface: type[Surface], svg: bytes, output_width: int | None = None,
             metadata: dict[int, str] | None = None) -> bytes:
    # cairosvg's svg2png() does not pass a url_fetcher through; build the tree ourselves.
    tree = Tree(bytestring=svg, url_fetcher=_refuse, unsafe=False)
    output = io.BytesIO()
    instance = surface(tree, output, 96, output_width=output_width)
    for key, value in (metadata or {}).items():
        instance.cairo.set_metadata(key, value)
    instance.finish()
    return output.getvalue()


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
