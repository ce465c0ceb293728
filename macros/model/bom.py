"""Costing a bill of materials: line totals, subtotals per sub-assembly, total, and
what is not priced."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from macros.model.plan import Assembly, Part


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


@dataclass(frozen=True)
class BomGroup:
    """The parts of one sub-assembly with their subtotal; `assembly` is None for the
    parts that belong to none."""

    assembly: Assembly | None
    cost: BomCost


def by_assembly(parts: tuple[Part, ...] | list[Part],
                assemblies: list[Assembly]) -> tuple[BomGroup, ...]:
    """The parts grouped as a multi-level BOM lists them: each sub-assembly in the order
    `bom.assemblies` declares them (those no part names are left out), each part in the
    author's order, then the parts of no sub-assembly. A BOM whose parts name no
    sub-assembly is one group, without an assembly."""
    groups = [BomGroup(assembly, cost([p for p in parts if p.assembly == assembly.id]))
              for assembly in assemblies]
    kept = [group for group in groups if group.cost.lines]
    loose = [part for part in parts if part.assembly not in {a.id for a in assemblies}]
    if loose or not kept:
        kept.append(BomGroup(None, cost(loose)))
    return tuple(kept)
