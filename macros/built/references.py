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
            target = (page.parent / _file_part(ref)).resolve()
            if target.is_file() and target.is_relative_to(root):
                found.add(target)
    return sorted(found)


def _file_part(ref: str) -> str:
    """An address of the page's HTML as a file path: unescaped, without its query and
    fragment."""
    return html.unescape(ref).split("#")[0].split("?")[0]


_SHEET_FIGURE = re.compile(r'<figure\b[^>]*\bdata-rk-sheet="([^"]*)"[^>]*>(.*?)</figure>', re.S)
_ALT = re.compile(r'\balt="([^"]*)"')


def drawing_sheets(site: Path, page: Path, page_html: str,
                   shared: tuple[str, Path] | None = None) -> list[tuple[Path, str]]:
    """The PDFs of the drawings `page_html` (the HTML of `page`, in `site`) marks as
    printed on their own sheet (`data-rk-sheet`), in page order, each with the text
    alternative of its image. A relative address is read from the page's folder; one
    from the host's root under `shared` (its path, such as `/base/`, and the folder the
    files every site version share are written to) from that folder. What lands
    outside the site and that folder, or is missing, is left out."""
    roots = [site.resolve()] + ([shared[1].resolve()] if shared else [])
    found = []
    for ref, inner in _SHEET_FIGURE.findall(page_html):
        address = _file_part(ref)
        if not address.startswith("/"):
            target = (page.parent / address).resolve()
        elif shared and address.startswith(shared[0].rstrip("/") + "/"):
            target = (shared[1] / address[len(shared[0].rstrip("/")) + 1:]).resolve()
        else:
            continue
        if target.suffix == ".pdf" and target.is_file() and any(
                target.is_relative_to(root) for root in roots):
            alt = _ALT.search(inner)
            found.append((target, html.unescape(alt.group(1)) if alt else ""))
    return found
