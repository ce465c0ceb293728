"""Converting SVG drawings with CairoSVG without ever fetching anything.

A drawing comes from a pull request: CairoSVG runs in its safe mode (no XML
entities, no huge trees) and with a fetcher that refuses every URL, so an
`<image href="file:///etc/passwd">` or `http://…` renders as nothing.
"""

from __future__ import annotations

from typing import Any, NoReturn

import cairosvg

PREVIEW_WIDTH_PX = 1200


class ExternalResourceRefused(Exception):
    """A drawing asked for a file or URL; drawings must be self-contained."""


def _refuse(url: str, resource_type: str | None = None, **_: Any) -> NoReturn:
    raise ExternalResourceRefused(url)


def svg_to_png(svg: bytes, width_px: int = PREVIEW_WIDTH_PX) -> bytes:
    """A PNG preview `width_px` wide."""
    png: bytes = cairosvg.svg2png(bytestring=svg, url_fetcher=_refuse, unsafe=False,
                                  output_width=width_px)
    return png


def svg_to_pdf(svg: bytes) -> bytes:
    """A PDF at the drawing's declared size (mm, cm, in…), so a 100 % print measures right."""
    pdf: bytes = cairosvg.svg2pdf(bytestring=svg, url_fetcher=_refuse, unsafe=False)
    return pdf
