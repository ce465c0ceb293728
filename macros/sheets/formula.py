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

What the evaluator guarantees: a formula it accepts computes here what LibreOffice
and Excel compute, or it is refused with a FormulaError naming the cause (a wrong
number of arguments, a range where one value is expected, ranges of different sizes
in SUMIF, a criterion spreadsheets would read as a pattern, #VALUE!, #DIV/0!,
#NUM!…). It never answers with another exception, whatever the text.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from macros.i18n.catalogue import MessageError, text

ARITY: dict[str, tuple[int, int]] = {
    "IF": (2, 3), "MAX": (1, 255), "MIN": (1, 255), "ROUND": (2, 2), "SUM": (1, 255),
    "SUMIF": (2, 3)}
"""The functions a spec may use (all in OpenFormula's small group and in Excel) and how
many arguments each takes: the count both accept (LibreOffice also takes `ROUND(x)` and
`IF(x)`, Excel refuses them; Excel takes 255 arguments at most)."""
FUNCTIONS = tuple(ARITY)
RANGE_ARGUMENTS: dict[str, tuple[int, ...]] = {"SUM": (), "MIN": (), "MAX": (),
                                                "SUMIF": (0, 2)}
"""Functions whose arguments may be ranges: every argument (empty tuple), or only these
positions, which must be references (Excel refuses `SUMIF(1;1)`)."""
MAX_LENGTH = 8192
"""Excel's limit on the length of a formula."""
MAX_NESTING = 64
"""Excel's limit on nested functions, applied to every nesting (also parentheses):
it also keeps the parser's and the evaluator's recursion short."""
MAX_DEPTH = 200
"""The deepest tree a formula may make (200 operations one inside the next): what is
done with a tree (resolving, writing, evaluating) then stays far from Python's
recursion limit."""
ROUND_DIGITS = 20
"""LibreOffice refuses `ROUND` to more than 20 digits either side of the point."""
GRID = (1_048_576, 16_384)
"""Rows and columns of a sheet in Excel (LibreOffice has as many since version 7.4)."""
MAX_RANGE_CELLS = 100_000
"""The most cells a range may cover here: a tool's tables have hundreds of rows."""
SIGNIFICANT_DIGITS = 15
"""Spreadsheets compute in binary but round and show at 15 significant digits."""

Value = bool | float | str | None
"""A cell's value: a logical value (what a comparison gives), a number, a text, or None
for an empty cell. Dates are numbers, the days since 1899-12-30, as in spreadsheets."""


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

    Every function's arguments are counted and separated by `;` (or `,`), and nothing
    may follow the formula. Cached: a table's formula is the same text in each of its
    rows, and trees are immutable."""
    if not formula.startswith("="):
        raise FormulaError("check.formula.start", formula=repr(formula[:40]))
    if len(formula) > MAX_LENGTH:
        raise FormulaError("check.formula.too_long", length=len(formula), limit=MAX_LENGTH)
    tokens = _tokens(formula[1:])
    parser = _Parser(tokens, sheet)
    node = parser.expression(0)
    if parser.pos != len(tokens):
        raise FormulaError("check.formula.unexpected_in", found=tokens[parser.pos][1],
                           formula=repr(formula))
    if _depth(node) > MAX_DEPTH:
        raise FormulaError("check.formula.too_many_operations", limit=MAX_DEPTH)
    return node


def _depth(node: Node) -> int:
    """How deep the tree goes, counted without recursion: `1+1+…+1` nests one
    operation in the next, so its depth is its length."""
    deepest = 0
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, Unary):
            stack.append((item.operand, depth + 1))
        elif isinstance(item, Binary):
            stack += [(item.left, depth + 1), (item.right, depth + 1)]
        elif isinstance(item, Call):
            stack += [(arg, depth + 1) for arg in item.args]
    return deepest


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise FormulaError("check.formula.unreadable", found=repr(text[pos:pos + 12]),
                               formula=repr(text[:80]))
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
    area = Area(sheet, int(start.group(2)) - 1, _column_index(start.group(1)),
                int(end.group(2)) - 1, _column_index(end.group(1)),
                absolute="$" in first, absolute_end="$" in last)
    if area.row > area.row2 or area.col > area.col2:
        raise FormulaError("check.formula.reversed", reference=repr(text))
    if area.row2 >= GRID[0] or area.col2 >= GRID[1]:
        raise FormulaError("check.formula.outside_grid", reference=repr(text),
                           last=f"{column_letters(GRID[1] - 1)}{GRID[0]}")
    return area


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], sheet: str) -> None:
        self.tokens = tokens
        self.pos = 0
        self.sheet = sheet
        self.depth = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self, text: str) -> None:
        if self.peek()[1] != text:
            found = self.peek()[1]
            if not found:
                raise FormulaError("check.formula.expected_end", expected=text)
            raise FormulaError("check.formula.expected", expected=text, found=found)
        self.pos += 1

    def nested(self) -> None:
        """One level deeper: refused past MAX_NESTING, before Python's recursion is."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise FormulaError("check.formula.too_deep", limit=MAX_NESTING)

    def expression(self, level: int) -> Node:
        self.nested()
        left = self.unary()
        while True:
            kind, op = self.peek()
            power = _PRECEDENCE.get(op, 0) if kind == "op" else 0
            if power <= level:
                self.depth -= 1
                return left
            self.pos += 1
            left = Binary(op, left, self.expression(power))

    def unary(self) -> Node:
        if self.peek() == ("op", "-"):
            self.pos += 1
            self.nested()
            operand = self.unary()
            self.depth -= 1
            return Unary("-", operand)
        return self.atom()

    def atom(self) -> Node:
        kind, text = self.peek()
        self.pos += 1
        if kind == "number":
            value = float(text)
            if not math.isfinite(value):
                raise FormulaError("check.formula.too_large", number=text[:20] + "…")
            return Num(value)
        if kind == "string":
            return Str(text[1:-1].replace('""', '"'))
        if kind == "name":
            return Name(text[1:-1].strip())
        if kind == "area":
            return _area(text, self.sheet)
        if kind == "function":
            return self.call(text)
        if text == "(":
            node = self.expression(0)
            self.take(")")
            return node
        if not text:
            raise FormulaError("check.formula.unexpected_end")
        raise FormulaError("check.formula.unexpected", found=text)

    def call(self, function: str) -> Call:
        """`F(a; b; …)`: a separator between arguments, then the count checked."""
        if function not in ARITY:
            raise FormulaError("check.formula.function", function=function,
                               functions=", ".join(FUNCTIONS))
        self.take("(")
        args: list[Node] = []
        if self.peek()[1] != ")":
            while True:
                args.append(self.expression(0))
                kind, found = self.peek()
                if kind == "op" and found in (";", ","):
                    self.pos += 1
                    continue
                if found == ")":
                    break
                raise FormulaError("check.formula.separator", function=function,
                                   found=found or text("check.formula.the_end"))
        self.take(")")
        check_arity(function, len(args))
        return Call(function, tuple(args))


def check_arity(function: str, count: int) -> None:
    """FormulaError unless `function` takes `count` arguments."""
    low, high = ARITY[function]
    if low <= count <= high:
        return
    takes = (text("check.formula.takes_exactly", count=low) if low == high
             else text("check.formula.takes_between", low=low, high=high))
    raise FormulaError("check.formula.arity", function=function, takes=takes, count=count)


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
        return _number_text(node.value)
    if isinstance(node, Str):
        return '"' + node.value.replace('"', '""') + '"'
    if isinstance(node, Area):
        return _area_text(node, here, odf)
    if isinstance(node, Unary):
        operand = _render(node.operand, here, odf)
        # `-(1+2)`: the parentheses the tree no longer holds, or the file would say -1+2
        return node.op + (f"({operand})" if isinstance(node.operand, Binary) else operand)
    if isinstance(node, Binary):
        return (_operand(node.left, node.op, here, odf, right=False) + node.op
                + _operand(node.right, node.op, here, odf, right=True))
    if isinstance(node, Call):
        separator = ";" if odf else ","
        return node.function + "(" + separator.join(_render(a, here, odf)
                                                     for a in node.args) + ")"
    raise FormulaError("check.formula.unresolved", name=node.name)


def _number_text(value: float) -> str:
    """A number as the file writes it: every digit it has (`0.1234567`, not `0.123457`)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value).upper()


def _operand(node: Node, op: str, here: str, odf: bool, right: bool) -> str:
    text = _render(node, here, odf)
    if isinstance(node, Binary):
        inner, outer = _PRECEDENCE[node.op], _PRECEDENCE[op]
        if inner < outer or (right and inner == outer):
            return f"({text})"
    return text


def areas(node: Node) -> Iterator[Area]:
    """Every cell or range the (resolved) tree reads, in order."""
    if isinstance(node, Area):
        yield node
    elif isinstance(node, Unary):
        yield from areas(node.operand)
    elif isinstance(node, Binary):
        yield from areas(node.left)
        yield from areas(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from areas(arg)


def check_ranges(node: Node) -> None:
    """FormulaError for a range where one value is expected, a SUMIF whose ranges are
    not references or differ in size, or a range too large: found from the formula
    alone, whichever branch of an IF the workbook takes."""
    if isinstance(node, Area):
        _single(node)
    elif isinstance(node, Unary):
        check_ranges(node.operand)
    elif isinstance(node, Binary):
        check_ranges(node.left)
        check_ranges(node.right)
    elif isinstance(node, Call):
        allowed = RANGE_ARGUMENTS.get(node.function)
        for index, arg in enumerate(node.args):
            if allowed is not None and (not allowed or index in allowed):
                if isinstance(arg, Area):
                    _size(arg)
                    continue
                if allowed:
                    raise FormulaError("check.formula.needs_reference", function=node.function,
                                       position=index + 1)
            check_ranges(arg)
        if node.function == "SUMIF":
            _same_size(node)


def _single(area: Area) -> None:
    if area.row != area.row2 or area.col != area.col2:
        raise FormulaError("check.formula.range")


def _size(area: Area) -> tuple[int, int]:
    rows, cols = area.row2 - area.row + 1, area.col2 - area.col + 1
    if rows * cols > MAX_RANGE_CELLS:
        raise FormulaError("check.formula.range_too_large", cells=rows * cols,
                           limit=MAX_RANGE_CELLS)
    return rows, cols


def _same_size(node: Call) -> None:
    """Spreadsheets would silently resize SUMIF's summed range to the tested one, reading
    cells the formula does not name; refused instead."""
    if len(node.args) < 3:
        return
    tested, summed = node.args[0], node.args[2]
    if isinstance(tested, Area) and isinstance(summed, Area):
        first, second = _size(tested), _size(summed)
        if first != second:
            raise FormulaError("check.formula.sizes", function=node.function,
                               tested=f"{first[0]}×{first[1]}",
                               summed=f"{second[0]}×{second[1]}")


CellValues = Callable[[str, int, int], Value]
"""The value of a cell (sheet, row, column), evaluating its formula if it has one."""


def evaluate(node: Node, cell: CellValues) -> Value:
    """The value of a resolved tree, as a spreadsheet would compute it."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Area):
        _single(node)
        return cell(node.sheet, node.row, node.col)
    if isinstance(node, Unary):
        return -_number(evaluate(node.operand, cell))
    if isinstance(node, Binary):
        return _binary(node.op, evaluate(node.left, cell), evaluate(node.right, cell))
    if isinstance(node, Call):
        return _call(node, cell)
    raise FormulaError("check.formula.unresolved", name=node.name)


def _number(value: Value) -> float:
    """An empty cell counts as 0, TRUE as 1; a text, even `""`, is #VALUE! (LibreOffice
    and Excel read `"3"` as 3, which no tool needs: refused rather than half-followed)."""
    if value is None:
        return 0.0
    if isinstance(value, str):
        raise FormulaError("check.formula.text_as_number", value=repr(value[:40]))
    return float(value)


def _finite(value: float) -> float:
    """A result too large for a double is #NUM! in a spreadsheet."""
    if not math.isfinite(value):
        raise FormulaError("check.formula.overflow")
    return value


def _binary(op: str, left: Value, right: Value) -> Value:
    if op == "&":
        return _text(left) + _text(right)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        order = _compare(left, right)
        return {"=": order == 0, "<>": order != 0, "<": order < 0, ">": order > 0,
                "<=": order <= 0, ">=": order >= 0}[op]
    x, y = _number(left), _number(right)
    if op == "/" and y == 0:
        raise FormulaError("check.formula.division_by_zero")
    return _finite({"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0.0}[op])


def _text(value: Value) -> str:
    """A value joined to a text (`&`). A number is written with its 15 significant
    digits (`0.1+0.2` gives `0.3`); one that would need an exponent, and a logical
    value (VRAI, WAAR or TRUE with the reader's language), is refused: spreadsheets
    do not write them alike."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise FormulaError("check.formula.logical_as_text")
    written = format(value, f".{SIGNIFICANT_DIGITS}g")
    if "e" in written:
        raise FormulaError("check.formula.number_as_text", number=written)
    return written


def _compare(left: Value, right: Value) -> int:
    """-1, 0 or 1, as spreadsheets order values: numbers, then texts (ignoring case),
    then FALSE and TRUE; an empty cell is 0, `""` or FALSE beside the other value."""
    if left is None:
        left = _empty_like(right)
    if right is None:
        right = _empty_like(left)
    kinds = _kind(left), _kind(right)
    if kinds[0] != kinds[1]:
        return -1 if kinds[0] < kinds[1] else 1
    if isinstance(left, str) and isinstance(right, str):
        a, b = left.casefold(), right.casefold()
        return (a > b) - (a < b)
    x, y = float(left), float(right)  # type: ignore[arg-type]
    return (x > y) - (x < y)


def _kind(value: Value) -> int:
    return 2 if isinstance(value, bool) else 1 if isinstance(value, str) else 0


def _empty_like(value: Value) -> Value:
    if isinstance(value, str):
        return ""
    if isinstance(value, bool):
        return False
    return 0.0


def spreadsheet_round(value: float, digits: int) -> float:
    """`value` rounded to `digits` decimals (negative: tens, hundreds…) as LibreOffice and
    Excel do: half away from zero, on the number's decimal digits, not on its binary
    value, so ROUND(2.675; 2) is 2.68 and ROUND(1.005; 2) is 1.01.

    The decimal digits are the 15 significant ones spreadsheets show and round on
    (LibreOffice's rtl::math::round corrects its products to 15 digits), so a sum such
    as 1.15*3 = 3.4499999999999997 rounds to 3.5 as it does there."""
    if digits < -ROUND_DIGITS or digits > ROUND_DIGITS:
        raise FormulaError("check.formula.round_digits", digits=digits, limit=ROUND_DIGITS)
    if value == 0 or not math.isfinite(value):
        return value
    exact = Decimal(format(value, f".{SIGNIFICANT_DIGITS}g"))
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _values(node: Node, cell: CellValues) -> list[Value]:
    if isinstance(node, Area):
        _size(node)
        return [cell(node.sheet, r, c) for r, c in node.cells()]
    return [evaluate(node, cell)]


def _numbers(args: Sequence[Node], cell: CellValues) -> list[float]:
    """The numbers of SUM, MIN and MAX: a reference's texts and empty cells are skipped,
    as spreadsheets do; a value written in the call must be a number."""
    found: list[float] = []
    for arg in args:
        if isinstance(arg, Area):
            found += [v for v in _values(arg, cell) if isinstance(v, float)]
        else:
            found.append(_number(evaluate(arg, cell)))
    return found


_PATTERN = re.compile(r"^[<>=]|[*?~]")
"""What makes a SUMIF criterion a condition (`>5`) or a pattern (`mat*`) in spreadsheets."""


def _criterion(value: Value) -> float | str:
    """SUMIF's criterion when it means "equal to": spreadsheets read `>5`, `mat*`, `"12"`
    and an empty criterion otherwise (and not alike), so those are refused."""
    if isinstance(value, float):
        return value
    if (value is None or isinstance(value, bool) or value == "" or _PATTERN.search(value)
            or _looks_numeric(value)):
        raise FormulaError("check.formula.criterion", criterion=repr(value or ""))
    return value.casefold()


_NUMERIC = re.compile(r"\s*[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?\s*%?\s*")


def _looks_numeric(value: str) -> bool:
    """A text that spreadsheets may read as a number when matching a criterion."""
    return _NUMERIC.fullmatch(value) is not None


def _matches(tested: Value, criterion: float | str) -> bool:
    if isinstance(criterion, float):
        if isinstance(tested, str) and _looks_numeric(tested):
            raise FormulaError("check.formula.criterion_text", value=repr(tested[:40]))
        return isinstance(tested, float) and tested == criterion
    return isinstance(tested, str) and tested.casefold() == criterion


def _call(node: Call, cell: CellValues) -> Value:
    name, args = node.function, node.args
    check_arity(name, len(args))
    if name == "IF":
        if _number(evaluate(args[0], cell)):
            return evaluate(args[1], cell)
        return evaluate(args[2], cell) if len(args) > 2 else False
    if name == "SUM":
        return _finite(math.fsum(_numbers(args, cell)))
    if name in ("MIN", "MAX"):
        found = _numbers(args, cell)
        return (min if name == "MIN" else max)(found) if found else 0.0
    if name == "ROUND":
        digits = _number(evaluate(args[1], cell))
        return spreadsheet_round(_number(evaluate(args[0], cell)), math.trunc(digits))
    if name == "SUMIF":
        check_ranges(node)
        tested = _values(args[0], cell)
        criterion = _criterion(evaluate(args[1], cell))
        summed = _values(args[2], cell) if len(args) > 2 else tested
        return _finite(math.fsum(v for t, v in zip(tested, summed, strict=True)
                                 if isinstance(v, float) and _matches(t, criterion)))
    raise FormulaError("check.formula.unknown_function", function=name)
