"""A laid-out workbook as XLSX (openpyxl): real formulas, styled input cells."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook as XlsxBook
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from macros.sheets import formula
from macros.sheets.layout import Style, Workbook, wraps
from macros.sheets.palette import COMPUTED_FILL, HEADER_FILL, INPUT_BORDER, INPUT_FILL, NOTE

NUMBER_FORMATS = {"money": '#,##0.00 "€"', "integer": "0", "number": "#,##0.00",
                  "percent": "0%", "date": "yyyy-mm-dd", "text": "@"}
_THIN = Side(style="thin", color="808080")
_DASHED = Side(style="mediumDashed", color=INPUT_BORDER)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _apply(target: XlsxCell, style: Style) -> None:
    kind = style.kind
    bold = style.strong or kind in ("title", "heading", "header")
    size = {"title": 14, "heading": 12}.get(kind, 11)
    target.font = Font(bold=bold, size=size, italic=kind == "note",
                       color=NOTE if kind == "note" else None)
    target.alignment = Alignment(wrap_text=wraps(style), vertical="top")
    if kind == "header":
        target.fill = _fill(HEADER_FILL)
        target.border = Border(bottom=Side(style="medium", color="000000"))
    elif kind == "input":
        target.fill = _fill(INPUT_FILL)
        target.border = Border(left=_DASHED, right=_DASHED, top=_DASHED, bottom=_DASHED)
    elif kind == "computed":
        target.fill = _fill(COMPUTED_FILL)
        target.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    if kind in ("input", "computed") or style.format != "text":
        target.number_format = NUMBER_FORMATS[style.format]


def write_xlsx(book: Workbook, moment: dt.datetime) -> bytes:
    """The workbook as XLSX; file properties dated `moment` (the zip is normalised later)."""
    out = XlsxBook()
    out.remove(out.active)  # type: ignore[arg-type]
    for sheet in book.sheets:
        target = out.create_sheet(sheet.name)
        for (row, col), cell in sorted(sheet.cells.items()):
            place = target.cell(row=row + 1, column=col + 1)
            if cell.formula is not None:
                place.value = formula.render(cell.formula, sheet.name)
            else:
                place.value = cell.value
                if isinstance(cell.value, str):
                    place.data_type = "s"  # a text starting with "=" stays text
            _apply(place, cell.style)
        for col, width in sorted(sheet.widths.items()):
            target.column_dimensions[get_column_letter(col + 1)].width = width
    stamp = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props = out.properties
    props.title = book.meta.title
    props.language = book.meta.lang
    props.creator = "ReProduce Kit"
    props.identifier = book.meta.url
    props.created = stamp
    props.modified = stamp
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
