"""The bill of materials as a CSV file for spreadsheet programs.

UTF-8 with a byte-order mark (so accents open right in common spreadsheet programs),
one row per part with its line total, then a total row and the currency and
price date. Cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io

from macros.model.bom import cost, to_decimal
from macros.model.site import PlanEntry

HEADER = ("ref", "name", "qty", "unit", "unit_price", "line_total", "currency", "supplier",
          "reuse")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a quote so `=HYPERLINK(…)` stays text in a spreadsheet."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _plain(value: float) -> str:
    """`4.0` → `4`, `0.35` → `0.35`: the number as the author wrote it, never `1E+1`."""
    return format(to_decimal(value).normalize(), "f")


def bom_csv(entry: PlanEntry, lang: str = "fr") -> bytes:
    bom = entry.plan.bom
    summary = cost(entry.parts)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in summary.lines:
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
        )])
    total_label = "TOTAL" if summary.complete else \
        f"TOTAL (priced parts only; {summary.unpriced} part(s) without a price)"
    writer.writerow(["", total_label, "", "", "", f"{summary.total:.2f}", bom.currency, "", ""])
    writer.writerow(["", f"prices checked on {bom.priced_on.isoformat()}" if bom.priced_on
                     else "price date not given", "", "", "", "", "", "", ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
