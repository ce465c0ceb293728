"""The plan catalog and the toolkit index: cards with the attributes filters use."""

from __future__ import annotations

from decimal import Decimal

from macros.addresses import kit_url, plan_url
from macros.i18n.formatting import file_size, money, number
from macros.model.bom import cost, to_decimal
from macros.model.kit import AUDIENCES, KIT_TYPES
from macros.model.matching import places_to_build
from macros.model.plan import STATUSES
from macros.model.site import PlanEntry
from macros.render.badges import badge_row, kit_type_badge, status_badge, version_badge
from macros.render.context import RenderContext, in_language, marked
from macros.render.filters import Extras, Filter, Sort, filter_form
from macros.render.html import element, escape

PLAN_LIST_ID = "rk-plans"
KIT_LIST_ID = "rk-kit"


def plan_catalog(ctx: RenderContext) -> str:
    t, lang, site = ctx.t, ctx.lang, ctx.site
    if not site.plans:
        return element("p", escape(t("catalog.no_plans")))
    vocabulary = site.vocabulary
    used_feedstock = sorted({f for e in site.plans for f in e.plan.feedstock},
                            key=lambda i: vocabulary.label("feedstock", i, lang).casefold())
    used_tools = sorted({f for e in site.plans for f in e.plan.tools},
                        key=lambda i: vocabulary.label("tools", i, lang).casefold())
    used_status = [s for s in STATUSES if any(e.plan.status == s for e in site.plans)]
    filters = [
        Filter("feedstock", t("catalog.feedstock"), t("catalog.any"),
               [(i, vocabulary.label("feedstock", i, lang)) for i in used_feedstock]),
        Filter("difficulty", t("catalog.difficulty"), t("catalog.any"),
               [(str(level), f"{level} – {t(f'plan.difficulty.{level}')}")
                for level in range(1, 6)], match="max"),
        Filter("status", t("catalog.status"), t("catalog.any"),
               [(s, t(f"plan.status.{s}")) for s in used_status], match="equals"),
        Filter("tool", t("catalog.tool"), t("catalog.any"),
               [(i, vocabulary.label("tools", i, lang)) for i in used_tools]),
    ]
    where = {entry.id: places_to_build(entry, site.places) for entry in site.plans}
    used_places = [p for p in site.places if any(p in found for found in where.values())]
    if used_places:
        filters.append(Filter("place", t("catalog.place"), t("catalog.any"),
                              [(p.slug, p.title_in(lang)) for p in used_places]))
    cards = [_plan_card(ctx, entry, " ".join(p.slug for p in where[entry.id]))
             for entry in site.plans]
    sort = Sort(t("catalog.sort"), [(key, t(f"catalog.sort.{key}")) for key in
                                    ("name", "cost", "difficulty", "time", "updated")],
                descending=frozenset({"updated"}))
    form = filter_form(PLAN_LIST_ID, t("catalog.filters"), filters,
                       (t("catalog.apply"), t("catalog.reset")),
                       t.plural("catalog.count"),
                       t("catalog.count", shown=len(site.plans), total=len(site.plans)),
                       t("catalog.empty"),
                       Extras(t("catalog.search"), sort, t("catalog.panel")))
    return form + element("ul", "".join(cards), class_="rk-cards", id=PLAN_LIST_ID)


def _plan_card(ctx: RenderContext, entry: PlanEntry, places: str) -> str:
    """A plan's card: what a maker compares (cost, build time, difficulty) in words, and
    as `data-` attributes in plain numbers for the script's filters and sorts. A
    thousand cards make the catalogue: each carries no class the stylesheet and the
    script can do without (they find the title as the `h2`, the summary as the
    paragraph after it)."""
    t, lang, plan = ctx.t, ctx.lang, entry.plan
    vocabulary = ctx.site.vocabulary
    title = element("h2", element("a", in_language(ctx, plan.title),
                                  href=ctx.href_below(plan_url(entry.id))))
    meta = badge_row(status_badge(ctx, plan.status), version_badge(ctx, plan.version),
                     element("span", escape(t("catalog.difficulty_short",
                                              level=plan.difficulty))))
    body = (_thumbnail(ctx, entry.id) + title
            + element("p", in_language(ctx, plan.summary)) + meta)
    effort: list[str] = []
    summary = cost(entry.parts) if entry.parts else None
    if summary is not None:
        key = "catalog.cost" if summary.complete else "catalog.cost_partial"
        effort.append(t(key, amount=money(summary.total, plan.bom.currency, lang)))
    if plan.build_time_hours is not None:
        effort.append(t("catalog.time", hours=t("plan.hours", hours=number(
            plan.build_time_hours, lang))))
    if effort:
        body += element("p", escape(" · ".join(effort)), class_="rk-card-effort")
    materials = ", ".join(vocabulary.label("feedstock", i, lang) for i in plan.feedstock)
    if materials:
        body += element("p", element("strong", escape(t("plan.feedstock"))) + " "
                        + escape(materials))
    return element(
        "li", body,
        data_feedstock=" ".join(plan.feedstock), data_difficulty=str(plan.difficulty),
        data_status=plan.status, data_tool=" ".join(plan.tools), data_place=places or None,
        data_cost=None if summary is None else _plain(summary.total),
        data_time=(None if plan.build_time_hours is None
                   else _plain(to_decimal(plan.build_time_hours))),
        data_updated=plan.changelog[0].date.isoformat(),
    )


def _plain(value: Decimal) -> str:
    """A number as the script reads it (`1234.5`), whatever the page's language."""
    return format(value.normalize(), "f")


def _thumbnail(ctx: RenderContext, plan_id: str) -> str:
    """The first drawing's preview; decorative (empty alt) since the title follows."""
    made = ctx.downloads.plans.get(plan_id) if ctx.downloads else None
    if not made or not made.drawings:
        return ""
    return (f'<img src="{escape(ctx.drawing_preview(made.drawings[0]))}" alt="" '
            'loading="lazy">')


def kit_bundle_link(ctx: RenderContext) -> str:
    if ctx.downloads is None:
        return ""
    bundle = ctx.downloads.kit
    size = file_size(bundle.size, ctx.t, ctx.lang)
    return element("p", element("a", escape(f"{ctx.t('kit.bundle')} ({bundle.name}, {size})"),
                                href=ctx.download_href(bundle), download=bundle.name,
                                class_="md-button"), class_="rk-download")


def kit_catalog(ctx: RenderContext) -> str:
    t, site = ctx.t, ctx.site
    docs = sorted(site.kit, key=lambda d: (KIT_TYPES.index(d.meta.type),
                                           d.title_in(ctx.lang).casefold()))
    themes = sorted({theme for d in docs for theme in d.meta.themes}, key=str.casefold)
    used_types = [k for k in KIT_TYPES if any(d.meta.type == k for d in docs)]
    used_audiences = [a for a in AUDIENCES if any(a in d.meta.audience for d in docs)]
    filters = [
        Filter("type", t("kit.type"), t("kit.any"),
               [(k, t(f"kit.type.{k}")) for k in used_types], match="equals"),
        Filter("audience", t("kit.audience"), t("kit.any"),
               [(a, t(f"kit.audience.{a}")) for a in used_audiences]),
        Filter("theme", t("kit.theme"), t("kit.any"), [(th, th) for th in themes],
               match="contains-list"),
    ]
    cards = []
    for doc in docs:
        meta = doc.meta
        translated = ctx.lang in doc.translations
        title = element("h2", element("a", marked(ctx, doc.title_in(ctx.lang), translated),
                                      href=ctx.href(kit_url(doc.slug))))
        badges = [kit_type_badge(ctx, meta.type)]
        if meta.version:
            badges.append(version_badge(ctx, meta.version))
        cards.append(element(
            "li", title + element("p", marked(ctx, doc.summary_in(ctx.lang), translated))
            + badge_row(*badges),
            data_type=meta.type, data_audience=" ".join(meta.audience),
            data_theme="|".join(meta.themes),
        ))
    form = filter_form(KIT_LIST_ID, t("kit.filters"), filters,
                       (t("catalog.apply"), t("catalog.reset")),
                       t.plural("kit.count"), t("kit.count", shown=len(docs), total=len(docs)),
                       t("kit.empty"))
    return (kit_bundle_link(ctx) + form
            + element("ul", "".join(cards), class_="rk-cards", id=KIT_LIST_ID))
