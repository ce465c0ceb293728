"""Notices at the top of a page: French shown for lack of a translation, or a
translation made from an older version of the original."""

from __future__ import annotations

from macros.i18n.catalogue import Messages
from macros.model.text import DEFAULT_LANGUAGE
from macros.model.translation import State, TranslationStatus
from macros.render.context import RenderContext
from macros.render.html import element, escape


def _notice(t: Messages, kind: str, body: str) -> str:
    title = element("p", escape(t("site.notice_title")), class_="admonition-title")
    return element("div", title + body, class_=f"admonition {kind} rk-notice", role="note")


def fallback_notice(t: Messages) -> str:
    return _notice(t, "info", element("p", escape(t("site.fallback_notice"))))


def translation_notice(ctx: RenderContext, status: TranslationStatus, page_path: str) -> str:
    """The notice a page in `ctx.lang` needs, if any; `page_path` is the page's address
    without language prefix, to link the French original."""
    if ctx.lang == DEFAULT_LANGUAGE:
        return ""
    if status.state is State.MISSING:
        return fallback_notice(ctx.t)
    if status.state is State.STALE:
        original = element("a", escape(ctx.t("site.read_original")),
                           href=ctx.root + page_path, hreflang=DEFAULT_LANGUAGE)
        text = ctx.t("site.stale_notice", made_from=status.made_from, original=status.original)
        return _notice(ctx.t, "warning", element("p", escape(text) + " " + original))
    return ""
