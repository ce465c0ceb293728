"""Nothing leaves: what contributed content would make a visitor's browser fetch.

The site promises that no page asks another origin for anything (docs/vie-privee.md).
A link is followed only when the visitor clicks it; an image, a frame, a video, a
stylesheet or a font is fetched as soon as the page opens. So every embedded resource
of a build guide, a kit document or a hand-written page must be a file of the
repository, addressed by a path; `https:`, `//host/…` and every other scheme are
refused (`data:` too: the rule is "from the repository", and a data: URL is not a file
a reviewer sees).

What a page embeds is read from the HTML Python-Markdown makes of the text (with the
site's extensions), not from the Markdown source: the engine's own parser decides what
is an image, so odd spellings (reference images, titles, angle brackets, raw HTML,
attribute lists) cannot slip past a pattern. CSS (`style` attributes and elements) is
read with tinycss2, which decodes escapes as browsers do.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
import tinycss2

from macros.load.markdown import lines_with_fences

SITE_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "pymdownx.details",
                   "pymdownx.superfences", "toc")
"""The Markdown extensions of mkdocs.yml (a test keeps the two in step)."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_STRIPPED = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13" \
    "\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
_MAY_EMBED = re.compile(r"!\[|<|\{")
"""Without one of these, Python-Markdown makes no image, tag or attribute of a text."""
_URL_ATTRIBUTES = frozenset({"src", "poster", "background", "data", "href", "xlink:href",
                             "lowsrc", "dynsrc", "codebase", "archive", "manifest", "icon"})
_NOT_FETCHED = {("a", "href"), ("a", "xlink:href"), ("area", "href")}
"""Followed only on a click: links stay links."""
_LISTS = frozenset({"srcset", "imagesrcset", "archive"})
_IMAGE_SET = frozenset({"image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade"})


def normalise_url(url: str) -> str:
    """`url` as a browser's URL parser reads it: outer spaces and control characters
    dropped, tabs and newlines removed inside, `\\` read as `/` (so `/\\host/x.png`
    is `//host/x.png`, another origin)."""
    trimmed = url.strip(_STRIPPED)
    return re.sub(r"[\t\n\r]", "", trimmed).replace("\\", "/")


def is_remote(url: str) -> bool:
    """Whether the browser would fetch `url` from somewhere other than the site: any
    scheme (`https:`, `data:`, `file:`…) or a protocol-relative `//host/…`."""
    plain = normalise_url(url)
    return plain.startswith("//") or bool(_SCHEME.match(plain))


def url_scheme(url: str) -> str | None:
    """`https` for `https://…`, None for a path."""
    match = _SCHEME.match(normalise_url(url))
    return match.group(0)[:-1].lower() if match else None


@dataclass(frozen=True)
class CssReferences:
    """What a piece of CSS asks for: the targets of `url()` and of strings that name
    files (`urls`), and the stylesheets `@import` loads (`imported`, `@import` alone
    when its target cannot be read)."""

    urls: tuple[str, ...]
    imported: tuple[str, ...]


def css_references(css: str) -> CssReferences:
    """Every address `css` (a stylesheet, a declaration list or one value) refers to,
    escapes decoded (`\\75 rl(` is `url(`)."""
    urls: list[str] = []
    imported: list[str] = []
    nodes = list(tinycss2.parse_component_value_list(css, skip_comments=True))
    after_import = False
    while nodes:
        node = nodes.pop(0)
        kind = getattr(node, "type", "")
        if kind == "whitespace":
            continue
        found = ([str(node.value)] if after_import and kind == "string"
                 else _addresses(node, nodes))
        if after_import:
            imported += found or ["@import"]
        else:
            urls += found
        after_import = kind == "at-keyword" and node.lower_value == "import"
    if after_import:
        imported.append("@import")
    return CssReferences(tuple(urls), tuple(imported))


def _addresses(node: Any, pending: list[Any]) -> list[str]:
    """The addresses `node` itself holds; the nodes inside it go to `pending`."""
    kind = node.type
    if kind == "url":
        return [str(node.value)]
    if kind == "function":
        name = node.lower_name
        if name in ("url", "src") or name in _IMAGE_SET:
            pending[:0] = [arg for arg in node.arguments if arg.type != "string"]
            return [str(arg.value) for arg in node.arguments if arg.type == "string"]
        pending[:0] = list(node.arguments)
    elif kind in ("() block", "[] block", "{} block"):
        pending[:0] = list(node.content)
    elif kind == "string" and _names_a_file(node.value):
        return [str(node.value)]
    return []


def _names_a_file(value: str) -> bool:
    """A CSS string that is itself an address (`@import "…"`, `image-set("…")` are
    caught by their context; this catches the rest that a browser could fetch)."""
    plain = normalise_url(value).lower()
    return plain.startswith(("//", "http:", "https:", "ftp:", "file:"))


@dataclass(frozen=True)
class Embedded:
    """One resource a page would fetch by itself: where (`img.src`) and the address."""

    where: str
    url: str


class _Fetched(HTMLParser):
    """Every address an HTML fragment makes the browser fetch by itself: attributes
    of elements (links excepted), `srcset` lists, `<link>`, `<meta http-equiv=refresh>`,
    inline CSS, and the HTML of an `<iframe srcdoc>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Embedded] = []
        self._style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            where = f"{tag}.{name}"
            if name in _LISTS:
                self.found += [Embedded(where, url) for url in _candidates(value)]
            elif name in _URL_ATTRIBUTES and (tag, name) not in _NOT_FETCHED:
                self.found.append(Embedded(where, value))
            elif name == "style":
                references = css_references(value)
                self.found += [Embedded(where, url)
                               for url in (*references.urls, *references.imported)]
            elif name == "srcdoc":
                self.found += [Embedded(where, e.url) for e in fetched_by_html(value)]
            elif name == "content" and tag == "meta":
                refresh = re.search(r"url\s*=\s*['\"]?([^'\"]*)", value, re.IGNORECASE)
                if refresh:
                    self.found.append(Embedded(where, refresh.group(1)))
        if tag == "style":
            self._style = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style is not None:
            references = css_references("".join(self._style))
            self.found += [Embedded("style", url)
                           for url in (*references.urls, *references.imported)]
            self._style = None


def _candidates(value: str) -> list[str]:
    """The addresses of a `srcset` (each candidate is an address, then its width or
    density) or of an `archive` list."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def fetched_by_html(fragment: str) -> list[Embedded]:
    """What the HTML `fragment` makes a browser fetch, in the order written."""
    parser = _Fetched()
    parser.feed(fragment)
    parser.close()
    if parser._style is not None:  # an unclosed <style> still applies
        parser.handle_endtag("style")
    return parser.found


@functools.cache
def _engine() -> markdown.Markdown:
    """One Python-Markdown with the site's extensions (made once: loading them costs
    more than converting a guide)."""
    return markdown.Markdown(extensions=list(SITE_EXTENSIONS))


def fetched_by_markdown(text: str) -> list[Embedded]:
    """What the page made of the Markdown `text` would fetch by itself."""
    if not _MAY_EMBED.search(text):
        return []
    engine = _engine()
    engine.reset()
    return fetched_by_html(engine.convert(text))


def remote(found: Iterable[Embedded]) -> list[Embedded]:
    """The resources among `found` that do not come from the site."""
    return [item for item in found if item.url == "@import" or is_remote(item.url)]


def line_of(url: str, text: str, first_line: int = 1) -> int:
    """The line of `text` that most likely wrote `url`: one that also starts an image or
    a tag or defines a reference, else any line naming it outside code, else the first
    line that could embed anything."""
    lines = [("" if is_code else line) for line, is_code in lines_with_fences(text)]
    needles = [n for n in (url, html.escape(url), html.escape(url, quote=False), url.strip())
               if n]
    candidates = [i for i, line in enumerate(lines) if any(n in line for n in needles)]
    preferred = [i for i in candidates if re.search(r"!\[|<|\]:|\{", lines[i])]
    fallback = [i for i, line in enumerate(lines) if _MAY_EMBED.search(line)]
    chosen = (preferred or candidates or fallback or [0])[0]
    return first_line + chosen
