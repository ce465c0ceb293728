"""First-search weight, measured in Chromium: what a reader downloads before the first
results show, counted as GitHub Pages serves it (gzip, except files already compressed).
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

from browsing import CHROMIUM, CHROMIUM_ARGS, serve

COMPRESSED = (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".zip",
              ".png", ".woff2")


def served_size(url: str, body: bytes) -> int:
    """Bytes on the wire from GitHub Pages: gzip for text, as is for what is compressed."""
    path = url.split("?", 1)[0]
    return len(body) if path.endswith(COMPRESSED) else len(gzip.compress(body, 6))


KINDS = {".pagefind": "engine", ".pf_meta": "meta", ".pf_index": "index",
         ".pf_fragment": "results", ".js": "script", ".json": "meta"}
"""What each fetched file is, by its extension, for the breakdown."""


def _kind(url: str) -> str:
    path = url.split("?", 1)[0]
    return next((kind for suffix, kind in KINDS.items() if path.endswith(suffix)), "other")


KEY_DELAY_MS = 200
"""A reader typing at five keys a second (about 60 words a minute): slower than the
search's pause (`SETTLE_MS` in search.js) would search every word still being typed."""


DRAIN_MS = 1500


def _searching(url: str) -> bool:
    """Whether a fetched file is the search's (its script and Pagefind's bundle), not
    the catalogue's own images that keep loading meanwhile."""
    path = url.split("?", 1)[0]
    return "/pagefind/" in path or path.endswith("/search.js")


def first_search_bytes(site: Path, query: str = "presse") -> Counter[str] | None:
    """Bytes the search fetches from opening it on the catalogue to the first results,
    the query typed at a reader's pace (`KEY_DELAY_MS`), by kind of file (engine,
    script, meta, index, results); None without Chromium and Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).is_file():
        return None
    fetched: Counter[str] = Counter()
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "plans/", wait_until="networkidle")
        recording = [True]

        def record(response: object) -> None:
            url = response.url  # type: ignore[attr-defined]
            if recording[0] and _searching(url):
                # The size first: `body()` lets Playwright run the other handlers while it
                # waits, and an addition begun before it would lose theirs.
                try:
                    size = served_size(url, response.body())  # type: ignore[attr-defined]
                except Exception:
                    size = 0
                fetched[_kind(url)] += size

        page.on("response", record)
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially(query, delay=KEY_DELAY_MS)
        page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
        # The results show once all their texts are fetched, but the responses are
        # counted as Playwright hands them over: let it hand over the last ones.
        page.wait_for_timeout(DRAIN_MS)
        recording[0] = False
        browser.close()
    return fetched


def lunr_index_bytes(site: Path) -> int:
    """What the theme's lunr search fetches before its first result: the whole index."""
    index = site / "search" / "search_index.json"
    return served_size(index.name, index.read_bytes()) if index.is_file() else 0
