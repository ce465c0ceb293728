"""The bill of materials as an accessible table with line totals, a subtotal per
sub-assembly and the total."""

from __future__ import annotations

from decimal import Decimal

from macros.i18n.formatting import long_date, money, number
from macros.i18n.units import unit_text
from macros.model.bom import BomGroup, by_assembly, cost, to_decimal
from macros.model.plan import Part
from macros.model.site import PlanEntry
from macros.render.context import RenderContext, in_language, marked
from macros.render.html import element, escape

COLUMNS = ("bom.ref", "bom.name", "bom.qty", "bom.unit_price", "bom.line_total",
           "bom.supplier", "bom.reuse")


def bom_table(ctx: RenderContext, entry: PlanEntry) -> str:
    t, lang = ctx.t, ctx.lang
    bom = entry.plan.bom
    if not entry.parts:
        return element("p", escape(t("bom.empty")), class_="rk-bom-empty")
    summary = cost(entry.parts)
    head = "".join(element("th", escape(t(key)), scope="col") for key in COLUMNS)
    groups = by_assembly(entry.parts, bom.assemblies)
    grouped = groups[0].assembly is not None
    bodies = "".join(_group(ctx, entry, group, grouped) for group in groups)
    total_label = t("bom.total") if summary.complete else t("bom.total_partial")
    foot = _sum_row(total_label, money(summary.total, bom.currency, lang), "rk-bom-total")
    caption = element("caption", escape(t("bom.caption", currency=bom.currency)))
    table = element(
        "table",
        caption + element("thead", element("tr", head)) + bodies + element("tfoot", foot),
        class_="rk-bom",
    )
    notes = []
    if summary.unpriced:
        notes.append(element("p", element("strong", escape(
            t("bom.unpriced_notice", count=summary.unpriced))), class_="rk-bom-unpriced",
            role="note"))
    if bom.priced_on:
        notes.append(element("p", escape(t("bom.priced_on",
                                            date=long_date(bom.priced_on, lang)))))
    else:
        notes.append(element("p", escape(t("bom.price_date_missing"))))
    if bom.note:
        notes.append(element("p", in_language(ctx, bom.note), class_="rk-bom-note"))
    wrapper = element("div", table, class_="rk-table-scroll", tabindex="0", role="region",
                      aria_label=t("bom.title"))
    return wrapper + "".join(notes)


def _group(ctx: RenderContext, entry: PlanEntry, group: BomGroup, grouped: bool) -> str:
    """One `<tbody>`: without sub-assemblies (`grouped` false), the parts; with them, a
    heading row naming the sub-assembly (for the rows under it), its parts and its
    subtotal."""
    rows = "".join(_part_row(ctx, entry, line.part, line.line_total)
                   for line in group.cost.lines)
    if not grouped:
        return element("tbody", rows)
    name = (in_language(ctx, group.assembly.name) if group.assembly
            else escape(ctx.t("bom.other_parts")))
    heading = element("tr", element("th", name, scope="rowgroup", colspan=str(len(COLUMNS))),
                      class_="rk-bom-assembly")
    return element("tbody", heading + rows + _subtotal(ctx, entry, group))


def _subtotal(ctx: RenderContext, entry: PlanEntry, group: BomGroup) -> str:
    name = (group.assembly.name.get(ctx.lang) if group.assembly
            else ctx.t("bom.other_parts"))
    key = "bom.subtotal" if group.cost.complete else "bom.subtotal_partial"
    return _sum_row(ctx.t(key, assembly=name),
                    money(group.cost.total, entry.plan.bom.currency, ctx.lang),
                    "rk-bom-subtotal")


def _sum_row(label: str, amount: str, class_: str) -> str:
    return element(
        "tr",
        element("th", escape(label), scope="row", colspan="4")
        + element("td", escape(amount), class_="rk-num " + class_)
        + element("td", "", colspan="2"),
        class_=class_ + "-row",
    )


def _part_row(ctx: RenderContext, entry: PlanEntry, part: Part,
              line_total: Decimal | None) -> str:
    t, lang, currency = ctx.t, ctx.lang, entry.plan.bom.currency
    if part.unit_price is None:
        unknown = element("span", escape(t("bom.unpriced_cell")), class_="rk-unpriced")
        price_cell, total_cell = unknown, unknown
    else:
        price_cell = escape(money_of(part.unit_price, currency, lang))
        total_cell = escape(money(line_total or Decimal(0), currency, lang))
    cells = [
        element("td", escape(part.ref or "")),
        element("th", in_language(ctx, part.name), scope="row"),
        element("td", quantity(ctx, part), class_="rk-num"),
        element("td", price_cell, class_="rk-num"),
        element("td", total_cell, class_="rk-num"),
        element("td", escape(part.supplier or "")),
        element("td", in_language(ctx, part.reuse) if part.reuse else ""),
    ]
    return element("tr", "".join(cells),
                   class_="rk-unpriced-row" if part.unit_price is None else None)


def quantity(ctx: RenderContext, part: Part) -> str:
    """`100 pièces`, `100 stuks`, `100 pieces`: the quantity, a no-break space and the
    unit agreeing with it in the page's language; a unit of free text as its author
    wrote it (in French, marked so on another language's page)."""
    shown = number(part.qty, ctx.lang)
    if not part.unit:
        return escape(shown)
    unit = unit_text(ctx.site.vocabulary, part.qty, part.unit, ctx.lang)
    return escape(shown) + "\u00a0" + marked(ctx, unit.text, unit.translated)


def money_of(value: float, currency: str, lang: str) -> str:
    return money(to_decimal(value), currency, lang)

