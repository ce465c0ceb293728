"""Tagged PDFs of plan and kit pages, printed by headless Chromium from the built site.

Chromium's print-to-PDF, with tagging and an outline, gives a PDF with the page's
title, language and heading structure, using the site's own print stylesheet. It
needs a browser, which a fresh machine may not have: with the `pdf` option `auto` (the
default) the build makes PDFs when Chromium and Playwright are there and offers no PDF
link otherwise; `require` makes a missing browser an error, `skip` turns PDFs off.
A PDF is cached by what it prints (the page's article and the images it shows, the
stylesheets, the page's date), so a change to the navigation, the footer or another
page prints nothing again; it is normalised (fixed dates and document id) so the same
page always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from macros import pdf_fonts
from macros.built import pdf_sheets
from macros.built.pdf_sheets import Sheet, append_sheets
from macros.built.references import drawing_sheets, shown_files
from macros.bundle.writer import write_files
from macros.cache import ContentCache, inputs_digest, library_versions

CHROMIUM_ENV = "REPRODUCE_CHROMIUM"
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync")
_DATE = re.compile(rb"/(CreationDate|ModDate) ?\(D:(\d{14})([^)]*)\)")
_ID = re.compile(rb"/ID ?\[ ?<([0-9A-Fa-f]+)> ?<([0-9A-Fa-f]+)> ?\]")
FORMAT = (b"page-pdf 6: A4, tagged, outline, backgrounds, print media, no scripts, "
          b"object streams, links, unhinted fonts, drawings as their sheets at the end")
"""Changes when the way pages are printed changes, so old PDFs are not reused."""
PAGES_PER_WORKER = 4
"""A second browser is worth starting only for a few pages each."""


class PdfUnavailable(Exception):
    """`REPRODUCE_PDF=require` but there is no browser to print with."""


@dataclass(frozen=True)
class PagePdf:
    """A built page (`html`, relative to the site), where its PDF goes and the moment
    its PDF is dated (the page's own content date, so that another page's change does
    not make a new file)."""

    html: str
    pdf: str
    moment: dt.datetime


PrintedPart = Callable[[str], str]
"""What of a built page ends up in its PDF (an engine convention: the article, the
title and the language, not the navigation or the footer)."""


HEADLESS_SHELL = "chromium-headless-shell"
"""Chromium's headless-only build (Debian's `chromium-headless-shell`): the same Blink
and PDF engine without the desktop browser around them, so a page prints with the same
pixels in about a third less time. Printing prefers it; the full browser serves too."""


def chromium() -> str | None:
    """The Chromium to print with: `REPRODUCE_CHROMIUM`, else the headless shell, else
    the full browser (on PATH, or Debian's under /usr/bin)."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen and Path(chosen).is_file():
        return chosen
    for name in (HEADLESS_SHELL, "chromium", "chromium-browser"):
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").is_file()
                                       else None)
        if found:
            return found
    return None


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


def _referenced(site_dir: Path, page: PagePdf, printed: str) -> bytes:
    """The bytes of the images the printed part shows, which its HTML names only."""
    site = site_dir.resolve()
    return b"".join(found.relative_to(site).as_posix().encode() + b"\0" + found.read_bytes()
                    for found in shown_files(site, site_dir / page.html, printed))


SHEETS_PRINT_STYLE = ("<style>@media print { [data-rk-sheet] picture { display: none !important }"
                      " [data-rk-sheet-note] { display: inline !important } }</style>")
"""Added to a page printed with its drawings' sheets: the drawing is not printed into
the page, and its caption says where its sheet is."""
PRINTED_COPY = ".rk-print.html"
"""The suffix of the page's copy with `SHEETS_PRINT_STYLE`, written beside it (its
addresses stay right) while it prints: scripts are off, so the style cannot be added
to the loaded page; the search index reads `index.html` files only."""


@dataclass(frozen=True)
class _Job:
    """A page to print, its cache key and its drawings' sheets (file, alternative)."""

    page: PagePdf
    key: str
    sheets: list[tuple[Path, str]]


def print_key(site_dir: Path, page: PagePdf, styles: bytes, printed: str, site_url: str,
              sheets: list[tuple[Path, str]]) -> str:
    """What a page's PDF depends on: the printed part of the page and what it shows,
    its drawings' sheets, the stylesheets (not the scripts, which do not run when
    printing), the date, the PDF settings and the published address its links lead
    to."""
    drawn = b"".join(path.read_bytes() + b"\0" + alt.encode() + b"\0" for path, alt in sheets)
    return inputs_digest(FORMAT, printer(), styles, printed.encode(),
                         _referenced(site_dir, page, printed), page.moment.isoformat().encode(),
                         site_url.encode(), drawn)


@functools.cache
def printer() -> bytes:
    """What a PDF's bytes depend on besides the page, for its cache key: this code, the
    browser that prints (its own version: a Debian update changes it), Playwright that
    drives it, pikepdf that compacts the PDF and appends the drawings' sheets, and
    fontTools that lightens its fonts (and the code that does it, `pdf_fonts` and
    `pdf_sheets` included)."""
    return inputs_digest(Path(__file__).read_bytes(), Path(pdf_fonts.__file__).read_bytes(),
                         Path(pdf_sheets.__file__).read_bytes(),
                         _browser_version(chromium()),
                         *library_versions("playwright", "pikepdf", "fonttools")).encode()


def _browser_version(executable: str | None) -> bytes:
    """`chromium --version` (one run per build that prints), or its path when it says
    nothing."""
    if executable is None:
        return b"no browser"
    try:
        done = subprocess.run([executable, "--version"], capture_output=True,  # noqa: S603
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return executable.encode()
    return done.stdout.strip() or executable.encode()


LinkMap = Callable[[str], str]


def published_links(site_dir: Path, site_url: str) -> LinkMap:
    """Chromium prints from `file://`: a link of the PDF would name the build machine's
    folder. Links into the built site lead to the published site instead, and links by
    absolute path (the files every site version shares) to the site's host."""
    local = site_dir.resolve().as_uri().rstrip("/") + "/"
    parts = urlsplit(site_url)
    origin = f"{parts.scheme}://{parts.netloc}"

    def link(uri: str) -> str:
        if uri.startswith(local):
            return site_url.rstrip("/") + "/" + uri[len(local):]
        if uri.startswith("file:///"):
            return origin + uri[len("file://"):]
        return uri

    return link


def compact(pdf: bytes, links: LinkMap | None = None, sheets: Iterable[Sheet] = ()) -> bytes:
    """The same PDF, tags and outline kept, `sheets` appended (`pdf_sheets`), its links
    mapped by `links`, its fonts unhinted (`pdf_fonts`), with its objects in compressed
    object streams (a third smaller: the tag tree is mostly small uncompressed
    objects)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        append_sheets(document, sheets)
        pdf_fonts.unhint_fonts(document)
        if links is not None:
            for page in document.pages:
                for annotation in page.get("/Annots", []):
                    action = annotation.get("/A")
                    if action is not None and "/URI" in action:
                        action.URI = pikepdf.String(links(str(action.URI)))
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                      compress_streams=True, deterministic_id=True)
        return out.getvalue()


def _print_share(site_dir: Path, share: list[_Job], links: LinkMap,
                 cache: ContentCache, out_dir: Path) -> int:
    """Print `share` (page, key) in one browser, each PDF stored in the cache and written
    out at once (a thousand PDFs are never held in memory); each worker has its own
    browser (Playwright is not thread-safe)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True,
                                             args=list(CHROMIUM_ARGS))
        # Without scripts: nothing the site's scripts do shows in print (search, filters,
        # instant navigation, the header), and a page loads and prints a fifth faster.
        tab = browser.new_context(java_script_enabled=False).new_page()
        tab.emulate_media(media="print")  # before loading, so print-only images load
        for job in share:
            printed = _printed(tab, site_dir / job.page.html, bool(job.sheets))
            sheets = [Sheet(path.read_bytes(), alt) for path, alt in job.sheets]
            data = compact(normalise(printed, job.page.moment), links, sheets)
            cache.put("page-pdf", job.key, data)
            write_files({job.page.pdf: data}, out_dir)
        browser.close()
    return len(share)


def _printed(tab: Any, html: Path, with_sheets: bool) -> bytes:
    """Chromium's PDF of the page `html`; with its drawings left to their sheets, from
    a copy of the page with `SHEETS_PRINT_STYLE`, removed once printed."""
    copy = html.with_name(html.stem + PRINTED_COPY) if with_sheets else None
    if copy is not None:
        text = html.read_text(encoding="utf-8")
        copy.write_text(text.replace("</head>", SHEETS_PRINT_STYLE + "</head>", 1),
                        encoding="utf-8")
    try:
        tab.goto((copy or html).resolve().as_uri())
        return bytes(tab.pdf(format="A4", tagged=True, outline=True, print_background=True))
    finally:
        if copy is not None:
            copy.unlink(missing_ok=True)


def page_pdfs(site_dir: Path, pages: Iterable[PagePdf], cache: ContentCache,
              printed_part: PrintedPart, site_url: str, out_dir: Path,
              workers: int | None = None) -> int:
    """Print each page to a tagged A4 PDF with an outline into `out_dir`, from the cache
    when what it prints is unchanged; the pages to print are shared between `workers`
    browsers (by default one per core). Returns how many PDFs were written."""
    styles = b"".join(p.read_bytes() for p in sorted(site_dir.rglob("*.css")))
    shared = (urlsplit(site_url).path, out_dir)  # shared files, by address from the host
    todo: list[_Job] = []
    written = 0
    for page in pages:
        printed = printed_part((site_dir / page.html).read_text(encoding="utf-8"))
        sheets = drawing_sheets(site_dir, site_dir / page.html, printed, shared)
        key = print_key(site_dir, page, styles, printed, site_url, sheets)
        found = cache.get("page-pdf", key)
        if found is None:
            todo.append(_Job(page, key, sheets))
        else:
            written += write_files({page.pdf: found}, out_dir)
    if not todo:
        return written
    count = max(1, min(workers or os.cpu_count() or 1, len(todo) // PAGES_PER_WORKER or 1))
    shares = [todo[index::count] for index in range(count)]
    links = published_links(site_dir, site_url)
    with ThreadPoolExecutor(max_workers=count) as pool:
        made = sum(pool.map(lambda s: _print_share(site_dir, s, links, cache, out_dir),
                            shares))
    cache.made["page-pdf"] += made
    return written + made
