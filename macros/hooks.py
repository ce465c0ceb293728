"""MkDocs glue: check and stage the content before the build, escape page metadata.

This and `__init__.py` are the only modules that know about MkDocs. Moving to
another engine means rewriting these two files: loading, checking, staging and
rendering are plain Python.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from macros.addresses import (
    DEFAULT_REPO_URL,
    DEFAULT_SITE_URL,
    kit_url,
    language_prefix,
    page_pdf_path,
    plan_url,
)
from macros.built.offline import language_archives, newest_content_date, tree_digest
from macros.built.page_pdfs import PagePdf, PdfUnavailable, page_pdfs, pdf_enabled
from macros.built.search_index import split_index_file
from macros.bundle.cache import cache_dir, objects_cache
from macros.bundle.settings import PublishSettings, source_date_from_env
from macros.bundle.site_downloads import site_downloads
from macros.bundle.writer import write_files
from macros.content.repository import load_site
from macros.i18n.catalogue import Messages, report_language
from macros.model.text import LANGUAGES
from macros.problems import Severity, sort_problems
from macros.schemas import schema_files
from macros.stage.tree import StageConflict, stage

log = logging.getLogger("mkdocs.hooks.reproduce")

SITE_KEY = "reproduce_site"
"""Where the loaded content travels from this hook to the macros, inside the config."""
DOWNLOADS_KEY = "reproduce_downloads"
WRITTEN_KEY = "reproduce_downloads_written"
FINAL_SITE_KEY = "reproduce_final_site"
WARNINGS_KEY = "reproduce_warning_counter"
PDF_KEY = "reproduce_page_pdfs"
PROGRESS_FROM = 25
"""Bundling this many plans takes more than a moment: say how far it got."""
OFFLINE_ENV = "REPRODUCE_OFFLINE"
"""Set to `true` for the build of the offline copy (see `make_offline_copies`)."""
OFFLINE_COPIES_ENV = "REPRODUCE_OFFLINE_COPIES"
"""`skip` leaves the offline copies out (the test suite's many small builds)."""
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "mkdocs-macros-plugin")
SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"
"""The theme's search runs in a web worker, which `file://` forbids; this shim (MIT,
from the npm package iframe-worker 1.0.4) runs it in an iframe instead. Served from
the site itself: the offline plugin would otherwise load it from a CDN."""

BUILD_COMMANDS = ("build", "gh-deploy")
"""Commands that write the site to `site_dir` themselves. `serve` builds into a
temporary folder already, and mike only reads the configuration (it runs
`mkdocs build` as a separate command, which comes back here as `build`)."""

_COMMAND = {"name": "build"}
"""The mkdocs command being run, from `on_startup`: the one place MkDocs tells it.
Offline copies are made by `mkdocs build`, not on every `mkdocs serve` reload."""


def offline_mode() -> bool:
    return os.environ.get(OFFLINE_ENV) == "true"


def on_startup(command: str, dirty: bool) -> None:
    _COMMAND["name"] = command


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent




@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check all content (refusing the build like `reproduce check` would),
    then stage the docs tree and point the build at it.

    The i18n plugin builds each further language with this same config object: the
    content is loaded, bundled and staged once, for the first language.
    """
    if config.get(SITE_KEY) is not None:
        return config
    if offline_mode():
        config.extra["polyfills"] = [SHIM]
    root = project_root(config)
    if _COMMAND["name"] in BUILD_COMMANDS and not offline_mode():
        _build_aside(config, root)
    site, problems = load_site(root)
    lang = report_language()
    for problem in sort_problems(problems):
        if problem.severity is not Severity.ERROR:
            log.info(problem.format(lang))
    if site is None:
        lines = "\n".join(p.format(lang) for p in sort_problems(problems)
                          if p.severity is Severity.ERROR)
        raise PluginError(Messages(lang)("check.build_refused", lines=lines))
    cache = objects_cache(root)
    downloads = site_downloads(site, publish_settings(config), cache, _log_progress)
    made = ", ".join(f"{count} {kind}" for kind, count in sorted(cache.made.items()))
    log.info("downloads: %d file(s); made %s; %d reused from the cache",
             len(downloads.files()), made or "nothing", sum(cache.reused.values()))
    try:
        # Not while serving: every page would be printed again for each preview.
        config[PDF_KEY] = (_COMMAND["name"] != "serve" and not offline_mode()
                           and pdf_enabled())
    except PdfUnavailable as missing:
        raise PluginError(str(missing)) from None
    docs_dir = Path(config.docs_dir)
    staged = cache_dir(root) / ("stage-offline" if offline_mode() else "stage")
    try:
        report = stage(site, docs_dir, staged, downloads, directory_urls=not offline_mode(),
                       pdf_links=config[PDF_KEY])
    except StageConflict as conflict:
        raise PluginError(conflict.text.in_language(lang)) from None
    log.debug("staged %s: %d written, %d removed, %d unchanged", staged, report.written,
              report.removed, report.unchanged)
    config.docs_dir = str(staged)
    config[SITE_KEY] = site
    config[DOWNLOADS_KEY] = downloads
    return config


class _WarningCounter(logging.Handler):
    """Counts the warnings MkDocs will abort a strict build for, to know at the end of
    the build whether the new site will be kept."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _build_aside(config: MkDocsConfig, root: Path) -> None:
    """Build into the cache, not into `site/`: a build that fails leaves the previous
    site exactly as it was; `on_post_build` swaps the new one in when it succeeded."""
    building = cache_dir(root) / "site-building"
    if building.exists():
        shutil.rmtree(building)  # left by a build that failed
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    config[FINAL_SITE_KEY] = str(Path(config.site_dir).resolve())
    config[WARNINGS_KEY] = counter
    config.site_dir = str(building)


def _swap_in(config: MkDocsConfig) -> None:
    """Put the finished build in place of the previous site, unless a strict build is
    about to abort for warnings (then the previous site stays)."""
    counter = config.get(WARNINGS_KEY)
    final = config.get(FINAL_SITE_KEY)
    if counter is None or final is None:
        return
    logging.getLogger("mkdocs").removeHandler(counter)
    if config.strict and counter.count:
        return
    building, target = Path(config.site_dir), Path(final)
    old = building.with_name("site-previous")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.replace(old)
    building.replace(target)
    if old.exists():
        shutil.rmtree(old)
    config.site_dir = str(target)


def _log_progress(done: int, total: int) -> None:
    if total >= PROGRESS_FROM and (done % PROGRESS_FROM == 0 or done == total):
        log.info("downloads: %d/%d plans bundled", done, total)


def publish_settings(config: MkDocsConfig) -> PublishSettings:
    return PublishSettings(
        site_url=config.site_url or DEFAULT_SITE_URL,
        repo_url=config.repo_url or DEFAULT_REPO_URL,
        source_date=source_date_from_env(),
    )


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files,
                     **_: Any) -> str:
    """The theme prints `title` and `description` from front matter without escaping;
    escape them once here so a `<` in a title stays text everywhere."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)
    return markdown


def on_page_context(context: Any, page: Page, config: MkDocsConfig, **_: Any) -> Any:
    """"Edit this page" must open the file a contributor changes: the plan or kit source
    a generated page names in `reproduce_source`, or `docs/…` for a hand-written page;
    never the staged copy, which is not in the repository."""
    source = page.meta.get("reproduce_source")
    if not isinstance(source, str):
        hand_written = f"docs/{page.file.src_uri}"
        source = hand_written if (project_root(config) / hand_written).is_file() else None
    parts = [(config.repo_url or "").rstrip("/"), (config.edit_uri or "").strip("/"), source]
    page.edit_url = "/".join(p for p in parts if p) if source and config.repo_url else None
    if offline_mode():
        # Each offline copy holds one language: no switcher to pages it does not have.
        # Set like the i18n plugin sets it (an attribute), which the theme reads first.
        setattr(config.extra, "alternate", [])  # noqa: B010
    return context


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Watch the sources, not the staged copy the build itself rewrites."""
    server.unwatch(config.docs_dir)
    return server


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Split the search index per language, write the downloads and the offline copies.

    Runs after the i18n plugin (priority -100), which builds the other languages (each
    of those nested builds runs this too) and then merges every language's search
    entries into one index; only the outermost run does the rest.
    """
    split_index_file(Path(config.site_dir))
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False) or config.get(WRITTEN_KEY):
        return
    config[WRITTEN_KEY] = True
    downloads = config.get(DOWNLOADS_KEY)
    files = {**downloads.files(), **schema_files()} if downloads is not None else {}
    write_files(files, Path(config.site_dir))
    if config.get(PDF_KEY):
        write_files(_page_pdfs(config), Path(config.site_dir))
    if _COMMAND["name"] == "build" and not offline_mode() and \
            os.environ.get(OFFLINE_COPIES_ENV) != "skip":
        write_files(offline_copies(config, downloads.files() if downloads else {}),
                    Path(config.site_dir))
    _swap_in(config)
    if _COMMAND["name"] in BUILD_COMMANDS:
        log.info("The site is in %s. Preview it with live reload: mkdocs serve",
                 config.site_dir)


def _page_pdfs(config: MkDocsConfig) -> dict[str, bytes]:
    """Every plan and kit page of every language printed to PDF from the built site
    (its downloads are written first: the pages show drawing previews)."""
    site = config[SITE_KEY]
    paths = [plan_url(e.id) for e in site.plans] + [kit_url(d.slug) for d in site.kit]
    built = Path(config.site_dir)
    pages = [PagePdf(f"{language_prefix(lang)}{path}index.html", page_pdf_path(lang, path))
             for lang in LANGUAGES for path in paths
             if (built / language_prefix(lang) / path / "index.html").is_file()]  # built ones
    started = time.perf_counter()
    cache = objects_cache(project_root(config))
    moment = publish_settings(config).moment(newest_content_date(site))
    made = page_pdfs(Path(config.site_dir), pages, cache, moment)
    log.info("page PDFs: %d, %d printed, in %.1f s", len(made), cache.made["page-pdf"],
             time.perf_counter() - started)
    return made


def offline_copies(config: MkDocsConfig, downloads: dict[str, bytes]) -> dict[str, bytes]:
    """The offline copies, from the cache when nothing they are made of has changed."""
    root = project_root(config)
    package = Path(__file__).resolve().parent
    key = tree_digest(
        [cache_dir(root) / "stage", root / "overrides", Path(config.config_file_path), package],
        [name.encode() + b"\0" + data for name, data in sorted(downloads.items())]
        + [f"{name}={version(name)}".encode() for name in ENGINE_PACKAGES],
    )
    cache = objects_cache(root)
    listing = cache.get("offline", key)
    if listing is not None:
        found = {name: cache.get("offline", f"{key}:{name}")
                 for name in listing.decode().split()}
        if all(data is not None for data in found.values()):
            log.info("offline copies: unchanged, reused from the cache")
            return {name: data for name, data in found.items() if data is not None}
    archives = make_offline_copies(config)
    for name, data in archives.items():
        cache.put("offline", f"{key}:{name}", data)
    cache.put("offline", key, " ".join(sorted(archives)).encode())
    return archives


def make_offline_copies(config: MkDocsConfig) -> dict[str, bytes]:
    """Build the site again for `file://` (plain `.html` links, search index as a
    script) into a temporary folder, and zip it per language."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reproduce-offline-") as tmp:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                   "--config-file", str(config.config_file_path), "--site-dir", tmp]
        env = {**os.environ, OFFLINE_ENV: "true", "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                                check=False)
        if result.returncode != 0:
            raise PluginError(f"the offline copy failed to build:\n{result.stdout}"
                              f"{result.stderr}")
        moment = publish_settings(config).moment(newest_content_date(config.get(SITE_KEY)))
        archives = language_archives(Path(tmp), moment)
    log.info("offline copies: %d zip(s) in %.1f s", len(archives),
             time.perf_counter() - started)
    return archives
