"""Can CairoSVG draw it? The last rule of a drawing, tried rather than foreseen.

CairoSVG, which makes every drawing's PDF and PNG, stops on values browsers shrug at
(`opacity="50%"`, a negative dash, a zero scale, text with no font size…), with an
exception of any kind. The rules in `svg_rules.py` refuse the common ones with their
line; a drawing that passes them all is then drawn here once, small, with the same
safe settings as the converter (`bundle/drawings.py`): no entities, and a fetcher that
opens nothing but `data:` URLs. So whatever `check` accepts, the build converts.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import urllib.parse
from typing import Any, NoReturn

from cairosvg.parser import Tree
from cairosvg.surface import PNGSurface

TRIAL_WIDTH_PX = 48
"""Small: the trial is about what CairoSVG can parse and draw, not about pixels."""
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class ExternalResourceRefused(Exception):
    """A drawing asked for a file or URL; drawings must be self-contained."""


def decode_data_url(url: str) -> tuple[str, bytes]:
    """`data:image/png;base64,…` → (`image/png`, bytes); ValueError if it is not one."""
    scheme, _, rest = url.strip().partition(":")
    header, comma, payload = rest.partition(",")
    if scheme.lower() != "data" or not comma:
        raise ValueError("not a data: URL")
    params = [part.strip().lower() for part in header.split(";")]
    media = params[0] or "text/plain"
    if "base64" in params[1:]:
        try:
            return media, base64.b64decode(_INVISIBLE.sub("", payload), validate=True)
        except binascii.Error as exc:
            raise ValueError(str(exc)) from None
    return media, urllib.parse.unquote_to_bytes(payload)


def fetch_data_only(url: str, resource_type: str | None = None, **_: Any) -> bytes:
    """The URL fetcher given to CairoSVG: `data:` URLs are decoded here, anything else
    (http:, https:, file:, a relative path CairoSVG turned into file:) is refused."""
    if url.strip().lower().startswith("data:"):
        try:
            return decode_data_url(url)[1]
        except ValueError:
            _refuse(url)
    _refuse(url)


def _refuse(url: str) -> NoReturn:
    raise ExternalResourceRefused(url)


def drawing_error(svg: bytes) -> str | None:
    """Why CairoSVG cannot draw `svg` (which passed every other rule), or None."""
    try:
        tree = Tree(bytestring=svg, url_fetcher=fetch_data_only, unsafe=False)
        PNGSurface(tree, io.BytesIO(), 96, output_width=TRIAL_WIDTH_PX).finish()
    except Exception as exc:  # CairoSVG fails with any kind of error: each is reported
        return f"{type(exc).__name__}: {exc}"[:200]
    return None
