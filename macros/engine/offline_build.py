"""The offline copies: a second MkDocs build for `file://`, zipped per language.

Material's offline plugin makes links name `index.html` and inlines the search index
as a script, which `file://` needs; this build is kept in the cache and, when only
pages changed, rebuilt for those pages alone (`--dirty`), its search index completed
from the previous build (`conventions.merge_search_index`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from macros.build.finish import cached_offline_copies
from macros.built.offline import language_archives
from macros.bundle.archive import zip_writer
from macros.bundle.site_downloads import DownloadFiles
from macros.bundle.writer import write_files
from macros.cache import cache_dir, objects_cache, tree_digest
from macros.engine.conventions import offline_search_members

log = logging.getLogger("mkdocs.plugins.reproduce")

OFFLINE_ENV = "REPRODUCE_OFFLINE"
"""Set to `true` by the plugin for the second build, which makes the offline copies:
it enables the offline plugin in `mkdocs.yml` and tells the plugin not to start a
third. Read from the environment, not from the configuration, because mike rewrites
`mkdocs.yml` with its `!ENV` tags already resolved."""
ARCHIVES_ENV = "REPRODUCE_OFFLINE_ARCHIVES"
MOMENT_ENV = "REPRODUCE_OFFLINE_MOMENT"
"""Where the second build writes the zips, and the moment they are dated: it zips its
own pages, on the core it builds on, instead of this process, where reading and
hashing every file of three copies would hold the interpreter while MkDocs renders."""
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")
SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"
"""The theme's search runs in a web worker, which `file://` forbids; this shim (MIT,
from the npm package iframe-worker 1.0.4) runs it in an iframe instead. Served from
the site itself: the offline plugin would otherwise load it from a CDN."""


class IncrementalOfflineBuild(logging.Filter):
    """The offline copy is rebuilt with `--dirty` (only the pages whose staged source
    changed; it starts afresh when templates, configuration, code or the set of pages
    change, and its search index is completed): MkDocs' warning that a dirty build may
    leave stale navigation does not apply, and must not fail the strict build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def engine_versions() -> list[bytes]:
    return [f"{name}={version(name)}".encode() for name in ENGINE_PACKAGES]


def page_frame(root: Path, config_file: Path) -> list[bytes]:
    """What frames every built page besides its staged source: the theme overrides,
    the configuration and the engines' versions."""
    return [tree_digest([root / "overrides", config_file], []).encode(), *engine_versions()]


def offline_copies(config: MkDocsConfig, root: Path, languages: tuple[str, ...],
                   downloads: Mapping[str, str], moment: dt.datetime) -> DownloadFiles:
    """The offline copies, from the cache when nothing they are made of has changed
    (`downloads`: the SHA-256 of each download the copies link, by path); each is read
    from the cache only when written."""
    package = Path(__file__).resolve().parent.parent
    config_file = Path(config.config_file_path)
    inputs = [cache_dir(root) / "stage", root / "overrides", config_file, package]
    chosen = f"languages={','.join(languages)}".encode()
    extra = [f"{name}\0{digest}".encode() for name, digest in sorted(downloads.items())]
    frame = tree_digest([package], [*page_frame(root, config_file), _page_names(root), chosen])
    started = time.perf_counter()
    archives, reused = cached_offline_copies(
        objects_cache(root), inputs, [*extra, *engine_versions(), zip_writer(), chosen],
        lambda: _make_offline_copies(config_file, root, frame, moment))
    if reused:
        log.info("offline copies: unchanged, reused from the cache")
    else:
        log.info("offline copies: %d zip(s) in %.1f s", len(archives),
                 time.perf_counter() - started)
    return archives


def _make_offline_copies(config_file: Path, root: Path, frame: str,
                         moment: dt.datetime) -> Iterator[tuple[str, bytes]]:
    """Build the site again for `file://` and zip it per language. The build is kept
    in the cache between builds and made again only for the pages whose staged source
    changed (`--dirty`), unless what frames every page (`frame`: templates,
    configuration, code, the list of pages) changed: then it starts afresh."""
    site = cache_dir(root) / "offline-site"
    marker = cache_dir(root) / "offline-site.frame"
    incremental = site.is_dir() and marker.is_file() and marker.read_text() == frame
    if not incremental:
        shutil.rmtree(site, ignore_errors=True)
    marker.unlink(missing_ok=True)  # until it succeeds: a killed build starts afresh
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(config_file), "--site-dir", str(site)]
    if incremental:
        command.append("--dirty")
    log.info("offline copies: building %s", "the changed pages only" if incremental
             else "every page")
    archives = cache_dir(root) / "offline-archives"
    shutil.rmtree(archives, ignore_errors=True)
    env = {**os.environ, OFFLINE_ENV: "true", "NO_MKDOCS_2_WARNING": "1",
           ARCHIVES_ENV: str(archives), MOMENT_ENV: moment.isoformat()}
    result = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                            check=False)
    if result.returncode != 0:
        shutil.rmtree(site, ignore_errors=True)
        raise PluginError(f"the offline copy failed to build:\n{result.stdout}"
                          f"{result.stderr}")
    marker.write_text(frame)
    return _read_then_removed(archives)


def _read_then_removed(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Each file of `folder` by its path in it, one at a time; then `folder` is gone."""
    try:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                yield path.relative_to(folder).as_posix(), path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_archives(site: Path, root: Path) -> None:
    """In the second build, once its pages are built: one zip per language, where the
    first build reads them (`ARCHIVES_ENV`), dated as it says (`MOMENT_ENV`)."""
    target = os.environ.get(ARCHIVES_ENV)
    if not target:
        return  # the offline build run by hand: nothing waits for its zips
    moment = dt.datetime.fromisoformat(os.environ[MOMENT_ENV])
    write_files(language_archives(site, moment, offline_search_members, objects_cache(root)),
                Path(target))


def _page_names(root: Path) -> bytes:
    """The staged pages' names: a page added or removed changes every page's frame."""
    staged = cache_dir(root) / "stage"
    return "\n".join(sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*.md"))
                     ).encode()
