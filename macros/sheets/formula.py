"""Spreadsheet formulas written once, rendered for XLSX and ODS, and evaluated here.

A tool's spec writes formulas with named references, `=SUM({depenses.montant})`,
so the author never counts rows. The parser turns a formula into a small tree;
references are then resolved to cell ranges of the laid-out workbook, and the same
tree is written in Excel syntax (`'Dépenses'!$F$5:$F$44`, `,` between arguments),
in OpenFormula for ODS (`[$'Dépenses'.$F$5:.$F$44]`, `;`) and evaluated in Python:
ODS files carry the computed value of every formula (LibreOffice shows cached
values of files it did not write), the CSV shows them, and tests check them
against the tool's worked example. The A1 syntax is parsed too, so a workbook read
back from an XLSX file can be evaluated the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from macros.i18n.catalogue import MessageError

FUNCTIONS = ("IF", "MAX", "MIN", "ROUND", "SUM", "SUMIF")
"""The functions a spec may use: all in OpenFormula's small group and in Excel."""

Value = float | str | None
"""A cell's value: a number, a text, or None for an empty cell."""


class FormulaError(MessageError, ValueError):
    """A formula that cannot be parsed, or names an unknown function or reference."""


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Name:
    """A named reference of a spec, `{block.column@}`, before layout."""

    name: str


@dataclass(frozen=True)
class Area:
    """A cell or a range of one sheet; rows and columns are 0-based, ends inclusive."""

    sheet: str
    row: int
    col: int
    row2: int
    col2: int
    absolute: bool = True
    absolute_end: bool = True

    def cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.row, self.row2 + 1)
                for c in range(self.col, self.col2 + 1)]

    @property
    def single(self) -> bool:
        """One cell, written as such (`$B$5:B5`, a range that grows when filled down, is not)."""
        return (self.row == self.row2 and self.col == self.col2
                and self.absolute == self.absolute_end)


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]


Node = Num | Str | Name | Area | Unary | Binary | Call

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<name>\{[^{}]+\})
  | (?P<area>(?:'(?:[^']|'')+'!)?\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<function>[A-Z]+(?=\())
  | (?P<op><>|<=|>=|[-+*/&=<>(),;])
""", re.VERBOSE)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")
_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3,
               "*": 4, "/": 4}


@functools.lru_cache(maxsize=4096)
def parse(formula: str, sheet: str = "") -> Node:
    """The tree of `=…`; A1 references without a sheet belong to `sheet`.

    Cached: a table's formula is the same text in each of its rows, and trees are
    immutable."""
    if not formula.startswith("="):
        raise FormulaError("check.formula.start", formula=repr(formula))
    tokens = _tokens(formula[1:])
    parser = _Parser(tokens, sheet)
    node = parser.expression(0)
    if parser.pos != len(tokens):
        raise FormulaError("check.formula.unexpected_in", found=tokens[parser.pos][1],
                           formula=repr(formula))
    return node


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise FormulaError("check.formula.unreadable", found=repr(text[pos:pos + 12]),
                               formula=repr(text))
        pos = match.end()
        kind = match.lastgroup or ""
        if kind != "space":
            out.append((kind, match.group()))
    return out


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def column_letters(col: int) -> str:
    """`0` → `A`, `26` → `AA`."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _area(text: str, sheet: str) -> Area:
    if "!" in text:
        quoted, text = text.rsplit("!", 1)
        sheet = quoted[1:-1].replace("''", "'")
    first, _, last = text.partition(":")
    last = last or first
    start, end = _CELL.fullmatch(first), _CELL.fullmatch(last)
    if start is None or end is None:
        raise FormulaError("check.formula.reference", reference=repr(text))
    return Area(sheet, int(start.group(2)) - 1, _column_index(start.group(1)),
                int(end.group(2)) - 1, _column_index(end.group(1)),
                absolute="$" in first, absolute_end="$" in last)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], sheet: str) -> None:
        self.tokens = tokens
        self.pos = 0
        self.sheet = sheet

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self, text: str) -> None:
        if self.peek()[1] != text:
            found = self.peek()[1]
            if not found:
                raise FormulaError("check.formula.expected_end", expected=text)
            raise FormulaError("check.formula.expected", expected=text, found=found)
        self.pos += 1

    def expression(self, level: int) -> Node:
        left = self.unary()
        while True:
            kind, op = self.peek()
            power = _PRECEDENCE.get(op, 0) if kind == "op" else 0
            if power <= level:
                return left
            self.pos += 1
            left = Binary(op, left, self.expression(power))

    def unary(self) -> Node:
        if self.peek() == ("op", "-"):
            self.pos += 1
            return Unary("-", self.unary())
        return self.atom()

    def atom(self) -> Node:
        kind, text = self.peek()
        self.pos += 1
        if kind == "number":
            return Num(float(text))
        if kind == "string":
            return Str(text[1:-1].replace('""', '"'))
        if kind == "name":
            return Name(text[1:-1].strip())
        if kind == "area":
            return _area(text, self.sheet)
        if kind == "function":
            if text not in FUNCTIONS:
                raise FormulaError("check.formula.function", function=text,
                                   functions=", ".join(FUNCTIONS))
            self.take("(")
            args: list[Node] = []
            while self.peek()[1] != ")":
                args.append(self.expression(0))
                if self.peek()[1] in (";", ","):
                    self.pos += 1
            self.take(")")
            return Call(text, tuple(args))
        if text == "(":
            node = self.expression(0)
            self.take(")")
            return node
        if not text:
            raise FormulaError("check.formula.unexpected_end")
        raise FormulaError("check.formula.unexpected", found=text)


def names(node: Node) -> list[str]:
    """Every named reference in the tree, in order."""
    if isinstance(node, Name):
        return [node.name]
    if isinstance(node, Unary):
        return names(node.operand)
    if isinstance(node, Binary):
        return names(node.left) + names(node.right)
    if isinstance(node, Call):
        return [found for arg in node.args for found in names(arg)]
    return []


def resolve(node: Node, lookup: Callable[[str], Area]) -> Node:
    """The tree with each named reference replaced by its cell range."""
    if isinstance(node, Name):
        return lookup(node.name)
    if isinstance(node, Unary):
        return Unary(node.op, resolve(node.operand, lookup))
    if isinstance(node, Binary):
        return Binary(node.op, resolve(node.left, lookup), resolve(node.right, lookup))
    if isinstance(node, Call):
        return Call(node.function, tuple(resolve(arg, lookup) for arg in node.args))
    return node


def _cell_text(row: int, col: int, absolute: bool) -> str:
    dollar = "$" if absolute else ""
    return f"{dollar}{column_letters(col)}{dollar}{row + 1}"


def _quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _area_text(area: Area, here: str, odf: bool) -> str:
    start = _cell_text(area.row, area.col, area.absolute)
    end = _cell_text(area.row2, area.col2, area.absolute_end)
    if odf:
        first = ("$" + _quote_sheet(area.sheet) if area.sheet != here else "") + "." + start
        return f"[{first}" + ("" if area.single else f":.{end}") + "]"
    prefix = _quote_sheet(area.sheet) + "!" if area.sheet != here else ""
    return prefix + start + ("" if area.single else f":{end}")


def render(node: Node, here: str, odf: bool = False) -> str:
    """The formula text (with its `=`, or `of:=` for ODS) on the sheet named `here`."""
    return ("of:=" if odf else "=") + _render(node, here, odf)


def _render(node: Node, here: str, odf: bool) -> str:
    if isinstance(node, Num):
        return format(node.value, "g") if node.value != int(node.value) else str(int(node.value))
    if isinstance(node, Str):
        return '"' + node.value.replace('"', '""') + '"'
    if isinstance(node, Area):
        return _area_text(node, here, odf)
    if isinstance(node, Unary):
        return node.op + _render(node.operand, here, odf)
    if isinstance(node, Binary):
        return (_operand(node.left, node.op, here, odf, right=False) + node.op
                + _operand(node.right, node.op, here, odf, right=True))
    if isinstance(node, Call):
        separator = ";" if odf else ","
        return node.function + "(" + separator.join(_render(a, here, odf)
                                                     for a in node.args) + ")"
    raise FormulaError("check.formula.unresolved", name=node.name)


def _operand(node: Node, op: str, here: str, odf: bool, right: bool) -> str:
    text = _render(node, here, odf)
    if isinstance(node, Binary):
        inner, outer = _PRECEDENCE[node.op], _PRECEDENCE[op]
        if inner < outer or (right and inner == outer):
            return f"({text})"
    return text


CellValues = Callable[[str, int, int], Value]
"""The value of a cell (sheet, row, column), evaluating its formula if it has one."""


def evaluate(node: Node, cell: CellValues) -> Value:
    """The value of a resolved tree, as a spreadsheet would compute it."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Area):
        if node.row != node.row2 or node.col != node.col2:
            raise FormulaError("check.formula.range")
        return cell(node.sheet, node.row, node.col)
    if isinstance(node, Unary):
        return -_number(evaluate(node.operand, cell))
    if isinstance(node, Binary):
        return _binary(node.op, evaluate(node.left, cell), evaluate(node.right, cell))
    if isinstance(node, Call):
        return _call(node, cell)
    raise FormulaError("check.formula.unresolved", name=node.name)


def _number(value: Value) -> float:
    """An empty cell counts as 0; a text, even `""`, is #VALUE! as in a spreadsheet."""
    if value is None:
        return 0.0
    if isinstance(value, str):
        raise FormulaError("check.formula.text_as_number", value=repr(value))
    return value


def _binary(op: str, left: Value, right: Value) -> Value:
    if op == "&":
        return _text(left) + _text(right)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        a, b = _comparable(left), _comparable(right)
        result = {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b,
                  ">=": a >= b}[op]
        return 1.0 if result else 0.0
    x, y = _number(left), _number(right)
    if op == "/" and y == 0:
        raise FormulaError("check.formula.division_by_zero")
    return {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0.0}[op]


def _text(value: Value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else format(value, "g")


def _comparable(value: Value) -> tuple[int, float, str]:
    """Empty cells compare equal to both `""` and `0`, like in a spreadsheet."""
    if value is None:
        return (0, 0.0, "")
    if isinstance(value, str):
        return (0, 0.0, "") if value == "" else (1, 0.0, value.casefold())
    return (0, 0.0, "") if value == 0 else (2, value, "")


def _values(node: Node, cell: CellValues) -> list[Value]:
    if isinstance(node, Area):
        return [cell(node.sheet, r, c) for r, c in node.cells()]
    return [evaluate(node, cell)]


def _numbers(args: Sequence[Node], cell: CellValues) -> list[float]:
    return [v for a in args for v in _values(a, cell) if isinstance(v, float)]


def _call(node: Call, cell: CellValues) -> Value:
    name, args = node.function, node.args
    if name == "IF":
        condition = _number(evaluate(args[0], cell))
        chosen = args[1] if condition else (args[2] if len(args) > 2 else Num(0))
        return evaluate(chosen, cell)
    if name == "SUM":
        return sum(_numbers(args, cell), 0.0)
    if name in ("MIN", "MAX"):
        found = _numbers(args, cell)
        return (min if name == "MIN" else max)(found) if found else 0.0
    if name == "ROUND":
        return round(_number(evaluate(args[0], cell)), int(_number(evaluate(args[1], cell))))
    if name == "SUMIF":
        tested, wanted = _values(args[0], cell), _comparable(evaluate(args[1], cell))
        summed = _values(args[2], cell) if len(args) > 2 else tested
        return sum((v for t, v in zip(tested, summed, strict=True)
                    if isinstance(v, float) and _comparable(t) == wanted), 0.0)
    raise FormulaError("check.formula.unknown_function", function=name)
