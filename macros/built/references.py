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
