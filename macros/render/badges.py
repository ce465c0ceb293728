"""Status, version and type badges: a word always carries the meaning, never colour alone."""

from __future__ import annotations

from macros.render.context import RenderContext
from macros.render.html import element, escape


def status_badge(ctx: RenderContext, status: str) -> str:
    label = f"{ctx.t('plan.status.label')} "
    return element(
        "span",
        element("span", escape(label), class_="rk-visually-hidden")
        + escape(ctx.t(f"plan.status.{status}")),
        class_=f"rk-badge rk-badge--status rk-status-{status}",
    )


def version_badge(ctx: RenderContext, version: str) -> str:
    return element("span", escape(ctx.t("plan.version", version=version)),
                   class_="rk-badge rk-badge--version")


def kit_type_badge(ctx: RenderContext, kit_type: str) -> str:
    return element("span", escape(ctx.t(f"kit.type.{kit_type}")),
                   class_=f"rk-badge rk-badge--type rk-type-{kit_type}")
