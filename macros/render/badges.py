"""Status, version and type badges: a word always carries the meaning, never colour alone."""

from __future__ import annotations

from macros.render.context import RenderContext
from macros.render.html import element, escape


def status_badge(ctx: RenderContext, status: str, labelled: bool = True,
                 standalone: bool = False) -> str:
    """`labelled`: with the hidden word "Status:" for a screen reader, unless a visible
    term already says it (the plan page's key facts). A badge looks like one inside a
    `.rk-badges` paragraph (`badge_row`); `standalone` gives it the look on its own."""
    label = f"{ctx.t('plan.status.label')} "
    hidden = element("span", escape(label), class_="rk-visually-hidden") if labelled else ""
    look = "rk-badge " if standalone else ""
    return element("span", hidden + escape(ctx.t(f"plan.status.{status}")),
                   class_=f"{look}rk-status-{status}")


def version_badge(ctx: RenderContext, version: str) -> str:
    return element("span", escape(ctx.t("plan.version", version=version)))


def kit_type_badge(ctx: RenderContext, kit_type: str) -> str:
    return element("span", escape(ctx.t(f"kit.type.{kit_type}")),
                   class_=f"rk-type-{kit_type}")


def badge_row(*badges: str) -> str:
    """Badges side by side, each with the badge look without a class of its own (a
    thousand catalogue cards carry three each)."""
    return element("p", " ".join(badges), class_="rk-badges")
