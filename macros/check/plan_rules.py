"""Rules about one plan that a schema cannot express: consistency across fields."""

from __future__ import annotations

from macros.check.problem import Problem
from macros.check.registries import currency_problem, licence_problem
from macros.load.yaml_lines import Located, dotted
from macros.model.common import version_key
from macros.model.plan import Part, Plan


def plan_problems(plan: Plan, located: Located) -> list[Problem]:
    """Licences, currency, changelog order, safety and pricing rules."""
    found: list[Problem] = []

    def add(loc: tuple[str | int, ...], field: str, message: str) -> None:
        found.append(Problem(located.path, located.line_of(loc), field, message))

    for name in ("licence", "documentation_licence"):
        reason = licence_problem(getattr(plan, name))
        if reason:
            add((name,), name, reason)
    reason = currency_problem(plan.bom.currency)
    if reason:
        add(("bom", "currency"), "bom.currency", reason)

    first = plan.changelog[0]
    if first.version != plan.version:
        add(("changelog", 0, "version"), "changelog[0].version",
            f"the newest changelog entry is {first.version} but `version` is {plan.version}; "
            "add an entry for the new version at the top")
    pairs = zip(plan.changelog, plan.changelog[1:], strict=False)
    for index, (newer, older) in enumerate(pairs, start=1):
        if version_key(older.version) >= version_key(newer.version):
            add(("changelog", index, "version"), f"changelog[{index}].version",
                f"{older.version} is not older than the entry above it ({newer.version}); "
                "list entries newest first, each version once")
        elif older.date > newer.date:
            add(("changelog", index, "date"), f"changelog[{index}].date",
                f"{older.date} is later than the entry above it ({newer.date}); "
                "list entries newest first")

    if plan.safety.risk != "low" and not plan.safety.hazards:
        add(("safety", "hazards"), "safety.hazards",
            f"risk is {plan.safety.risk} but no hazard is listed; name each hazard "
            "(e.g. `- rotating blades`) or set `risk: low`")

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
            found.append(
                Problem(located.path, located.line_of(loc), dotted(loc) if prefix else "ref",
                        f"reference `{part.ref}` is already used on line {first_line}; "
                        "give each part its own ref")
            )
        else:
            seen[part.ref] = index
    return found


def pricing_problem(plan: Plan, parts: tuple[Part, ...], located: Located) -> Problem | None:
    """Prices without the date they were checked cannot be trusted."""
    if plan.bom.priced_on is None and any(p.unit_price is not None for p in parts):
        return Problem(located.path, located.line_of(("bom",)), "bom.priced_on",
                       "parts have prices but no date; add `priced_on: YYYY-MM-DD`, "
                       "the day the prices were checked")
    return None
