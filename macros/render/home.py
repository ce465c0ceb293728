"""Small fragments for hand-written pages."""

from __future__ import annotations

from macros.render.context import RenderContext
from macros.render.html import element, escape


def counts(ctx: RenderContext) -> str:
    plans = element("a", escape(ctx.t("home.plans_count", count=len(ctx.site.plans))),
                    href=ctx.href("plans/"))
    kit = element("a", escape(ctx.t("home.kit_count", count=len(ctx.site.kit))),
                  href=ctx.href("kit/"))
    return element("p", plans + " · " + kit, class_="rk-counts")
