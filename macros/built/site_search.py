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

import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from macros.cache import Memo

SEARCH_BUNDLE = "pagefind"
"""The folder of the site the index and its script are published in."""
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
"""Pagefind's ready-made interfaces: the site has its own (overrides/partials)."""


PAGES = "**/index.html"
"""Every page (directory URLs); not `404.html`, which is no result to offer."""


class SearchIndexFailed(Exception):
    """Pagefind could not index the built site; the message says why."""


def _run_pagefind(site_dir: Path, root_selector: str, exclude: str) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="reproduce-search-") as tmp:
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
                   "--output-path", tmp, "--root-selector", root_selector,
                   "--exclude-selectors", exclude, "--glob", PAGES, "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise SearchIndexFailed(f"Pagefind failed ({done.returncode}):\n"
                                    f"{done.stdout}{done.stderr}".strip())
        out = Path(tmp)
        return {f"{SEARCH_BUNDLE}/{p.relative_to(out).as_posix()}": p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file() and p.name not in UNUSED}


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
