"""Internal link and anchor check of a built site, on the rendered HTML.

MkDocs' own `validation:` settings see the Markdown links; this sees what visitors
get: links written by templates, macros and generated pages too. Plain Python with
the standard library's HTML parser, so it checks the output of any engine.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from macros.built.references import srcset_urls
from macros.i18n.catalogue import REPORT_LANGUAGE, Text, text

LINK_ATTRIBUTES = {"href", "src", "poster"}
"""Attributes that point to another resource (`srcset` is split separately)."""


@dataclass(frozen=True)
class BrokenLink:
    page: str
    link: str
    text: Text

    @property
    def problem(self) -> str:
        """What is wrong, in English."""
        return str(self.text)

    def format(self, lang: str = REPORT_LANGUAGE) -> str:
        return f"{self.page}: {self.link}: {self.text.in_language(lang)}"


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    """Gathers the ids a page offers and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.page.ids.add(value)
            elif name in LINK_ATTRIBUTES or (name == "data" and tag == "object"):
                self.page.links.append(value.strip())
            elif name == "srcset":
                self.page.links.extend(srcset_urls(value))

    handle_startendtag = handle_starttag


def _url_dir(relative_file: str) -> str:
    """The URL folder of an HTML file: `plans/index.html` is served as `plans/`."""
    return posixpath.dirname(relative_file)


class SiteChecker:
    """Checks every internal link of the HTML files under `site_dir`.

    `site_url` is the address the site is published at: links that start with it, or
    with its path (`/reproduce-kit/…`), are internal; other absolute URLs are external
    and are not followed.
    """

    def __init__(self, site_dir: Path, site_url: str = "/") -> None:
        self.site_dir = site_dir
        parts = urlsplit(site_url)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self.base_path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
        self.pages: dict[str, _Page] = {}

    def _parse(self, relative: str) -> _Page:
        page = self.pages.get(relative)
        if page is None:
            collector = _Collector()
            text = (self.site_dir / relative).read_text(encoding="utf-8", errors="replace")
            collector.feed(text)
            collector.close()
            page = self.pages[relative] = collector.page
        return page

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.site_dir).as_posix()
                      for p in self.site_dir.rglob("*.html") if p.is_file())

    def check(self) -> list[BrokenLink]:
        broken: list[BrokenLink] = []
        for relative in self.html_files():
            for link in self._parse(relative).links:
                problem = self._problem(relative, link)
                if problem:
                    broken.append(BrokenLink(relative, link, problem))
        return broken

    def _problem(self, relative: str, link: str) -> Text | None:
        if self.origin and link.startswith(self.origin + "/"):
            link = link[len(self.origin):]
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            return None  # external (http, https, mailto, data…): not ours to check
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        if path.startswith("/"):
            if not (path + "/").startswith(self.base_path):
                return text("check.link.outside_base", base=self.base_path)
            target = path[len(self.base_path):]
        elif not path:
            target = relative  # `#id` or `?query`: this very page
        else:
            target = posixpath.join(_url_dir(relative), path)
        normal = posixpath.normpath(target) if target else "."
        if normal == ".." or normal.startswith("../"):
            return text("check.link.outside_site")
        resolved = self._resolve(normal, wants_folder=path.endswith("/"))
        if resolved is None:
            return text("check.link.no_file")
        if fragment and resolved.endswith(".html") and fragment not in self._parse(resolved).ids:
            return text("check.link.no_anchor", id=fragment, page=resolved)
        return None

    def _resolve(self, normal: str, wants_folder: bool) -> str | None:
        """The file a server would answer with, relative to the site, or None."""
        candidate = "" if normal == "." else normal
        full = self.site_dir / candidate
        if not wants_folder and full.is_file():
            return candidate
        if full.is_dir() and (full / "index.html").is_file():
            return posixpath.join(candidate, "index.html") if candidate else "index.html"
        return None


def check_site(site_dir: Path, site_url: str = "/") -> list[BrokenLink]:
    """Every broken internal link or anchor of the built site, sorted by page."""
    return SiteChecker(site_dir, site_url).check()


_SITE_URL = re.compile(r"^site_url:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def configured_site_url(config_file: Path) -> str:
    """`site_url` of mkdocs.yml, read as text: the file may hold tags that only the
    engine can load, and this module must not import it. "/" when absent."""
    try:
        match = _SITE_URL.search(config_file.read_text(encoding="utf-8"))
    except OSError:
        return "/"
    return match.group(1) if match else "/"
