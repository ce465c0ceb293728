"""Contributor Markdown: what the site will not show as written, or would fetch.

Raw HTML in a build guide or a kit document is shown as text (`render/sanitize.py`),
so its author is warned where it is; a `javascript:` link would be a script in the
site's pages, so it is an error with its line. An image (or any embedded resource)
from another address would make every visitor's browser call that address: an error
with its line and the fix (`check/origins.py` says how it is found).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass

from macros.check.origins import fetched_by_markdown, line_of, remote
from macros.i18n.catalogue import Text
from macros.load.markdown import lines_with_fences
from macros.problems import Problem, Severity, problem

_RAW_HTML = re.compile(r"<(?!(?:https?://|mailto:)[^<>\s]+>|[^<>\s@]+@[^<>\s@]+>)[A-Za-z/!?]")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_SCRIPT_URL = re.compile(r"\b(?:java|vb)\s*script\s*:", re.IGNORECASE)


def markdown_problems(path: str, text: str, first_line: int = 1) -> list[Problem]:
    """One problem per line with a script URL (error) or raw HTML (warning)."""
    found = []
    for offset, (line, is_code) in enumerate(lines_with_fences(text)):
        if is_code:
            continue
        plain = _CODE_SPAN.sub("", line)
        if _SCRIPT_URL.search(html.unescape(plain)):
            found.append(problem(path, first_line + offset, "", "check.script_link"))
        elif _RAW_HTML.search(plain):
            found.append(problem(path, first_line + offset, "", "check.raw_html",
                                 Severity.WARNING))
    return found


IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
"""What a browser shows in an `<img>`."""


@dataclass(frozen=True)
class ShownFile:
    """A file of the repository that a page shows (an image), as its text names it."""

    line: int
    where: str
    path: str


def embedded_problems(path: str, shown: str, folder: Text, first_line: int = 1
                      ) -> tuple[list[Problem], list[ShownFile]]:
    """What the page made of `shown` (the Markdown as the engine gets it) would fetch
    by itself: each resource from elsewhere is an error naming its line and the fix
    (put the file in `folder`); the files of the repository it shows are returned, to
    be checked and published with the page."""
    found: list[Problem] = []
    files: list[ShownFile] = []
    seen: set[tuple[int, str, str]] = set()
    for item in fetched_by_markdown(shown):
        line = line_of(item.url, shown, first_line)
        if (line, item.where, item.url) in seen:
            continue
        seen.add((line, item.where, item.url))
        if item in remote([item]):
            found.append(problem(path, line, item.where, "check.remote_resource",
                                 url=_shown(item.url), folder=folder))
        else:
            local = urllib.parse.unquote(re.split(r"[?#]", item.url.strip(), maxsplit=1)[0])
            if local:
                files.append(ShownFile(line, item.where, local))
    return found, files


def _shown(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "…"
