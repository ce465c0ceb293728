"""Placing a contributor's Markdown under a page's own headings."""

from __future__ import annotations

import re

from macros.load.markdown import lines_with_fences

_HEADING = re.compile(r"^(#{1,5})(\s)")


def demote_headings(body: str, levels: int = 1) -> str:
    """Shift ATX headings down by `levels` (`## Step` → `### Step`), fences untouched.

    A build guide's `##` sections then sit under the page's own "Build guide" heading,
    keeping one `<h1>` per page and a heading outline without jumps.
    """
    return "\n".join(
        line if is_code else _HEADING.sub(
            lambda m: "#" * min(6, len(m.group(1)) + levels) + m.group(2), line)
        for line, is_code in lines_with_fences(body)
    )
