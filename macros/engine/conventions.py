"""What Material for MkDocs and mkdocs-static-i18n expect, from engine-neutral results.

The core stages pages as `PageContent` per language, by their path in that language's
tree; this module names the files (the i18n plugin's `.nl.md` suffixes, or one folder
per language for an engine without it), writes the front matter the theme reads
(`title`, `description`, `hide`), and handles the theme's search index. Zensical reads
the same front matter, so `reproduce stage` writes its trees with these functions too.
No engine is imported here.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from macros.addresses import SEARCH_FOLDER, hreflang_links, language_of_url, language_prefix
from macros.cache import files_digest
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES, translated_name
from macros.render.pages import PageContent
from macros.stage.tree import PageKey, Staging, language_versions, page_address

SEARCH_INDEX = Path(SEARCH_FOLDER) / "search_index.json"
"""Where Material's search plugin writes the index of a build."""
OFFLINE_SEARCH_SCRIPT = f"{SEARCH_FOLDER}/search_index.js"
"""What Material's offline plugin loads over `file://` instead of the JSON index."""


def front_matter(fields: Mapping[str, Any]) -> str:
    """A YAML block written by the YAML library, so no value can break out of it."""
    if not fields:
        return ""
    return "---\n" + yaml.safe_dump(dict(fields), allow_unicode=True, sort_keys=False) \
        + "---\n\n"


def page_markdown(page: PageContent) -> str:
    """The page as Material reads it: its fields as front matter, then the body. A wide
    page hides the navigation sidebar (plan pages: the BOM table needs the width)."""
    fields: dict[str, Any] = dict(page.meta)
    if page.title is not None:
        fields["title"] = page.title
    if page.description is not None:
        fields["description"] = page.description
    if page.wide:
        hidden = [item for item in fields.get("hide", []) if item != "navigation"]
        fields["hide"] = ["navigation", *hidden]
    return front_matter(fields) + page.body


def suffix_name(lang: str, path: str) -> str:
    """mkdocs-static-i18n's `suffix` structure: `plans/x/index.md` in Dutch is
    `plans/x/index.nl.md`; French keeps the name."""
    return translated_name(path, lang) if path.endswith(".md") else path


@dataclass
class SuffixedPages:
    """What `suffixed_files` leaves of the pages it wrote: the repository file each
    generated page is edited in and each page's `PageKey`, by file name, and a digest
    of every file."""

    sources: dict[str, str] = field(default_factory=dict)
    keys: dict[str, PageKey] = field(default_factory=dict)
    _digests: dict[str, bytes] = field(default_factory=dict)

    def digest(self) -> str:
        """A digest of every file written, by name and SHA-256 (in name order)."""
        return files_digest(self._digests)

    def note(self, name: str, data: bytes) -> tuple[str, bytes]:
        self._digests[name] = hashlib.sha256(data).digest()
        return name, data


def page_file(page: PageContent) -> bytes:
    """The staged file of a page: its Markdown, in UTF-8."""
    return page_markdown(page).encode("utf-8")


def suffixed_files(staging: Staging, written: SuffixedPages,
                   page_bytes: Callable[[PageContent], bytes] = page_file,
                   ) -> Iterator[tuple[str, bytes]]:
    """The docs tree for mkdocs-static-i18n, file by file (name, bytes), each page
    rendered as it is asked for and forgotten once written; what is kept of them goes
    into `written`. `page_bytes` writes a page, by default `page_file`."""
    for name, data in staging.shared().items():
        yield written.note(name, data)
    for key, page in staging.pages():
        name = suffix_name(key.lang, key.path)
        written.keys[name] = key
        if page.source:
            written.sources[name] = page.source
        yield written.note(name, page_bytes(page))


Alternates = tuple[tuple[str, str], ...]
"""A page's `(hreflang, absolute address)` pairs, for `<link rel="alternate">`."""


def alternate_links(keys: Mapping[str, PageKey], site_url: str, directory_urls: bool = True,
                    ) -> dict[str, Alternates]:
    """The hreflang alternates the theme writes in each page's head, by the file name
    mkdocs-static-i18n reads (as `suffixed_files` names it): the page in each language
    it is written in, then `x-default`."""
    versions = language_versions(keys.values())
    links = {path: hreflang_links(site_url, page_address(path, directory_urls), langs)
             for path, langs in versions.items()}
    return {name: links.get(key.path, ()) for name, key in keys.items()}


def address_files(staging: Staging, languages: tuple[str, ...] = LANGUAGES
                  ) -> Iterator[tuple[str, bytes]]:
    """The docs tree laid out like the site's addresses, file by file, for an engine
    that builds one language per site or has no i18n plugin: French at the root,
    `nl/…`, `en/…`."""
    yield from staging.shared().items()
    for key, page in staging.pages():
        if key.lang in languages:
            yield language_prefix(key.lang) + key.path, page_file(page)


def split_search_index(site_dir: Path) -> bool:
    """Rewrite the built site's one multilingual index as one file per language
    (`search_index.json` for French, `search_index.nl.json` …), each with its own
    stemming; False when the build wrote no index."""
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    per_language: dict[str, list[Any]] = {lang: [] for lang in LANGUAGES}
    for doc in data.get("docs", []):
        per_language[language_of_url(str(doc.get("location", "")))].append(doc)
    config = data.get("config", {})
    for lang, docs in per_language.items():
        part = {"config": {**config, "lang": [lang]}, "docs": docs}
        (site_dir / search_index_name(lang)).write_text(
            json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


FULL_SEARCH_INDEX = Path(SEARCH_FOLDER) / "full_index.json"
"""The offline build's index of every page, kept between its incremental builds."""


def _page_of(location: str) -> str:
    return location.split("#", 1)[0] or "index.html"


def merge_search_index(site_dir: Path) -> bool:
    """Complete the index an incremental (`--dirty`) build wrote, which holds the pages
    it rebuilt only, with the entries of the other pages from the previous build, for
    the pages that are still there, in the previous build's order (the order a full
    build gives); False when the build wrote no index."""
    path, full = site_dir / SEARCH_INDEX, site_dir / FULL_SEARCH_INDEX
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    if full.is_file():
        previous = json.loads(full.read_text(encoding="utf-8")).get("docs", [])
        data["docs"] = _merged(_by_page(data.get("docs", [])), previous, site_dir)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    full.write_text(text, encoding="utf-8")
    return True


def _by_page(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The entries of each page, once each: a `--dirty` build of several languages lists
    a rebuilt page again in each further language's pass."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        entries = pages.setdefault(_page_of(str(doc.get("location", ""))), [])
        if doc not in entries:
            entries.append(doc)
    return pages


def _merged(rebuilt: dict[str, list[dict[str, Any]]], previous: list[dict[str, Any]],
            site_dir: Path) -> list[dict[str, Any]]:
    """The previous entries, each rebuilt page's replaced by its new ones where it was;
    pages new to the index last."""
    docs: list[dict[str, Any]] = []
    placed: set[str] = set()
    for doc in previous:
        page = _page_of(str(doc.get("location", "")))
        if page in rebuilt:
            if page not in placed:
                docs += rebuilt[page]
                placed.add(page)
        elif (site_dir / page).is_file():
            docs.append(doc)
    return docs + [doc for page, entries in rebuilt.items() if page not in placed
                   for doc in entries]


def search_index_name(lang: str) -> Path:
    """`search/search_index.json` for French, `search/search_index.nl.json` otherwise."""
    return SEARCH_INDEX if lang == DEFAULT_LANGUAGE else \
        SEARCH_INDEX.with_name(f"search_index.{lang}.json")


def offline_search_members(offline_site: Path, lang: str) -> dict[str, bytes]:
    """The search index of one language as the script Material's offline plugin loads."""
    index_file = offline_site / search_index_name(lang)
    if not index_file.is_file():
        return {}
    script = "var __index = " + index_file.read_text(encoding="utf-8")
    return {OFFLINE_SEARCH_SCRIPT: script.encode("utf-8")}


_HTML_LANG = re.compile(r"<html\b[^>]*>")
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def printed_part(page_html: str) -> str:
    """What of a page built by Material its print stylesheet prints: the `<html>` tag
    (its language), the title and the article; the header, navigation, sidebars and
    footer are hidden in print."""
    parts = [found.group(0) for pattern in (_HTML_LANG, _TITLE, _ARTICLE)
             if (found := pattern.search(page_html))]
    return "\n".join(parts) if len(parts) == 3 else page_html


SEARCH_ROOT = "article.md-content__inner"
"""The part of a page built by Material that holds its text, for the search index."""
SEARCH_EXCLUDED = (".headerlink, .md-content__button, .rk-page-pdf, .rk-checksum, .rk-verify, "
                   ".rk-num, .rk-size, .rk-drawing-links, .rk-where, .rk-where-next, "
                   ".rk-where-add")
"""Inside it, what is not text to find: permalinks, the edit button, the PDF link, and
what nobody types into a search box but would make every plan's index larger: the
bundle's SHA-256, size and how to check it, the BOM's quantities and prices, the formats
and sizes of each drawing. The places ranked under "where to build" are left out too:
the same names and sentences on every plan page, where a search for a place should lead
to its own page. Part names, suppliers and reuse notes stay."""
