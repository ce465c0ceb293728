"""Small fragments for hand-written pages."""

from __future__ import annotations

from macros.addresses import offline_archive_path
from macros.render.context import RenderContext
from macros.render.html import element, escape


def offline_copy(ctx: RenderContext) -> str:
    """A link to the offline copy in the page's language (none inside the copy itself)."""
    if not ctx.directory_urls:
        return ""
    name = offline_archive_path(ctx.lang)
    return element("p", element("a", escape(ctx.t("site.offline_copy")),
                                href=ctx.site_file_href(name), download=name.rsplit("/", 1)[-1]),
                   class_="rk-offline")


def counts(ctx: RenderContext) -> str:
    plans = element("a", escape(ctx.t("home.plans_count", count=len(ctx.site.plans))),
                    href=ctx.href("plans/"))
    kit = element("a", escape(ctx.t("home.kit_count", count=len(ctx.site.kit))),
                  href=ctx.href("kit/"))
    return element("p", plans + " · " + kit, class_="rk-counts")
