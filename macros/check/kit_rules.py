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
    return found
