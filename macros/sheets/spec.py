"""The spec of a tool's spreadsheet: `kit/outils/<name>.sheet.yml`.

One source for the blank workbook, the worked-example workbook (XLSX and ODS, in
each language of the tool) and the CSV attached to the tool's page, so the three
can never disagree. A sheet is a column of blocks: labelled fields (one value
each) or a table (input rows, then fixed rows such as totals). Formulas use named
references (see `macros.sheets.formula`):

* `{block.field}`: a field's cell;
* `{block.column}`: a table column's input rows;
* `{block.column@}`: that column in the formula's own row;
* `{block.column:@}`: from the first input row down to the formula's own row;
* `{block.row.column}`: a fixed row's cell;
* `{block.column#2}`: a table column's second input row.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from macros.i18n.catalogue import MessageError, Messages
from macros.model.common import NonEmpty
from macros.model.text import LANGUAGES, LocalText, Text
from macros.sheets import formula


class SpecError(MessageError, ValueError):
    """A spec that its fields' types cannot refuse alone (reported as a `value_error`)."""


Found = list[tuple[tuple[str | int, ...], SpecError, object]]
"""Problems a validator found: where (below the model), what, and the value given."""


def _refuse(model: str, found: Found) -> None:
    """Raise every problem found at once, each at its own place, so a contributor sees
    all of a block's bad rows and not only the first."""
    if found:
        raise ValidationError.from_exception_data(model, [
            InitErrorDetails(type=PydanticCustomError("value_error", "{error}",
                                                      {"error": error}),
                             loc=loc, input=given)
            for loc, error, given in found])


def _syntax(loc: tuple[str | int, ...], value: object) -> Found:
    """A formula that does not parse, in each language it is written in: found with the
    spec's other mistakes, before any layout."""
    if not isinstance(value, LocalText):
        return []
    found: Found = []
    for lang, written in _texts(value):
        if not written.startswith("="):
            continue
        try:
            formula.parse(written)
        except formula.FormulaError as error:
            where = loc if all(other == written for _, other in _texts(value)) else (*loc, lang)
            found.append((where, SpecError(error.text), written))
    return found


def _twice(ids: list[str]) -> list[int]:
    """Positions of the ids already used before them."""
    seen: set[str] = set()
    again = []
    for index, name in enumerate(ids):
        if name in seen:
            again.append(index)
        seen.add(name)
    return again


Format = Literal["text", "integer", "number", "money", "percent", "date"]
Number = Annotated[float, Strict()]
Literal_ = Number | dt.date | Text | None
"""An input value: a number, a date, a text (per language) or nothing."""
Cell = Number | Text
"""A fixed cell: a number, a text (per language), or a formula (a text starting with `=`)."""
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$")]
"""A block, field, column or row name: lowercase, digits, `-` or `_` (CSV headers)."""
_FORBIDDEN_IN_SHEET_NAMES = set("[]:*?/\\'")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SheetField(_Strict):
    """One labelled cell: an input (with its example value) or a formula."""

    id: Id
    label: Text
    format: Format = "number"
    formula: Text | None = None
    value: Literal_ = Field(default=None, description="An input's value in both versions "
                            "(a rule of the programme, not an example).")
    example: Literal_ = Field(default=None, description="An input's value in the worked "
                              "example, when it differs from `value`.")
    note: Text | None = None

    @model_validator(mode="after")
    def _parses(self) -> SheetField:
        _refuse("SheetField", _syntax(("formula",), self.formula))
        return self


class Column(_Strict):
    """A table column: an input, or a formula computed in every input row."""

    id: Id
    label: Text
    format: Format = "text"
    formula: Text | None = None
    width: int | None = Field(default=None, ge=4, le=80)

    @model_validator(mode="after")
    def _parses(self) -> Column:
        _refuse("Column", _syntax(("formula",), self.formula))
        return self


class Row(_Strict):
    """A fixed row of a table (a total, a named beneficiary…)."""

    id: Id
    cells: dict[str, Cell]
    strong: bool = False

    @model_validator(mode="after")
    def _parses(self) -> Row:
        _refuse("Row", [found for name, cell in self.cells.items()
                        for found in _syntax(("cells", name), cell)])
        return self


class Block(_Strict):
    """Fields, or a table with input rows then fixed rows."""

    id: Id
    title: Text | None = None
    fields: list[SheetField] = Field(default_factory=list)
    columns: list[Column] = Field(default_factory=list)
    example: list[list[Literal_]] = Field(
        default_factory=list, description="Input rows of the worked example: one value per "
        "input column, in order.")
    blank_rows: int = Field(default=0, ge=0, le=500,
                            description="Input rows in each version (at least the example's).")
    rows: list[Row] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        if bool(self.fields) == bool(self.columns):
            raise SpecError("check.sheet.block_kind")
        found: Found = []
        inputs = len(self.input_columns)
        for index, values in enumerate(self.example):
            if len(values) != inputs:
                found.append((("example", index), SpecError(
                    "check.sheet.example_row", row=index + 1, count=len(values),
                    columns=inputs), values))
        known = {c.id for c in self.columns}
        for index, row in enumerate(self.rows):
            for name in row.cells:
                if name not in known:
                    found.append((("rows", index, "cells", name), SpecError(
                        "check.sheet.unknown_columns", row=row.id, columns=name), name))
        for kind, items in (("fields", self.fields), ("columns", self.columns),
                            ("rows", self.rows)):
            for index in _twice([item.id for item in items]):
                found.append(((kind, index, "id"), SpecError(
                    "check.sheet.duplicate_item", id=items[index].id), items[index].id))
        _refuse("Block", found)
        return self

    @property
    def input_columns(self) -> list[Column]:
        return [c for c in self.columns if c.formula is None]

    @property
    def input_rows(self) -> int:
        return max(self.blank_rows, len(self.example)) if self.columns else 0


class Sheet(_Strict):
    title: Text = Field(description="The tab's name in every language (31 characters at most).")
    blocks: list[Block] = Field(min_length=1)

    @model_validator(mode="after")
    def _valid_name(self) -> Sheet:
        _refuse("Sheet", [(("title", lang), SpecError("check.sheet.name", name=name), name)
                          for lang, name in _texts(self.title)
                          if len(name) > 31 or set(name) & _FORBIDDEN_IN_SHEET_NAMES])
        return self


class Readme(_Strict):
    """The "Lisez-moi" sheet: why, how, and the assumptions the formulas make."""

    purpose: Text
    steps: list[Text] = Field(min_length=1)
    assumptions: list[Text] = Field(min_length=1)


class CsvColumn(_Strict):
    id: NonEmpty
    format: Format = "text"


class CsvSpec(_Strict):
    """The CSV attached to the tool: a table's example rows, or rows of its own whose
    formulas are evaluated on the worked example."""

    path: NonEmpty
    block: Id | None = None
    columns: list[CsvColumn] = Field(default_factory=list)
    rows: list[list[Cell | None]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_source(self) -> CsvSpec:
        if (self.block is None) == (not self.columns):
            raise SpecError("check.sheet.csv_source")
        _refuse("CsvSpec", [(("rows", index), SpecError(
            "check.sheet.csv_row", row=index + 1, count=len(row), columns=len(self.columns)),
            row) for index, row in enumerate(self.rows) if len(row) != len(self.columns)]
            + [found for r_index, row in enumerate(self.rows)
               for c_index, cell in enumerate(row)
               for found in _syntax(("rows", r_index, c_index), cell)])
        return self


class SheetSpec(_Strict):
    readme: Readme
    sheets: list[Sheet] = Field(min_length=1)
    csv: CsvSpec | None = None
    expect: dict[str, float] = Field(
        default_factory=dict, description="Named cells and their value in the worked example, "
        "as the tool's page states them (checked by `reproduce check` and the tests).")

    @model_validator(mode="after")
    def _unique(self) -> SheetSpec:
        """A block id names cells in formulas and a title names a tab in every language:
        two alike would make formulas point at the wrong cells."""
        found: Found = []
        places = [(s_index, b_index, block.id) for s_index, sheet in enumerate(self.sheets)
                  for b_index, block in enumerate(sheet.blocks)]
        for index in _twice([name for _, _, name in places]):
            s_index, b_index, name = places[index]
            found.append((("sheets", s_index, "blocks", b_index, "id"),
                          SpecError("check.sheet.duplicate_block", id=name), name))
        for lang in LANGUAGES:
            names = [Messages(lang)("editable.readme.sheet").casefold()] + [
                sheet.title.get(lang).casefold() for sheet in self.sheets]
            for index in _twice(names):
                title = self.sheets[index - 1].title
                loc: tuple[str | int, ...] = ("sheets", index - 1, "title")
                if title.has(lang) and title.get(lang) != title.fr:
                    loc = (*loc, lang)
                error = SpecError("check.sheet.duplicate_sheet", name=title.get(lang))
                if all(known[0] != loc for known in found):
                    found.append((loc, error, title.get(lang)))
        _refuse("SheetSpec", found)
        return self


def _texts(text: LocalText) -> list[tuple[str, str]]:
    return [(lang, value) for lang, value in (("fr", text.fr), ("nl", text.nl),
                                              ("en", text.en)) if value]
