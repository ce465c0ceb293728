"""The parts of a toolkit document page."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlencode

from macros.addresses import PLANS_URL, kit_attachment_path, plan_url
from macros.i18n.formatting import long_date
from macros.model.matching import plans_for, plans_once_confirmed
from macros.model.site import KitEntry, PlanEntry
from macros.model.vocabulary import Category
from macros.render.badges import badge_row, kit_type_badge, version_badge
from macros.render.context import RenderContext, fallback_lang, in_language
from macros.render.html import element, escape, items


def header(ctx: RenderContext, doc: KitEntry) -> str:
    meta = doc.meta
    badges = [kit_type_badge(ctx, meta.type)]
    if meta.version:
        badges.append(version_badge(ctx, meta.version))
    french = fallback_lang(ctx, ctx.lang in doc.translations)
    return (element("h1", escape(doc.title_in(ctx.lang)), id="doc-title", lang=french)
            + "\n\n"
            + element("p", escape(doc.summary_in(ctx.lang)), class_="rk-summary", lang=french)
            + "\n\n"
            + badge_row(*badges))


def facts(ctx: RenderContext, doc: KitEntry) -> str:
    t, meta = ctx.t, doc.meta
    rows: list[tuple[str, str]] = []
    if meta.version:
        rows.append((escape(t("kit.version")), escape(meta.version)))
    rows.append((escape(t("kit.licence")), escape(meta.licence)))
    if meta.updated:
        rows.append((escape(t("kit.updated")),
                     element("time", escape(long_date(meta.updated, ctx.lang)),
                             datetime=meta.updated.isoformat())))
    if meta.audience:
        rows.append((escape(t("kit.audience")),
                     escape(", ".join(t(f"kit.audience.{a}") for a in meta.audience))))
    if meta.themes:
        rows.append((escape(t("kit.themes")), escape(", ".join(meta.themes))))
    if meta.website:
        rows.append((escape(t("kit.website")),
                     element("a", escape(meta.website), href=meta.website, rel="noopener")))
    body = "".join(element("div", element("dt", term) + element("dd", value))
                   for term, value in rows)
    return element("dl", body, class_="rk-facts")


def attachments(ctx: RenderContext, doc: KitEntry) -> str:
    made = {item.path: item for item in (ctx.downloads.attachments if ctx.downloads else ())}

    def href(path: str) -> str:
        found = made.get(path)
        return ctx.download_href(found) if found else ctx.site_file_href(path)

    return items([element("a", escape(a.title),
                          href=href(kit_attachment_path(doc.slug, a.path)),
                          download=PurePosixPath(a.path).name)
                  for a in doc.meta.files], class_="rk-files")


def machines(ctx: RenderContext, doc: KitEntry) -> str:
    """The machines the place has, then apart those it probably has (to confirm)."""
    return _confirmed_then_probable(ctx, "tools", doc.meta.machines, doc.meta.machines_to_confirm,
                                    "kit.machines_to_confirm", "rk-tools")


def skills(ctx: RenderContext, doc: KitEntry) -> str:
    return _confirmed_then_probable(ctx, "skills", doc.meta.skills, doc.meta.skills_to_confirm,
                                    "kit.skills_to_confirm", None)


def _confirmed_then_probable(ctx: RenderContext, category: Category, confirmed: list[str],
                             to_confirm: list[str], heading: str, class_: str | None) -> str:
    vocabulary = ctx.site.vocabulary
    out = (items([escape(vocabulary.label(category, id_, ctx.lang)) for id_ in confirmed],
                 class_=class_) if confirmed else "")
    if to_confirm:
        out += (element("p", element("strong", escape(ctx.t(heading))))
                + element("p", escape(ctx.t("kit.to_confirm_note")))
                + items([escape(vocabulary.label(category, id_, ctx.lang)) for id_ in to_confirm],
                        class_="rk-to-confirm"))
    return out


def plans_here(ctx: RenderContext, doc: KitEntry) -> str:
    """Plans whose machines are all here, then those that would be once the machines to
    confirm are."""
    plans = plans_for(doc, ctx.site.plans)
    out = (element("p", escape(ctx.t("kit.plans_here_intro"))) + _plan_links(ctx, plans)
           if plans else element("p", escape(ctx.t("kit.no_plans_here"))))
    probable = plans_once_confirmed(doc, ctx.site.plans)
    if probable:
        out += (element("p", escape(ctx.t("kit.plans_once_confirmed")))
                + _plan_links(ctx, probable))
    if plans or probable:
        # The same plans, in the catalogue filtered by this place: to sort them by cost
        # or build time, or narrow them further.
        catalogue = ctx.href(PLANS_URL) + "?" + urlencode({"place": doc.slug})
        out += element("p", element("a", escape(ctx.t("kit.plans_in_catalog")),
                                    href=catalogue), class_="rk-plans-in-catalog")
    return out


def _plan_links(ctx: RenderContext, plans: list[PlanEntry]) -> str:
    return items([element("a", in_language(ctx, e.plan.title), href=ctx.href(plan_url(e.id)))
                  for e in plans], class_="rk-plans-here")
