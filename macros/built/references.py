"""The files a built page shows (its images), which the page names only in its HTML."""

from __future__ import annotations

import html
import re
from pathlib import Path

_SOURCE = re.compile(r'\b(src|srcset)="([^"]*)"')


def srcset_urls(value: str) -> list[str]:
    """The addresses of a `srcset` (each candidate is an address, then its width or
    density)."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def shown_files(site: Path, page: Path, page_html: str) -> list[Path]:
    """The files of `site` that `page_html` (the HTML of `page`) shows through `src`
    and `srcset`, sorted; what is outside the site or missing is left out."""
    root = site.resolve()
    found = set()
    for attribute, value in _SOURCE.findall(page_html):
        refs = srcset_urls(value) if attribute == "srcset" else [value.strip()]
        for ref in refs:
            target = (page.parent / html.unescape(ref).split("#")[0].split("?")[0]).resolve()
            if target.is_file() and target.is_relative_to(root):
                found.add(target)
    return sorted(found)


_SHEET_FIGURE = re.compile(r'<figure\b[^>]*\bdata-rk-sheet="([^"]*)"[^>]*>(.*?)</figure>', re.S)
_ALT = re.compile(r'\balt="([^"]*)"')


def drawing_sheets(page: Path, page_html: str, roots: dict[str, Path]
                   ) -> list[tuple[Path, str]]:
    """The PDFs of the drawings `page_html` (the HTML of `page`) marks as printed on
    their own sheet (`data-rk-sheet`), in page order, each with the text alternative of
    its image. A relative address is read from the page's folder, one from the site's
    root (`/base/files/…`, the files every site version shares) under the folder
    `roots` gives for its first part; what lands outside every root or is missing is
    left out."""
    allowed = [root.resolve() for root in roots.values()]
    found = []
    for ref, inner in _SHEET_FIGURE.findall(page_html):
        address = html.unescape(ref).split("#")[0].split("?")[0]
        if address.startswith("/"):
            prefix = next((p for p in roots if p and address.startswith(p)), None)
            if prefix is None:
                continue
            target = (roots[prefix] / address[len(prefix):].lstrip("/")).resolve()
        else:
            target = (page.parent / address).resolve()
        if target.suffix == ".pdf" and target.is_file() and any(
                target.is_relative_to(root) for root in allowed):
            alt = _ALT.search(inner)
            found.append((target, html.unescape(alt.group(1)) if alt else ""))
    return found
