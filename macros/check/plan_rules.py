"""Rules about one plan that a schema cannot express: consistency across fields."""

from __future__ import annotations

import re

from macros.check.registries import currency_problem, licence_problem
from macros.check.svg_rules import SvgWords
from macros.i18n.catalogue import Text
from macros.load.yaml_lines import Located, dotted
from macros.model.common import version_key
from macros.model.plan import Assembly, Part, Plan
from macros.problems import Problem, Severity, problem
from macros.suggest import did_you_mean


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

    found.extend(declared_assembly_problems(plan.bom.assemblies, located))
    if isinstance(plan.bom.parts, list):
        found.extend(part_problems(plan.bom.parts, located, ("bom", "parts")))
        found.extend(assembly_problems(plan.bom.parts, plan.bom.assemblies, located,
                                       ("bom", "parts")))
    return found


def declared_assembly_problems(assemblies: list[Assembly], located: Located) -> list[Problem]:
    """Two sub-assemblies with one id would merge their parts and subtotals."""
    found = []
    seen: dict[str, int] = {}
    for index, assembly in enumerate(assemblies):
        loc = ("bom", "assemblies", index, "id")
        if assembly.id in seen:
            found.append(problem(located.path, located.line_of(loc), dotted(loc),
                                 "check.duplicate_assembly", id=assembly.id,
                                 line=located.line_of(("bom", "assemblies", seen[assembly.id]))))
        else:
            seen[assembly.id] = index
    return found


def assembly_problems(parts: list[Part], assemblies: list[Assembly], located: Located,
                      prefix: tuple[str | int, ...], plan_located: Located | None = None
                      ) -> list[Problem]:
    """Each part's `assembly` names a declared sub-assembly, and each declared one has a
    part (else its heading and subtotal would stand empty). `located` is where the parts
    are written (plan.yml, or the BOM's CSV file: then `prefix` is empty and
    `plan_located` is plan.yml, where the sub-assemblies are declared)."""
    declared = [assembly.id for assembly in assemblies]
    found = []
    for index, part in enumerate(parts):
        if part.assembly is None or part.assembly in declared:
            continue
        loc = (*prefix, index, "assembly")
        field = dotted(loc) if prefix else "assembly"
        if declared:
            found.append(problem(located.path, located.line_of(loc), field,
                                 "check.unknown_assembly", id=part.assembly,
                                 suggestion=did_you_mean(part.assembly, declared),
                                 known=", ".join(f"`{id_}`" for id_ in declared)))
        else:
            found.append(problem(located.path, located.line_of(loc), field,
                                 "check.no_assemblies", id=part.assembly))
    named = {part.assembly for part in parts}
    where = plan_located or located
    for index, assembly in enumerate(assemblies):
        if assembly.id not in named:
            loc = ("bom", "assemblies", index, "id")
            found.append(problem(where.path, where.line_of(loc), dotted(loc),
                                 "check.unused_assembly", Severity.WARNING, id=assembly.id))
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
    """Prices without the date they were noted cannot be trusted."""
    if plan.bom.priced_on is None and any(p.unit_price is not None for p in parts):
        return problem(located.path, located.line_of(("bom",)), "bom.priced_on",
                       "check.priced_on_missing")
    return None


_STATED_VERSION = re.compile(
    r"(?i)\b(?:version|versie)\s*:?\s*v?(\d+\.\d+\.\d+(?:-[0-9a-z.-]+)?(?:\+[0-9a-z.-]+)?)")
"""`Version 0.2.1`, `Versie: v1.0.0`: the version a drawing's title block states."""


def title_block_problems(plan: Plan, words: SvgWords, svg_path: str) -> list[Problem]:
    """A drawing whose title block states another version than `plan.yml`: printed and
    pinned up in a workshop, it would pass for another release. A warning, since the
    drawing still draws."""
    found = []
    for line in words.texts:
        for match in _STATED_VERSION.finditer(line.words):
            if match.group(1) != plan.version:
                written = match.group(0)
                fixed = written[: match.start(1) - match.start()] + plan.version
                found.append(problem(svg_path, line.line, "text", "check.title_block_version",
                                     Severity.WARNING, found=match.group(1),
                                     version=plan.version, written=written, fixed=fixed))
    return found
