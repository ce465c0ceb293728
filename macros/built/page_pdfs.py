"""Tagged PDFs of plan and kit pages, printed by headless Chromium from the built site.

Chromium's print-to-PDF, with tagging and an outline, gives a PDF with the page's
title, language and heading structure, using the site's own print stylesheet. It
needs a browser, which a fresh machine may not have: with the `pdf` option `auto` (the
default) the build makes PDFs when Chromium and Playwright are there and offers no PDF
link otherwise; `require` makes a missing browser an error, `skip` turns PDFs off.
The PDFs are cached by the page's bytes and normalised (fixed dates and document id)
so the same page always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from macros.bundle.cache import ContentCache

CHROMIUM_ENV = "REPRODUCE_CHROMIUM"
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync")
_DATE = re.compile(rb"/(CreationDate|ModDate) ?\(D:(\d{14})([^)]*)\)")
_ID = re.compile(rb"/ID ?\[ ?<([0-9A-Fa-f]+)> ?<([0-9A-Fa-f]+)> ?\]")


class PdfUnavailable(Exception):
    """`REPRODUCE_PDF=require` but there is no browser to print with."""


@dataclass(frozen=True)
class PagePdf:
    """A built page (`html`, relative to the site) and where its PDF goes."""

    html: str
    pdf: str


def chromium() -> str | None:
    """The Chromium to print with: `REPRODUCE_CHROMIUM`, Debian's, or one on PATH."""
    for candidate in (os.environ.get(CHROMIUM_ENV), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pdf_enabled(wanted: str) -> bool:
    """Whether a build with the `pdf` option `wanted` (`auto`, `require`, `skip`) makes
    PDFs, and so whether pages link them."""
    if wanted == "skip":
        return False
    possible = chromium() is not None and importlib.util.find_spec("playwright") is not None
    if wanted == "require" and not possible:
        raise PdfUnavailable(
            "pdf is `require` (REPRODUCE_PDF or the plugin's `pdf` option) but Chromium or "
            "Playwright is missing: install Debian's `chromium` and `pip install playwright`, "
            "or set it to `auto`")
    return possible


def normalise(pdf: bytes, moment: dt.datetime) -> bytes:
    """Fixed creation dates and a document id derived from the content, each replaced by
    bytes of the same length so the cross-reference offsets stay right."""
    stamp = moment.strftime("%Y%m%d%H%M%S").encode()

    def date(match: re.Match[bytes]) -> bytes:
        suffix = match.group(3)
        utc = b"+00'00'"  # the build machine's offset would otherwise leak in
        fixed = utc if len(suffix) == len(utc) else suffix
        return match.group(0).replace(match.group(2) + suffix, stamp + fixed)

    dated = _DATE.sub(date, pdf)
    digest = hashlib.sha256(_ID.sub(b"", dated)).hexdigest().upper().encode()

    def ident(match: re.Match[bytes]) -> bytes:
        first, second = match.group(1), match.group(2)
        return (match.group(0).replace(first, digest[: len(first)])
                .replace(second, digest[: len(second)]))

    return _ID.sub(ident, dated)


def page_pdfs(site_dir: Path, pages: Iterable[PagePdf], cache: ContentCache,
              moment: dt.datetime) -> dict[str, bytes]:
    """Print each page to a tagged A4 PDF with an outline, from the cache when the page
    and the stylesheets are unchanged."""
    styles = b"".join(p.read_bytes() for p in sorted(site_dir.rglob("*.css")))
    todo: list[tuple[PagePdf, str]] = []
    out: dict[str, bytes] = {}
    for page in pages:
        key = hashlib.sha256(styles + b"\0" + (site_dir / page.html).read_bytes()
                             + moment.isoformat().encode()).hexdigest()
        found = cache.get("page-pdf", key)
        if found is None:
            todo.append((page, key))
        else:
            out[page.pdf] = found
    if todo:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), headless=True,
                                                 args=list(CHROMIUM_ARGS))
            context = browser.new_context()
            tab = context.new_page()
            for page, key in todo:
                tab.goto((site_dir / page.html).resolve().as_uri())
                data = normalise(tab.pdf(format="A4", tagged=True, outline=True,
                                         print_background=True), moment)
                cache.made["page-pdf"] += 1
                cache.put("page-pdf", key, data)
                out[page.pdf] = data
            browser.close()
    return out
