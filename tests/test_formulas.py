"""Tools' spreadsheet formulas compute what LibreOffice and Excel compute, or are refused
with a problem at their line: checked against documented spreadsheet results, against
an independent evaluator (the `formulas` package computing the XLSX files), and with
generated formulas and specs that must never end in a traceback."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import formulas
import numpy as np
import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sample import PROJECT, make_content, write

from macros.i18n.catalogue import Messages
from macros.problems import ContentError
from macros.sheets import formula
from macros.sheets.formula import FormulaError, spreadsheet_round
from macros.sheets.layout import CellError, Meta, Workbook, lay_out
from macros.sheets.load import _parsed, load_spec
from macros.sheets.ods import write_ods
from macros.sheets.spec import SheetSpec
from macros.sheets.xlsx import write_xlsx

TOOLS = sorted((PROJECT / "kit/outils").glob("*.sheet.yml"))
MOMENT = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
DERANDOMIZED = settings(derandomize=True, database=None, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow])
"""The same examples on every run: the suite stays deterministic and offline."""

Grid = dict[tuple[int, int], formula.Value]
COORDINATE = re.compile(r"[A-Z]{1,3}[0-9]+")


def value_of(text: str, grid: Grid | None = None) -> formula.Value:
    """`text` evaluated on the sheet `S` whose cells are `grid` (row, col)."""
    cells = grid or {}
    node = formula.parse(text, "S")
    formula.check_ranges(node)
    return formula.evaluate(node, lambda _sheet, row, col: cells.get((row, col)))


def refusal(text: str, grid: Grid | None = None) -> str:
    with pytest.raises(FormulaError) as caught:
        value_of(text, grid)
    return str(caught.value)


# --- what spreadsheets compute ------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("=ROUND(2.5;0)", 3.0), ("=ROUND(-2.5;0)", -3.0), ("=ROUND(0.5;0)", 1.0),
    ("=ROUND(2.675;2)", 2.68), ("=ROUND(1.005;2)", 1.01), ("=ROUND(0.285;2)", 0.29),
    ("=ROUND(-1.005;2)", -1.01), ("=ROUND(1.15*3;1)", 3.5), ("=ROUND(1234.5;-2)", 1200.0),
    ("=ROUND(1250;-2)", 1300.0), ("=ROUND(2.5;0.9)", 3.0), ("=ROUND(0.1+0.2;15)", 0.3),
])
def test_round_is_half_away_from_zero_on_the_decimal_digits(text: str, expected: float) -> None:
    """Excel and LibreOffice give these (LibreOffice's rtl::math::round adds 0.5 and floors
    at 15 significant digits); Python's round() gives 2, -2, 0, 2.67, 1.0, 0.28…"""
    assert value_of(text) == expected


def test_what_spreadsheets_give_for_comparisons_and_empty_cells() -> None:
    empty: Grid = {}
    assert value_of('="a">1') is True  # a text comes after every number
    assert value_of('=""=0') is False  # a text is never a number
    assert value_of("=A1=0", empty) is True and value_of('=A1=""', empty) is True
    assert value_of('="Matériaux"="MATÉRIAUX"') is True  # case is ignored
    assert value_of("=IF(0;1)") is False  # FALSE, as Excel shows, not 0
    assert value_of("=(1<2)+1") == 2.0
    assert value_of('="total "&0.1+0.2') == "total 0.3"
    assert value_of("=SUM(A1:A3)", {(0, 0): 1.0, (1, 0): "x", (2, 0): True}) == 1.0


@pytest.mark.parametrize(("text", "says"), [
    ("=ROUND(1)", "`ROUND` takes exactly 2 arguments, not 1"),
    ("=IF(1)", "`IF` takes 2 to 3 arguments, not 1"),
    ("=SUMIF(A1:A3)", "`SUMIF` takes 2 to 3 arguments, not 1"),
    ("=SUM()", "`SUM` takes 1 to 255 arguments, not 0"),
    ("=SUM(1 2)", "`SUM`: expected `;` between two arguments, or `)` after the last one, "
                  "found `2`"),
    ("=SUM(1;2", "found `the end of the formula`"),
    ("=SUM(1;2)3", "unexpected `3`"),
    ("=1+2 )", "unexpected `)`"),
    ("=SUMIF(A1:A3;1;B1:B2)", "the range summed (2×1, rows × columns) is not the size of the "
                              "range tested (3×1)"),
    ("=SUMIF(1;1)", "argument 1 of `SUMIF` must be a cell or a range"),
    ('=SUMIF(A1:A3;">1")', "would be read by spreadsheets as a condition"),
    ('=SUMIF(A1:A3;"mat*")', "would be read by spreadsheets as a condition"),
    ("=A1:A3+1", "a range is only allowed inside SUM, SUMIF, MIN or MAX"),
    ("=ROUND(1;30)", "LibreOffice only allows -20 to 20"),
    ("=" + "(" * 80 + "1" + ")" * 80, "more than 64 levels"),
    ("=" + "+".join(["1"] * 4000), "more than 200 operations one inside the next"),
    ("=SUM(A1:XFD1048576)", "a range of 17179869184 cells"),
    ("=B2:A1", "starts after its end"),
    ("=" + "9" * 400, "too large for a spreadsheet"),
    ("=1/0", "#DIV/0!"),
    ('=""+1', "#VALUE!"),
])
def test_formulas_spreadsheets_would_refuse_or_compute_otherwise_are_refused(
        text: str, says: str) -> None:
    assert says in refusal(text)


# --- problems of a spec: all of them, each at its line ---------------------------------------

BUDGET = PROJECT / "kit/outils/suivi-budget-participant.sheet.yml"


def broken_budget(tmp_path: Path, *changes: tuple[str, str]) -> tuple[list[str], str]:
    """The budget spec with `changes`; the problems reading it gives, and its text."""
    text = BUDGET.read_text("utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "budget.sheet.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_spec(path, "kit/outils/budget.sheet.yml")
    return [p.format() for p in caught.value.problems], text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_every_syntax_problem_of_a_spec_is_reported_at_once_with_its_line(
        tmp_path: Path) -> None:
    found, text = broken_budget(
        tmp_path,
        ("reste: '={bilan.disponible@}-{bilan.depense@}'", "reste: '=ROUND({bilan.disponible@})'"),
        ("depense: '=SUM({depenses.montant_eur})'", "depense: '=SUM(1 2)'"),
        ("- [2025-10-10, soutien, ", "- [2025-10-10, "))
    where = "kit/outils/budget.sheet.yml"
    assert found == [
        f"{where}:{line_of(text, '- [2025-10-10, ')}: sheets[0].blocks[0].example[1]: Value "
        "error, example row 2 has 6 values; the table has 7 input columns, got a list",
        f"{where}:{line_of(text, 'ROUND(')}: sheets[1].blocks[1].rows[0].cells.reste: Value "
        "error, `ROUND` takes exactly 2 arguments, not 1, got `=ROUND({bilan.disponible@})`",
        f"{where}:{line_of(text, 'SUM(1 2)')}: sheets[1].blocks[1].rows[3].cells.depense: "
        "Value error, `SUM`: expected `;` between two arguments, or `)` after the last one, "
        "found `2`, got `=SUM(1 2)`",
    ]


def test_every_layout_problem_of_a_spec_is_reported_at_once(tmp_path: Path) -> None:
    found, text = broken_budget(
        tmp_path,
        ('depense: \'=SUMIF({depenses.enveloppe}; "soutien"; {depenses.montant_eur})\'',
         'depense: \'=SUMIF({depenses.enveloppe}; "soutien"; {depenses.montant_eur#1})\''),
        ('"fonds-propres"; {depenses.montant_eur})', '"fonds-propres"; {depenses.montant})'),
        ("formula: '={bilan.total.depense}-", "formula: '=1/0+{bilan.total.depense}-"))
    assert [line.split(": ", 1)[0] for line in found] == [
        f"kit/outils/budget.sheet.yml:{line_of(text, needle)}"
        for needle in ("montant_eur#1", "{depenses.montant})", "=1/0+")]
    assert "is not the size of the range tested (40×1)" in found[0]
    assert "table `depenses` has the columns date, enveloppe" in found[1]
    assert "Bilan!B16: division by zero (#DIV/0!)" in found[2]


def test_expected_numbers_are_checked_against_the_worked_example(tmp_path: Path) -> None:
    found, text = broken_budget(
        tmp_path, ("bilan.soutien.reste: 672.85", "bilan.soutien.reste: 672.8"),
        ("bilan.total.depense: 846.15", "bilan.totale.depense: 846.15"))
    assert found == [
        f"kit/outils/budget.sheet.yml:{line_of(text, 'soutien.reste: 672.8')}: "
        "expect.bilan.soutien.reste: the worked example gives 672.85 for "
        "`bilan.soutien.reste`, not 672.8: fix the formula or the page's number",
        f"kit/outils/budget.sheet.yml:{line_of(text, 'bilan.totale.')}: "
        "expect.bilan.totale.depense: `bilan.totale.depense` names no cell; for example: "
        "bilan.total.depense, bilan.soutien.depense, bilan.total.reste",
    ]


def test_check_shows_a_contributor_every_broken_formula_and_no_traceback(
        tmp_path: Path) -> None:
    """`reproduce check` run as a contributor runs it, on a kit with broken formulas."""
    repo = make_content(tmp_path / "repo")
    spec = yaml.safe_load(BUDGET.read_text("utf-8"))
    spec["csv"] = None
    table = spec["sheets"][1]["blocks"][1]
    table["rows"][0]["cells"]["reste"] = "=ROUND({bilan.disponible@}-{bilan.depense@})"
    table["rows"][1]["cells"]["reste"] = "=IF({bilan.disponible@}>0)"
    table["rows"][3]["cells"]["depense"] = "=SUM({depenses.montant_eur} 1)"
    write(repo, "kit/outils/outil-essai.sheet.yml", yaml.safe_dump(spec, allow_unicode=True))
    done = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(repo), "check"],
                          capture_output=True, text=True, check=False, cwd=PROJECT)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stdout.splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith("kit/outils/outil-essai.sheet.yml:") for line in lines)
    assert "`ROUND` takes exactly 2 arguments, not 1" in lines[0]
    assert "`IF` takes 2 to 3 arguments, not 1" in lines[1]
    assert "`SUM`: expected `;` between two arguments" in lines[2]
    assert done.stderr.startswith("3 errors")


# --- generated formulas and specs: a value or a problem, never a traceback ------------------

REFERENCES = ["A1", "A2", "B1", "$A$1:A3", "A1:B3", "{f.a}", "{f.b}", "{t.x}", "{t.x@}",
              "{t.y@}", "{t.x:@}", "{t.x#2}", "{t.x#²}", "{t.total.y}", "{t.nope}", "{g.a}",
              "{f.a@}", "{t.x#99999999999999999999}"]
ATOMS = st.sampled_from([*REFERENCES, "0", "1", "2.5", "-3", '"mat"', '""', '"a""b"'])
BROKEN = st.sampled_from(["", " ", "(", ")", ";", ",", "=", "+", "*", "/", "&", "<>", "1 2",
                          "SUM", "SUM(", "round(1)", "VLOOKUP(1)", "{", "}", "'", "$", ":",
                          "A0", "ZZZZ1", "1e5", ".5", "\x00", "é", "%", "^"])
FUNCTIONS = st.sampled_from(formula.FUNCTIONS)


def expressions() -> st.SearchStrategy[str]:
    """Formula bodies from the grammar, with any number of arguments per function."""
    return st.recursive(ATOMS, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "&", "=", "<", ">=", "<>"]),
                  inner).map(" ".join),
        st.tuples(FUNCTIONS, st.lists(inner, max_size=4)).map(
            lambda call: f"{call[0]}({'; '.join(call[1])})"),
        inner.map(lambda body: f"({body})"), inner.map(lambda body: f"-{body}")),
        max_leaves=12)


FORMULAS = st.one_of(
    expressions().map(lambda body: "=" + body),
    st.tuples(expressions(), BROKEN, st.integers(0, 40)).map(
        lambda parts: "=" + parts[0][:parts[2]] + parts[1] + parts[0][parts[2]:]),
    st.lists(st.one_of(ATOMS, BROKEN), max_size=8).map(lambda tokens: "=" + "".join(tokens)),
    st.text(max_size=30).map(lambda body: "=" + body))


@settings(DERANDOMIZED, max_examples=400)
@given(FORMULAS)
def test_any_formula_gives_a_value_or_a_formula_error(text: str) -> None:
    grid: Grid = {(0, 0): 1.0, (1, 0): "mat", (2, 0): None, (0, 1): True}
    try:
        node = formula.parse(text, "S")
        resolved = formula.resolve(node, lambda _name: formula.Area("S", 0, 0, 0, 0))
        formula.check_ranges(resolved)
        got = formula.evaluate(resolved, lambda _s, row, col: grid.get((row, col)))
    except FormulaError as error:
        assert str(error)
        return
    assert got is None or isinstance(got, bool | float | str)
    written = formula.render(resolved, "S")  # what the XLSX file says: the same formula
    again = formula.parse(written, "S")
    assert formula.evaluate(again, lambda _s, row, col: grid.get((row, col))) == got, written
    assert formula.render(again, "S") == written
    assert formula.render(resolved, "S", odf=True).startswith("of:=")


@pytest.mark.parametrize(("text", "excel"), [
    ("=-(1+2)", "=-(1+2)"), ("=-(A1*2)", "=-(A1*2)"), ("=-A1*2", "=-A1*2"),
    ("=0.1234567", "=0.1234567"), ("=2.675", "=2.675"), ("=1-(2-3)", "=1-(2-3)"),
])
def test_formulas_are_written_to_the_files_as_they_are_computed(text: str, excel: str) -> None:
    assert formula.render(formula.parse(text, "S"), "S") == excel


def small_spec(column_formula: str, field_formula: str, row_formula: str, rows: int
               ) -> dict[str, Any]:
    return {
        "readme": {"purpose": "p", "steps": ["s"], "assumptions": ["a"]},
        "sheets": [{"title": "Feuille", "blocks": [
            {"id": "f", "fields": [
                {"id": "a", "label": "A", "value": 2.5},
                {"id": "b", "label": "B", "formula": field_formula}]},
            {"id": "t", "columns": [
                {"id": "x", "label": "X", "format": "money"},
                {"id": "y", "label": "Y", "format": "money", "formula": column_formula}],
             "example": [[float(n)] for n in range(rows)], "blank_rows": rows,
             "rows": [{"id": "total", "cells": {"x": "Total", "y": row_formula}}]}]}],
        "expect": {"f.b": 1.0},
    }


@settings(DERANDOMIZED, max_examples=120)
@given(FORMULAS, FORMULAS, FORMULAS, st.integers(0, 3))
def test_any_spec_loads_or_reports_problems_with_their_lines(
        column: str, field: str, row: str, rows: int) -> None:
    text = yaml.safe_dump(small_spec(column, field, row, rows), allow_unicode=True)
    try:
        spec = _parsed(text, "kit/outils/x.sheet.yml")
    except ContentError as error:
        assert error.problems
        for found in error.problems:
            assert found.path == "kit/outils/x.sheet.yml"
            assert 1 <= found.line <= text.count("\n") + 1
            assert found.format()
        return
    assert isinstance(spec, SheetSpec)
    for example in (True, False):  # what the build then writes
        book = workbook(spec, "fr", example)
        write_xlsx(book, MOMENT), write_ods(book, MOMENT)


def test_a_long_chain_of_cells_is_evaluated_without_recursion() -> None:
    """Formulas that read each other 3 000 deep: Python's recursion is not the limit."""
    fields = [{"id": "f0", "label": "F", "value": 1}] + [
        {"id": f"f{n}", "label": "F", "formula": f"={{c.f{n - 1}}}+1"} for n in range(1, 3000)]
    spec = {"readme": {"purpose": "p", "steps": ["s"], "assumptions": ["a"]},
            "sheets": [{"title": "Chaîne", "blocks": [{"id": "c", "fields": fields}]}],
            "expect": {"c.f2999": 3000}}
    loaded = _parsed(yaml.safe_dump(spec), "kit/outils/chain.sheet.yml")
    assert workbook(loaded, "fr", True).value_of("c.f2999") == 3000.0


def test_a_circular_reference_is_a_problem_at_its_formula() -> None:
    spec = small_spec("={t.x@}", "={f.b}+1", "=SUM({t.y})", 2)
    with pytest.raises(ContentError) as caught:
        _parsed(yaml.safe_dump(spec), "kit/outils/x.sheet.yml")
    (found,) = caught.value.problems
    assert found.field == "sheets[0].blocks[0].fields[1].formula"
    assert "circular reference through Feuille!B4" in found.message


# --- an independent evaluator: the `formulas` package computing the XLSX files ---------------


def workbook(spec: SheetSpec, lang: str, example: bool) -> Workbook:
    meta = Meta(title="Outil", lang=lang, version="1.0.0", licence="CC-BY-SA-4.0",
                url="https://example.org/", example=example)
    return lay_out(spec, lang, example, meta, Messages(lang))


def independent_values(data: bytes, tmp_path: Path) -> dict[tuple[str, int, int], Any]:
    """Every cell of an XLSX file as `formulas` computes it (offline, from the file)."""
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    found: dict[tuple[str, int, int], Any] = {}
    for key, ranges in solution.items():
        sheet, _, cell = key.rpartition("!")
        if not COORDINATE.fullmatch(cell):
            continue  # a range, or a name of the model
        column, row = openpyxl.utils.cell.coordinate_from_string(cell)
        name = sheet.strip("'").split("]", 1)[1]
        value = np.asarray(ranges.value).ravel()[0]
        found[(name, row - 1, openpyxl.utils.column_index_from_string(column) - 1)] = value
    return found


def same(ours: formula.Value, theirs: Any) -> bool:
    """Our value and the independent one agree (a number to 12 significant digits)."""
    if isinstance(theirs, np.generic):
        theirs = theirs.item()
    if isinstance(ours, bool) or isinstance(theirs, bool):
        return ours == theirs
    if isinstance(ours, float) and isinstance(theirs, int | float):
        return bool(np.isclose(ours, theirs, rtol=1e-12, atol=1e-9))
    return ours == theirs


def compare(book: Workbook, theirs: dict[tuple[str, int, int], Any]) -> int:
    """Each formula cell of `book`: what we store in the ODS file and what the independent
    evaluator computes from the XLSX file; the number of cells compared."""
    compared = 0
    for sheet in book.sheets:
        for (row, col), cell in sheet.cells.items():
            if cell.formula is None:
                continue
            ours = book.value(sheet.name, row, col)
            key = (sheet.name.upper(), row, col)
            assert same(ours, theirs[key]), (sheet.name, row, col, ours, theirs[key])
            compared += 1
    return compared


def ods_values(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = ET.fromstring(archive.read("content.xml"))
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    return [cell.get(f"{office}value", "") for cell in content.iter(f"{table}table-cell")
            if cell.get(f"{table}formula")]


@pytest.mark.parametrize("tool", TOOLS, ids=lambda path: path.name)
def test_the_tools_values_are_those_an_independent_evaluator_computes(
        tool: Path, tmp_path: Path) -> None:
    spec = load_spec(tool, tool.name)
    compared = 0
    for lang, example in (("fr", True), ("nl", True), ("en", True), ("fr", False)):
        book = workbook(spec, lang, example)
        compared += compare(book, independent_values(write_xlsx(book, MOMENT), tmp_path))
        stored = [value for value in ods_values(write_ods(book, MOMENT)) if value]
        assert stored, "the ODS file stores the values compared"
    assert compared > 100


CELLS = {"A": [2.5, -1.25, 0.375, 7.0, None, 12.5], "B": ["mat", "MAT", "soutien", "x", None,
                                                        "Atelier (Bxl)"]}
"""The generated workbooks' inputs: halves and eighths (exact in binary, so a tie is a tie
for every evaluator), texts differing only by case, empty cells."""

NUMBERS = st.sampled_from(["1", "2.5", "0.125", "-3.5", "10", "0", "A1", "A2", "A3", "A4",
                           "(A5+0)", "A6"])
"""The empty A5 only inside arithmetic: `formulas` turns an empty cell that IF returns
into 0 (`IF(1;A5)=""` is FALSE there), where Excel returns the reference itself, as we do."""


def numeric() -> st.SearchStrategy[str]:
    """Numeric formula bodies without division, so that ROUND only ever sees values
    exact in binary (`formulas` rounds the binary value, spreadsheets the decimal one)."""
    return st.recursive(NUMBERS, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
            lambda p: f"({p[0]}{p[1]}{p[2]})"),
        st.tuples(inner, st.integers(-1, 3)).map(lambda p: f"ROUND({p[0]};{p[1]})"),
        st.lists(st.one_of(inner, st.just("A1:A6")), min_size=1, max_size=3).map(
            lambda args: f"SUM({';'.join(args)})"),
        st.tuples(st.sampled_from(["MIN", "MAX"]), inner).map(lambda p: f"{p[0]}(A1:A6;{p[1]})"),
        st.tuples(inner, st.sampled_from(["<", "=", ">=", "<>"]), inner, inner, inner).map(
            lambda p: f"IF({p[0]}{p[1]}{p[2]};{p[3]};{p[4]})"),
        st.sampled_from(['"mat"', '"SOUTIEN"', "B3", '"Atelier (Bxl)"', "2.5"]).map(
            lambda criterion: f"SUMIF(B1:B6;{criterion};A1:A6)"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]}/{p[1]})")), max_leaves=8)


SPREADSHEET_FORMULAS = st.one_of(
    numeric(), st.tuples(numeric(), st.sampled_from(["=", "<", ">"]), st.sampled_from(
        ["B1", "B4", "B5", '"mat"', '""', "A5"])).map(lambda p: f"{p[0]}{p[1]}{p[2]}"),
    st.sampled_from(["B1", "B4", "B5", "A5"]).map(lambda ref: f'IF({ref}="";"vide";{ref})'))


@settings(DERANDOMIZED, max_examples=6, phases=[Phase.generate])
@given(st.lists(SPREADSHEET_FORMULAS, min_size=40, max_size=40))
def test_generated_formulas_compute_as_an_independent_evaluator_computes(
        tmp_path_factory: pytest.TempPathFactory, bodies: list[str]) -> None:
    """One workbook of 40 generated formulas per example; every one that we compute, the
    independent evaluator computes alike, and every error it finds, we refuse."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "S"
    for column, values in CELLS.items():
        for row, value in enumerate(values, start=1):
            if value is not None:
                sheet[f"{column}{row}"] = value
    for row, body in enumerate(bodies, start=1):  # in Excel's syntax, as the build writes it
        sheet[f"C{row}"] = formula.render(formula.parse("=" + body, "S"), "S")
    buffer = io.BytesIO()
    book.save(buffer)
    theirs = independent_values(buffer.getvalue(), tmp_path_factory.mktemp("generated"))
    grid: Grid = {(row, col): value for col, values in enumerate(CELLS.values())
                  for row, value in enumerate(values)}
    agreed = 0
    for row, body in enumerate(bodies):
        independent = theirs[("S", row, 2)]
        try:
            ours = value_of("=" + body, grid)
        except FormulaError:
            continue  # refused: allowed, an error or not
        assert not isinstance(independent, formulas.tokens.operand.XlError), (body, ours)
        assert same(0.0 if ours is None else ours, independent), (body, ours, independent)
        agreed += 1
    assert agreed >= 20


def test_refusals_are_errors_in_spreadsheets_too_when_they_are_errors(tmp_path: Path) -> None:
    """#DIV/0! and #VALUE! are refused by us and errors for the independent evaluator."""
    cells: Callable[[str], Any] = lambda body: independent_values(  # noqa: E731
        _one_formula(body), tmp_path)[("S", 0, 0)]
    for body in ("1/0", '"a"+1', "ROUND(1/0;2)"):
        assert isinstance(cells(body), formulas.tokens.operand.XlError)
        with pytest.raises(FormulaError):
            value_of("=" + body)
    for text in ("=ROUND(1;1", "=1+"):
        with pytest.raises(FormulaError):
            value_of(text)


def _one_formula(body: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "S"
    sheet["A1"] = formula.render(formula.parse("=" + body, "S"), "S")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_cell_that_fails_is_the_one_reported(tmp_path: Path) -> None:
    """A formula reading a failing cell fails too, as in a spreadsheet, but the problem
    is reported once, at the formula where the error starts."""
    spec = small_spec("={t.x@}/{f.a}", "=1/0", "=SUM({t.y})+{f.b}", 2)
    with pytest.raises(ContentError) as caught:
        _parsed(yaml.safe_dump(spec), "kit/outils/x.sheet.yml")
    assert [p.field for p in caught.value.problems] == ["sheets[0].blocks[0].fields[1].formula"]
    book = workbook(SheetSpec.model_validate(small_spec("={t.x@}", "=1/0", "={f.b}", 1)),
                    "fr", True)
    with pytest.raises(CellError) as failed:
        book.value_of("t.total.y")
    assert failed.value.origin == ("Feuille", 3, 1)
    assert spreadsheet_round(-0.5, 0) == -1.0
