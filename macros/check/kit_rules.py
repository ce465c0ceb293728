"""Rules about one kit document beyond its schema."""

from __future__ import annotations

from macros.check.registries import licence_problem
from macros.load.yaml_lines import Located
from macros.model.kit import VERSIONED_TYPES, KitDocument
from macros.problems import Problem, problem


def kit_problems(doc: KitDocument, located: Located) -> list[Problem]:
    found = []
    if doc.type in VERSIONED_TYPES and doc.version is None:
        found.append(problem(located.path, located.line_of(("type",)), "version",
                             "check.version_needed", type=doc.type))
    if doc.type == "lieu" and not doc.machines:
        found.append(problem(located.path, located.line_of(("type",)), "machines",
                             "check.lieu_machines"))
    reason = licence_problem(doc.licence)
    if reason:
        found.append(problem(located.path, located.line_of(("licence",)), "licence", reason))
    found.extend(_confirmed_twice(doc.machines, doc.machines_to_confirm, "machines",
                                  "machines_to_confirm", located))
    found.extend(_confirmed_twice(doc.skills, doc.skills_to_confirm, "skills",
                                  "skills_to_confirm", located))
    return found


def _confirmed_twice(confirmed: list[str], to_confirm: list[str], field: str,
                     field_to_confirm: str, located: Located) -> list[Problem]:
    """An id both confirmed and to confirm: the page would say the place has it and
    that it must be asked about."""
    return [problem(located.path, located.line_of((field_to_confirm, index)),
                    f"{field_to_confirm}[{index}]", "check.confirmed_and_to_confirm", id=id_,
                    field=field, field_to_confirm=field_to_confirm)
            for index, id_ in enumerate(to_confirm) if id_ in confirmed]
