"""Small SVG drawings made of the allowed vocabulary, with hostile and broken bits mixed
in: what a property test feeds `reproduce check` and the converter."""

from __future__ import annotations

import base64
import io

from hypothesis import strategies as st
from PIL import Image


def image_url(kind: str) -> str:
    """A 2 × 2 image of the Pillow format `kind` as a data: URL."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 10, 10)).save(buffer, kind)
    media = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif", "WEBP": "webp", "BMP": "bmp"}[kind]
    return f"data:image/{media};base64,{base64.b64encode(buffer.getvalue()).decode()}"


IDS = ["a", "b", "c"]
NUMBER = st.sampled_from(["0", "1", "5", "-3", "2.5", "50%", "1e3", "abc", "", "10mm", "nan"])
REFERENCE = st.sampled_from(["#a", "#b", "#c", "#missing", "#", "https://example.org/x.svg#a",
                             "x.svg#a", "data:,x"])
PAINT = st.sampled_from(["none", "#000", "red", "url(#a)", "url(#b)", "url(#missing)",
                         "url(#a) red", "currentColor", "inherit", "url(data:,x)",
                         "url(https://example.org/p.svg#a)", "rgb(1,2,3)", "bogus("])
IMAGE_HREF = st.sampled_from([
    image_url("PNG"), image_url("JPEG"), image_url("GIF"), image_url("WEBP"), image_url("BMP"),
    "data:image/png;base64,AAAA", "#a", "https://example.org/a.png", "photo.png", "",
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>"])
ATTRIBUTES = {
    "x": NUMBER, "y": NUMBER, "width": NUMBER, "height": NUMBER, "r": NUMBER, "rx": NUMBER,
    "cx": NUMBER, "cy": NUMBER, "x1": NUMBER, "x2": NUMBER, "dx": NUMBER,
    "fill": PAINT, "stroke": PAINT, "stroke-width": NUMBER, "opacity": NUMBER,
    "fill-opacity": NUMBER, "stroke-opacity": NUMBER, "font-size": NUMBER,
    "stroke-dasharray": st.sampled_from(["1 2", "0", "-1", "a", "1,,2", ""]),
    "offset": NUMBER, "stop-color": PAINT,
    "points": st.sampled_from(["0,0 1,1 2,0", "0", "", "a b", "1 2 3"]),
    "d": st.sampled_from(["M0 0L5 5Z", "M0 0 A1 1 0 0 1 5 5", "Z", "", "M", "L1", "M0 0C1"]),
    "transform": st.sampled_from(["rotate(45)", "scale(0)", "translate(1)", "matrix(1)",
                                  "skewX(90)", "bogus", "scale(1e308)"]),
    "viewBox": st.sampled_from(["0 0 10 10", "0 0 0 0", "a", "0 0 -1 5", ""]),
    "preserveAspectRatio": st.sampled_from(["none", "xMidYMid slice", "bogus"]),
    "clip-path": PAINT, "mask": PAINT, "filter": PAINT, "marker-end": PAINT,
    "marker-start": PAINT, "style": st.sampled_from([
        "fill:red", "fill:url(#a)", "stroke:url(#missing);stroke-width:2", "display:none",
        "font:bold 3px sans-serif", "-inkscape-font-specification:'Sans Bold'", "fill:",
        "filter:url(#b)", "mask:url(#c)", "opacity:0.5", "opacity:50%",
        "stroke-dasharray:-2", "fill:u\\72l(https://example.org/p.svg#a)"]),
    "href": REFERENCE, "xlink:href": REFERENCE,
    "stdDeviation": NUMBER, "in": st.sampled_from(["SourceGraphic", "a", "SourceAlpha"]),
    "result": st.sampled_from(["a", "b"]), "mode": st.sampled_from(["multiply", "bogus"]),
    "gradientUnits": st.sampled_from(["userSpaceOnUse", "objectBoundingBox", "bogus"]),
    "patternUnits": st.sampled_from(["userSpaceOnUse", "objectBoundingBox"]),
    "orient": st.sampled_from(["auto", "45", "bogus"]), "markerWidth": NUMBER,
    "startOffset": NUMBER, "textLength": NUMBER, "rotate": NUMBER,
    "font-family": st.sampled_from(["sans-serif", "X", "url(#a)"]),
    "systemLanguage": st.sampled_from(["fr", "en", ""]),
    "xml:space": st.sampled_from(["preserve", "default"]),
    "onclick": st.just("alert(1)"), "xml:base": st.just("https://example.org/"),
    "inkscape:label": st.just("Layer 1"), "sodipodi:nodetypes": st.just("cc"),
    "aria-label": st.just("x"), "data-x": st.just("1"),
}
ELEMENTS = [
    "g", "defs", "symbol", "use", "switch", "a", "title", "desc", "metadata", "path", "rect",
    "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "marker", "clipPath", "mask",
    "image", "style", "filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood", "feMerge",
    "feMergeNode", "feColorMatrix", "feComposite", "feTile", "feTurbulence", "feDropShadow",
    "svg",
    # refused, or foreign
    "set", "animate", "script", "foreignObject", "feImage", "tref", "video",
    "inkscape:path-effect", "sodipodi:namedview",
]
TEXTS = st.sampled_from(["", "Cadre", " a  b ", "rect { fill: url(#a) }",
                         "@import 'x.css';", "@font-face { src: url(data:,x) }"])


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    """One element with a few attributes, some text and up to three children."""
    name = draw(st.sampled_from(ELEMENTS))
    names = draw(st.lists(st.sampled_from(sorted(ATTRIBUTES)), max_size=4, unique=True))
    attrs = {key: draw(ATTRIBUTES[key]) for key in names}
    if draw(st.booleans()):
        attrs["id"] = draw(st.sampled_from(IDS))
    if name == "image" and draw(st.booleans()):
        attrs["href"] = draw(IMAGE_HREF)
    children = draw(st.lists(element(depth + 1), max_size=3)) if depth < 3 else []
    written = "".join(f' {key}="{_escape(value)}"' for key, value in attrs.items())
    return f"<{name}{written}>{_escape(draw(TEXTS))}{''.join(children)}</{name}>"


@st.composite
def drawing(draw: st.DrawFn) -> bytes:
    """A whole drawing, 20 mm square, with the namespaces Inkscape declares."""
    body = "".join(draw(st.lists(element(), min_size=1, max_size=4)))
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
            ' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"'
            ' width="20mm" height="20mm" viewBox="0 0 20 20">' + body + "</svg>").encode()
