"""Drawings are SVG files from pull requests: self-contained, script-free, drawable.

An SVG is published as is (a browser runs its scripts, in the site's origin, and fetches
what it refers to) and is rendered to PDF and PNG on the build machine. So a drawing is
made only of the elements and attributes of `check/svg_vocabulary.py` (an allowlist:
shapes, text, groups, gradients, patterns, markers, clip paths, masks, filters, symbols,
styles, Inkscape's metadata); no DOCTYPE (no entities, hence no XXE and no entity bomb),
no script, animation or event handler. It refers to nothing outside itself: `href` and
`url(…)` name an element of the drawing (`#id`), an `<image>` shows a raster image
embedded as a `data:` URL, a link (`<a>`) leads to a web page. What CairoSVG cannot
draw is refused here, with its line, rather than left to fail in the build: an
`<image>` of a part of the drawing or of an SVG, a reference to nothing, a loop.
Its size, element count, nesting and the number of elements `<use>` copies would
draw are bounded before the renderer sees it. The stdlib expat parser gives each
finding a line; the converter (`bundle/drawings.py`) applies the same rules, so it is
safe even when called directly.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import TypeVar
from xml.parsers import expat

import tinycss2
from PIL import Image

from macros.check.drawable import decode_data_url, drawing_error
from macros.check.origins import css_references
from macros.check.svg_vocabulary import (
    ANIMATION,
    ATTRIBUTE_PREFIXES,
    ATTRIBUTES,
    EDITOR_NAMESPACES,
    ELEMENTS,
    HREF_ELEMENTS,
    PREFIXES,
    SVG_NAMESPACE,
)
from macros.i18n.catalogue import Text, as_text, text
from macros.limits import Limits, env_name, megabytes
from macros.problems import Problem, problem

MAX_FINDINGS = 10
"""A drawing with a thousand event handlers gets ten lines and a count, not a thousand."""
_REFUSED_ELEMENTS = {
    "script": "check.svg.script",
    "foreignObject": "check.svg.foreign_object",
    "iframe": "check.svg.iframe",
    "embed": "check.svg.embedded_object",
    "object": "check.svg.embedded_object",
    "handler": "check.svg.handler",
    "listener": "check.svg.listener",
}
"""Elements outside the allowlist that get a message of their own (naming the element)."""
_EDITOR_PREFIXES = frozenset(EDITOR_NAMESPACES.values())
_CSS_ATTRIBUTES = frozenset({"fill", "stroke", "filter", "clip-path", "mask", "marker",
                             "marker-start", "marker-mid", "marker-end", "font", "font-family"})
"""Presentation attributes whose value may hold `url(…)`."""
_RASTER_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}
"""What CairoSVG draws from an embedded image (through cairo or Pillow)."""
_LINK_SCHEMES = ("#", "http:", "https:", "mailto:")
_TEXT_CONTENT = frozenset({"tspan", "textPath"})
"""Elements CairoSVG can draw only inside a `<text>`."""
_WORDED = frozenset({"style", "title", "desc", "text", *_TEXT_CONTENT})
"""Elements whose character data is kept: the style sheet, and the words of the drawing."""
_NUMBERS = frozenset({"opacity", "fill-opacity", "stroke-opacity", "stop-opacity",
                      "flood-opacity"})
_NUMBER = re.compile(r"^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")
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
    """An element with its local name, namespace, attributes by qualified name
    (`xlink:href`, `inkscape:label`; `{uri}name` in an unknown namespace) and line."""

    name: str
    namespace: str
    attrs: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The element's name as written: `svg`, `inkscape:page`, `{urn:x}name`."""
        return _qualified(self.namespace, self.name)


def svg_problems(data: bytes, display_path: str, limits: Limits, trial: bool = True
                 ) -> list[Problem]:
    """Every finding about the drawing `data` as a problem of the file `display_path`
    (`trial`: see `svg_findings`)."""
    return [problem(display_path, f.line, f.field, f.text)
            for f in svg_findings(data, limits, trial)]


def not_drawable(data: bytes, display_path: str, error: str, limits: Limits) -> Problem:
    """The converter failed on a drawing that passed every rule: the problem `check`'s
    trial would have reported, at the `<svg>` element's line."""
    return problem(display_path, _rule_findings(data, limits)[1], "svg",
                   "check.svg.not_drawable", error=error[:200])


@dataclass(frozen=True)
class SvgText:
    """The words of one `<text>` element (spaces collapsed) and the line it starts on."""

    line: int
    words: str


@dataclass(frozen=True)
class SvgWords:
    """What a drawing says in words: its own `<title>` and `<desc>` ("" when absent) and
    each `<text>` element in document order."""

    title: str
    description: str
    texts: tuple[SvgText, ...]


def svg_words(data: bytes, limits: Limits) -> SvgWords:
    """The drawing's words, for its PDF's alternative text; none from a drawing that
    cannot be read (the conversion refuses it with the reason)."""
    try:
        root, _ = _Parser(limits).parse(data)
    except _Stop:
        return SvgWords("", "", ())

    def words(element: _Element) -> str:
        inner = " ".join(words(child) for child in element.children
                         if child.name in _TEXT_CONTENT or child.name == "a")
        return " ".join(f"{''.join(element.text)} {inner}".split())

    def first(name: str) -> str:
        return next((words(e) for e in root.children if e.name == name), "")

    texts = tuple(SvgText(e.line, found) for e in _walk(root)
                  if e.name == "text" and (found := words(e)))
    return SvgWords(first("title"), first("desc"), texts)


def svg_findings(data: bytes, limits: Limits, trial: bool = True) -> list[SvgFinding]:
    """Why the drawing `data` must not be published or rendered (nothing: it is fine).
    A drawing that passes every rule is drawn once (`trial`), unless the caller is
    about to draw it anyway and reports its failure itself (the converter)."""
    if len(data) > limits.bytes("svg_mb"):
        return [_finding(1, "", "check.svg.too_heavy", size=megabytes(len(data)),
                         limit=f"{limits.svg_mb:g}", variable=env_name("svg_mb"))]
    digest = hashlib.sha256(data).digest()
    passed = (digest, limits)
    if passed in _PASSED and (not trial or digest in _DRAWN):
        return []
    findings, root_line = _rule_findings(data, limits)
    if not findings:
        _keep(_PASSED, passed)
    if findings or not trial:
        return findings
    error = drawing_error(data)
    if error is None:
        _keep(_DRAWN, digest)
    return [] if error is None else [
        _finding(root_line, "svg", "check.svg.not_drawable", error=error)]


PASSED_KEPT = 10_000
_PASSED: set[tuple[bytes, Limits]] = set()
"""Drawings (by digest, with the limits) that passed the rules in this process: the
converter checks a drawing again before it draws it (safe when called directly), and a
build would otherwise read each drawing's XML three times, 9 ms each (a minute at a
thousand plans). Worker processes forked for the conversions inherit it."""
_DRAWN: set[bytes] = set()
"""Drawings (by digest) that CairoSVG drew in this process's trial: drawing does not
depend on the limits, and a preview server would otherwise draw every SVG under
`docs/` again at each rebuild (0.4 s with the toolkit's three)."""

K = TypeVar("K")


def _keep(seen: set[K], item: K) -> None:
    """Remember `item`, forgetting everything first once `PASSED_KEPT` are held."""
    if len(seen) >= PASSED_KEPT:
        seen.clear()
    seen.add(item)


def _rule_findings(data: bytes, limits: Limits) -> tuple[list[SvgFinding], int]:
    """What the rules find, and the line of the `<svg>` element."""
    try:
        root, findings = _Parser(limits).parse(data)
    except _Stop as stop:
        return [stop.finding], 1
    findings += _size_findings(root, limits)
    findings += _expansion_findings(root, limits)
    ids = {e.attrs["id"]: e for e in _walk(root) if "id" in e.attrs}
    stack = [(root, False)]
    while stack:
        element, in_text = stack.pop()
        found, go_on = _element_findings(element, limits, ids)
        if element.name in _TEXT_CONTENT and not in_text:
            found.append(_finding(element.line, element.name, "check.svg.text_outside",
                                  element=element.name))
        findings += found
        if go_on:
            inside = in_text or element.name in ("text", "a")  # CairoSVG draws `a` as text
            stack.extend((child, inside) for child in reversed(element.children))
    if len(findings) > MAX_FINDINGS:
        more = len(findings) - MAX_FINDINGS
        findings = [*findings[:MAX_FINDINGS],
                    _finding(findings[MAX_FINDINGS].line, "", "check.svg.more", count=more)]
    return findings, root.line


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
        finally:
            # The parser holds this object's handlers and this object holds the parser:
            # left as a cycle, the tree lives on until a full garbage collection, which a
            # build with a large heap seldom runs (~115 MB of trees at a thousand plans).
            del self.parser
        if self.root is None:  # pragma: no cover - expat refuses a document without one
            raise _Stop(1, "check.svg.no_root")
        if self.root.name != "svg" or self.root.namespace not in ("", SVG_NAMESPACE):
            raise _Stop(self.root.line, "check.svg.top_element", name=self.root.shown)
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
        namespace, local = _split(name)
        element = _Element(local, namespace,
                           {_qualified(*_split(k)): v for k, v in attrs.items()},
                           self._line())
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def _end(self, _name: str) -> None:
        self.stack.pop()

    def _text(self, text: str) -> None:
        if self.stack and self.stack[-1].name in _WORDED:
            self.stack[-1].text.append(text)


def _split(name: str) -> tuple[str, str]:
    """`http://www.w3.org/1999/xlink href` → (`http://www.w3.org/1999/xlink`, `href`)."""
    namespace, _, local = name.rpartition(" ")
    return namespace, local


def _qualified(namespace: str, local: str) -> str:
    """`xlink:href`, `inkscape:label`, `href`; `{urn:x}name` in an unknown namespace."""
    if not namespace or namespace == SVG_NAMESPACE:
        return local
    prefix = PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else f"{{{namespace}}}{local}"


def _href(element: _Element) -> str | None:
    return element.attrs.get("href", element.attrs.get("xlink:href"))


def _walk(root: _Element) -> list[_Element]:
    out, stack = [], [root]
    while stack:
        element = stack.pop()
        out.append(element)
        stack.extend(reversed(element.children))
    return out


def _element_findings(element: _Element, limits: Limits, ids: dict[str, _Element]
                      ) -> tuple[list[SvgFinding], bool]:
    """What is wrong with one element, and whether its content is to be checked too (a
    refused element is reported once, not once per descendant)."""
    found: list[SvgFinding] = []
    name, line = element.name, element.line

    def add(where: str, message: str | Text, **params: object) -> None:
        found.append(_finding(line, where, message, **params))

    if element.namespace in EDITOR_NAMESPACES:
        return found, True
    if element.namespace not in ("", SVG_NAMESPACE):
        add(element.shown, "check.svg.namespace", element=element.shown,
            namespace=element.namespace)
        return found, False
    if name not in ELEMENTS:
        key = _REFUSED_ELEMENTS.get(name, "check.svg.animation" if name in ANIMATION
                                    else "check.svg.element")
        add(name, key, element=name)
        return found, False
    for attr, value in element.attrs.items():
        for message in _attribute_findings(element, attr, value, limits, ids):
            add(f"{name}.{_plain_name(attr)}", message)
    if name == "style":
        css = "".join(element.text)
        for message in _css_findings(css, in_element=True):
            add(name, message)
    if name == "image" and not _href(element):
        add(name, "check.svg.image_empty")
    if name == "use" and not _href(element):
        add(name, "check.svg.use_empty")
    for prop, value in _declarations(element):
        for message in _value_findings(prop, value):
            add(f"{name}.{prop}", message)
    return found, True


def _declarations(element: _Element) -> list[tuple[str, str]]:
    """The element's properties as CairoSVG reads them: attributes, then `style`."""
    pairs = list(element.attrs.items())
    style = element.attrs.get("style", "")
    if ":" in style:
        for declaration in tinycss2.parse_declaration_list(style, skip_comments=True,
                                                           skip_whitespace=True):
            if declaration.type == "declaration":
                pairs.append((declaration.lower_name,
                              tinycss2.serialize(declaration.value).strip()))
    return pairs


def _value_findings(prop: str, value: str) -> list[Text]:
    """Values CairoSVG reads with `float()` or hands to cairo as they are: an opacity
    must be a plain number, a dash pattern non-negative and not all zero."""
    if prop in _NUMBERS and not _NUMBER.match(value) and value.strip() != "inherit":
        return [text("check.svg.number", attribute=prop, value=_shown(value))]
    if prop == "stroke-dasharray" and value.strip() not in ("none", "inherit", ""):
        matches = [_LENGTH.match(part) for part in re.split(r"[\s,]+", value.strip()) if part]
        numbers = [float(m.group(1)) for m in matches if m]
        if (len(numbers) < len(matches) or not any(numbers)
                or any(n < 0 or not math.isfinite(n) for n in numbers)):
            return [text("check.svg.dasharray", value=_shown(value))]
    return []


def _plain_name(attr: str) -> str:
    """`xlink:href` is reported as `href`, the name authors know."""
    return "href" if attr == "xlink:href" else attr


def _attribute_findings(element: _Element, attr: str, value: str, limits: Limits,
                        ids: dict[str, _Element]) -> list[Text]:
    """One attribute of an allowed SVG element: event handlers and script URLs first
    (their own messages), editors' metadata as it is, then the allowlist and the rules
    of what refers to something."""
    plain = _INVISIBLE.sub("", value).lower()
    if attr.lower().startswith("on"):
        return [text("check.svg.event_attribute", attribute=attr)]
    if "javascript:" in plain or "vbscript:" in plain:
        return [text("check.svg.script_url")]
    if ":" in attr and attr.split(":", 1)[0] in _EDITOR_PREFIXES:
        return []
    if attr not in ATTRIBUTES and not attr.startswith(ATTRIBUTE_PREFIXES):
        return [text("check.svg.attribute", attribute=attr, element=element.name)]
    if attr in ("href", "xlink:href"):
        return _href_findings(element, value, limits, ids)
    if attr == "style" or attr in _CSS_ATTRIBUTES:
        return _css_findings(value, in_element=attr == "style")
    return []


def _href_findings(element: _Element, value: str, limits: Limits,
                   ids: dict[str, _Element]) -> list[Text]:
    """An `href` leads to a web page (`<a>`), shows an embedded image (`<image>`), or
    names an element of this drawing (everything else)."""
    name, plain = element.name, _INVISIBLE.sub("", value).lower()
    if name not in HREF_ELEMENTS:
        return [text("check.svg.attribute", attribute="href", element=name)]
    if name == "a":
        return [] if plain.startswith(_LINK_SCHEMES) else [text("check.svg.link", link=value)]
    if name == "image":
        if plain.startswith("data:"):
            return _data_url_findings(value, limits)
        if plain.startswith("#"):
            return [text("check.svg.image_fragment", target=_shown(value))]
        return [_outside(value)]
    if not plain.startswith("#"):
        return [_outside(value)]
    if value.strip()[1:] not in ids and name != "use":  # `use`: see _expansion_findings
        return [text("check.svg.no_target", reference=value.strip())]
    return []


def _outside(target: str) -> Text:
    return text("check.svg.outside", target=_shown(target))


def _shown(target: str) -> str:
    return target if len(target) <= 60 else target[:57] + "…"


def _css_urls(attr: str, value: str) -> tuple[str, ...]:
    """The `url(…)` targets of an attribute that CSS reads (`style`, `fill`…)."""
    if (attr != "style" and attr not in _CSS_ATTRIBUTES) or "(" not in value:
        return ()
    return css_references(value).urls


def _css_findings(css: str, in_element: bool) -> list[Text]:
    """A style (a `<style>` element, a `style` attribute or a presentation attribute such
    as `fill`) may refer to elements of the drawing and to data: URLs, nothing else."""
    if in_element and "\\" in css:
        return [text("check.svg.css_escape")]
    if "(" not in css and "@" not in css and "\\" not in css:
        return []
    references = css_references(css)
    found = [text("check.svg.css_import")] if references.imported else []
    return found + [_outside(url) for url in references.urls
                    if not _INVISIBLE.sub("", url).lower().startswith(("#", "data:"))]


def _data_url_findings(url: str, limits: Limits) -> list[Text]:
    """An embedded image must decode as a raster image CairoSVG draws, of a size it can
    hold. Not an SVG: CairoSVG would parse it as a drawing of its own, which may fail or
    load more (it also does so for any image whose bytes hold `<svg`)."""
    try:
        media, payload = decode_data_url(url)
    except ValueError:
        return [text("check.svg.data_url")]
    if media == "image/svg+xml":
        return [text("check.svg.image_svg")]
    if not media.startswith("image/"):
        return [text("check.svg.not_image", media=media)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(payload)) as image:
                width, height = image.size
                kind = str(image.format)
                if width * height <= limits.image_megapixels * 1_000_000:
                    image.load()  # decodes within the limit: a broken image stops here
    except Image.DecompressionBombError:
        width = height = -1
        kind = "?"
    except (OSError, ValueError, SyntaxError, EOFError):
        return [text("check.svg.image_unreadable")]
    if width < 0 or width * height > limits.image_megapixels * 1_000_000:
        size = (text("check.svg.pixels", width=width, height=height) if width >= 0
                else text("check.svg.far_too_large"))
        return [text("check.svg.image_too_large", size=size,
                     limit=f"{limits.image_megapixels:g}",
                     variable=env_name("image_megapixels"))]
    if kind not in _RASTER_FORMATS:
        return [text("check.svg.image_format", format=kind)]
    if kind != "PNG" and b"<svg" in payload:
        return [text("check.svg.image_svg")]
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
            refs = [url.strip() for url in _css_urls(attr, value) if url.strip()[:1] == "#"]
            if (attr in ("href", "xlink:href") and element.name != "a"
                    and value.strip().startswith("#")):
                refs.append(value.strip())
            for ref in refs:
                target = ids.get(ref[1:])
                if target is None and element.name == "use":
                    found.append(_finding(element.line, f"{element.name}.{_plain_name(attr)}",
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
