"""Debian's Chromium driven by Playwright, and the built site served on 127.0.0.1.

Shared by the browser tests: conftest.py turns these into the `server`, `browser`
and `page` fixtures. Also: which pages the built site has, per language.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Request,
    Route,
    sync_playwright,
)

CHROMIUM = os.environ.get("REPRODUCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = ("127.0.0.1", "localhost")
SITE_URL = "https://reproduce-brussels.github.io/reproduce-kit/"
"""The site's published address (mkdocs.yml's site_url, which the test builds keep)."""
LANGS = ("fr", "nl", "en")  # French at /, the others under /<lang>/


def require_chromium() -> None:
    """Skip (locally) or fail (under CI) when Chromium is missing."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = f"{CHROMIUM} is missing: apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1; yields the base URL (ends in /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def launch() -> Iterator[Browser]:
    """A headless Chromium with the background services that phone home turned off.

    No --allow-file-access-from-files: the offline copy is opened over file:// with
    a reader's default settings."""
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def is_foreign(url: str) -> bool:
    """A request that leaves the machine: any scheme with a host other than this one."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "file"):
        return False
    return parts.hostname not in LOCAL_HOSTS


def record_foreign_requests(context: BrowserContext, site: Path | None = None,
                            site_url: str = SITE_URL) -> list[str]:
    """Collect every request of the context's pages and workers that leaves the machine.

    With `site` (the built site), the site's own published address is the site: pages
    name it (canonical and hreflang links), and the theme's language script fetches a
    `sitemap.xml` beside each hreflang link. Such requests are first-party once the
    site is published; here they are answered from the built copy and not recorded.
    Any other address, another project on the same host included, is recorded."""
    foreign: list[str] = []
    if site is not None:
        context.route(f"{site_url}**", functools.partial(_from_copy, site, site_url))

    def record(request: Request) -> None:
        own = site is not None and request.url.startswith(site_url)
        if is_foreign(request.url) and not own:
            foreign.append(request.url)

    context.on("request", record)
    return foreign


def _from_copy(site: Path, site_url: str, route: Route) -> None:
    """Answer a request for the published address from the built site: its file, the
    folder's index.html, or 404."""
    relative = unquote(urlsplit(route.request.url.removeprefix(site_url)).path)
    target = (site / relative).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(site.resolve()) or not target.is_file():
        route.fulfill(status=404, body="")
        return
    route.fulfill(status=200, body=target.read_bytes(),
                  content_type=mimetypes.guess_type(target.name)[0] or "application/octet-stream")


def prefix(lang: str) -> str:
    """Where a language's pages start, relative to the site root."""
    return "" if lang == LANGS[0] else f"{lang}/"


def pages_of(site: Path, lang: str) -> list[str]:
    """The address (relative to the site root) of every HTML page in one language,
    `404.html` included."""
    addresses = []
    for path in sorted(site.rglob("*.html")):
        address = path.relative_to(site).as_posix()
        top = address.split("/")[0]
        if top in ("assets", "downloads", "search"):
            continue
        if (top if top in LANGS[1:] else LANGS[0]) == lang:
            addresses.append(address.removesuffix("index.html"))
    return addresses


def scrolls_by_keyboard(page: Page, region: Locator, scrolled: str) -> None:
    """`region` is wider than its box, takes the focus, and the arrow keys scroll the
    element `scrolled` (a selector) sideways: a keyboard user reaches all of it."""
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"document.querySelector('{scrolled}').scrollLeft > 0")
