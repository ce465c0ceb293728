"""Contributor Markdown: what the site will not show as written.

Raw HTML in a build guide or a kit document is shown as text (`render/sanitize.py`),
so its author is warned where it is; a `javascript:` link would be a script in the
site's pages, so it is an error with its line.
"""

from __future__ import annotations

import html
import re

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
