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
from macros.sheets.formula import FormulaError, spreadsheet_round
from macros.sheets.layout import CellError, LayoutError, Loc, Workbook, as_text, day_of
from macros.sheets.spec import Cell, Format, SheetSpec


def csv_value(value: float | str | dt.date | None, fmt: Format) -> str:
    """A value as the spreadsheets show it: money and numbers with two decimals rounded
    half away from zero (2.675 → 2.68), a date column's day number as a date."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and fmt == "date":
        value = day_of(value) or value
    value = as_text(value)
    if isinstance(value, str):
        return value
    if fmt in ("money", "number"):
        return f"{spreadsheet_round(value, 2):.2f}"
    if fmt == "integer":
        return str(int(spreadsheet_round(value, 0)))
    if value == int(value):
        return str(int(value))
    return format(value, ".15g")


def _cell(cell: Cell | None, fmt: Format, book: Workbook, loc: Loc) -> str:
    if cell is None or isinstance(cell, float):
        return csv_value(cell, fmt)
    text = cell.get(DEFAULT_LANGUAGE)
    if not text.startswith("="):
        return text
    try:
        node = formula.resolve(formula.parse(text), lambda name: _named(book, name))
        formula.check_ranges(node)
        return csv_value(formula.evaluate(node, book.value), fmt)
    except CellError:
        return ""  # the error is the named cell's, reported at its formula
    except FormulaError as error:
        raise LayoutError(loc, "check.formula.in_formula", formula=text,
                          error=error.text) from None


def _named(book: Workbook, name: str) -> formula.Area:
    """A cell of the worked example the CSV's formulas may name (single cells only)."""
    try:
        return book.named[name]
    except KeyError:
        raise FormulaError("check.sheet.expect_unknown", name=name,
                           names=", ".join(sorted(book.named)[:3])) from None


def csv_bytes(spec: SheetSpec, book: Workbook) -> bytes | None:
    """The CSV of `spec` from its worked example `book`, or None if it declares none;
    LayoutError at the first cell that cannot be made (`csv_problems` lists them all)."""
    made, errors = _made(spec, book)
    if errors:
        raise errors[0]
    return made


def csv_problems(spec: SheetSpec, book: Workbook) -> list[LayoutError]:
    """Every cell of the CSV that cannot be made, and an unknown table."""
    return _made(spec, book)[1]


def _made(spec: SheetSpec, book: Workbook) -> tuple[bytes | None, list[LayoutError]]:
    declared = spec.csv
    if declared is None:
        return None, []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    errors: list[LayoutError] = []
    if declared.block is not None:
        block = next((b for s in spec.sheets for b in s.blocks
                      if b.id == declared.block and b.columns), None)
        if block is None:
            return None, [LayoutError(("csv", "block"), "check.formula.no_table",
                                      block=declared.block)]
        columns = block.input_columns
        writer.writerow([c.id for c in columns])
        for row in block.example:
            writer.writerow([
                csv_value(value.get(DEFAULT_LANGUAGE) if isinstance(value, LocalText)
                          else value, column.format)
                for value, column in zip(row, columns, strict=True)])
        return buffer.getvalue().encode("utf-8"), []
    writer.writerow([c.id for c in declared.columns])
    for r_index, values in enumerate(declared.rows):
        written = []
        for c_index, (value, column) in enumerate(zip(values, declared.columns, strict=True)):
            try:
                written.append(_cell(value, column.format, book, ("csv", "rows", r_index,
                                                                  c_index)))
            except LayoutError as error:
                errors.append(error)
                written.append("")
        writer.writerow(written)
    return buffer.getvalue().encode("utf-8"), errors
