"""Site-relative addresses of plans and kit documents (directory URLs)."""

from __future__ import annotations

from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES


def root_prefix(page_url: str) -> str:
    """The relative prefix from a page at `page_url` to the site root: `plans/x/` and
    `plans/x/index.html` (the offline copy's addresses) both give `../../`."""
    parts = [part for part in page_url.strip("/").split("/") if part]
    if parts and parts[-1].endswith(".html"):
        parts.pop()
    return "../" * len(parts)


def language_prefix(lang: str) -> str:
    """`""` for French (the site root), `nl/` and `en/` for the translations."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def language_of_url(page_url: str) -> str:
    """The language of a page from its address (`nl/plans/x/` → `nl`)."""
    first = page_url.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def plan_url(plan_id: str) -> str:
    return f"plans/{plan_id}/"


def kit_url(slug: str) -> str:
    return f"kit/{slug}/"
