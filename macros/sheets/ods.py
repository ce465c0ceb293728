"""A laid-out workbook as ODS (odfpy): OpenFormula formulas with their computed values.

LibreOffice shows the stored value of a formula in files it did not write, until
something makes it recalculate, so every formula cell carries the value the
workbook evaluates to here, not only its formula.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from odf import dc, number, style, table, text
from odf.opendocument import OpenDocumentSpreadsheet

from macros.i18n.catalogue import Messages
from macros.i18n.formatting import number as format_number
from macros.sheets import formula
from macros.sheets.formula import Value, spreadsheet_round
from macros.sheets.layout import OutCell, Style, Workbook, as_text, day_of, wraps
from macros.sheets.palette import COMPUTED_FILL, HEADER_FILL, INPUT_BORDER, INPUT_FILL, NOTE
from macros.sheets.spec import Format

_CM_PER_CHARACTER = 0.21


def _data_styles(doc: OpenDocumentSpreadsheet) -> dict[Format, Any]:
    """One data style per format, like `#,##0.00 "€"` in XLSX."""
    money = number.NumberStyle(name="N-money")
    money.addElement(number.Number(decimalplaces=2, minintegerdigits=1, grouping="true"))
    money.addElement(number.Text(text=" €"))
    decimal = number.NumberStyle(name="N-number")
    decimal.addElement(number.Number(decimalplaces=2, minintegerdigits=1, grouping="true"))
    integer = number.NumberStyle(name="N-integer")
    integer.addElement(number.Number(decimalplaces=0, minintegerdigits=1))
    percent = number.PercentageStyle(name="N-percent")
    percent.addElement(number.Number(decimalplaces=0, minintegerdigits=1))
    percent.addElement(number.Text(text="%"))
    date = number.DateStyle(name="N-date")
    for part in (number.Year(style="long"), number.Text(text="-"), number.Month(style="long"),
                 number.Text(text="-"), number.Day(style="long")):
        date.addElement(part)
    plain = number.TextStyle(name="N-text")
    plain.addElement(number.TextContent())
    found: dict[Format, Any] = {"money": money, "number": decimal, "integer": integer,
                                "percent": percent, "date": date, "text": plain}
    for item in found.values():
        doc.styles.addElement(item)
    return found


class _Styles:
    """Cell styles made on first use, named after what they mean."""

    def __init__(self, doc: OpenDocumentSpreadsheet) -> None:
        self.doc = doc
        self.data = _data_styles(doc)
        self.made: dict[Style, Any] = {}

    def cell(self, key: Style) -> Any:
        if key not in self.made:
            self.made[key] = self._make(key)
        return self.made[key]

    def _make(self, key: Style) -> Any:
        name = f"{key.kind}-{key.format}" + ("-strong" if key.strong else "")
        attributes: dict[str, Any] = {"name": name, "family": "table-cell"}
        if key.kind in ("input", "computed") or key.format != "text":
            attributes["datastylename"] = self.data[key.format]
        made = style.Style(**attributes)
        cell: dict[str, str] = {"verticalalign": "top"}
        if wraps(key):
            cell["wrapoption"] = "wrap"
        if key.kind == "header":
            cell.update(backgroundcolor=f"#{HEADER_FILL}", borderbottom="1.5pt solid #000000")
        elif key.kind == "input":
            cell.update(backgroundcolor=f"#{INPUT_FILL}", border=f"1.5pt dashed #{INPUT_BORDER}")
        elif key.kind == "computed":
            cell.update(backgroundcolor=f"#{COMPUTED_FILL}", border="0.75pt solid #808080")
        made.addElement(style.TableCellProperties(**cell))
        font: dict[str, str] = {}
        if key.strong or key.kind in ("title", "heading", "header"):
            font.update(fontweight="bold")
        if key.kind in ("title", "heading"):
            font.update(fontsize="14pt" if key.kind == "title" else "12pt")
        if key.kind == "note":
            font.update(fontstyle="italic", color=f"#{NOTE}")
        if font:
            made.addElement(style.TextProperties(**font))
        self.doc.automaticstyles.addElement(made)
        return made

    def column(self, width: int) -> Any:
        made = style.Style(name=f"col-{width}", family="table-column")
        made.addElement(style.TableColumnProperties(
            columnwidth=f"{width * _CM_PER_CHARACTER:.2f}cm"))
        self.doc.automaticstyles.addElement(made)
        return made


def _shown(value: Value | dt.date, fmt: Format, t: Messages) -> str:
    """The text a cell shows (ODS stores it beside the value), rounded as LibreOffice
    rounds for display: half away from zero, on the decimal digits."""
    if isinstance(value, bool):
        return t("editable.true" if value else "editable.false")
    if isinstance(value, float) and fmt == "date":
        value = day_of(value) or value
    value = as_text(value)
    if isinstance(value, str):
        return value
    lang = t.lang
    if fmt == "percent":
        return format_number(spreadsheet_round(value * 100, 0), lang) + " %"
    if fmt == "integer":
        return format_number(spreadsheet_round(value, 0), lang)
    if fmt in ("money", "number"):
        shown = format_number(spreadsheet_round(value, 2), lang)
        return shown + " €" if fmt == "money" else shown
    return format_number(value, lang)


def _value_attributes(value: Value | dt.date, fmt: Format) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, bool):
        return {"valuetype": "boolean", "booleanvalue": "true" if value else "false"}
    if isinstance(value, float) and fmt == "date" and day_of(value) is not None:
        value = day_of(value)
    if isinstance(value, dt.date):
        return {"valuetype": "date", "datevalue": value.isoformat()}
    if isinstance(value, str):
        return {"valuetype": "string", "stringvalue": value}
    return {"valuetype": "percentage" if fmt == "percent" else "float", "value": repr(value)}


def _cell(book: Workbook, sheet: str, place: tuple[int, int], cell: OutCell,
          styles: _Styles) -> Any:
    fmt = cell.style.format
    attributes: dict[str, Any] = {"stylename": styles.cell(cell.style)}
    value: Value | dt.date = cell.value
    if cell.formula is not None:
        attributes["formula"] = formula.render(cell.formula, sheet, odf=True)
        value = book.value(sheet, *place)
    attributes.update(_value_attributes(value, fmt))
    made = table.TableCell(**attributes)
    shown = _shown(value, fmt, Messages(book.meta.lang))
    if shown:
        made.addElement(text.P(text=shown))
    return made


def _calculation_settings() -> Any:
    """Comparisons and criteria as in Excel and as the evaluator computes them, said in
    the file: LibreOffice compares texts case-sensitively unless a file says otherwise,
    and ODF's defaults read SUMIF criteria as regular expressions, so that
    `"Atelier (Bxl)"` would not match itself."""
    return table.CalculationSettings(casesensitive="false", useregularexpressions="false",
                                     searchcriteriamustapplytowholecell="true")


def write_ods(book: Workbook, moment: dt.datetime) -> bytes:
    """The workbook as ODS; dated `moment` (the zip is normalised later)."""
    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(dc.Title(text=book.meta.title))
    doc.meta.addElement(dc.Language(text=book.meta.lang))
    doc.meta.addElement(dc.Date(text=moment.astimezone(dt.timezone.utc)
                                .strftime("%Y-%m-%dT%H:%M:%S")))
    doc.spreadsheet.addElement(_calculation_settings())
    styles = _Styles(doc)
    columns: dict[int, Any] = {}
    for sheet in book.sheets:
        target = table.Table(name=sheet.name)
        rows, cols = sheet.size
        for col in range(cols):
            width = sheet.widths.get(col, 12)
            if width not in columns:
                columns[width] = styles.column(width)
            target.addElement(table.TableColumn(stylename=columns[width]))
        for row in range(rows):
            line = table.TableRow()
            for col in range(cols):
                cell = sheet.cells.get((row, col))
                line.addElement(table.TableCell() if cell is None
                                else _cell(book, sheet.name, (row, col), cell, styles))
            target.addElement(line)
        doc.spreadsheet.addElement(target)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()
