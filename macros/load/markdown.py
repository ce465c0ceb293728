"""Reading Markdown line by line while knowing which lines are inside code fences."""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def lines_with_fences(text: str) -> Iterator[tuple[str, bool]]:
    """Each line with `True` when it is code (a fence line or inside a fence)."""
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            yield line, True
            continue
        yield line, fence is not None
