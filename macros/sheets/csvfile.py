"""The CSV attached to a tool, made from its spec so it always matches the spreadsheets.

UTF-8, comma-separated, decimal point, minimal quoting: what the tool's page
describes. Either the input rows of one table of the worked example, or rows of
the spec whose formulas are evaluated on the worked example (in French).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from macros.model.text import DEFAULT_LANGUAGE, LocalText
from macros.sheets import formula
from macros.sheets.formula import FormulaError
from macros.sheets.layout import LayoutError, Workbook, as_text
from macros.sheets.spec import Cell, Format, SheetSpec


def csv_value(value: float | str | dt.date | None, fmt: Format) -> str:
    value = as_text(value)
    if isinstance(value, str):
        return value
    if fmt in ("money", "number"):
        return f"{value:.2f}"
    if fmt == "integer" or value == int(value):
        return str(int(value))
    return format(value, "g")


def _cell(cell: Cell | None, fmt: Format, book: Workbook, loc: tuple[str | int, ...]) -> str:
    if cell is None or isinstance(cell, float):
        return csv_value(cell, fmt)
    text = cell.get(DEFAULT_LANGUAGE)
    if not text.startswith("="):
        return text
    try:
        node = formula.resolve(formula.parse(text), lambda name: book.named[name])
        return csv_value(formula.evaluate(node, book.value), fmt)
    except FormulaError as error:
        raise LayoutError(loc, "check.formula.in_formula", formula=text,
                          error=error.text) from None
    except KeyError as error:
        raise LayoutError(loc, "check.formula.in_formula", formula=text, error=error) from None


def csv_bytes(spec: SheetSpec, book: Workbook) -> bytes | None:
    """The CSV of `spec` from its worked example `book`, or None if it declares none."""
    declared = spec.csv
    if declared is None:
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if declared.block is not None:
        block = next((b for s in spec.sheets for b in s.blocks if b.id == declared.block), None)
        if block is None:
            raise LayoutError(("csv", "block"), "check.formula.no_table", block=declared.block)
        columns = block.input_columns
        writer.writerow([c.id for c in columns])
        for row in block.example:
            writer.writerow([
                csv_value(value.get(DEFAULT_LANGUAGE) if isinstance(value, LocalText)
                          else value, column.format)
                for value, column in zip(row, columns, strict=True)])
        return buffer.getvalue().encode("utf-8")
    writer.writerow([c.id for c in declared.columns])
    for r_index, values in enumerate(declared.rows):
        writer.writerow([_cell(value, column.format, book, ("csv", "rows", r_index, c_index))
                         for c_index, (value, column)
                         in enumerate(zip(values, declared.columns, strict=True))])
    return buffer.getvalue().encode("utf-8")
