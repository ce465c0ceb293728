"""The parts of a plan page, in the order a maker needs them."""

from __future__ import annotations

from macros.addresses import kit_url
from macros.i18n.formatting import long_date, number
from macros.model.matching import places_for
from macros.model.site import PlanEntry
from macros.render.badges import status_badge, version_badge
from macros.render.context import RenderContext, fallback_lang, in_language, marked
from macros.render.downloads import link, plan_downloads_of
from macros.render.html import element, escape, items


def header(ctx: RenderContext, entry: PlanEntry) -> str:
    """Title, summary, status and version badges."""
    plan = entry.plan
    title = element("h1", escape(plan.title.get(ctx.lang)), id="plan-title",
                    lang=fallback_lang(ctx, plan.title.has(ctx.lang)))
    summary = element("p", escape(plan.summary.get(ctx.lang)), class_="rk-summary",
                      lang=fallback_lang(ctx, plan.summary.has(ctx.lang)))
    badges = element("p", status_badge(ctx, plan.status) + " " + version_badge(ctx, plan.version),
                     class_="rk-badges")
    return title + "\n\n" + summary + "\n\n" + badges


def facts(ctx: RenderContext, entry: PlanEntry) -> str:
    """Licences, difficulty, build time and process data as a description list."""
    t, lang, plan = ctx.t, ctx.lang, entry.plan
    vocabulary = ctx.site.vocabulary
    rows: list[tuple[str, str]] = [
        (t("plan.licence"), plan.licence),
        (t("plan.documentation_licence"), plan.documentation_licence),
        (t("plan.difficulty"), t("plan.difficulty_value", level=plan.difficulty,
                                 label=t(f"plan.difficulty.{plan.difficulty}"))),
    ]
    if plan.build_time_hours is not None:
        rows.append((t("plan.build_time"),
                     t("plan.hours", hours=number(plan.build_time_hours, lang))))
    if plan.feedstock:
        rows.append((t("plan.feedstock"), ", ".join(
            vocabulary.label("feedstock", id_, lang) for id_ in plan.feedstock)))
    if plan.output is not None:
        rows.append((t("plan.output"), plan.output.get(lang)))
    if plan.throughput_kg_per_hour is not None:
        rows.append((t("plan.throughput"),
                     t("plan.throughput_value", value=number(plan.throughput_kg_per_hour, lang))))
    if plan.power_w is not None:
        rows.append((t("plan.power"), t("plan.power_value", value=number(plan.power_w, lang))))
    if plan.dimensions_mm is not None:
        size = plan.dimensions_mm
        rows.append((t("plan.dimensions"), t(
            "plan.dimensions_value", width=number(size.width, lang),
            depth=number(size.depth, lang), height=number(size.height, lang))))
    if plan.mass_kg is not None:
        rows.append((t("plan.mass"), t("plan.mass_value", value=number(plan.mass_kg, lang))))
    rows.append((t("plan.authors"), ", ".join(plan.authors)))
    if plan.skills:
        rows.append((t("plan.skills"), ", ".join(
            vocabulary.label("skills", id_, lang) for id_ in plan.skills)))
    body = "".join(
        element("div", element("dt", escape(term)) + element("dd", escape(value)))
        for term, value in rows
    )
    return element("dl", body, class_="rk-facts", aria_label=t("plan.facts"))


def safety_box(ctx: RenderContext, entry: PlanEntry) -> str:
    """Risk level, hazards and protective equipment, before any build step."""
    t = ctx.t
    safety = entry.plan.safety
    risk = element("p", element("strong", escape(t("safety.risk"))) + " "
                   + element("span", escape(t(f"safety.risk.{safety.risk}")),
                             class_=f"rk-risk rk-risk-{safety.risk}"))
    hazards = (items([in_language(ctx, h) for h in safety.hazards]) if safety.hazards
               else element("p", escape(t("safety.no_hazards"))))
    ppe = (items([in_language(ctx, p) for p in safety.ppe]) if safety.ppe
           else element("p", escape(t("safety.no_ppe"))))
    content = (
        risk
        + element("p", element("strong", escape(t("safety.hazards")))) + hazards
        + element("p", element("strong", escape(t("safety.ppe")))) + ppe
    )
    return element("aside", content, class_=f"rk-safety rk-safety--{safety.risk}",
                   aria_labelledby="safety")


def tools_list(ctx: RenderContext, entry: PlanEntry) -> str:
    tools = entry.plan.tools
    if not tools:
        return element("p", escape(ctx.t("tools.none")))
    vocabulary = ctx.site.vocabulary
    return items([escape(vocabulary.label("tools", id_, ctx.lang)) for id_ in tools],
                 class_="rk-tools")


def drawings(ctx: RenderContext, entry: PlanEntry) -> str:
    """Each drawing as a preview, with its editable SVG and a PDF at real scale."""
    figures = []
    made = plan_downloads_of(ctx, entry).drawings
    for drawing, files in zip(entry.plan.drawings, made, strict=True):
        title = drawing.title.get(ctx.lang)
        # Printed, the drawing is the vector SVG: sharp at any zoom, and a fraction of
        # the size of the PNG preview inside the page's PDF.
        # (`srcset` splits on commas and spaces: such a name keeps the PNG.)
        svg = ctx.shown_href(files.svg)
        source = ("" if any(c in svg for c in ", \t\n") else
                  f'<source media="print" type="image/svg+xml" srcset="{escape(svg)}">')
        image = element("picture", source + f'<img src="{escape(ctx.drawing_preview(files))}" '
                        f'alt="{escape(title)}" loading="lazy">')
        links = (link(ctx, files.svg, ctx.t("downloads.svg")) + " · "
                 + link(ctx, files.pdf, ctx.t("downloads.pdf")))
        caption = element("figcaption", element("span", escape(title), class_="rk-drawing-title")
                          + " " + element("span", links, class_="rk-drawing-links"))
        figures.append(element("figure", image + caption, class_="rk-drawing"))
    return "".join(figures)


def changelog(ctx: RenderContext, entry: PlanEntry) -> str:
    rows = "".join(
        element("div",
                element("dt", escape(change.version) + " — "
                        + element("time", escape(long_date(change.date, ctx.lang)),
                                  datetime=change.date.isoformat()))
                + element("dd", in_language(ctx, change.changes)))
        for change in entry.plan.changelog
    )
    return element("dl", rows, class_="rk-changelog")


def where_to_build(ctx: RenderContext, entry: PlanEntry) -> str:
    """Places whose machines cover the plan's tools, complete matches first."""
    t, lang = ctx.t, ctx.lang
    matches = places_for(entry, ctx.site.places)
    if not matches:
        return element("p", escape(t("where.none")))
    vocabulary = ctx.site.vocabulary
    lines = []
    for match in matches:
        link = element("a", marked(ctx, match.place.title_in(ctx.lang),
                                   ctx.lang in match.place.translations),
                       href=ctx.href(kit_url(match.place.slug)))
        if match.complete:
            status = element("span", escape(t("where.complete")), class_="rk-match-complete")
        else:
            missing = ", ".join(vocabulary.label("tools", id_, lang) for id_ in match.missing)
            status = element("span", escape(t("where.missing", tools=missing)),
                             class_="rk-match-partial")
        lines.append(link + " — " + status)
    return element("p", escape(t("where.intro"))) + items(lines, class_="rk-where")
