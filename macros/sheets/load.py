"""Reading a tool's spreadsheet spec, with every problem and its line, like any content."""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Mapping
from pathlib import Path

from macros.check import schema
from macros.i18n.catalogue import Messages
from macros.load.source import LoadFailure, read_text
from macros.load.yaml_lines import Loc, Located, dotted, parse_yaml
from macros.model.text import LANGUAGES
from macros.problems import ContentError, Problem, problem
from macros.sheets.csvfile import csv_problems
from macros.sheets.formula import FormulaError
from macros.sheets.layout import LayoutError, Meta, Workbook, lay_out
from macros.sheets.spec import SheetSpec

SPEC_SUFFIX = ".sheet.yml"


def spec_path(document: Path) -> Path:
    """Where the spec of the tool `kit/outils/<name>.md` lives."""
    return document.with_name(document.name.removesuffix(".md") + SPEC_SUFFIX)


def layout_problems(spec: SheetSpec, located: Located) -> list[Problem]:
    """Every formula that does not parse, names nothing or fails on the blank or the
    worked example, in any language, the CSV's, and `expect` against the worked
    example: all found when the spec is read, each once, not when a file is written."""
    found: dict[Loc, LayoutError] = {}
    for lang in LANGUAGES:
        for example in (True, False):
            meta = Meta(title="", lang=lang, version="", licence="", url="", example=example)
            book = lay_out(spec, lang, example, meta, Messages(lang))
            errors = book.check()
            if example and lang == LANGUAGES[0]:
                errors += csv_problems(spec, book)
                errors += expect_problems(spec, book)
            for error in errors:
                found.setdefault(error.loc, error)
    return [problem(located.path, located.line_of(error.loc), dotted(error.loc), error.text)
            for error in found.values()]


def expect_problems(spec: SheetSpec, book: Workbook) -> list[LayoutError]:
    """`expect` names cells of the worked example and the numbers its page states: a
    name that is no cell, or a formula that gives another number, is found here (once
    every formula resolves: until then, values are missing)."""
    errors: list[LayoutError] = []
    for name, expected in spec.expect.items():
        loc: Loc = ("expect", name)
        if name not in book.named:
            errors.append(LayoutError(loc, "check.sheet.expect_unknown", name=name,
                                      names=", ".join(_names_like(name, book.named))))
            continue
        if book.problems:
            continue
        try:
            got = book.value_of(name)
        except FormulaError:
            continue  # reported at the formula
        if not isinstance(got, float) or not math.isclose(got, expected, abs_tol=1e-9):
            errors.append(LayoutError(loc, "check.sheet.expect_value", name=name,
                                      got=_number(got), expected=_number(expected)))
    return errors


def _number(value: object) -> str:
    return format(value, ".15g") if isinstance(value, float) else repr(value)


def _names_like(name: str, names: Mapping[str, object]) -> list[str]:
    """A few names close to `name`, else the first few, to show what a name looks like."""
    close = difflib.get_close_matches(name, list(names), n=3)
    return close or sorted(names)[:3]


def load_spec(path: Path, display: str) -> SheetSpec:
    """The spec at `path`, or ContentError with every problem found."""
    try:
        text = read_text(path, display)
    except LoadFailure as failure:
        raise ContentError([failure.problem]) from None
    return _parsed(text, display)


@functools.lru_cache(maxsize=16)
def _parsed(text: str, display: str) -> SheetSpec:
    """Checked once per content: `reproduce check` and the build both read the spec, and a
    spec is immutable."""
    try:
        located = parse_yaml(text, display)
    except LoadFailure as failure:
        raise ContentError([failure.problem]) from None
    spec, problems = schema.validate(SheetSpec, located)
    if spec is None:
        raise ContentError(problems)
    found = layout_problems(spec, located)
    if found:
        raise ContentError(found)
    return spec


def spec_problems(document: Path, display: str) -> list[Problem]:
    """Problems of the spec next to the tool `document`, if it has one (for `check`)."""
    path = spec_path(document)
    if not path.is_file():
        return []
    try:
        load_spec(path, display)
    except ContentError as error:
        return error.problems
    return []
