"""Status, version and type badges: a word always carries the meaning, never colour alone."""

from __future__ import annotations

from macros.render.context import RenderContext
from macros.render.html import element, escape


def status_badge(ctx: RenderContext, status: str, labelled: bool = True) -> str:
    """`labelled`: with the hidden word "Status:" for a screen reader, unless a visible
    term already says it (the plan page's key facts)."""
    label = f"{ctx.t('plan.status.label')} "
    hidden = element("span", escape(label), class_="rk-visually-hidden") if labelled else ""
    return element(
        "span",
        hidden + escape(ctx.t(f"plan.status.{status}")),
        class_=f"rk-badge rk-badge--status rk-status-{status}",
    )


def version_badge(ctx: RenderContext, version: str) -> str:
    return element("span", escape(ctx.t("plan.version", version=version)),
                   class_="rk-badge rk-badge--version")


def kit_type_badge(ctx: RenderContext, kit_type: str) -> str:
    return element("span", escape(ctx.t(f"kit.type.{kit_type}")),
                   class_=f"rk-badge rk-badge--type rk-type-{kit_type}")
