"""A bill of materials kept as a CSV file beside `plan.yml`."""

from __future__ import annotations

import csv
import io

from macros.check.problem import Problem
from macros.check.suggest import did_you_mean
from macros.load.source import LoadFailure
from macros.load.yaml_lines import Located

BOM_COLUMNS = ("ref", "name", "qty", "unit", "unit_price", "supplier", "reuse")
REQUIRED_COLUMNS = ("name", "qty")


def parse_bom_csv(text: str, display_path: str) -> Located:
    """Rows as dicts (empty cells left out), with the line where each row starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise LoadFailure(Problem(display_path, 1, "", f"invalid CSV: {exc}")) from None
    if not header:
        raise LoadFailure(
            Problem(display_path, 1, "", "the file is empty; start it with the header "
                    + ",".join(BOM_COLUMNS))
        )
    columns = [name.strip() for name in header]
    for name in columns:
        if name not in BOM_COLUMNS:
            raise LoadFailure(
                Problem(display_path, 1, name, f"unknown column{did_you_mean(name, BOM_COLUMNS)}; "
                        f"the header is {','.join(BOM_COLUMNS)}")
            )
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            raise LoadFailure(
                Problem(display_path, 1, name, "required column is missing; the header is "
                        + ",".join(BOM_COLUMNS))
            )
    rows: list[dict[str, str]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    start = reader.line_num + 1
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                start = reader.line_num + 1
                continue
            if len(cells) != len(columns):
                raise LoadFailure(
                    Problem(display_path, start, "", f"this row has {len(cells)} cells but the "
                            f"header has {len(columns)}; quote cells that contain commas")
                )
            index = len(rows)
            rows.append({k: v.strip() for k, v in zip(columns, cells, strict=True) if v.strip()})
            lines[(index,)] = start
            for key in columns:
                lines[(index, key)] = start
            start = reader.line_num + 1
    except csv.Error as exc:
        raise LoadFailure(Problem(display_path, start, "", f"invalid CSV: {exc}")) from None
    return Located(rows, display_path, lines, 2)
