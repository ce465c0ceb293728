"""Rules about one plan that a schema cannot express: consistency across fields."""

from __future__ import annotations

from macros.check.registries import currency_problem, licence_problem
from macros.i18n.catalogue import Text
from macros.load.yaml_lines import Located, dotted
from macros.model.common import version_key
from macros.model.plan import Part, Plan
from macros.problems import Problem, problem


def plan_problems(plan: Plan, located: Located) -> list[Problem]:
    """Licences, currency, changelog order, safety and pricing rules."""
    found: list[Problem] = []

    def add(loc: tuple[str | int, ...], field: str, message: str | Text,
            **params: object) -> None:
        found.append(problem(located.path, located.line_of(loc), field, message, **params))

    for name in ("licence", "documentation_licence"):
        reason = licence_problem(getattr(plan, name))
        if reason:
            add((name,), name, reason)
    reason = currency_problem(plan.bom.currency)
    if reason:
        add(("bom", "currency"), "bom.currency", reason)

    first = plan.changelog[0]
    if first.version != plan.version:
        add(("changelog", 0, "version"), "changelog[0].version", "check.changelog_newest",
            newest=first.version, version=plan.version)
    pairs = zip(plan.changelog, plan.changelog[1:], strict=False)
    for index, (newer, older) in enumerate(pairs, start=1):
        if version_key(older.version) >= version_key(newer.version):
            add(("changelog", index, "version"), f"changelog[{index}].version",
                "check.changelog_version_order", older=older.version, newer=newer.version)
        elif older.date > newer.date:
            add(("changelog", index, "date"), f"changelog[{index}].date",
                "check.changelog_date_order", older=older.date, newer=newer.date)

    if plan.safety.risk != "low" and not plan.safety.hazards:
        add(("safety", "hazards"), "safety.hazards", "check.hazards_missing",
            risk=plan.safety.risk)

    if isinstance(plan.bom.parts, list):
        found.extend(part_problems(plan.bom.parts, located, ("bom", "parts")))
    return found


def part_problems(
    parts: list[Part], located: Located, prefix: tuple[str | int, ...]
) -> list[Problem]:
    """Duplicate references among the parts (wherever they are written)."""
    found = []
    seen: dict[str, int] = {}
    for index, part in enumerate(parts):
        if part.ref is None:
            continue
        if part.ref in seen:
            loc = (*prefix, index, "ref")
            first_line = located.line_of((*prefix, seen[part.ref]))
            found.append(problem(located.path, located.line_of(loc),
                                 dotted(loc) if prefix else "ref", "check.duplicate_ref",
                                 ref=part.ref, line=first_line))
        else:
            seen[part.ref] = index
    return found


def pricing_problem(plan: Plan, parts: tuple[Part, ...], located: Located) -> Problem | None:
    """Prices without the date they were checked cannot be trusted."""
    if plan.bom.priced_on is None and any(p.unit_price is not None for p in parts):
        return problem(located.path, located.line_of(("bom",)), "bom.priced_on",
                       "check.priced_on_missing")
    return None
