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
from cairosvg.parser import Tree
from cairosvg.surface import PNGSurface

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

DRAWING = "plans/alpha-press/drawings/frame.svg"
OPEN = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\n'
        '     width="210mm" height="148mm" viewBox="0 0 210 148">\n')
OUTSIDE = ("is outside the drawing; a drawing must be self-contained: embed images as data: "
           "URLs, draw text with installed fonts, keep styles inside")


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
     "3: set.to: script URLs are not allowed in drawings; remove it"),
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
    ("embedded svg with a script", _svg(
        f'<image href="{_data("image/svg+xml", _svg("<script>x</script>").encode())}"/>'),
     "3: image.href: in the embedded SVG image, line 3: scripts are not allowed in drawings; "
     "remove the <script> element"),
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
    assert problems[-1].format() == (f"{DRAWING}:13: -: and 15 more problem(s) of this kind in "
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
    ("inkscape metadata", _svg(
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/'
        'sodipodi-0.dtd" id="nv"/><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        '22-rdf-syntax-ns#"/></metadata><style>.a { fill: #000; }</style><rect class="a"/>')),
]


@pytest.mark.parametrize(("name", "svg"), GOOD, ids=[case[0] for case in GOOD])
def test_ordinary_drawings_pass_and_convert(name: str, svg: str) -> None:
    data = svg.encode()
    assert svg_findings(data, Limits()) == []
    assert svg_to_png(data).startswith(b"\x89PNG")


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
    for convert in (svg_to_png, lambda svg: svg_to_pdf(svg, "t", dt.date(2026, 1, 1))):
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
