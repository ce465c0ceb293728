"""The files a built page shows (its images), which the page names only in its HTML."""

from __future__ import annotations

import html
import re
from pathlib import Path

_SOURCE = re.compile(r'\b(?:src|srcset)="([^"\s]+)"')


def shown_files(site: Path, page: Path, page_html: str) -> list[Path]:
    """The files of `site` that `page_html` (the HTML of `page`) shows through `src`
    and `srcset`, sorted; what is outside the site or missing is left out."""
    root = site.resolve()
    found = set()
    for ref in _SOURCE.findall(page_html):
        target = (page.parent / html.unescape(ref).split("#")[0].split("?")[0]).resolve()
        if target.is_file() and target.is_relative_to(root):
            found.add(target)
    return sorted(found)
