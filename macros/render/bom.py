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


HEAD_ID = "rkb-"
"""Prefix of the header cells' ids: one BOM table per plan page. The ids are short, as
every data cell names two or three of them (sixty parts: 11 KB of `headers`, 19 KB with
ids such as `rk-bom-line_total rk-bom-part-12`)."""
COLUMN_IDS = {"bom.ref": "ref", "bom.name": "name", "bom.qty": "qty",
              "bom.unit_price": "price", "bom.line_total": "line", "bom.supplier": "sup",
              "bom.reuse": "reuse"}


def column_id(key: str) -> str:
    """The id of a column's header cell (`bom.unit_price` gives `rkb-price`)."""
    return HEAD_ID + COLUMN_IDS[key]


def headers(*ids: str) -> str:
    """A data cell's `headers`: its column header and every row header it sits under.

    The table has headers at three levels (columns, then each sub-assembly's heading,
    then each part's name or a subtotal), so `scope` alone leaves assistive technology
    to guess which heading rules a cell; the ids say it (H43, WCAG 1.3.1)."""
    return " ".join(ids)


def bom_table(ctx: RenderContext, entry: PlanEntry) -> str:
    t, lang = ctx.t, ctx.lang
    bom = entry.plan.bom
    if not entry.parts:
        return element("p", escape(t("bom.empty")), class_="rk-bom-empty")
    summary = cost(entry.parts)
    head = "".join(element("th", escape(t(key)), scope="col", id=column_id(key))
                   for key in COLUMNS)
    groups = by_assembly(entry.parts, bom.assemblies)
    grouped = groups[0].assembly is not None
    bodies, first = [], 0
    for number_, group in enumerate(groups, 1):
        bodies.append(_group(ctx, entry, group, grouped, number_, first))
        first += len(group.cost.lines)
    total_label = t("bom.total") if summary.complete else t("bom.total_partial")
    foot = _sum_row(total_label, money(summary.total, bom.currency, lang), "rk-bom-total",
                    HEAD_ID + "t", ())
    caption = element("caption", escape(t("bom.caption", currency=bom.currency)))
    table = element(
        "table",
        caption + element("thead", element("tr", head)) + "".join(bodies)
        + element("tfoot", foot),
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


def _group(ctx: RenderContext, entry: PlanEntry, group: BomGroup, grouped: bool,
           number_: int, first: int) -> str:
    """One `<tbody>`: without sub-assemblies (`grouped` false), the parts; with them, a
    heading row naming the sub-assembly (for the rows under it), its parts and its
    subtotal. `number_` numbers the group, `first` its first part, for the ids."""
    group_id = f"{HEAD_ID}a{number_}"
    above = (group_id,) if grouped else ()
    rows = "".join(_part_row(ctx, entry, line.part, line.line_total,
                             f"{HEAD_ID}{first + i}", above)
                   for i, line in enumerate(group.cost.lines, 1))
    if not grouped:
        return element("tbody", rows)
    name = (in_language(ctx, group.assembly.name) if group.assembly
            else escape(ctx.t("bom.other_parts")))
    heading = element("tr", element("th", name, scope="rowgroup", colspan=str(len(COLUMNS)),
                                    id=group_id),
                      class_="rk-bom-assembly")
    return element("tbody", heading + rows + _subtotal(ctx, entry, group, group_id))


def _subtotal(ctx: RenderContext, entry: PlanEntry, group: BomGroup, group_id: str) -> str:
    name = (group.assembly.name.get(ctx.lang) if group.assembly
            else ctx.t("bom.other_parts"))
    key = "bom.subtotal" if group.cost.complete else "bom.subtotal_partial"
    return _sum_row(ctx.t(key, assembly=name),
                    money(group.cost.total, entry.plan.bom.currency, ctx.lang),
                    "rk-bom-subtotal", f"{group_id}s", (group_id,))


def _sum_row(label: str, amount: str, class_: str, row_id: str, above: tuple[str, ...]) -> str:
    """A subtotal or total row: its label heads the amount, under the line total column."""
    rest = (column_id("bom.supplier"), column_id("bom.reuse"))
    return element(
        "tr",
        element("th", escape(label), scope="row", colspan="4", id=row_id)
        + element("td", escape(amount), class_="rk-num " + class_,
                  headers=headers(column_id("bom.line_total"), *above, row_id))
        + element("td", "", colspan="2", headers=headers(*rest, *above, row_id)),
        class_=class_ + "-row",
    )


def _part_row(ctx: RenderContext, entry: PlanEntry, part: Part,
              line_total: Decimal | None, row_id: str, above: tuple[str, ...]) -> str:
    """A part's row: its name heads the row, under its sub-assembly's heading if any."""
    t, lang, currency = ctx.t, ctx.lang, entry.plan.bom.currency
    if part.unit_price is None:
        unknown = element("span", escape(t("bom.unpriced_cell")), class_="rk-unpriced")
        price_cell, total_cell = unknown, unknown
    else:
        price_cell = escape(money_of(part.unit_price, currency, lang))
        total_cell = escape(money(line_total or Decimal(0), currency, lang))

    def cell(key: str, content: str, class_: str | None = None) -> str:
        return element("td", content, class_=class_,
                       headers=headers(column_id(key), *above, row_id))

    cells = [
        cell("bom.ref", escape(part.ref or "")),
        element("th", in_language(ctx, part.name), scope="row", id=row_id),
        cell("bom.qty", quantity(ctx, part), "rk-num"),
        cell("bom.unit_price", price_cell, "rk-num"),
        cell("bom.line_total", total_cell, "rk-num"),
        cell("bom.supplier", escape(part.supplier or "")),
        cell("bom.reuse", in_language(ctx, part.reuse) if part.reuse else ""),
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

