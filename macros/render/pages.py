"""Whole generated pages: escaped HTML fragments around the author's body, with the
page's title, description and source as fields (an engine adapter writes them as
front matter, see `macros/engine/conventions.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from macros.addresses import kit_url, plan_url
from macros.model.site import KitEntry, PlanEntry
from macros.model.translation import (
    State,
    TranslationStatus,
    kit_translation,
    plan_translation,
)
from macros.render import downloads, kit_page, offer, plan_page
from macros.render.bom import bom_table
from macros.render.context import RenderContext, fallback_lang
from macros.render.markdown import demote_headings
from macros.render.notices import translation_notice
from macros.render.sanitize import neutralise_markdown


@dataclass(frozen=True)
class PageContent:
    """A page of the staged tree, engine-neutral."""

    body: str
    """Markdown, without front matter."""
    title: str | None = None
    description: str | None = None
    wide: bool = False
    """Wide pages (plans: their BOM table) show no navigation sidebar."""
    source: str | None = None
    """The repository file a contributor edits to change this page."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """Front matter as a hand-written page's author wrote it (theme keys, `hide`…)."""
    stands_in: bool = False
    """The page shows the French text for lack of a translation (under the fallback
    notice): search engines are not told it is the page's version in its language."""


def _section(ctx: RenderContext, key: str, anchor: str, content: str) -> str:
    return f"## {ctx.t(key)} {{ #{anchor} }}\n\n{content}\n\n"


def _in_language(ctx: RenderContext, markdown: str, translated: bool) -> str:
    """A contributor's Markdown, marked as French when it stands in for a translation."""
    french = fallback_lang(ctx, translated)
    if french is None:
        return markdown
    return f'<div lang="{french}" markdown="1">\n\n{markdown}\n\n</div>'


def _opening(ctx: RenderContext, header: str, status: TranslationStatus,
             page_path: str) -> str:
    """The page's header, then the translation notice it needs, if any."""
    notice = translation_notice(ctx, status, page_path)
    return header + "\n\n" + (notice + "\n\n" if notice else "")


def plan_page_content(ctx: RenderContext, entry: PlanEntry) -> PageContent:
    plan, lang = entry.plan, ctx.lang
    status = plan_translation(entry, lang)
    out = _opening(ctx, plan_page.header(ctx, entry), status, plan_url(entry.id))
    out += plan_page.preview(ctx, entry) + "\n\n"
    out += plan_page.key_facts(ctx, entry) + "\n\n"
    out += downloads.bundle_box(ctx, entry) + "\n\n"
    out += plan_page.facts(ctx, entry) + "\n\n"
    out += _section(ctx, "safety.title", "safety", plan_page.safety_box(ctx, entry))
    out += _section(ctx, "tools.title", "tools", plan_page.tools_list(ctx, entry))
    out += _section(ctx, "bom.title", "bom", bom_table(ctx, entry))
    if plan.drawings:
        out += _section(ctx, "drawings.title", "drawings", plan_page.drawings(ctx, entry))
    guide = entry.guides.get(lang, entry.guides.get("fr", ""))
    guide = demote_headings(neutralise_markdown(guide)).strip()
    out += f"## {ctx.t('guide.title')} {{ #guide }}\n\n"
    out += _in_language(ctx, guide, lang in entry.guides) + "\n\n"
    out += _section(ctx, "files.title", "files", downloads.file_links(ctx, entry))
    out += _section(ctx, "changelog.title", "changelog", plan_page.changelog(ctx, entry))
    out += _section(ctx, "where.title", "where", plan_page.where_to_build(ctx, entry))
    return PageContent(out, plan.title.get(lang), plan.summary.get(lang), wide=True,
                       source=entry.source, stands_in=status.state is State.MISSING)


def kit_page_content(ctx: RenderContext, doc: KitEntry) -> PageContent:
    meta, lang = doc.meta, ctx.lang
    status = kit_translation(doc, lang)
    out = _opening(ctx, kit_page.header(ctx, doc), status, kit_url(doc.slug))
    out += kit_page.facts(ctx, doc) + "\n\n"
    out += offer.offer(ctx, doc) + "\n\n"
    if meta.files:
        out += _section(ctx, "kit.files", "files", kit_page.attachments(ctx, doc))
    out += offer.text_anchor() + "\n\n"
    body = neutralise_markdown(doc.body_in(lang)).strip()
    out += _in_language(ctx, body, lang in doc.translations) + "\n\n"
    if meta.type == "lieu":
        out += _section(ctx, "kit.machines", "machines", kit_page.machines(ctx, doc))
        if meta.skills or meta.skills_to_confirm:
            out += _section(ctx, "kit.skills", "skills", kit_page.skills(ctx, doc))
        out += _section(ctx, "kit.plans_here", "plans", kit_page.plans_here(ctx, doc))
    return PageContent(out, doc.title_in(lang), doc.summary_in(lang), source=doc.source,
                       stands_in=status.state is State.MISSING)
