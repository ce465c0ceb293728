"""Building HTML safely: every text and attribute value goes through `escape`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def escape(value: object) -> str:
    """Text for HTML content or a quoted attribute value."""
    return html.escape(str(value), quote=True)


def escape_text(value: object) -> str:
    """Text for HTML content only (never an attribute value): quotes stay quotes, which
    would otherwise cost six bytes for each of French's many apostrophes."""
    return html.escape(str(value), quote=False)


def attrs(**values: object) -> str:
    """` name="value"` pairs, escaped; `None` and `False` values are left out.

    A trailing underscore is dropped (`class_`) and other underscores become
    hyphens (`data_status` → `data-status`).
    """
    out = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        key = name.rstrip("_").replace("_", "-")
        out.append(f" {key}" if value is True else f' {key}="{escape(value)}"')
    return "".join(out)


def element(name: str, content: str = "", **values: object) -> str:
    """`<name attrs>content</name>`; `content` must already be safe HTML."""
    return f"<{name}{attrs(**values)}>{content}</{name}>"


def items(values: Iterable[str], class_: str | None = None) -> str:
    """A `<ul>` of already-safe HTML items."""
    return element("ul", "".join(element("li", value) for value in values), class_=class_)


def anchor_id(*parts: str) -> str:
    """An id attribute value made of lowercase ASCII words."""
    return "-".join(_SLUG_RE.sub("-", part.casefold()).strip("-") for part in parts)
