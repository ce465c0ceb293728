"""The `reproduce` MkDocs plugin: the module that drives MkDocs (with
`offline_build.py`, the second build that makes the offline copies).

It asks the engine-neutral core to prepare the build (load, check, downloads, staged
tree), points MkDocs at the staged tree written the way mkdocs-static-i18n reads it,
and finishes the built site (downloads, Pagefind's search index, page PDFs, offline
copies, the published size). All state lives on the plugin object and is reset for
each build; the i18n plugin reruns `on_config` and `on_post_build` for each further
language with the same config object, so the content is prepared once per build.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import logging
import os
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from macros.addresses import DEFAULT_REPO_URL, DEFAULT_SITE_URL
from macros.build.aside import BuildAside
from macros.build.finish import pages_to_print, published_files
from macros.build.options import BuildOptions, InvalidOption, with_environment
from macros.build.prepare import prepare
from macros.built.compact_html import compact_html
from macros.built.offline import newest_content_date
from macros.built.page_pdfs import PdfUnavailable, chromium, page_pdfs, pdf_enabled
from macros.built.site_search import (
    LANGUAGE_INDEX,
    SITE_INDEX,
    SearchIndexFailed,
    SearchIndexing,
)
from macros.built.site_size import (
    PAGES_BRANCH,
    PAGES_FILE_LIMIT,
    size_advice,
    size_report,
)
from macros.bundle.plan_bundle import Download, DownloadLost
from macros.bundle.settings import PublishSettings, source_date_from_env
from macros.bundle.site_downloads import DownloadFiles, SiteDownloads
from macros.bundle.writer import write_files
from macros.cache import Memo, cache_dir, objects_cache
from macros.cache_pruning import mark_build
from macros.engine.config import ReproduceConfig, option_values
from macros.engine.conventions import (
    SEARCH_EXCLUDED,
    SEARCH_ROOT,
    Alternates,
    SuffixedPages,
    alternate_links,
    merge_search_index,
    page_file,
    printed_part,
    split_search_index,
    suffixed_files,
)
from macros.engine.offline_build import (
    OFFLINE_ENV,
    SHIM,
    IncrementalOfflineBuild,
    offline_copies,
    page_frame,
    write_archives,
)
from macros.engine.preview_watch import chosen_watcher, watch_content
from macros.engine.template_cache import TemplateCache
from macros.i18n.catalogue import MessageError, report_language, text
from macros.limits import megabytes
from macros.model.site import Site
from macros.model.text import DEFAULT_LANGUAGE
from macros.problems import Severity
from macros.render.pages import PageContent
from macros.session_cache import Changes, SessionCache
from macros.stage.sync import StagedFiles, sync_tree

log = logging.getLogger("mkdocs.plugins.reproduce")

SEARCH_FLAG = "rk_search"
"""`extra` key the theme overrides read: `pagefind` puts the site's own search in the
header (overrides/partials/rk-search.html) instead of the theme's."""
ALTERNATES_KEY = "rk_alternates"
"""Template variable: the page's `(hreflang, absolute address)` pairs."""
PROGRESS_FROM = 25
"""Bundling this many plans takes more than a moment: say how far it got."""
Command = Literal["build", "gh-deploy", "serve"]


class _WarningCounter(logging.Handler):
    """Counts the warnings MkDocs will abort a strict build for, to know at the end of
    the build whether the new site will be kept."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class _Build:
    """What one build (all its languages) knows, from `on_config` to `on_post_build`."""

    config: MkDocsConfig
    options: BuildOptions
    settings: PublishSettings
    site: Site
    downloads: SiteDownloads
    root: Path
    pdf: bool
    sources: dict[str, str] = field(default_factory=dict)
    staged_digest: bytes = b""
    """What the engine builds the pages from (for the search index's cache key)."""
    alternates: dict[str, Alternates] = field(default_factory=dict)
    """Each page's hreflang alternates, by its staged file (none in the offline copy)."""
    aside: BuildAside | None = None
    warnings: _WarningCounter | None = None
    finished: bool = False
    search: SearchIndexing | None = None
    """The search index, made language by language as the i18n plugin builds them."""
    offline: Future[DownloadFiles] | None = None
    """The offline copies, built from the staged pages in a process of their own while
    this build renders its pages."""


def _write_kept(current: _Build, files: DownloadFiles, folder: Path) -> None:
    """Write files kept outside memory (in the cache, or a plan's own files), each read
    again as it is written; one lost or changed meanwhile stops the build with what to
    do."""
    try:
        write_files(files, folder)
    except DownloadLost as lost:
        message = text("build.download_lost", path=lost.path, cache=cache_dir(current.root)) \
            if lost.source is None else text("build.source_changed", path=_shown(lost.source,
                                                                                  current.root))
        raise PluginError(message.in_language(report_language())) from None


def _shown(path: Path, root: Path) -> str:
    """A file of the repository by its path in it, as contributors name it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


class ReproducePlugin(BasePlugin[ReproduceConfig]):  # type: ignore[no-untyped-call]
    """Checks and stages the content before MkDocs builds, and finishes the site after."""

    def __init__(self) -> None:
        self.command: str = "build"
        self.dirty = False
        self.build: _Build | None = None
        self.session: SessionCache | None = None
        """Kept by the preview server from one rebuild to the next (MkDocs keeps a
        plugin with `on_startup` for the whole `serve`); None for a build."""
        self.changes: Changes | None = None
        """What the preview server's watcher saw change in the content (see `on_serve`)."""
        self.templates = TemplateCache()
        """Theme templates compiled by earlier rebuilds of the preview (see `on_env`)."""
        self.staged = StagedFiles()
        """What the last rebuild of the preview staged (see `sync_tree`)."""
        self.written: dict[str, Download] = {}
        """The files `--dirty` rebuilds of the preview wrote into its site folder."""

    def on_startup(self, *, command: Command, dirty: bool) -> None:
        """MkDocs says here, and only here, which command runs: the build-only work
        (building aside, offline copies, page PDFs) is for `build` and `gh-deploy`."""
        self.command = command
        self.dirty = dirty
        if command == "serve":
            self._preview()
        if command == "serve" and not dirty:
            log.info("preview: `mkdocs serve --dirty` rebuilds only the pages a change "
                     "touches, instead of every page")

    def _preview(self) -> None:
        """What is built is a preview: no build-only steps, and a memory kept between
        rebuilds."""
        self.command = "serve"
        if self.session is None:
            self.session = SessionCache()

    @property
    def offline_build(self) -> bool:
        """This is the second build, the one the offline copies are made from."""
        return os.environ.get(OFFLINE_ENV) == "true"

    @property
    def building_site(self) -> bool:
        """A real build of the published site: not a preview, not the offline copy."""
        return self.command in ("build", "gh-deploy") and not self.offline_build

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Prepare the content (refusing the build like `reproduce check` would), stage
        it for mkdocs-static-i18n and point the build at the staged tree."""
        if self.build is not None and self.build.config is config:
            return config  # a further language of the same build
        if self.command == "build" and served_preview(config):
            self._preview()  # `mkdocs serve --clean`, which MkDocs calls a build
        lang = report_language()
        try:
            options = with_environment(BuildOptions(**option_values(self.config)))
            pdf = self.building_site and pdf_enabled(options.pdf)
        except (InvalidOption, PdfUnavailable) as refused:
            raise PluginError(str(refused)) from None
        root = Path(config.config_file_path).resolve().parent
        if self.building_site:
            mark_build(root)  # what the cache holds from before and this build does not
            # use, `reproduce prune-cache` can remove
        settings = PublishSettings(site_url=config.site_url or DEFAULT_SITE_URL,
                                   repo_url=config.repo_url or DEFAULT_REPO_URL,
                                   source_date=source_date_from_env(),
                                   shared_files=bool(options.shared_files)
                                   and self.command != "serve")
        if self.command == "serve":
            options = dataclasses.replace(options, languages=options.preview_languages)
        options = self._select_languages(config, options)
        if self.session is not None:
            self.session.begin_build(self.changes.take() if self.changes else None)
        try:
            prepared = prepare(root, Path(config.docs_dir), options, settings, lang=lang,
                               offline=self.offline_build, pdf_links=pdf,
                               progress=_log_progress, session=self.session)
        except MessageError as failed:  # ContentRefused among them
            raise PluginError(failed.text.in_language(lang)) from None
        for problem in prepared.problems:
            if problem.severity is not Severity.ERROR:
                log.info(problem.format(lang))
        made = ", ".join(f"{count} {kind}" for kind, count in sorted(prepared.made.items()))
        log.info("downloads: %d file(s); made %s; %d reused from the cache",
                 len(prepared.downloads.items()), made or "nothing", prepared.reused)
        self._choose_search(config)
        staged = cache_dir(root) / ("stage-offline" if self.offline_build else "stage")
        # Each page is written as soon as it is rendered, and only its name and key are
        # kept (at a thousand plans, the pages' text is ~280 MB as Python strings).
        written = SuffixedPages()
        try:
            report = sync_tree(suffixed_files(prepared.staging, written, self._page_bytes),
                               staged, self.staged if self.session is not None else None)
        except MessageError as failed:
            raise PluginError(failed.text.in_language(lang)) from None
        log.debug("staged %s: %d written, %d removed, %d unchanged", staged, report.written,
                  report.removed, report.unchanged)
        alternates = {} if self.offline_build else alternate_links(
            written.keys, settings.site_url, config.use_directory_urls)
        self.build = _Build(config, options, settings, prepared.site, prepared.downloads,
                            root, pdf, written.sources,
                            staged_digest=written.digest().encode(),
                            alternates=alternates)
        config.docs_dir = str(staged)
        if self.offline_build:
            config.extra["polyfills"] = [SHIM]
            # No language switcher (see on_page_context), on the 404 page too, which a
            # `--dirty` build renders without rendering any page first.
            setattr(config.extra, "alternate", [])  # noqa: B010
            logging.getLogger("mkdocs.commands.build").addFilter(IncrementalOfflineBuild())
        if self.building_site:
            self._build_aside(config)
        self.build.offline = self._start_offline_copies(self.build)
        return config

    def _page_bytes(self, page: PageContent) -> bytes:
        """A page's staged file, written again under the preview only for a page
        rendered again (a page the session kept is the same object, and so are its
        bytes, which `sync_tree` then knows unchanged without reading them back)."""
        if self.session is None:
            return page_file(page)
        return self.session.same_object("page-file", page, functools.partial(page_file, page))

    def _choose_search(self, config: MkDocsConfig) -> None:
        """The published site searches with Pagefind (made after the build); the theme's
        own lunr index is made only for the offline copy, which runs over `file://`
        where Pagefind cannot. The preview has no search."""
        theme_search = config.plugins.get("material/search")
        if theme_search is not None and not self.offline_build:
            # Switched off (its events do nothing) and taken out of the collection, where
            # the i18n plugin would otherwise ask it for the index it did not make.
            theme_search.config.enabled = False
            del config.plugins["material/search"]
        if self.building_site:
            config.extra[SEARCH_FLAG] = "pagefind"

    def _select_languages(self, config: MkDocsConfig, options: BuildOptions) -> BuildOptions:
        """Build the languages both this plugin's `languages` and mkdocs-static-i18n's
        `build: true` ask for, and tell the i18n plugin; without it, French only."""
        i18n = config.plugins.get("i18n")
        configured = getattr(getattr(i18n, "config", None), "languages", None) or []
        chosen = []
        for language in configured:
            language.build = bool(language.build) and language.locale in options.languages
            if language.build:
                chosen.append(language.locale)
        kept = tuple(lang for lang in options.languages if lang in chosen) or (DEFAULT_LANGUAGE,)
        return dataclasses.replace(options, languages=kept)

    def _build_aside(self, config: MkDocsConfig) -> None:
        """Build beside `site_dir` (or in the cache, when `site_dir` cannot be renamed);
        `on_post_build` swaps the result in when it succeeded."""
        assert self.build is not None
        aside = BuildAside(Path(config.site_dir), cache_dir(self.build.root))
        config.site_dir = str(aside.begin())
        self.build.aside = aside
        self.build.warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.build.warnings)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files
               ) -> Environment:
        """The preview compiles the theme's templates once, not at every rebuild."""
        if self.session is not None:
            env.bytecode_cache = self.templates
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """The theme prints `title` and `description` from front matter without escaping;
        escape them once here so a `<` in a title stays text everywhere."""
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str):
                page.meta[key] = html.escape(value, quote=True)
        return markdown

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        """"Edit this page" opens the file a contributor changes (the plan, the kit
        document or the hand-written page), never the staged copy; the head names the
        page's language versions by absolute address."""
        source = self.build.sources.get(page.file.src_uri) if self.build else None
        parts = [(config.repo_url or "").rstrip("/"), (config.edit_uri or "").strip("/"), source]
        page.edit_url = "/".join(p for p in parts if p) if source and config.repo_url else None
        # Absolute hreflang alternates for the head (overrides/main.html); the language
        # switcher keeps the i18n plugin's relative links, which work wherever the site is.
        context[ALTERNATES_KEY] = self.build.alternates.get(page.file.src_uri, ()) \
            if self.build else ()
        if self.offline_build:
            # Each offline copy holds one language: no switcher to pages it does not have.
            # Set like the i18n plugin sets it (an attribute), which the theme reads first.
            setattr(config.extra, "alternate", [])  # noqa: B010
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page without its templates' indentation (`compact_html`). Its Markdown
        and HTML are not needed once its output is made: MkDocs would keep them, for
        every page of every language, to the end of the build (~90 MB at a thousand
        plans)."""
        page.markdown = None
        page.content = None
        return compact_html(output)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        """Watch the sources, not the staged copy the build itself rewrites; what is
        rebuilt from now on is a preview, whatever `on_startup` was told."""
        self._preview()
        server.unwatch(config.docs_dir)
        self.changes = watch_content(server, str(Path(config.config_file_path).parent),
                                     chosen_watcher(self.config.preview_watcher))
        return server

    @event_priority(-50)
    def _language_built(self, *, config: MkDocsConfig) -> None:
        """A language's pages are all written (the i18n plugin, whose `on_post_build`
        comes next, builds the next language then): index it meanwhile."""
        current = self.build
        if current is None or current.finished or config.extra.get(SEARCH_FLAG) != "pagefind":
            return
        self._indexing(current, Path(config.site_dir)).language_built(built_language(config))

    @event_priority(-200)
    def _all_built(self, *, config: MkDocsConfig) -> None:
        """Split the search index per language, then (once, after the i18n plugin has
        built every language) write the downloads, the page PDFs and the offline copies,
        and put the new site in place."""
        current = self.build
        i18n = config.plugins.get("i18n")
        if current is None or current.finished or getattr(i18n, "building", False):
            return  # a further language: the i18n plugin has not merged every one yet
        current.finished = True
        built = Path(config.site_dir)
        if self.offline_build:
            merge_search_index(built)
        split_search_index(built)
        downloads = current.downloads
        published = published_files(downloads, current.settings)
        shared = self._shared_folder(current)
        _write_kept(current, self._changed(published.site), built)
        if shared is not None:
            _write_kept(current, published.shared, shared)
        offline = current.offline
        if config.extra.get(SEARCH_FLAG) == "pagefind":
            write_files(self._search_index(current, built), built)
        if current.pdf:
            started = time.perf_counter()
            cache = objects_cache(current.root)
            pages = pages_to_print(current.site, current.options.languages, built,
                                   current.settings)
            page_pdfs(built, pages, cache, printed_part, current.settings.site_url,
                      shared or built)
            log.info("page PDFs: %d, %d printed with %s, in %.1f s", len(pages),
                     cache.made["page-pdf"], Path(chromium() or "-").name,
                     time.perf_counter() - started)
        if offline is not None:
            _write_kept(current, offline.result(), built)
        if self.offline_build:
            write_archives(built, current.root)
        if self.building_site:
            self._report_size(current, built)
        if self._swap_in(current, config) and self.building_site:
            log.info("The site is in %s. Preview it with live reload: mkdocs serve --dirty",
                     config.site_dir)

    on_post_build = CombinedEvent(_language_built, _all_built)

    def _start_offline_copies(self, current: _Build) -> Future[DownloadFiles] | None:
        """The offline copies, made (or taken from the cache) from the staged pages in a
        process of their own, started as soon as the pages are staged: MkDocs renders
        the site's pages on one core, and the copies use the other (then they go on
        beside the search index and the page PDFs)."""
        if self.command != "build" or self.offline_build \
                or current.options.offline_copies != "make":
            return None
        moment = current.settings.moment(newest_content_date(current.site))
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offline-copies")
        made = pool.submit(offline_copies, current.config, current.root,
                           current.options.languages, current.downloads.files().checksums(),
                           moment)
        pool.shutdown(wait=False)
        return made

    def _changed(self, files: DownloadFiles) -> DownloadFiles:
        """The downloads to write: under `serve --dirty`, whose site folder keeps the
        files of the previous rebuild, only those that differ from what it wrote (a
        plan the session kept keeps the same download objects)."""
        if self.session is None or not self.dirty:
            return files
        changed = {name: files.source(name) for name in files
                   if self.written.get(name) is not files.source(name)}
        self.written.update(changed)
        return DownloadFiles(changed)

    def _report_size(self, current: _Build, built: Path) -> None:
        """What the published branch will weigh with this build; a file GitHub Pages
        refuses stops the build, a branch over its 1 GB is a warning (a strict build
        stops), and near it the maintainer is told what this version is made of and
        what to do: withdraw old versions, or lighten this one when it alone is more
        than half the limit."""
        lang = report_language()
        report = size_report(built, self._shared_folder(current), current.root)
        path, size = report.largest
        if size > PAGES_FILE_LIMIT:
            raise PluginError(text("build.file_over", path=path, size=megabytes(size))
                              .in_language(lang))
        total = megabytes(report.after_deploy)
        log.info(text("build.published_size", site=megabytes(report.site),
                      shared=megabytes(report.shared_new), branch=PAGES_BRANCH,
                      kept=megabytes(sum(report.branch.values())), total=total)
                 .in_language(lang))
        for warning, message in size_advice(report, current.options.limits.bytes("site_mb"),
                                            lang):
            log.log(logging.WARNING if warning else logging.INFO, message)

    def _shared_folder(self, current: _Build) -> Path | None:
        """Where this build writes the files every site version shares, if it shares
        them (the offline copy only links them)."""
        folder = current.options.shared_files
        if not current.settings.shared_files or not folder or self.offline_build:
            return None
        return (current.root / folder).resolve()

    def _indexing(self, current: _Build, built: Path) -> SearchIndexing:
        """This build's search index, started at the first language built: from the
        cache when no page, no template and no engine version has changed."""
        if current.search is None:
            memo = Memo(objects_cache(current.root))
            inputs = [current.staged_digest,
                      *page_frame(current.root, Path(current.config.config_file_path))]
            current.search = SearchIndexing(built, memo, inputs, SEARCH_ROOT, SEARCH_EXCLUDED)
        return current.search

    def _search_index(self, current: _Build, built: Path) -> dict[str, bytes]:
        """Pagefind's index of every built language (see `_indexing`)."""
        waited = time.perf_counter()
        indexing = self._indexing(current, built)
        try:
            index = indexing.result()
        except SearchIndexFailed as failed:
            raise PluginError(str(failed)) from None
        store = indexing.memo.store
        made = (f"made for {store.made[LANGUAGE_INDEX]} language(s), "
                f"{store.reused[LANGUAGE_INDEX]} reused from the cache"
                if store.made[SITE_INDEX] else "unchanged, reused from the cache")
        log.info("search index: %d file(s), %s, in %.1f s (%.1f s after the last language)",
                 len(index), made, time.perf_counter() - indexing.started_at,
                 time.perf_counter() - waited)
        return index

    def _swap_in(self, current: _Build, config: MkDocsConfig) -> bool:
        """Put the new site in place, unless a strict build is about to abort for
        warnings (then the previous site stays as it was); False in that case."""
        if current.aside is None or current.warnings is None:
            return True
        logging.getLogger("mkdocs").removeHandler(current.warnings)
        if config.strict and current.warnings.count:
            current.aside.discard()
            return False
        try:
            config.site_dir = str(current.aside.keep())
        except OSError as failed:
            raise PluginError(text("build.swap_failed", site=current.aside.target,
                                   error=failed.strerror or failed)
                              .in_language(report_language())) from None
        return True


def built_language(config: MkDocsConfig) -> str:
    """The language whose pages the build that `config` belongs to writes: the i18n
    plugin builds the default language, then each other one in turn."""
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None)
    return current if isinstance(current, str) and current else DEFAULT_LANGUAGE


def served_preview(config: MkDocsConfig) -> bool:
    """Whether this build is `mkdocs serve`'s, which MkDocs 1.6 announces to `on_startup`
    as `build` with `--clean`: serve builds into a `mkdocs_` folder of its own in the
    temporary directory and sets `site_url` to the `dev_addr` it serves on, before
    every build (a real build does neither)."""
    host, port = config.dev_addr
    site_dir = Path(config.site_dir)
    return (str(config.site_url or "").startswith(f"http://{host}:{port}/")
            and site_dir.name.startswith("mkdocs_")
            and site_dir.parent.resolve() == Path(tempfile.gettempdir()).resolve())


def _log_progress(done: int, total: int) -> None:
    if total >= PROGRESS_FROM and (done % PROGRESS_FROM == 0 or done == total):
        log.info("downloads: %d/%d plans bundled", done, total)
