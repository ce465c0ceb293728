"""The parts of a plan page, in the order a maker needs them."""

from __future__ import annotations

from macros.addresses import CONTRIBUTE_URL, PLACE_MACHINES_ANCHOR, kit_url
from macros.i18n.formatting import long_date, money, number
from macros.model.bom import cost
from macros.model.matching import PlaceMatch, places_for
from macros.model.site import PlanEntry
from macros.model.vocabulary import Category
from macros.render.badges import badge_row, status_badge, version_badge
from macros.render.context import RenderContext, fallback_lang, in_language, marked
from macros.render.downloads import link, plan_downloads_of
from macros.render.html import element, escape, escape_text, items


def header(ctx: RenderContext, entry: PlanEntry) -> str:
    """Title, summary and version badge (the status is among the key facts)."""
    plan = entry.plan
    title = element("h1", escape(plan.title.get(ctx.lang)), id="plan-title",
                    lang=fallback_lang(ctx, plan.title.has(ctx.lang)))
    summary = element("p", escape(plan.summary.get(ctx.lang)), class_="rk-summary",
                      lang=fallback_lang(ctx, plan.summary.has(ctx.lang)))
    badges = badge_row(version_badge(ctx, plan.version))
    return title + "\n\n" + summary + "\n\n" + badges


def preview(ctx: RenderContext, entry: PlanEntry) -> str:
    """The main drawing at the top of the page, so a maker sees the machine before its
    figures: the first drawing's preview, the one its section shows further down (the
    browser loads it once)."""
    if not entry.plan.drawings:
        return ""
    made = plan_downloads_of(ctx, entry).drawings
    title = entry.plan.drawings[0].title.get(ctx.lang)
    image = (f'<img src="{escape(ctx.drawing_preview(made[0]))}" alt="{escape(title)}"'
             ' fetchpriority="high">')
    return element("figure", image, class_="rk-preview")


def key_facts(ctx: RenderContext, entry: PlanEntry) -> str:
    """What a maker decides on: estimated cost, build time, difficulty, risk, status."""
    t, lang, plan = ctx.t, ctx.lang, entry.plan
    rows: list[tuple[str, str]] = []
    if entry.parts:
        rows.append((t("plan.cost"), _cost(ctx, entry)))
    if plan.build_time_hours is not None:
        rows.append((t("plan.build_time"),
                     escape(t("plan.hours", hours=number(plan.build_time_hours, lang)))))
    rows.append((t("plan.difficulty"), escape(t(
        "plan.difficulty_value", level=plan.difficulty,
        label=t(f"plan.difficulty.{plan.difficulty}")))))
    risk = plan.safety.risk
    rows.append((t("plan.risk"), element("a", escape(t(f"safety.risk.{risk}")),
                                         href="#safety", class_=f"rk-risk rk-risk-{risk}")))
    rows.append((t("plan.status_fact"),
                 status_badge(ctx, plan.status, labelled=False, standalone=True)))
    body = "".join(element("div", element("dt", escape(term)) + element("dd", value))
                   for term, value in rows)
    return element("dl", body, class_="rk-key-facts", aria_label=t("plan.key_facts"))


def _cost(ctx: RenderContext, entry: PlanEntry) -> str:
    """The BOM's total, as its table computes it, said to be partial when some parts
    have no price, with the date the prices were noted; a link to the BOM."""
    t, bom = ctx.t, entry.plan.bom
    summary = cost(entry.parts)
    amount = money(summary.total, bom.currency, ctx.lang)
    shown = (t("plan.cost_value", amount=amount) if summary.complete
             else t("plan.cost_partial", amount=amount, count=summary.unpriced))
    out = element("a", escape(shown), href="#bom")
    if bom.priced_on:
        out += " " + element("span", escape(t("plan.cost_priced_on",
                                              date=long_date(bom.priced_on, ctx.lang))),
                             class_="rk-fact-note")
    return out


def facts(ctx: RenderContext, entry: PlanEntry) -> str:
    """Licences, process data, authors and skills as a compact description list."""
    t, lang, plan = ctx.t, ctx.lang, entry.plan
    vocabulary = ctx.site.vocabulary
    rows: list[tuple[str, str]] = [
        (t("plan.licence"), plan.licence),
        (t("plan.documentation_licence"), plan.documentation_licence),
    ]
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
        # The page's PDF prints the drawing as its PDF's sheet at the end, at real scale
        # (`data-rk-sheet`, see built/pdf_sheets.py), and says so where it would have been.
        note = element("span", " " + escape_text(ctx.t("drawing.sheet_at_end")),
                       class_="rk-drawing-sheet", data_rk_sheet_note=True, hidden=True)
        caption = element("figcaption", element("span", escape(title), class_="rk-drawing-title")
                          + " " + element("span", links, class_="rk-drawing-links") + note)
        figures.append(element("figure", image + caption, class_="rk-drawing",
                               data_rk_sheet=ctx.shown_href(files.pdf)))
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
    """The places ranked by how much of the plan's machines and skills they cover, each
    with what it has, what to confirm with it and what to ask it about; then the next
    step, so a reader never reaches a dead end."""
    t = ctx.t
    matches = places_for(entry, ctx.site.places)
    if not matches:
        return element("p", escape(t("where.no_places")))
    if matches[0].needed == 0:
        return element("p", escape(t("where.nothing_needed"))) + _place_links(ctx, matches)
    likely = [m for m in matches if m.likely]
    if not likely:
        return (element("p", escape(t("where.none"))) + _place_links(ctx, matches)
                + _next_steps(ctx))
    ranked = element("ol", "".join(element("li", _place_line(ctx, m)) for m in likely),
                     class_="rk-where")
    return (element("p", escape(t("where.intro"))) + ranked
            + _next_steps(ctx, complete=likely[0].complete))


def _place_link(ctx: RenderContext, match: PlaceMatch) -> str:
    place = match.place
    return element("a", marked(ctx, place.title_in(ctx.lang), ctx.lang in place.translations),
                   href=ctx.href(kit_url(place.slug)))


def _place_links(ctx: RenderContext, matches: list[PlaceMatch]) -> str:
    return items([_place_link(ctx, m) for m in matches], class_="rk-where")


def _place_line(ctx: RenderContext, match: PlaceMatch) -> str:
    """The place, its score, and one line per kind of need that is not empty."""
    t = ctx.t
    if match.complete:
        score = element("span", escape(t("where.complete")), class_="rk-match-complete")
    else:
        to_confirm = match.likely - match.confirmed
        key = "where.score" if to_confirm else "where.score_confirmed"
        score = element("span", escape(t(key, has=match.confirmed, needed=match.needed,
                                         to_confirm=to_confirm)), class_="rk-match-partial")
    machines, skills = match.machines, match.skills
    kinds = (("where.has_machines", _labels(ctx, "tools", machines.has)),
             ("where.confirm_machines", _labels(ctx, "tools", machines.to_confirm)),
             ("where.has_skills", _labels(ctx, "skills", skills.has)),
             ("where.confirm_skills", _labels(ctx, "skills", skills.to_confirm)),
             ("where.unlisted", _labels(ctx, "tools", machines.unlisted)
              + _labels(ctx, "skills", skills.unlisted)))
    details = [element("strong", escape(t(key))) + " " + escape(", ".join(labels))
               for key, labels in kinds if labels]
    return (_place_link(ctx, match) + " — " + score
            + (items(details, class_="rk-where-detail") if details else ""))


def _labels(ctx: RenderContext, category: Category, ids: tuple[str, ...]) -> list[str]:
    return [ctx.site.vocabulary.label(category, id_, ctx.lang) for id_ in ids]


def _next_steps(ctx: RenderContext, complete: bool = False) -> str:
    """Whom to ask (to book, when the first place has everything), and how a place's
    page comes to list a machine it has."""
    t = ctx.t
    add = element("a", escape(t("where.add_link")),
                  href=ctx.href(CONTRIBUTE_URL) + "#" + PLACE_MACHINES_ANCHOR)
    next_step = t("where.next_complete") if complete else t("where.next")
    return (element("p", escape(next_step), class_="rk-where-next")
            + element("p", escape(t("where.add")) + " " + add,
                      class_="rk-where-add"))
