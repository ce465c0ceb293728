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

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, model_validator

from macros.i18n.catalogue import MessageError
from macros.model.common import NonEmpty
from macros.model.text import LocalText, Text


class SpecError(MessageError, ValueError):
    """A spec that its fields' types cannot refuse alone (reported as a `value_error`)."""


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


class Column(_Strict):
    """A table column: an input, or a formula computed in every input row."""

    id: Id
    label: Text
    format: Format = "text"
    formula: Text | None = None
    width: int | None = Field(default=None, ge=4, le=80)


class Row(_Strict):
    """A fixed row of a table (a total, a named beneficiary…)."""

    id: Id
    cells: dict[str, Cell]
    strong: bool = False


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
        inputs = len(self.input_columns)
        for index, values in enumerate(self.example):
            if len(values) != inputs:
                raise SpecError("check.sheet.example_row", row=index + 1, count=len(values),
                                columns=inputs)
        known = {c.id for c in self.columns}
        for row in self.rows:
            unknown = sorted(set(row.cells) - known)
            if unknown:
                raise SpecError("check.sheet.unknown_columns", row=row.id,
                                columns=", ".join(unknown))
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
        for name in _texts(self.title):
            if len(name) > 31 or set(name) & _FORBIDDEN_IN_SHEET_NAMES:
                raise SpecError("check.sheet.name", name=name)
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
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise SpecError("check.sheet.csv_row", row=index + 1, count=len(row),
                                columns=len(self.columns))
        return self


class SheetSpec(_Strict):
    readme: Readme
    sheets: list[Sheet] = Field(min_length=1)
    csv: CsvSpec | None = None
    expect: dict[str, float] = Field(
        default_factory=dict, description="Named cells and their value in the worked example, "
        "as the tool's page states them (checked by the tests).")


def _texts(text: LocalText) -> list[str]:
    return [value for value in (text.fr, text.nl, text.en) if value]
