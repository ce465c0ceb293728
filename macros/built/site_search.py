"""The published site's search index: Pagefind, one chunked index per page language.

A lunr index (the theme's own search) is one file per language that the browser
fetches whole before the first result, and it grows with every plan. Pagefind splits
its index into chunks and fetches only those a query needs (about 100 KB for a first
query on a thousand pages), with French, Dutch and English stemming, choosing the
index by the page's `<html lang>`. It cannot run over `file://`, so the offline copy
keeps the theme's own index (see `offline.py`).

The index depends only on what the pages show: it is remembered under a digest of the
staged pages and the engine's versions, and made again only when one of them changes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any

from macros.addresses import SHARED_TOP_LEVEL
from macros.cache import Memo
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES

SEARCH_BUNDLE = "pagefind"
"""The folder of the site the index and its script are published in."""
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js", "pagefind-worker.js")
"""Pagefind's ready-made interfaces (the site has its own, overrides/partials) and its
worker (the site's search runs Pagefind on the page: `noWorker` in search.js)."""


PAGE = "index.html"
"""Every page is a folder's `index.html` (directory URLs); `404.html` is no result."""
ENTRY = "pagefind-entry.json"
"""The bundle's list of languages, which the script reads first."""
ALLOCATOR = ("_RJEM_MALLOC_CONF", "narenas:1,dirty_decay_ms:0,muzzy_decay_ms:0")
"""Pagefind's Linux binary allocates with jemalloc, which by default keeps an arena per
thread and freed pages for seconds: one arena that gives pages back at once keeps its
peak ~15 % lower (1,500 pages of a language: about 1 MB each) for ~20 % more time."""


class SearchIndexFailed(Exception):
    """Pagefind could not index the built site; the message says why."""


def _built_languages(site_dir: Path) -> list[str]:
    """The languages whose pages are in `site_dir`: French at the root, the others each
    in its folder."""
    return [DEFAULT_LANGUAGE, *(lang for lang in LANGUAGES[1:] if (site_dir / lang).is_dir())]


def _language_pages(site_dir: Path, lang: str) -> tuple[str, list[Path]]:
    """The pages of one built language, as a Pagefind glob and as files: French at the
    root (every folder but the other languages' and the shared ones), the others in
    their folder (only that language's part of the site is walked)."""
    if lang != DEFAULT_LANGUAGE:
        return f"{lang}/**/{PAGE}", sorted((site_dir / lang).rglob(PAGE))
    skipped = {*LANGUAGES, *SHARED_TOP_LEVEL, SEARCH_BUNDLE}
    folders = [p.name for p in sorted(site_dir.iterdir()) if p.is_dir() and p.name not in skipped]
    french = ["index.html"] + [f"{name}/**/{PAGE}" for name in folders]
    return ("{" + ",".join(french) + "}",
            [site_dir / PAGE] + [page for name in folders
                                 for page in sorted((site_dir / name).rglob(PAGE))])


_UNINDEXED = (re.compile(rb' href="[^"]*"'),
              re.compile(rb'<code class="rk-sha256">[0-9a-f]{64}</code>'),
              re.compile(rb'<span class="rk-size">[^<]*</span>'))
"""What changes in a page without changing what Pagefind finds in it: where links lead
(a shared file's address has its digest), a bundle's SHA-256 and size (its other
languages' guides are in it). An edit of one language's guide changes these in every
language; only that language's index is made again."""


def indexed_digest(site_dir: Path, pages: list[Path]) -> bytes:
    """A digest of a language's pages as Pagefind reads them: their paths and their text,
    without what `_UNINDEXED` names."""
    hasher = hashlib.sha256()
    for page in pages:
        data = page.read_bytes()
        for pattern in _UNINDEXED:
            data = pattern.sub(b"", data)
        hasher.update(page.relative_to(site_dir).as_posix().encode() + b"\0")
        hasher.update(hashlib.sha256(data).digest())
    return hasher.digest()


def _run_pagefind(site_dir: Path, glob: str, root_selector: str,
                  exclude: str) -> dict[str, bytes]:
    """Pagefind's bundle for the pages `glob` names (one language), by path in it."""
    with tempfile.TemporaryDirectory(prefix="reproduce-search-") as tmp:
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
                   "--output-path", tmp, "--root-selector", root_selector,
                   "--exclude-selectors", exclude, "--glob", glob, "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                              check=False, env={ALLOCATOR[0]: ALLOCATOR[1], **os.environ})
        if done.returncode != 0:
            raise SearchIndexFailed(f"Pagefind failed ({done.returncode}):\n"
                                    f"{done.stdout}{done.stderr}".strip())
        out = Path(tmp)
        return {path.relative_to(out).as_posix(): path.read_bytes()
                for path in sorted(out.rglob("*")) if path.is_file() and path.name not in UNUSED}


SITE_INDEX = "search-index"
LANGUAGE_INDEX = "search-index-language"


def _merged(bundles: list[dict[str, bytes]]) -> dict[str, bytes]:
    """One bundle from each language's, whose files are named by language; their lists
    of languages become one."""
    found: dict[str, bytes] = {}
    languages: dict[str, Any] = {}
    entry: dict[str, Any] = {}
    for bundle in bundles:
        entry = json.loads(bundle[ENTRY].decode("utf-8"))
        languages.update(entry.get("languages", {}))
        found.update({f"{SEARCH_BUNDLE}/{name}": data for name, data in bundle.items()
                      if name != ENTRY})
    merged = {**entry, "languages": languages}
    found[f"{SEARCH_BUNDLE}/{ENTRY}"] = json.dumps(merged, separators=(",", ":")).encode()
    return found


class SearchIndexing:
    """The Pagefind index of a site built one language after another, each language
    indexed as soon as its pages are written (`language_built`), in a process of its own
    beside the build of the next language, which uses one core; `result` indexes what
    is left and merges. One Pagefind runs at a time (it holds about 1 MB per page).

    `pages` are what the pages are made of (their staged sources), which the whole index
    is keyed by: when they are unchanged nothing is indexed; when they changed, a
    language is indexed again only if what it indexes changed. `root_selector` and
    `exclude` say which part of a page is its text (an engine's markup)."""

    def __init__(self, site_dir: Path, memo: Memo, pages: list[bytes], root_selector: str,
                 exclude: str) -> None:
        self.site_dir = site_dir
        self.memo = memo
        self.root_selector = root_selector
        self.exclude = exclude
        self.engine = [root_selector.encode(), exclude.encode(),
                       f"pagefind={version('pagefind')}".encode(), "=".join(ALLOCATOR).encode()]
        self.inputs = [*pages, *self.engine]
        self.unchanged = memo.holds(SITE_INDEX, self.inputs)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
        self._started: dict[str, Future[dict[str, bytes]]] = {}
        self.started_at = time.perf_counter()
        """When the first language was handed over (for the build's log)."""

    def language_built(self, lang: str) -> None:
        """Start indexing `lang`, whose pages are all written, unless the whole index
        is unchanged."""
        if self.unchanged or lang in self._started \
                or lang not in _built_languages(self.site_dir):
            return
        self._started[lang] = self._pool.submit(self._language_index, lang,
                                                *_language_pages(self.site_dir, lang))

    def _language_index(self, lang: str, glob: str, pages: list[Path]) -> dict[str, bytes]:
        inputs = [lang.encode(), indexed_digest(self.site_dir, pages), *self.engine]
        return self.memo.remember(LANGUAGE_INDEX, inputs, functools.partial(
            _run_pagefind, self.site_dir, glob, self.root_selector, self.exclude))

    def result(self) -> dict[str, bytes]:
        """The index of every built language, by path from the site root."""
        def made() -> dict[str, bytes]:
            self.unchanged = False  # its stored index did not read back after all
            languages = _built_languages(self.site_dir)
            for lang in languages:
                self.language_built(lang)
            return _merged([self._started[lang].result() for lang in languages])

        try:
            return self.memo.remember(SITE_INDEX, self.inputs, made)
        finally:
            self._pool.shutdown(wait=True)
            # Each language's bundle is in the merged one now: not kept for the rest of
            # the build (~40 MB at a thousand plans, while the page PDFs print).
            self._started.clear()
