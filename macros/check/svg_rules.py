"""Drawings are SVG files from pull requests: self-contained, script-free, of sane size.

An SVG is published as is (a browser runs its scripts, in the site's origin) and is
rendered to PDF and PNG on the build machine. So a drawing may not declare a DOCTYPE
(no entities, hence no XXE and no entity bomb), carry a script or an event handler,
or refer to anything outside itself (images, fonts and stylesheets over http:,
https: or file:, or relative paths); `#id` references and `data:` URLs are fine.
Its size, element count, nesting and the number of elements `<use>` copies would
draw are bounded before the renderer sees it. The stdlib expat parser gives each
finding a line; the converter (`bundle/drawings.py`) applies the same rules, so it is
safe even when called directly.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
import urllib.parse
import warnings
from dataclasses import dataclass, field
from xml.parsers import expat

from PIL import Image

from macros.i18n.catalogue import Text, as_text, text
from macros.limits import Limits, env_name, megabytes
from macros.problems import Problem, problem

MAX_FINDINGS = 10
"""A drawing with a thousand event handlers gets ten lines and a count, not a thousand."""
_NESTED_DEPTH = 2
_FORBIDDEN_ELEMENTS = {
    "script": "check.svg.script",
    "foreignObject": "check.svg.foreign_object",
    "iframe": "check.svg.iframe",
    "embed": "check.svg.embedded_object",
    "object": "check.svg.embedded_object",
    "handler": "check.svg.handler",
    "listener": "check.svg.listener",
}
"""Elements refused in a drawing, and the message of each (which names the element)."""
_LINK_SCHEMES = ("#", "http:", "https:", "mailto:")
_URL_FUNCTION = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z%]*)\s*$")
_MM_PER = {"": 25.4 / 96, "px": 25.4 / 96, "mm": 1.0, "cm": 10.0, "in": 25.4,
           "pt": 25.4 / 72, "pc": 25.4 / 6, "q": 0.25, "em": 16 * 25.4 / 96,
           "ex": 8 * 25.4 / 96}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class SvgFinding:
    """One reason a drawing is refused, at a line of the SVG file."""

    line: int
    field: str
    text: Text

    @property
    def message(self) -> str:
        """The finding in English."""
        return str(self.text)


def _finding(line: int, where: str, message: str | Text, **params: object) -> SvgFinding:
    return SvgFinding(line, where, as_text(message, **params))


class _Stop(Exception):
    """Parsing cannot go on safely (a DOCTYPE, too many elements): one final finding."""

    def __init__(self, line: int, key: str, **params: object) -> None:
        self.finding = _finding(line, "", key, **params)
        super().__init__(self.finding.message)


@dataclass
class _Element:
    name: str
    attrs: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def svg_problems(data: bytes, display_path: str, limits: Limits) -> list[Problem]:
    """Every finding about the drawing `data` as a problem of the file `display_path`."""
    return [problem(display_path, f.line, f.field, f.text) for f in svg_findings(data, limits)]


def svg_findings(data: bytes, limits: Limits, nested: int = 0) -> list[SvgFinding]:
    """Why the drawing `data` must not be published or rendered (nothing: it is fine)."""
    if len(data) > limits.bytes("svg_mb"):
        return [_finding(1, "", "check.svg.too_heavy", size=megabytes(len(data)),
                         limit=f"{limits.svg_mb:g}", variable=env_name("svg_mb"))]
    try:
        root, findings = _Parser(limits).parse(data)
    except _Stop as stop:
        return [stop.finding]
    findings += _size_findings(root, limits)
    findings += _expansion_findings(root, limits)
    for element in _walk(root):
        findings += _element_findings(element, limits, nested)
    if len(findings) > MAX_FINDINGS:
        more = len(findings) - MAX_FINDINGS
        findings = [*findings[:MAX_FINDINGS],
                    _finding(findings[MAX_FINDINGS].line, "", "check.svg.more", count=more)]
    return findings


class _Parser:
    """Expat with every DTD feature refused, building a light tree with line numbers."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.stack: list[_Element] = []
        self.root: _Element | None = None
        self.count = 0
        self.findings: list[SvgFinding] = []

    def parse(self, data: bytes) -> tuple[_Element, list[SvgFinding]]:
        parser = self.parser
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.ExternalEntityRefHandler = self._doctype
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        try:
            parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise _Stop(exc.lineno or 1, "check.svg.not_xml",
                        error=expat.errors.messages[exc.code], column=exc.offset + 1) from None
        if self.root is None:  # pragma: no cover - expat refuses a document without one
            raise _Stop(1, "check.svg.no_root")
        if self.root.name != "svg":
            raise _Stop(self.root.line, "check.svg.top_element", name=self.root.name)
        return self.root, self.findings

    def _line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def _doctype(self, *_: object) -> int:
        raise _Stop(self._line(), "check.svg.doctype")

    def _instruction(self, target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.findings.append(_finding(self._line(), "", "check.svg.stylesheet"))

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.count += 1
        if self.count > self.limits.svg_elements:
            raise _Stop(self._line(), "check.svg.elements", limit=self.limits.svg_elements,
                        variable=env_name("svg_elements"))
        if len(self.stack) >= self.limits.svg_depth:
            raise _Stop(self._line(), "check.svg.depth", limit=self.limits.svg_depth)
        element = _Element(_local(name), {_local(k): v for k, v in attrs.items()},
                           self._line())
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def _end(self, _name: str) -> None:
        self.stack.pop()

    def _text(self, text: str) -> None:
        if self.stack and self.stack[-1].name == "style":
            self.stack[-1].text.append(text)


def _local(name: str) -> str:
    """`http://www.w3.org/1999/xlink href` → `href`."""
    return name.rsplit(" ", 1)[-1]


def _walk(root: _Element) -> list[_Element]:
    out, stack = [], [root]
    while stack:
        element = stack.pop()
        out.append(element)
        stack.extend(reversed(element.children))
    return out


def _element_findings(element: _Element, limits: Limits, nested: int) -> list[SvgFinding]:
    found: list[SvgFinding] = []
    name, line = element.name, element.line

    def add(where: str, message: str | Text, **params: object) -> None:
        found.append(_finding(line, where, message, **params))

    if name in _FORBIDDEN_ELEMENTS:
        add(name, _FORBIDDEN_ELEMENTS[name], element=name)
    for attr, value in element.attrs.items():
        where = f"{name}.{attr}"
        plain = _INVISIBLE.sub("", value).lower()
        if attr.lower().startswith("on"):
            add(where, "check.svg.event_attribute", attribute=attr)
        elif "javascript:" in plain or "vbscript:" in plain:
            add(where, "check.svg.script_url")
        elif attr in ("href", "src"):
            if name == "a":
                if not plain.startswith(_LINK_SCHEMES):
                    add(where, "check.svg.link", link=value)
            elif plain.startswith("data:"):
                for message in _data_url_findings(value, limits, nested):
                    add(where, message)
            elif not plain.startswith("#"):
                add(where, _outside(value))
        for target in _url_targets(value):
            add(where, _outside(target))
        if attr == "style":
            for message in _css_findings(value):
                add(where, message)
    if name == "style":
        css = "".join(element.text)
        for message in [*_css_findings(css), *map(_outside, _url_targets(css))]:
            add(name, message)
    return found


def _outside(target: str) -> Text:
    shown = target if len(target) <= 60 else target[:57] + "…"
    return text("check.svg.outside", target=shown)


def _url_targets(text: str) -> list[str]:
    """The targets of `url(…)` that point outside the drawing."""
    return [m.group(2) for m in _URL_FUNCTION.finditer(text)
            if not _INVISIBLE.sub("", m.group(2)).lower().startswith(("#", "data:"))]


def _css_findings(css: str) -> list[Text]:
    found = []
    if "@import" in css.lower():
        found.append(text("check.svg.css_import"))
    if "\\" in css:
        found.append(text("check.svg.css_escape"))
    return found


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


def _data_url_findings(url: str, limits: Limits, nested: int) -> list[Text]:
    """An embedded image must decode, and be of a size the renderer can hold."""
    try:
        media, payload = decode_data_url(url)
    except ValueError:
        return [text("check.svg.data_url")]
    if media == "image/svg+xml":
        if nested >= _NESTED_DEPTH:
            return [text("check.svg.nested_too_deep")]
        return [text("check.svg.nested", line=f.line, problem=f.text)
                for f in svg_findings(payload, limits, nested + 1)]
    if not media.startswith("image/"):
        return [text("check.svg.not_image", media=media)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(payload)) as image:
                width, height = image.size
                if width * height <= limits.image_megapixels * 1_000_000:
                    image.load()  # decodes within the limit: a broken image stops here
    except Image.DecompressionBombError:
        width = height = -1
    except (OSError, ValueError, SyntaxError, EOFError):
        return [text("check.svg.image_unreadable")]
    if width < 0 or width * height > limits.image_megapixels * 1_000_000:
        size = (text("check.svg.pixels", width=width, height=height) if width >= 0
                else text("check.svg.far_too_large"))
        return [text("check.svg.image_too_large", size=size,
                     limit=f"{limits.image_megapixels:g}",
                     variable=env_name("image_megapixels"))]
    return []


def _size_findings(root: _Element, limits: Limits) -> list[SvgFinding]:
    """Width and height (in mm, as the PDF will be) within the limits, and not too tall."""
    found: list[SvgFinding] = []

    def add(key: str, **params: object) -> None:
        found.append(_finding(root.line, "svg", key, **params))

    box: list[float] | None = None
    if "viewBox" in root.attrs:
        try:
            box = [float(n) for n in re.split(r"[\s,]+", root.attrs["viewBox"].strip())]
        except ValueError:
            box = []
        if len(box) != 4 or not all(math.isfinite(n) for n in box):
            add("check.svg.viewbox")
            return found
        if box[2] <= 0 or box[3] <= 0:
            add("check.svg.viewbox_size")
            return found
    sizes: list[float | None] = []
    for index, name in enumerate(("width", "height")):
        try:
            size = _length_mm(root.attrs.get(name))
        except ValueError:
            add("check.svg.length", attribute=name, value=root.attrs[name])
            return found
        if size is None and box is not None:
            size = box[2 + index] * _MM_PER["px"]
        sizes.append(size)
    width, height = sizes
    for (empty, too_big), size in ((("check.svg.zero_width", "check.svg.too_wide"), width),
                                   (("check.svg.zero_height", "check.svg.too_tall"), height)):
        if size is not None and size <= 0:
            add(empty)
        elif size is not None and size > limits.drawing_mm:
            add(too_big, size=f"{size:.6g}", limit=f"{limits.drawing_mm:g}",
                variable=env_name("drawing_mm"))
    if width and height and width > 0 and height / width > limits.drawing_aspect:
        add("check.svg.aspect", ratio=f"{height / width:.0f}",
            limit=f"{limits.drawing_aspect:g}")
    return found


def _length_mm(value: str | None) -> float | None:
    """A length attribute in millimetres; None when absent or relative (`100%`)."""
    if value is None:
        return None
    match = _LENGTH.match(value)
    unit = match.group(2).lower() if match else "?"
    if match is None or unit not in (*_MM_PER, "%") or float(match.group(1)) < 0:
        raise ValueError(value)
    return None if unit == "%" else float(match.group(1)) * _MM_PER[unit]


def _expansion_findings(root: _Element, limits: Limits) -> list[SvgFinding]:
    """`<use>` copies and `url(#…)` references multiply what is drawn: a few elements
    used ten times by elements used ten times… is an exponential bomb. Count what the
    renderer would draw, and refuse loops and references to nothing."""
    elements = _walk(root)
    ids = {e.attrs["id"]: e for e in elements if "id" in e.attrs}
    found: list[SvgFinding] = []
    references: dict[int, list[_Element]] = {}
    for element in elements:
        targets = []
        for attr, value in element.attrs.items():
            refs = [t for t in (m.group(2).strip() for m in _URL_FUNCTION.finditer(value))
                    if t.startswith("#")]
            if attr == "href" and element.name != "a" and value.strip().startswith("#"):
                refs.append(value.strip())
            for ref in refs:
                target = ids.get(ref[1:])
                if target is None and element.name == "use":
                    found.append(_finding(element.line, f"{element.name}.{attr}",
                                          "check.svg.no_target", reference=ref))
                elif target is not None:
                    targets.append(target)
        references[id(element)] = targets
    cap = limits.svg_rendered
    weight: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[_Element, bool]] = [(root, False)]
    while stack:
        element, expanded = stack.pop()
        key = id(element)
        deps = element.children + references[key]
        if expanded:
            in_progress.discard(key)
            weight[key] = min(cap + 1, 1 + sum(weight[id(d)] for d in deps))
            continue
        if key in weight:
            continue
        if key in in_progress:
            return [*found, _finding(element.line, element.name, "check.svg.loop")]
        in_progress.add(key)
        stack.append((element, True))
        stack.extend((dep, False) for dep in deps if id(dep) not in weight)
    if weight[id(root)] > cap:
        found.append(_finding(root.line, "svg", "check.svg.rendered", limit=cap,
                              variable=env_name("svg_rendered")))
    return found
