"""Hostile drawings: refused by `reproduce check` with the SVG's own line, and never able
to make the converter fetch, read or run anything, or render without bound."""

from __future__ import annotations

import base64
import datetime as dt
import io
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from buildsite import build
from cairosvg.parser import Tree
from cairosvg.surface import PNGSurface
from drawing_strategies import drawing, image_url
from hypothesis import HealthCheck, given, settings
from PIL import Image
from sample import make_project

from macros.bundle.drawings import (
    DrawingRefused,
    ExternalResourceRefused,
    fetch_data_only,
    svg_to_pdf,
    svg_to_png,
)
from macros.check.svg_rules import svg_findings
from macros.content.repository import load_site
from macros.limits import Limits
from macros.problems import Severity

PROJECT = Path(__file__).resolve().parent.parent
DRAWING = "plans/alpha-press/drawings/frame.svg"
OPEN = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\n'
        '     width="210mm" height="148mm" viewBox="0 0 210 148">\n')
OUTSIDE = ("is outside the drawing; a drawing must be self-contained: embed images as data: "
           "URLs, draw text with installed fonts, keep styles inside")
ANIMATION = ("animation (<{}>) is not allowed in drawings: it changes what the drawing shows or "
             "loads after the check; remove it")
NOT_AMONG = ("is not among the elements drawings may use (shapes, text, groups, gradients, "
             "patterns, markers, clip paths, masks, filters, symbols, embedded images); remove "
             "it or save the drawing as plain SVG")
IMAGE_SVG = ("an <image> cannot show an SVG (the converter cannot always draw it, and it could "
             "load more); draw it in this drawing, or embed it as PNG")


def _svg(body: str, opening: str = OPEN) -> str:
    return opening + body + "\n</svg>\n"


def _png(width: int, height: int) -> bytes:
    """A valid PNG header of any announced size (the pixels need not be there)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress((b"\0" + b"\0" * width) * height) if width * height < 100 else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def _bmp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "BMP")
    return buffer.getvalue()


def _jpeg(comment: bytes) -> bytes:
    """A valid JPEG whose bytes hold `comment` (CairoSVG takes any image holding `<svg`
    for an SVG)."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


def _data(media: str, payload: bytes) -> str:
    return f"data:{media};base64,{base64.b64encode(payload).decode()}"


def _use_bomb(levels: int = 7) -> str:
    groups = ['<g id="g0"><rect width="1" height="1"/></g>']
    groups += [f'<g id="g{i}">' + f'<use href="#g{i - 1}"/>' * 10 + "</g>"
               for i in range(1, levels + 1)]
    return "<defs>" + "".join(groups) + f'</defs>\n<use href="#g{levels}"/>'


CASES = [
    ("entity bomb", '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n' + _svg("<text>&b;</text>"),
     "2: -: the drawing declares a DOCTYPE; remove the `<!DOCTYPE …>` block: entities and "
     "outside definitions are refused, so every drawing stays self-contained"),
    ("external entity", '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     + _svg("<text>&x;</text>"),
     "1: -: the drawing declares a DOCTYPE; remove the `<!DOCTYPE …>` block: entities and "
     "outside definitions are refused, so every drawing stays self-contained"),
    ("script", _svg("<script>alert(1)</script>"),
     "3: script: scripts are not allowed in drawings; remove the <script> element"),
    ("event handler", _svg('<rect width="5" height="5" onclick="alert(1)"/>'),
     "3: rect.onclick: event handlers (`onclick`) are not allowed in drawings; remove it"),
    ("script link", _svg('<a xlink:href="jav&#x09;ascript:alert(1)"><rect/></a>'),
     "3: a.href: script URLs are not allowed in drawings; remove it"),
    ("animated script link", _svg('<a><set attributeName="href" to="javascript:alert(1)"/></a>'),
     f"3: set: {ANIMATION.format('set')}"),
    ("animated link to elsewhere", _svg('<a href="#top"><set attributeName="href" '
                                        'to="https://example.org/"/><text>x</text></a>'),
     f"3: set: {ANIMATION.format('set')}"),
    ("animated image", _svg(f'<image href="{_data("image/png", _png(2, 2))}" width="5" '
                            'height="5"><animate attributeName="href" '
                            'values="https://example.org/a.png"/></image>'),
     f"3: animate: {ANIMATION.format('animate')}"),
    ("animated transform", _svg('<rect width="5" height="5"><animateTransform '
                                'attributeName="transform" type="rotate" to="90"/></rect>'),
     f"3: animateTransform: {ANIMATION.format('animateTransform')}"),
    ("xhtml script", _svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)'
                          '</h:script>'),
     "3: {http://www.w3.org/1999/xhtml}script: <{http://www.w3.org/1999/xhtml}script> is not "
     "SVG (namespace `http://www.w3.org/1999/xhtml`); remove it or save the drawing as plain "
     "SVG"),
    ("image in another namespace", _svg('<x:image xmlns:x="urn:x" href="https://example.org/'
                                        'a.png"/>'),
     "3: {urn:x}image: <{urn:x}image> is not SVG (namespace `urn:x`); remove it or save the "
     "drawing as plain SVG"),
    ("unknown element", _svg('<video href="https://example.org/v.mp4"/>'),
     f"3: video: <video> {NOT_AMONG}"),
    ("filter image", _svg('<filter id="f"><feImage href="https://example.org/a.png"/></filter>'),
     f"3: feImage: <feImage> {NOT_AMONG}"),
    ("text reference", _svg('<text id="t">a</text><text><tref href="#t"/></text>'),
     f"3: tref: <tref> {NOT_AMONG}"),
    ("xml base", _svg('<g xml:base="https://example.org/"><rect/></g>'),
     "3: g.xml:base: the attribute `xml:base` is not allowed on <g> in drawings; remove it or "
     "save the drawing as plain SVG"),
    ("unknown attribute", _svg('<rect width="5" height="5" formaction="https://example.org/"/>'),
     "3: rect.formaction: the attribute `formaction` is not allowed on <rect> in drawings; "
     "remove it or save the drawing as plain SVG"),
    ("href on a shape", _svg('<rect width="5" height="5" href="https://example.org/"/>'),
     "3: rect.href: the attribute `href` is not allowed on <rect> in drawings; remove it or "
     "save the drawing as plain SVG"),
    ("gradient from elsewhere", _svg('<linearGradient id="g" href="https://example.org/g.svg#g"/>'),
     f"3: linearGradient.href: `https://example.org/g.svg#g` {OUTSIDE}"),
    ("gradient of nothing", _svg('<linearGradient id="g" xlink:href="#missing"/>'),
     "3: linearGradient.href: `#missing` refers to no element of the drawing; fix the id or "
     "remove the reference"),
    ("escaped url in an attribute", _svg('<rect width="5" height="5" '
                                         'fill="\\75 rl(https://example.org/p.svg#g)"/>'),
     f"3: rect.fill: `https://example.org/p.svg#g` {OUTSIDE}"),
    ("image-set in a style", _svg('<style>rect { fill: image-set("https://example.org/a.png" '
                                  '1x) }</style>'),
     f"3: style: `https://example.org/a.png` {OUTSIDE}"),
    ("image of a part of the drawing", _svg('<g id="part"><rect width="5" height="5"/></g>'
                                            '<image href="#part" width="5" height="5"/>'),
     "3: image.href: an <image> cannot show `#part`, a part of this drawing (the converter "
     "cannot draw it); use `<use href=\"#part\"/>`"),
    ("image of nothing", _svg('<image width="5" height="5"/>'),
     "3: image: this <image> shows nothing; embed the image as a data: URL "
     "(`href=\"data:image/png;base64,…\"`) or remove the element"),
    ("use of no element", _svg('<use x="5"/>'),
     "3: use: this <use> shows nothing: give it `href=\"#id\"` of an element of the drawing, "
     "or remove it"),
    ("bitmap image", _svg(f'<image href="{_data("image/bmp", _bmp())}" width="5" height="5"/>'),
     "3: image.href: the embedded image is in BMP format; embed PNG, JPEG, GIF or WebP"),
    ("jpeg read as svg", _svg(f'<image href="{_data("image/jpeg", _jpeg(b"<svg"))}" '
                              'width="5" height="5"/>'),
     f"3: image.href: {IMAGE_SVG}"),
    ("opacity in percent", _svg('<rect width="5" height="5" style="opacity:50%"/>'),
     "3: rect.opacity: `opacity` must be a number, like `0.5`; `50%` is not one (the converter "
     "cannot read it)"),
    ("negative dashes", _svg('<line x2="5" stroke="#000" stroke-dasharray="2 -1"/>'),
     "3: line.stroke-dasharray: the dash pattern `2 -1` must be a list of positive lengths, "
     "not all zero, like `2 1` (the converter cannot draw it)"),
    ("text outside a text", _svg("<tspan>a</tspan>"),
     "3: tspan: <tspan> can only be drawn inside a <text> element; move it into one"),
    ("infinite scale", _svg('<g transform="scale(1e308)"><rect width="5" height="5"/></g>'),
     "1: svg: CairoSVG, which makes the drawing's PDF and PNG, cannot draw it (CairoError: "
     "cairo returned CAIRO_STATUS_INVALID_MATRIX: b'invalid matrix (not invertible)'); open it "
     "in your editor and save it as plain SVG"),
    ("svg in another namespace", _svg("<rect/>", '<svg xmlns="urn:not-svg">\n'),
     "1: -: the file's top element is <{urn:not-svg}svg>, not <svg>; export the drawing as SVG"),
    ("foreign html", _svg("<foreignObject><p>HTML</p></foreignObject>"),
     "3: foreignObject: embedded HTML (<foreignObject>) is not allowed in drawings; draw it "
     "with SVG shapes and text"),
    ("http image", _svg('<image href="http://127.0.0.1:9/a.png" width="5" height="5"/>'),
     f"3: image.href: `http://127.0.0.1:9/a.png` {OUTSIDE}"),
    ("https image", _svg('<image xlink:href="https://example.org/a.png"/>'),
     f"3: image.href: `https://example.org/a.png` {OUTSIDE}"),
    ("file image", _svg('<image href="file:///etc/passwd"/>'),
     f"3: image.href: `file:///etc/passwd` {OUTSIDE}"),
    ("relative image", _svg('<image href="../../../kit/secret.png"/>'),
     f"3: image.href: `../../../kit/secret.png` {OUTSIDE}"),
    ("external use", _svg('<use href="https://example.org/parts.svg#bolt"/>'),
     f"3: use.href: `https://example.org/parts.svg#bolt` {OUTSIDE}"),
    ("stylesheet import", _svg("<style>@import 'https://example.org/a.css';</style>"),
     "3: style: `@import` loads a stylesheet from outside the drawing; put its rules in this "
     "<style> element"),
    ("web font", _svg("<style>@font-face { font-family: X; src: url('https://example.org/f.woff'"
                      "); }</style>"),
     f"3: style: `https://example.org/f.woff` {OUTSIDE}"),
    ("css escape", _svg("<style>@im\\70 ort 'x.css';</style>"),
     "3: style: CSS escapes (`\\`) are not allowed in drawing styles, where they could hide "
     "an outside address; write the characters out"),
    ("fill from outside", _svg('<rect style="fill: url(http://example.org/p.svg#g)"/>'),
     f"3: rect.style: `http://example.org/p.svg#g` {OUTSIDE}"),
    ("stylesheet instruction", '<?xml-stylesheet href="https://example.org/s.css"?>\n'
     + _svg("<rect/>"),
     "1: -: `<?xml-stylesheet?>` loads a stylesheet from outside the drawing; remove it and "
     "put the styles in a <style> element"),
    ("absurd width", _svg("<rect/>", '<svg xmlns="http://www.w3.org/2000/svg" width="100000mm" '
                                     'height="10mm">\n'),
     "1: svg: the drawing is 100000 mm wide; drawings are limited to 5000 mm per side (a PDF "
     "page cannot be larger): draw at a smaller scale and say so in its title (or raise "
     "REPRODUCE_MAX_DRAWING_MM)"),
    ("huge viewBox", _svg("<rect/>", '<svg xmlns="http://www.w3.org/2000/svg" '
                                     'viewBox="0 0 1e9 10">\n'),
     "1: svg: the drawing is 2.64583e+08 mm wide; drawings are limited to 5000 mm per side (a "
     "PDF page cannot be larger): draw at a smaller scale and say so in its title (or raise "
     "REPRODUCE_MAX_DRAWING_MM)"),
    ("too tall", _svg("<rect/>", '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" '
                                 'height="1000mm">\n'),
     "1: svg: the drawing is 100 times taller than wide; the limit is 10 (its preview would be "
     "too large): rotate or split it"),
    ("empty viewBox", _svg("<rect/>", '<svg xmlns="http://www.w3.org/2000/svg" '
                                      'viewBox="0 0 0 10">\n'),
     "1: svg: the viewBox width and height must be greater than 0"),
    ("bad width", _svg("<rect/>", '<svg xmlns="http://www.w3.org/2000/svg" width="wide">\n'),
     "1: svg: width `wide` is not a length; write it like `210mm`"),
    ("use bomb", _svg(_use_bomb()),
     "1: svg: once its `<use>` copies are drawn the drawing has more than 200000 elements; "
     "simplify it (or raise REPRODUCE_MAX_SVG_RENDERED)"),
    ("use loop", _svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>'),
     "3: g: this element is drawn inside itself through `<use>` or `url(#…)` references; "
     "remove the loop"),
    ("use of nothing", _svg('<use href="#missing"/>'),
     "3: use.href: `#missing` refers to no element of the drawing; fix the id or remove the "
     "reference"),
    ("too many elements", _svg("<g/>" * 50_001),
     "3: -: the drawing has more than 50000 elements; simplify it or export it with fewer "
     "objects (or raise REPRODUCE_MAX_SVG_ELEMENTS)"),
    ("too deep", _svg("<g>" * 101 + "</g>" * 101),
     "3: -: elements are nested more than 100 levels deep; ungroup them"),
    ("huge embedded image", _svg(f'<image href="{_data("image/png", _png(10000, 5000))}"/>'),
     "3: image.href: the embedded image is 10000 × 5000 pixels; images in drawings are "
     "limited to 40 megapixels (scale it down, or raise REPRODUCE_MAX_IMAGE_MEGAPIXELS)"),
    ("embedded svg", _svg(
        f'<image href="{_data("image/svg+xml", _svg("<rect/>").encode())}"/>'),
     f"3: image.href: {IMAGE_SVG}"),
    ("embedded html", _svg(f'<image href="{_data("text/html", b"<script>x</script>")}"/>'),
     "3: image.href: `text/html` data is not an image; only images can be embedded in a "
     "drawing"),
    ("not xml", "\x1f\x8b\x08 gzip bomb",
     "1: -: the drawing is not well-formed XML: not well-formed (invalid token) (column 1); "
     "save it again from your editor"),
    ("not svg", "<html><script>alert(1)</script></html>",
     "1: -: the file's top element is <html>, not <svg>; export the drawing as SVG"),
]


@pytest.mark.parametrize(("name", "svg", "expected"), CASES, ids=[case[0] for case in CASES])
def test_hostile_drawing_is_refused_by_check(repo: Path, name: str, svg: str,
                                             expected: str) -> None:
    (repo / DRAWING).write_text(svg, encoding="utf-8")
    start = time.perf_counter()
    site, problems = load_site(repo)
    assert time.perf_counter() - start < 5
    assert site is None
    assert [p.format() for p in problems if p.severity is Severity.ERROR] == [
        f"{DRAWING}:{expected}"]


def test_a_drawing_with_many_problems_gets_ten_lines_and_a_count(repo: Path) -> None:
    (repo / DRAWING).write_text(_svg('<rect onclick="x"/>\n' * 25), encoding="utf-8")
    _site, problems = load_site(repo)
    problems = [p for p in problems if p.severity is Severity.ERROR]
    assert len(problems) == 11
    assert problems[-1].format() == (f"{DRAWING}:13: -: and 15 more problems of this kind in "
                                     "the drawing; fix the ones above first")


def test_an_oversized_drawing_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    findings = svg_findings(b"<svg" + b" " * 2_000_000 + b"/>", Limits(svg_mb=1))
    assert [f.message for f in findings] == [
        "the drawing weighs 2.0 MB; drawings are limited to 1 MB (simplify it, or raise "
        "REPRODUCE_MAX_SVG_MB)"]


GOOD = [
    ("sample", _svg('<rect x="10" y="10" width="190" height="128" fill="none" stroke="#000"/>')),
    ("internal references", _svg(
        '<defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
        '<marker id="m"><path d="M0 0L1 1"/></marker><g id="bolt"><circle r="2"/></g></defs>'
        '<rect fill="url(#g)" style="stroke: url(#g)" marker-end="url(#m)"/>'
        '<use xlink:href="#bolt" x="5"/><use href="#bolt" x="9"/>'
        '<a href="https://reproduce.example/plan"><text>lien</text></a>')),
    ("embedded png", _svg(f'<image href="{_data("image/png", _png(2, 2))}" width="5" '
                          'height="5"/>')),
    ("embedded jpeg, gif and webp", _svg("".join(
        f'<image href="{image_url(kind)}" x="{i * 6}" width="5" height="5"/>'
        for i, kind in enumerate(("JPEG", "GIF", "WEBP"))))),
    ("inkscape metadata", _svg(
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/'
        'sodipodi-0.dtd" id="nv"/><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        '22-rdf-syntax-ns#"/></metadata><style>.a { fill: #000; }</style><rect class="a"/>')),
    ("inkscape drawing", (Path(__file__).parent / "drawings/inkscape.svg").read_text("utf-8")),
    ("symbols, clips, masks, patterns", _svg(
        '<defs><symbol id="s" viewBox="0 0 2 2"><circle cx="1" cy="1" r="1"/></symbol>'
        '<clipPath id="c"><rect width="50" height="50"/></clipPath>'
        '<mask id="k"><rect width="40" height="40" fill="#fff"/></mask>'
        '<pattern id="p" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<path d="M0 0V4" stroke="#000"/></pattern>'
        '<radialGradient id="r" xlink:href="#q"/><linearGradient id="q">'
        '<stop offset="0" stop-color="#fff" stop-opacity="0.5"/></linearGradient></defs>'
        '<use href="#s" width="20" height="20" clip-path="url(#c)"/>'
        '<rect width="60" height="60" fill="url(#p)" mask="url(#k)"/>'
        '<circle r="5" fill="url(#r)" opacity="0.8"/>')),
    ("text on a path, switch, nested svg", _svg(
        '<path id="curve" d="M10 80 Q 95 10 180 80" fill="none"/>'
        '<text><textPath href="#curve">Courbe</textPath></text>'
        '<switch><text systemLanguage="nl" y="20">Nederlands</text><text y="20">Français'
        '</text></switch><svg x="100" y="100" width="20" height="20" viewBox="0 0 2 2">'
        '<rect width="1" height="1"/></svg>')),
    ("filters", _svg(
        '<filter id="f" x="-1" y="-1" width="3" height="3"><feGaussianBlur in="SourceAlpha" '
        'stdDeviation="1" result="b"/><feOffset dx="1" dy="1" result="o"/><feFlood '
        'flood-color="#000" flood-opacity="0.3"/><feBlend in="SourceGraphic" in2="o" '
        'mode="multiply"/><feMerge><feMergeNode in="o"/><feMergeNode in="SourceGraphic"/>'
        '</feMerge><feColorMatrix type="saturate" values="0.5"/></filter>'
        '<rect width="20" height="20" filter="url(#f)"/>')),
    ("styles", _svg(
        '<style>@media print { .cote { stroke-width: 0.2 } } @font-face { font-family: X; '
        'src: url(data:font/woff2;base64,AAAA) } .cote { stroke: #000; stroke-dasharray: 2 1 }'
        '</style><line class="cote" x2="50" style="stroke-opacity: .5"/>')),
    ("reference to nothing in a paint", _svg('<rect width="5" height="5" fill="url(#gone)"/>')),
    ("accessibility attributes", _svg(
        '<g role="img" aria-labelledby="t1" data-part="frame"><title id="t1">Cadre</title>'
        '<rect width="5" height="5"/></g>')),
    ("links", _svg('<a href="mailto:atelier@example.org" target="_blank"><text y="5">écrire'
                   '</text></a><a xlink:href="#top"><rect width="2" height="2"/></a>')),
]


@pytest.mark.parametrize(("name", "svg"), GOOD, ids=[case[0] for case in GOOD])
def test_ordinary_drawings_pass_and_convert(name: str, svg: str) -> None:
    data = svg.encode()
    assert svg_findings(data, Limits()) == []
    assert svg_to_png(data).startswith(b"\x89PNG")
    assert svg_to_pdf(data, "t", dt.date(2026, 1, 1), "a").startswith(b"%PDF")


def test_the_repository_drawings_pass() -> None:
    """The plans' drawings and the hand-written pages' SVG images keep passing."""
    drawings = sorted([*PROJECT.glob("plans/*/drawings/*.svg"), *PROJECT.glob("docs/**/*.svg")])
    assert len(drawings) >= 8
    for path in drawings:
        assert svg_findings(path.read_bytes(), Limits()) == [], path


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drawing())
def test_what_check_accepts_converts(data: bytes) -> None:
    """Drawings made of the allowed vocabulary with hostile and broken values mixed in:
    whatever `check` accepts, the converter turns into a PNG and a PDF without error."""
    if svg_findings(data, Limits()):
        return
    assert svg_to_png(data).startswith(b"\x89PNG")
    assert svg_to_pdf(data, "t", dt.date(2026, 1, 1), "a").startswith(b"%PDF")


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on 127.0.0.1 recording every connection it receives."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                received.append(connection.recv(1024) or b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    stop.set()
    thread.join()
    server.close()


def _fetching_drawing(port: int) -> bytes:
    url = f"http://127.0.0.1:{port}"
    return _svg(f'<image href="{url}/a.png" width="5" height="5"/>'
                f'<style>@import url({url}/b.css); @font-face {{ font-family: X; src: '
                f'url({url}/c.woff); }}</style><use href="{url}/d.svg#x"/>'
                f'<rect fill="url({url}/e.svg#p)" width="5" height="5"/>'
                f'<text font-family="X">a</text>').encode()


def test_the_converter_refuses_a_fetching_drawing_without_connecting(
    listener: tuple[int, list[bytes]],
) -> None:
    port, received = listener
    data = _fetching_drawing(port)
    for convert in (svg_to_png, lambda svg: svg_to_pdf(svg, "t", dt.date(2026, 1, 1), "a")):
        with pytest.raises(DrawingRefused, match=r"^line 3: `http://127\.0\.0\.1:\d+/a\.png` is "
                           "outside the drawing"):
            convert(data)
    time.sleep(0.3)
    assert received == []


def test_the_renderer_itself_never_fetches(listener: tuple[int, list[bytes]]) -> None:
    """Below the rules, CairoSVG gets a fetcher that opens only data: URLs."""
    port, received = listener
    with pytest.raises(ExternalResourceRefused):  # the stylesheet, while parsing
        Tree(bytestring=_fetching_drawing(port), url_fetcher=fetch_data_only, unsafe=False)
    image = _svg(f'<image href="http://127.0.0.1:{port}/a.png" width="5" height="5"/>').encode()
    tree = Tree(bytestring=image, url_fetcher=fetch_data_only, unsafe=False)
    with pytest.raises(ExternalResourceRefused):  # the image, while drawing
        PNGSurface(tree, io.BytesIO(), 96).finish()
    for url in (f"http://127.0.0.1:{port}/x", "file:///etc/passwd", "ftp://127.0.0.1/x"):
        with pytest.raises(ExternalResourceRefused):
            fetch_data_only(url, "image/png")
    assert fetch_data_only("data:text/plain,hi%21", "text/css") == b"hi!"
    time.sleep(0.3)
    assert received == []


def test_the_converter_refuses_entities_and_bombs_quickly() -> None:
    bombs = [CASES[0][1].encode(), CASES[1][1].encode(), _svg(_use_bomb(9)).encode(),
             _svg("<g/>" * 60_000).encode()]
    for data in bombs:
        start = time.perf_counter()
        with pytest.raises(DrawingRefused):
            svg_to_png(data)
        assert time.perf_counter() - start < 5


@pytest.mark.build
def test_the_build_stops_on_a_drawing_the_converter_cannot_draw(tmp_path: Path) -> None:
    """Once an `<image>` of a part of the drawing passed `check` and the build died in
    CairoSVG with a traceback; now the build stops at the check, with its line."""
    root = make_project(tmp_path / "project")
    (root / DRAWING).write_text(_svg('<g id="part"><rect width="5" height="5"/></g>'
                                     '<image href="#part" width="5" height="5"/>'),
                                encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert f"{DRAWING}:3: image.href: an <image> cannot show `#part`" in result.output
    assert "Traceback" not in result.output


@pytest.mark.build
def test_the_build_refuses_what_only_drawing_shows_with_checks_message(tmp_path: Path) -> None:
    """The build does not draw each drawing a second time to try it (a thousand plans
    would cost two minutes): it converts it, and a conversion that fails stops the build
    with the message `check`'s trial gives, at the `<svg>` line, without a traceback."""
    root = make_project(tmp_path / "project")
    (root / DRAWING).write_text(
        _svg('<g transform="scale(1e308)"><rect width="5" height="5"/></g>'), encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert (f"{DRAWING}:1: svg: CairoSVG, which makes the drawing's PDF and PNG, cannot draw "
            "it (CairoSVG cannot render the drawing: ") in result.output, result.output
    assert "Traceback" not in result.output


def test_a_drawing_is_tried_once_per_process_and_a_failure_every_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview server checks the hand-written pages' SVGs at every rebuild: one that
    drew once is not drawn again, one that failed is tried (and reported) again."""
    import macros.check.svg_rules as rules
    tried: list[bytes] = []
    outcome: dict[str, str | None] = {"error": None}

    def counting(data: bytes) -> str | None:
        tried.append(data)
        return outcome["error"]

    monkeypatch.setattr(rules, "drawing_error", counting)
    fine = _svg(f'<rect width="{time.time_ns()}" height="1"/>').encode()
    assert svg_findings(fine, Limits()) == []
    assert svg_findings(fine, Limits()) == []
    assert tried == [fine]
    outcome["error"] = "CairoError: no"
    broken = _svg(f'<rect width="{time.time_ns()}" height="2"/>').encode()
    for _ in range(2):
        assert [f.text.key for f in svg_findings(broken, Limits())] == ["check.svg.not_drawable"]
    assert tried == [fine, broken, broken]
