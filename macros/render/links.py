"""Site-relative addresses of plans and kit documents (directory URLs)."""

from __future__ import annotations


def root_prefix(page_url: str) -> str:
    """The relative prefix from a page at `page_url` (e.g. `plans/x/`) to the site root."""
    depth = len([part for part in page_url.strip("/").split("/") if part])
    return "../" * depth


def plan_url(plan_id: str) -> str:
    return f"plans/{plan_id}/"


def kit_url(slug: str) -> str:
    return f"kit/{slug}/"
