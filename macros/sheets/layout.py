"""A spec laid out as cells: where each block lands, each formula resolved, and the
workbook evaluated; the XLSX and ODS writers only copy what is decided here.

Every sheet reads top to bottom: its title, then each block (a heading, then label |
value | note rows, or a table header and its rows), one empty row between blocks.
Input cells carry a "✎" in their label or column header, besides their fill and
dashed border, so they are never told apart by colour alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from macros.i18n.catalogue import MessageError, Messages, Text, text
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES, LocalText
from macros.sheets import formula
from macros.sheets.formula import Area, FormulaError, Node, Value
from macros.sheets.spec import Block, Cell, Format, Literal_, SheetSpec

Kind = Literal["title", "heading", "header", "label", "input", "computed", "text", "note"]
INPUT_MARK = "✎"
Loc = tuple[str | int, ...]


class LayoutError(MessageError, ValueError):
    """A formula that does not parse or names nothing; `loc` is its place in the spec."""

    def __init__(self, loc: Loc, message: str | Text, **params: object) -> None:
        super().__init__(message, **params)
        self.loc = loc


@dataclass(frozen=True)
class Style:
    kind: Kind
    format: Format = "text"
    strong: bool = False


def as_text(value: float | str | dt.date | None) -> str | float:
    """A cell's value as the text it shows, except numbers, which each output formats."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def wraps(style: Style) -> bool:
    """Texts wrap inside their column instead of spilling over the next cells."""
    return style.kind in ("text", "note", "header", "label") or style.format == "text"


@dataclass(frozen=True)
class OutCell:
    style: Style
    value: float | str | dt.date | None = None
    formula: Node | None = None
    loc: Loc = ()
    """Where a formula comes from in the spec, to report an error at its line."""


@dataclass
class OutSheet:
    name: str
    cells: dict[tuple[int, int], OutCell] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)

    @property
    def size(self) -> tuple[int, int]:
        """Rows and columns used."""
        if not self.cells:
            return 0, 0
        return (max(r for r, _ in self.cells) + 1, max(c for _, c in self.cells) + 1)


@dataclass(frozen=True)
class Meta:
    """What the Lisez-moi sheet and the file properties say about the tool."""

    title: str
    lang: str
    version: str
    licence: str
    url: str
    example: bool


NULL_DATE = dt.date(1899, 12, 30)
"""Day 0 of spreadsheets' dates (LibreOffice's default; Excel's too from 1900-03-01)."""

Key = tuple[str, int, int]
"""A cell: its sheet, row and column."""


def serial(day: dt.date) -> float:
    """A date as spreadsheets compute with it: a number of days."""
    return float((day - NULL_DATE).days)


def day_of(value: float) -> dt.date | None:
    """The date a number of days stands for, if it is one (a formula in a date column)."""
    try:
        return NULL_DATE + dt.timedelta(days=int(value)) if value >= 0 else None
    except (OverflowError, ValueError):
        return None


@dataclass(frozen=True)
class _Failed:
    """A formula cell whose value is an error, and the cell the error comes from."""

    error: Text
    origin: Key


class CellError(FormulaError):
    """Reading a cell whose formula fails; `origin` is the cell the error comes from."""

    def __init__(self, failed: _Failed) -> None:
        super().__init__(failed.error)
        self.origin = failed.origin


def cell_name(key: Key) -> str:
    """`('Bilan', 4, 1)` → `Bilan!B5`."""
    return f"{key[0]}!{formula.column_letters(key[2])}{key[1] + 1}"


@dataclass
class Workbook:
    meta: Meta
    sheets: list[OutSheet]
    named: dict[str, Area]
    problems: list[LayoutError] = field(default_factory=list)
    """Formulas that could not be resolved (their cells are left empty)."""
    _memo: dict[Key, Value | _Failed] = field(default_factory=dict, repr=False)

    def sheet(self, name: str) -> OutSheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise FormulaError("check.formula.no_sheet", name=repr(name))

    def value(self, sheet: str, row: int, col: int) -> Value:
        """The cell's value, its formula evaluated (once) if it has one; CellError if
        the formula fails, as a spreadsheet shows #VALUE! or #DIV/0! in the cell.
        A date is its number of days, as spreadsheets compute with it."""
        key = (sheet, row, col)
        if key not in self._memo:
            self._settle(key)
        found = self._memo[key]
        if isinstance(found, _Failed):
            raise CellError(found)
        return found

    def _settle(self, start: Key) -> None:
        """Evaluate `start` after every cell it reads, walking the references with a
        stack of our own: a chain of thousands of cells never reaches Python's
        recursion limit, and a cycle is found, not followed."""
        stack: list[tuple[Key, bool]] = [(start, False)]
        pending: set[Key] = set()
        while stack:
            key, ready = stack.pop()
            if key in self._memo:
                continue
            cell = self._cell(key)
            if cell is None or cell.formula is None:
                self._memo[key] = self._plain(cell)
            elif ready:
                pending.discard(key)
                self._memo[key] = self._evaluate(key, cell.formula)
            elif key in pending:  # reached again from its own references
                self._memo[key] = _Failed(text("check.formula.circular", cell=cell_name(key)),
                                          key)
            else:
                pending.add(key)
                stack.append((key, True))
                stack.extend((read, False) for read in _reads(cell.formula)
                             if read not in self._memo)

    def _cell(self, key: Key) -> OutCell | None:
        for sheet in self.sheets:
            if sheet.name == key[0]:
                return sheet.cells.get((key[1], key[2]))
        return None  # a sheet that does not exist: refused when the formula is evaluated

    @staticmethod
    def _plain(cell: OutCell | None) -> Value:
        if cell is None:
            return None
        if isinstance(cell.value, dt.date):
            return serial(cell.value)
        return cell.value

    def _evaluate(self, key: Key, node: Node) -> Value | _Failed:
        names = {sheet.name for sheet in self.sheets}
        for area in formula.areas(node):
            if area.sheet not in names:
                return _Failed(text("check.formula.no_sheet", name=repr(area.sheet)), key)
        try:
            return formula.evaluate(node, self.value)
        except CellError as error:
            return _Failed(error.text, error.origin)
        except FormulaError as error:
            return _Failed(error.text, key)

    def check(self) -> list[LayoutError]:
        """Every formula that cannot be resolved, or that a spreadsheet would show as an
        error (#VALUE!, #DIV/0!…): once per formula of the spec, where the error starts
        rather than in each cell it reaches."""
        found: dict[Loc, LayoutError] = {}
        for sheet in self.sheets:
            for (row, col), cell in sorted(sheet.cells.items()):
                if cell.formula is None or cell.loc in found:
                    continue
                key = (sheet.name, row, col)
                try:
                    self.value(*key)
                except CellError as error:
                    if error.origin == key:
                        found[cell.loc] = LayoutError(cell.loc, "check.formula.in_cell",
                                                      cell=cell_name(key), error=error.text)
        return [*self.problems, *found.values()]

    def value_of(self, name: str) -> Value:
        """The value of a named cell of the spec, like `bilan.materiaux.reste`."""
        area = self.named[name]
        return self.value(area.sheet, area.row, area.col)


def _reads(node: Node) -> list[Key]:
    """The cells a formula reads (none of a range too large, refused when evaluated)."""
    found: list[Key] = []
    for area in formula.areas(node):
        if (area.row2 - area.row + 1) * (area.col2 - area.col + 1) <= formula.MAX_RANGE_CELLS:
            found += [(area.sheet, r, c) for r, c in area.cells()]
    return found


@dataclass(frozen=True)
class _Place:
    """Where a block landed: its sheet, rows of fields or of the table."""

    sheet: str
    block: Block
    first: int  # first row of fields, or first input row of the table
    fixed: int  # first fixed row (tables)


def _text(value: LocalText | None, lang: str) -> str:
    return value.get(lang) if value is not None else ""


def _literal(value: Literal_, lang: str) -> float | str | dt.date | None:
    return value.get(lang) if isinstance(value, LocalText) else value


def _mark(label: str, is_input: bool) -> str:
    return f"{INPUT_MARK} {label}" if is_input else label


def plan_places(spec: SheetSpec, lang: str) -> dict[str, _Place]:
    """Every block's place, before any cell is written (formulas may look ahead)."""
    places: dict[str, _Place] = {}
    for sheet in spec.sheets:
        row = 2
        for block in sheet.blocks:
            if block.title is not None:
                row += 1
            if block.fields:
                places[block.id] = _Place(sheet.title.get(lang), block, row, row)
                row += len(block.fields) + 1
            else:
                first = row + 1
                places[block.id] = _Place(sheet.title.get(lang), block, first,
                                          first + block.input_rows)
                row = first + block.input_rows + len(block.rows) + 1
    return places


class _Resolver:
    def __init__(self, places: dict[str, _Place]) -> None:
        self.places = places
        self.problems: list[LayoutError] = []
        self._positions: dict[tuple[str, str], dict[str, int]] = {}

    def positions(self, block: Block, kind: str) -> dict[str, int]:
        """Each field's, column's or row's index in `block`, made once per block (a spec
        of thousands of fields is resolved in linear time)."""
        key = (block.id, kind)
        if key not in self._positions:
            ids = {"fields": [f.id for f in block.fields],
                   "columns": [c.id for c in block.columns],
                   "rows": [r.id for r in block.rows]}[kind]
            self._positions[key] = {}
            for index, name in enumerate(ids):
                self._positions[key].setdefault(name, index)
        return self._positions[key]

    def area(self, name: str, here: tuple[str, int] | None) -> Area:
        """The cells of `name`; `here` is (block id, row) of a formula in a table row."""
        running = name.endswith(":@")
        same_row = name.endswith("@")
        base, _, nth = name.removesuffix(":@").removesuffix("@").partition("#")
        parts = base.split(".")
        place = self.places.get(parts[0])
        if place is None:
            raise FormulaError("check.formula.no_block", name=name, block=parts[0],
                               blocks=", ".join(sorted(self.places)))
        block = place.block
        if block.fields:
            fields = self.positions(block, "fields")
            if len(parts) != 2 or parts[1] not in fields or same_row:
                raise FormulaError("check.formula.fields", name=name, block=block.id,
                                   fields=", ".join(fields))
            row = place.first + fields[parts[1]]
            return Area(place.sheet, row, 1, row, 1)
        columns = self.positions(block, "columns")
        if parts[-1] not in columns:
            raise FormulaError("check.formula.columns", name=name, block=block.id,
                               columns=", ".join(columns))
        col = columns[parts[-1]]
        if len(parts) == 3:
            rows = self.positions(block, "rows")
            if parts[1] not in rows:
                raise FormulaError("check.formula.rows", name=name, block=block.id,
                                   rows=", ".join(rows))
            row = place.fixed + rows[parts[1]]
            return Area(place.sheet, row, col, row, col)
        if nth:
            if not re.fullmatch(r"[0-9]{1,6}", nth) or not 1 <= int(nth) <= block.input_rows:
                raise FormulaError("check.formula.input_rows", name=name, block=block.id,
                                   count=block.input_rows)
            row = place.first + int(nth) - 1
            return Area(place.sheet, row, col, row, col)
        if same_row:
            if here is None or here[0] != block.id:
                raise FormulaError("check.formula.this_row", name=name, block=block.id)
            if running:
                return Area(place.sheet, place.first, col, here[1], col, absolute_end=False)
            return Area(place.sheet, here[1], col, here[1], col, absolute=False,
                        absolute_end=False)
        if block.input_rows == 0:
            raise FormulaError("check.formula.no_input_rows", name=name, block=block.id)
        return Area(place.sheet, place.first, col, place.fixed - 1, col)

    def formula(self, text: str, sheet: str, loc: Loc, here: tuple[str, int] | None
                ) -> Node | None:
        """The resolved tree, or None with the problem kept (once per formula)."""
        try:
            node = formula.resolve(formula.parse(text, sheet), lambda n: self.area(n, here))
            formula.check_ranges(node)
        except FormulaError as error:
            if all(known.loc != loc for known in self.problems):
                self.problems.append(LayoutError(loc, error.text))
            return None
        return node


def _where(loc: Loc, value: LocalText, lang: str) -> Loc:
    """Where the text of `value` in `lang` is written: the language's own key when the
    languages differ, so a problem names that line."""
    own = value.get(lang)
    if all(value.get(other) == own for other in LANGUAGES):
        return loc
    return (*loc, lang if value.has(lang) else DEFAULT_LANGUAGE)


def _width(label: str, fmt: Format, given: int | None) -> int:
    if given is not None:
        return given
    base = {"date": 12, "money": 14, "percent": 10, "integer": 10, "number": 12}.get(fmt, 24)
    return max(base, min(len(label) + 4, 40))


def lay_out(spec: SheetSpec, lang: str, example: bool, meta: Meta, t: Messages) -> Workbook:
    """The workbook of `spec` in `lang`: the blank version, or the worked example."""
    places = plan_places(spec, lang)
    resolver = _Resolver(places)
    sheets = [readme_sheet(spec, meta, t)]
    for s_index, sheet_spec in enumerate(spec.sheets):
        sheet = OutSheet(sheet_spec.title.get(lang))
        sheet.cells[(0, 0)] = OutCell(Style("title"), sheet.name)
        sheet.widths[0] = 12
        for b_index, block in enumerate(sheet_spec.blocks):
            loc: Loc = ("sheets", s_index, "blocks", b_index)
            place = places[block.id]
            if block.title is not None:
                row = place.first - (1 if block.fields else 2)
                sheet.cells[(row, 0)] = OutCell(Style("heading"), block.title.get(lang))
            if block.fields:
                _lay_fields(sheet, block, place, resolver, lang, example, loc)
            else:
                _lay_table(sheet, block, place, resolver, lang, example, loc)
        sheets.append(sheet)
    return Workbook(meta, sheets, named_cells(places), resolver.problems)


def named_cells(places: dict[str, _Place]) -> dict[str, Area]:
    """Every single cell a formula can name: fields, fixed rows, numbered input rows."""
    named = {}
    for block_id, place in places.items():
        block = place.block
        for index, item in enumerate(block.fields):
            row = place.first + index
            named[f"{block_id}.{item.id}"] = Area(place.sheet, row, 1, row, 1)
        for col, column in enumerate(block.columns):
            for index in range(block.input_rows):
                row = place.first + index
                named[f"{block_id}.{column.id}#{index + 1}"] = Area(place.sheet, row, col,
                                                                   row, col)
            for index, fixed in enumerate(block.rows):
                row = place.fixed + index
                named[f"{block_id}.{fixed.id}.{column.id}"] = Area(place.sheet, row, col,
                                                                   row, col)
    return named


def _lay_fields(sheet: OutSheet, block: Block, place: _Place, resolver: _Resolver, lang: str,
                example: bool, loc: Loc) -> None:
    for index, item in enumerate(block.fields):
        row = place.first + index
        source = item.formula
        label = _text(item.label, lang)
        sheet.cells[(row, 0)] = OutCell(Style("label"), _mark(label, source is None))
        if source is None:
            value = item.example if example and item.example is not None else item.value
            sheet.cells[(row, 1)] = OutCell(Style("input", item.format), _literal(value, lang))
        else:
            where = _where((*loc, "fields", index, "formula"), source, lang)
            node = resolver.formula(source.get(lang), sheet.name, where, None)
            sheet.cells[(row, 1)] = OutCell(Style("computed", item.format), formula=node,
                                            loc=where)
        if item.note is not None:
            sheet.cells[(row, 2)] = OutCell(Style("note"), item.note.get(lang))
        sheet.widths[0] = max(sheet.widths.get(0, 0), min(len(label) + 4, 60))
        sheet.widths[1] = max(sheet.widths.get(1, 0), 16)
        sheet.widths[2] = max(sheet.widths.get(2, 0), 40 if item.note is not None else 12)


def _lay_table(sheet: OutSheet, block: Block, place: _Place, resolver: _Resolver, lang: str,
               example: bool, loc: Loc) -> None:
    header = place.first - 1
    for col, column in enumerate(block.columns):
        label = column.label.get(lang)
        is_input = column.formula is None and block.input_rows > 0
        sheet.cells[(header, col)] = OutCell(Style("header"), _mark(label, is_input))
        sheet.widths[col] = max(sheet.widths.get(col, 0), _width(label, column.format,
                                                                 column.width))
    for index in range(block.input_rows):
        row = place.first + index
        values = iter(block.example[index] if example and index < len(block.example) else ())
        for col, column in enumerate(block.columns):
            if column.formula is None:
                value = _literal(next(values, None), lang)
                sheet.cells[(row, col)] = OutCell(Style("input", column.format), value)
            else:
                where = _where((*loc, "columns", col, "formula"), column.formula, lang)
                node = resolver.formula(column.formula.get(lang), sheet.name, where,
                                        (block.id, row))
                sheet.cells[(row, col)] = OutCell(Style("computed", column.format),
                                                  formula=node, loc=where)
    for index, fixed in enumerate(block.rows):
        row = place.fixed + index
        for col, column in enumerate(block.columns):
            if column.id not in fixed.cells:
                continue
            sheet.cells[(row, col)] = _fixed_cell(
                fixed.cells[column.id], column.format, fixed.strong, lang, resolver,
                sheet.name, (*loc, "rows", index, "cells", column.id), (block.id, row))


def _fixed_cell(cell: Cell, fmt: Format, strong: bool, lang: str, resolver: _Resolver,
                sheet: str, loc: Loc, here: tuple[str, int]) -> OutCell:
    if isinstance(cell, float):
        return OutCell(Style("text", fmt, strong), cell)
    text = cell.get(lang)
    if text.startswith("="):
        where = _where(loc, cell, lang)
        return OutCell(Style("computed", fmt, strong),
                       formula=resolver.formula(text, sheet, where, here), loc=where)
    return OutCell(Style("text", "text", strong), text)


def readme_sheet(spec: SheetSpec, meta: Meta, t: Messages) -> OutSheet:
    """The first sheet: what the workbook is for, how to use it, its assumptions."""
    lang = meta.lang
    sheet = OutSheet(t("editable.readme.sheet"))
    sheet.widths = {0: 80}  # fits the width of an A4 page
    lines: list[tuple[Style, str]] = [
        (Style("title"), meta.title),
        (Style("text"), t("editable.readme.example" if meta.example else "editable.readme.blank",
                          title=meta.title)),
        (Style("heading"), t("editable.readme.purpose")),
        (Style("text"), spec.readme.purpose.get(lang)),
        (Style("heading"), t("editable.readme.steps")),
        *[(Style("text"), f"{n}. {step.get(lang)}")
          for n, step in enumerate(spec.readme.steps, start=1)],
        (Style("heading"), t("editable.readme.assumptions")),
        *[(Style("text"), f"• {item.get(lang)}") for item in spec.readme.assumptions],
        (Style("heading"), t("editable.readme.legend")),
    ]
    row = 0
    for style, line in lines:
        if style.kind == "heading":
            row += 1
        sheet.cells[(row, 0)] = OutCell(style, line)
        row += 1
    # The key's cells are styled like the cells they describe.
    sheet.cells[(row, 0)] = OutCell(Style("input"), t("editable.readme.input", mark=INPUT_MARK))
    sheet.cells[(row + 1, 0)] = OutCell(Style("computed"), t("editable.readme.computed"))
    sheet.cells[(row + 3, 0)] = OutCell(Style("note"), t(
        "editable.readme.source", version=meta.version, licence=meta.licence, url=meta.url))
    return sheet
