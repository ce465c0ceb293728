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


def first_search_bytes(site: Path, query: str = "presse") -> Counter[str] | None:
    """Bytes fetched from opening the search on the catalogue to the first results
    (the page itself excluded), by kind of file (engine, script, meta, index, results);
    None without Chromium and Playwright."""
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
            if recording[0]:
                url = response.url  # type: ignore[attr-defined]
                try:
                    fetched[_kind(url)] += served_size(url, response.body())  # type: ignore[attr-defined]
                except Exception:
                    fetched[_kind(url)] += 0

        page.on("response", record)
        page.keyboard.press("/")
        page.keyboard.type(query, delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        recording[0] = False
        browser.close()
    return fetched


def lunr_index_bytes(site: Path) -> int:
    """What the theme's lunr search fetches before its first result: the whole index."""
    index = site / "search" / "search_index.json"
    return served_size(index.name, index.read_bytes()) if index.is_file() else 0
