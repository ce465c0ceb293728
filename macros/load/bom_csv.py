"""A bill of materials kept as a CSV file beside `plan.yml`."""

from __future__ import annotations

import csv
import io

from macros.load.source import LoadFailure
from macros.load.yaml_lines import Located
from macros.problems import problem
from macros.suggest import did_you_mean

BOM_COLUMNS = ("ref", "name", "qty", "unit", "unit_price", "supplier", "reuse", "assembly")
"""The contract's columns, then `assembly` (optional: the sub-assembly's id)."""
REQUIRED_COLUMNS = ("name", "qty")
HEADER = ",".join(BOM_COLUMNS)


def parse_bom_csv(text: str, display_path: str) -> Located:
    """Rows as dicts (empty cells left out), with the line where each row starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise LoadFailure(problem(display_path, 1, "", "check.csv_invalid", error=exc)) from None
    if not header:
        raise LoadFailure(problem(display_path, 1, "", "check.csv_empty", header=HEADER))
    columns = [name.strip() for name in header]
    for name in columns:
        if name not in BOM_COLUMNS:
            raise LoadFailure(problem(display_path, 1, name, "check.csv_unknown_column",
                                      suggestion=did_you_mean(name, BOM_COLUMNS),
                                      header=HEADER))
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            raise LoadFailure(problem(display_path, 1, name, "check.csv_missing_column",
                                      header=HEADER))
    rows: list[dict[str, str]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    start = reader.line_num + 1
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                start = reader.line_num + 1
                continue
            if len(cells) != len(columns):
                raise LoadFailure(problem(display_path, start, "", "check.csv_row_length",
                                          cells=len(cells), columns=len(columns)))
            index = len(rows)
            rows.append({k: v.strip() for k, v in zip(columns, cells, strict=True) if v.strip()})
            lines[(index,)] = start
            for key in columns:
                lines[(index, key)] = start
            start = reader.line_num + 1
    except csv.Error as exc:
        raise LoadFailure(problem(display_path, start, "", "check.csv_invalid",
                                  error=exc)) from None
    return Located(rows, display_path, lines, 2)
