"""The docs tree the site engine builds, engine-neutral: every page in every language,
and the files all languages share.

Hand-written pages come from `docs/` (`name.md` in French, `name.nl.md` …); plan and
kit pages are generated; a page without a translation is the French text under a
notice, so every page exists in every language and the language switcher always lands
on the same page. Pages are keyed by their path in their language's tree
(`plans/x/index.md`), with their title, description and source as fields, not as
an engine's front matter or file names: `macros/engine/conventions.py` turns the tree
into what an engine reads. Downloads are not part of it (see `bundle/`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from macros.addresses import kit_url, page_url, plan_url
from macros.bundle.site_downloads import SiteDownloads
from macros.i18n.catalogue import MessageError
from macros.load.frontmatter import split_front_matter
from macros.load.source import LoadFailure, decode
from macros.model.site import Site
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES, language_of_name, translated_name
from macros.render.context import RenderContext
from macros.render.notices import fallback_notice
from macros.render.pages import PageContent, kit_page_content, plan_page_content
from macros.stage.remembered import PageMemo
from macros.stage.templates import TEMPLATE_KEY, Fragment, expand

DOCS_DIR = "docs"


class StageConflict(MessageError):
    """A hand-written page cannot be staged: it sits where a generated page must go, or
    its front matter or its template does not read."""


@dataclass(frozen=True)
class StagedTree:
    """`pages[lang][path]`: every page, by its path in that language's tree; `shared`:
    every other file of `docs/` (stylesheets, scripts, images), by its path."""

    pages: dict[str, dict[str, PageContent]] = field(default_factory=dict)
    shared: dict[str, bytes] = field(default_factory=dict)


def page_address(path: str, directory_urls: bool = True) -> str:
    """The address of the page at `path` in its language's tree: `index.md` → ``,
    `about.md` → `about/` (`about.html` without directory URLs)."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        folder = stem.removesuffix("index")
        return folder if directory_urls else f"{folder}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


@dataclass(frozen=True)
class PageKey:
    """What is known of a staged page once its text is written: where it is, and
    whether it only stands in for a translation."""

    lang: str
    path: str
    stands_in: bool


StagedPage = tuple[PageKey, PageContent]


@dataclass(frozen=True)
class Staging:
    """The site's pages to stage, rendered one at a time as they are asked for: at a
    thousand plans their text is ~280 MB as Python strings, so an engine writes each
    one out and keeps only its `PageKey`. Links to downloads lead to `downloads_online`
    when given (the offline copy), to the files every site version shares under
    `shared_root` when given; generated pages whose inputs are unchanged come from
    `remembered`."""

    site: Site
    docs_dir: Path
    downloads: SiteDownloads
    directory_urls: bool = True
    pdf_links: bool = False
    languages: tuple[str, ...] = LANGUAGES
    downloads_online: str | None = None
    shared_root: str | None = None
    remembered: PageMemo | None = None

    def pages(self) -> Iterator[StagedPage]:
        """Every page in each language, hand-written pages first; `StageConflict` when
        two pages would sit at one path."""
        seen: set[tuple[str, str]] = set()

        def staged(lang: str, path: str, page: PageContent) -> StagedPage:
            if (lang, path) in seen:
                raise StageConflict("check.stage_conflict", path=f"{DOCS_DIR}/{path}")
            seen.add((lang, path))
            return PageKey(lang, path, page.stands_in), page

        remembered = self.remembered
        for lang, path, written_in, source, raw in _hand_written(self.docs_dir, self.wanted):
            ctx = self._context(lang, page_address(path, self.directory_urls))
            fallback = written_in != lang
            make = functools.partial(_hand_written_page, raw, source, fallback, ctx,
                                     functools.partial(remembered.fragment, ctx)
                                     if remembered else None)
            yield staged(lang, path, remembered.hand_written_page(ctx, raw, source, fallback, make)
                         if remembered else make())
        for lang in self.wanted:
            for entry in self.site.plans:
                ctx = self._context(lang, plan_url(entry.id))
                make = functools.partial(plan_page_content, ctx, entry)
                yield staged(lang, f"{plan_url(entry.id)}index.md",
                             remembered.plan_page(ctx, entry, make) if remembered else make())
            for doc in self.site.kit:
                ctx = self._context(lang, kit_url(doc.slug))
                make = functools.partial(kit_page_content, ctx, doc)
                yield staged(lang, f"{kit_url(doc.slug)}index.md",
                             remembered.kit_page(ctx, doc, make) if remembered else make())

    def shared(self) -> dict[str, bytes]:
        """Every other file of `docs/` (stylesheets, scripts, images) and the images the
        guides and kit documents show, by path."""
        files: dict[str, bytes] = {}
        if self.docs_dir.is_dir():
            for found in sorted(self.docs_dir.rglob("*")):
                if found.is_file() and found.suffix != ".md":
                    files[found.relative_to(self.docs_dir).as_posix()] = found.read_bytes()
        files.update(shown_images(self.site))
        return files

    def tree(self) -> StagedTree:
        """Every page and shared file at once, for a caller that needs them together."""
        tree = StagedTree({lang: {} for lang in self.wanted}, self.shared())
        for key, page in self.pages():
            tree.pages[key.lang][key.path] = page
        return tree

    @functools.cached_property
    def wanted(self) -> tuple[str, ...]:
        """`languages` in the site's order (asked for by every page's context)."""
        return tuple(lang for lang in LANGUAGES if lang in set(self.languages))

    def _context(self, lang: str, address: str) -> RenderContext:
        return RenderContext(self.site, lang, page_url(lang, address), self.downloads,
                             self.directory_urls, self.pdf_links, self.wanted,
                             self.downloads_online, self.shared_root)


def stage_tree(site: Site, docs_dir: Path, downloads: SiteDownloads, *,
               directory_urls: bool = True, pdf_links: bool = False,
               languages: Iterable[str] = LANGUAGES,
               downloads_online: str | None = None,
               shared_root: str | None = None,
               remembered: PageMemo | None = None) -> StagedTree:
    """Every page of the site in each of `languages`, and the shared files, at once
    (see `Staging`)."""
    return Staging(site, docs_dir, downloads, directory_urls, pdf_links, tuple(languages),
                   downloads_online, shared_root, remembered).tree()


def language_versions(keys: Iterable[PageKey]) -> dict[str, tuple[str, ...]]:
    """The languages each page is written in, by its path: every staged language but
    those it only stands in for (the French text under the fallback notice)."""
    versions: dict[str, list[str]] = {}
    for key in keys:
        if not key.stands_in:
            versions.setdefault(key.path, []).append(key.lang)
    return {path: tuple(langs) for path, langs in versions.items()}


def shown_images(site: Site) -> dict[str, bytes]:
    """The images the plans' guides and the kit documents show (checked by `check`), at
    the address their relative links lead to from the page: `photo.jpg` in
    `plans/<id>/` is published as `plans/<id>/photo.jpg`, and in the folder of
    `kit/fiches/x.md` as `kit/fiches/x/photo.jpg`."""
    shown: dict[str, bytes] = {}
    for entry in site.plans:
        for image in entry.images:
            shown[plan_url(entry.id) + image] = (entry.folder / image).read_bytes()
    for doc in site.kit:
        for image in doc.images:
            shown[kit_url(doc.slug) + image] = (doc.path.parent / image).read_bytes()
    return shown


def _hand_written(docs_dir: Path, languages: Sequence[str]
                  ) -> Iterable[tuple[str, str, str, str, str]]:
    """`(lang, path, language written in, source, text)` of every hand-written page in
    every language: its translation where there is one, else the French original."""
    if not docs_dir.is_dir():
        return
    names = {p.relative_to(docs_dir).as_posix(): p for p in sorted(docs_dir.rglob("*.md"))
             if p.is_file()}
    for name in names:
        if language_of_name(name) != DEFAULT_LANGUAGE:
            continue
        for lang in languages:
            sibling = translated_name(name, lang)
            translated = sibling if sibling in names else name
            written_in = language_of_name(translated)
            source = f"{DOCS_DIR}/{translated}"
            raw = decode(names[translated].read_bytes(), source)
            yield lang, name, written_in, source, raw


def _hand_written_page(raw: str, source: str, fallback: bool, ctx: RenderContext,
                       fragment: Fragment | None = None) -> PageContent:
    """A page of `docs/`: its front matter kept as the author wrote it, its template
    expanded when it asks for it, and the fallback notice when it stands in for a
    translation."""
    meta: dict[str, object] = {}
    body, first_line = raw, 1
    if raw.startswith("---"):
        try:
            document = split_front_matter(raw, source)
        except LoadFailure as failure:
            raise StageConflict(failure.problem.text()) from None
        meta = dict(document.meta.data)
        body, first_line = document.body, document.body_first_line
    if meta.pop(TEMPLATE_KEY, False) is True:
        body = expand(body, ctx, source, first_line, fragment)
    if fallback:
        body = with_notice(body, fallback_notice(ctx.t))
    return PageContent(body=body, meta=meta, source=source, stands_in=fallback)


def with_notice(markdown: str, notice: str) -> str:
    """`markdown` with `notice` after its first-level heading (or at the top)."""
    lines = markdown.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines) and lines[index].startswith("# "):
        index += 1
    return "\n".join([*lines[:index], "", notice, "", *lines[index:]])
