"""Costing a bill of materials: line totals, total, and what is not priced."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from macros.model.plan import Part


@dataclass(frozen=True)
class BomLine:
    part: Part
    line_total: Decimal | None


@dataclass(frozen=True)
class BomCost:
    """Totals in exact decimals; unpriced parts are counted, never treated as free."""

    lines: tuple[BomLine, ...]
    total: Decimal
    unpriced: int

    @property
    def complete(self) -> bool:
        return self.unpriced == 0


def to_decimal(value: float) -> Decimal:
    """The decimal the author wrote (via `repr`), not the binary float's expansion."""
    return Decimal(repr(value))


def cost(parts: tuple[Part, ...] | list[Part]) -> BomCost:
    lines = []
    total = Decimal(0)
    unpriced = 0
    for part in parts:
        if part.unit_price is None:
            lines.append(BomLine(part, None))
            unpriced += 1
            continue
        line_total = to_decimal(part.qty) * to_decimal(part.unit_price)
        total += line_total
        lines.append(BomLine(part, line_total))
    return BomCost(tuple(lines), total, unpriced)
