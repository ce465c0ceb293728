"""The bill of materials as an accessible table with line totals and the total."""

from __future__ import annotations

from decimal import Decimal

from macros.i18n.formatting import long_date, money, number
from macros.model.bom import cost, to_decimal
from macros.model.site import PlanEntry
from macros.render.context import RenderContext, in_language
from macros.render.html import element, escape


def bom_table(ctx: RenderContext, entry: PlanEntry) -> str:
    t, lang = ctx.t, ctx.lang
    bom = entry.plan.bom
    if not entry.parts:
        return element("p", escape(t("bom.empty")), class_="rk-bom-empty")
    summary = cost(entry.parts)
    head = "".join(
        element("th", escape(t(key)), scope="col")
        for key in ("bom.ref", "bom.name", "bom.qty", "bom.unit_price", "bom.line_total",
                    "bom.supplier", "bom.reuse")
    )
    rows = []
    for line in summary.lines:
        part = line.part
        qty = number(part.qty, lang) + (f" {part.unit}" if part.unit else "")
        if part.unit_price is None:
            unknown = element("span", escape(t("bom.unpriced_cell")), class_="rk-unpriced")
            price_cell, total_cell = unknown, unknown
        else:
            price_cell = escape(money_of(part.unit_price, bom.currency, lang))
            total_cell = escape(money(line.line_total or Decimal(0), bom.currency, lang))
        cells = [
            element("td", escape(part.ref or "")),
            element("th", in_language(ctx, part.name), scope="row"),
            element("td", escape(qty), class_="rk-num"),
            element("td", price_cell, class_="rk-num"),
            element("td", total_cell, class_="rk-num"),
            element("td", escape(part.supplier or "")),
            element("td", in_language(ctx, part.reuse) if part.reuse else ""),
        ]
        rows.append(element("tr", "".join(cells),
                            class_="rk-unpriced-row" if part.unit_price is None else None))
    total_label = t("bom.total") if summary.complete else t("bom.total_partial")
    foot = element(
        "tr",
        element("th", escape(total_label), scope="row", colspan="4")
        + element("td", escape(money(summary.total, bom.currency, lang)),
                  class_="rk-num rk-bom-total")
        + element("td", "", colspan="2"),
    )
    caption = element("caption", escape(t("bom.caption", currency=bom.currency)))
    table = element(
        "table",
        caption + element("thead", element("tr", head)) + element("tbody", "".join(rows))
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


def money_of(value: float, currency: str, lang: str) -> str:
    return money(to_decimal(value), currency, lang)
