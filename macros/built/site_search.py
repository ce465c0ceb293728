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

import json
import os
import subprocess
import sys
import tempfile
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


def _page_globs(site_dir: Path) -> dict[str, str]:
    """The pages of each built language, as Pagefind globs: French at the root (every
    folder but the other languages' and the shared ones), the others in their folder."""
    skipped = {*LANGUAGES, *SHARED_TOP_LEVEL, SEARCH_BUNDLE}
    french = ["index.html"] + [f"{p.name}/**/{PAGE}" for p in sorted(site_dir.iterdir())
                               if p.is_dir() and p.name not in skipped]
    globs: dict[str, str] = {DEFAULT_LANGUAGE: "{" + ",".join(french) + "}"}
    for lang in LANGUAGES[1:]:
        if (site_dir / lang).is_dir():
            globs[lang] = f"{lang}/**/{PAGE}"
    return globs


def _run_pagefind(site_dir: Path, root_selector: str, exclude: str) -> dict[str, bytes]:
    """Index one language at a time (Pagefind holds every page it indexes in memory:
    a third of the peak), then merge the bundles, whose files are named by language."""
    found: dict[str, bytes] = {}
    languages: dict[str, Any] = {}
    entry: dict[str, Any] = {}
    for pages in _page_globs(site_dir).values():
        with tempfile.TemporaryDirectory(prefix="reproduce-search-") as tmp:
            command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
                       "--output-path", tmp, "--root-selector", root_selector,
                       "--exclude-selectors", exclude, "--glob", pages, "--quiet"]
            done = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                                  check=False, env={ALLOCATOR[0]: ALLOCATOR[1], **os.environ})
            if done.returncode != 0:
                raise SearchIndexFailed(f"Pagefind failed ({done.returncode}):\n"
                                        f"{done.stdout}{done.stderr}".strip())
            out = Path(tmp)
            entry = json.loads((out / ENTRY).read_text(encoding="utf-8"))
            languages.update(entry.get("languages", {}))
            for path in sorted(out.rglob("*")):
                if path.is_file() and path.name not in (*UNUSED, ENTRY):
                    found[f"{SEARCH_BUNDLE}/{path.relative_to(out).as_posix()}"] = path.read_bytes()
    merged = {**entry, "languages": languages}
    found[f"{SEARCH_BUNDLE}/{ENTRY}"] = json.dumps(merged, separators=(",", ":")).encode()
    return found


def search_index(site_dir: Path, memo: Memo, pages: list[bytes], root_selector: str,
                 exclude: str) -> dict[str, bytes]:
    """The Pagefind index of the built site, by path from the site root; `pages` are
    what the pages are made of (their staged sources), which the index is keyed by;
    `root_selector` and `exclude` say which part of a page is its text (an engine's
    markup)."""
    inputs = [*pages, root_selector.encode(), exclude.encode(),
              f"pagefind={version('pagefind')}".encode()]
    return memo.remember("search-index", inputs,
                         lambda: _run_pagefind(site_dir, root_selector, exclude))
