"""The bill of materials as a CSV file for spreadsheet programs.

UTF-8 with a byte-order mark (so accents open right in common spreadsheet programs),
one row per part with its line total, grouped by sub-assembly as a multi-level BOM is,
each group closed by its subtotal row, then a total row and the price date. The
column names are the contract's; the texts are in the file's language (French, as the
names it carries). Cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io

from macros.i18n.catalogue import Messages
from macros.model.bom import BomCost, BomGroup, by_assembly, cost, to_decimal
from macros.model.site import PlanEntry

HEADER = ("ref", "name", "qty", "unit", "unit_price", "line_total", "currency", "supplier",
          "reuse", "assembly")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a quote so `=HYPERLINK(…)` stays text in a spreadsheet."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _plain(value: float) -> str:
    """`4.0` → `4`, `0.35` → `0.35`: the number as the author wrote it, never `1E+1`."""
    return format(to_decimal(value).normalize(), "f")


def bom_csv(entry: PlanEntry, lang: str = "fr") -> bytes:
    bom = entry.plan.bom
    t = Messages(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    groups = by_assembly(entry.parts, bom.assemblies)
    grouped = groups[0].assembly is not None
    for group in groups:
        assembly = group.assembly.name.get(lang) if group.assembly else ""
        for line in group.cost.lines:
            part = line.part
            writer.writerow([neutralise(cell) for cell in (
                part.ref or "",
                part.name.get(lang),
                _plain(part.qty),
                part.unit or "",
                "" if part.unit_price is None else _plain(part.unit_price),
                "" if line.line_total is None else f"{line.line_total:.2f}",
                bom.currency,
                part.supplier or "",
                part.reuse.get(lang) if part.reuse else "",
                assembly,
            )])
        if grouped:
            writer.writerow(_sum_row(_subtotal_label(t, group), group.cost, bom.currency,
                                     assembly))
    summary = cost(entry.parts)
    total_label = (t("bom.csv.total") if summary.complete
                   else t("bom.csv.total_partial", count=summary.unpriced))
    writer.writerow(_sum_row(total_label, summary, bom.currency, ""))
    date = (t("bom.csv.priced_on", date=bom.priced_on.isoformat()) if bom.priced_on
            else t("bom.csv.price_date_missing"))
    writer.writerow(["", date, *[""] * (len(HEADER) - 2)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _subtotal_label(t: Messages, group: BomGroup) -> str:
    name = group.assembly.name.get(t.lang) if group.assembly else t("bom.other_parts")
    if group.cost.complete:
        return t("bom.csv.subtotal", assembly=name)
    return t("bom.csv.subtotal_partial", assembly=name, count=group.cost.unpriced)


def _sum_row(label: str, summed: BomCost, currency: str, assembly: str) -> list[str]:
    """A subtotal or total row: its label in the name column, the sum in line_total."""
    return [neutralise(cell) for cell in ("", label, "", "", "", f"{summed.total:.2f}",
                                          currency, "", "", assembly)]
