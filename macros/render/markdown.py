"""Placing a contributor's Markdown under a page's own headings."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,5})(\s)")


def demote_headings(body: str, levels: int = 1) -> str:
    """Shift ATX headings down by `levels` (`## Step` → `### Step`), fences untouched.

    A build guide's `##` sections then sit under the page's own "Build guide" heading,
    keeping one `<h1>` per page and a heading outline without jumps.
    """
    out = []
    fence: str | None = None
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
        elif fence is None:
            line = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels) + m.group(2),
                                line)
        out.append(line)
    return "\n".join(out)
