"""MkDocs glue: check and stage the content before the build, escape page metadata.

This and `__init__.py` are the only modules that know about MkDocs. Moving to
another engine means rewriting these two files: loading, checking, staging and
rendering are plain Python.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from macros.bundle.cache import ContentCache
from macros.bundle.settings import (
    DEFAULT_REPO_URL,
    DEFAULT_SITE_URL,
    PublishSettings,
    source_date_from_env,
)
from macros.bundle.site_downloads import site_downloads
from macros.bundle.writer import write_files
from macros.check.problem import Severity, sort_problems
from macros.repository import load_site
from macros.schemas import schema_files
from macros.search_index import split_index_file
from macros.stage import StageConflict, stage

log = logging.getLogger("mkdocs.hooks.reproduce")

SITE_KEY = "reproduce_site"
"""Where the loaded content travels from this hook to the macros, inside the config."""
DOWNLOADS_KEY = "reproduce_downloads"
WRITTEN_KEY = "reproduce_downloads_written"
PROGRESS_FROM = 25
"""Bundling this many plans takes more than a moment: say how far it got."""


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def cache_dir(root: Path) -> Path:
    return root / ".cache" / "reproduce"


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check all content (refusing the build like `reproduce check` would),
    then stage the docs tree and point the build at it.

    The i18n plugin builds each further language with this same config object: the
    content is loaded, bundled and staged once, for the first language.
    """
    if config.get(SITE_KEY) is not None:
        return config
    root = project_root(config)
    site, problems = load_site(root)
    for problem in sort_problems(problems):
        if problem.severity is not Severity.ERROR:
            log.info(problem.format())
    if site is None:
        lines = "\n".join(p.format() for p in sort_problems(problems)
                          if p.severity is Severity.ERROR)
        raise PluginError(f"the content has errors; fix them (`reproduce check` lists the "
                          f"same):\n{lines}")
    cache = ContentCache(cache_dir(root) / "objects")
    downloads = site_downloads(site, publish_settings(config), cache, _log_progress)
    made = ", ".join(f"{count} {kind}" for kind, count in sorted(cache.made.items()))
    log.info("downloads: %d file(s); made %s; %d reused from the cache",
             len(downloads.files()), made or "nothing", sum(cache.reused.values()))
    docs_dir = Path(config.docs_dir)
    staged = cache_dir(root) / "stage"
    try:
        report = stage(site, docs_dir, staged, downloads)
    except StageConflict as conflict:
        raise PluginError(str(conflict)) from None
    log.debug("staged %s: %d written, %d removed, %d unchanged", staged, report.written,
              report.removed, report.unchanged)
    config.docs_dir = str(staged)
    config[SITE_KEY] = site
    config[DOWNLOADS_KEY] = downloads
    return config


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
    return context


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Watch the sources, not the staged copy the build itself rewrites."""
    server.unwatch(config.docs_dir)
    return server


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Split the search index per language and write the downloads once.

    Runs after the i18n plugin (priority -100), which builds the other languages and
    then merges every language's search entries into one index; the outermost build
    runs this last, so its split is the one that stays.
    """
    split_index_file(Path(config.site_dir))
    if config.get(WRITTEN_KEY):
        return
    downloads = config.get(DOWNLOADS_KEY)
    if downloads is not None:
        write_files({**downloads.files(), **schema_files()}, Path(config.site_dir))
        config[WRITTEN_KEY] = True
    log.info("The site is in %s. Preview it with live reload: mkdocs serve", config.site_dir)
