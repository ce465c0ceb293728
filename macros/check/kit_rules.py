"""Rules about one kit document beyond its schema."""

from __future__ import annotations

from macros.check.problem import Problem
from macros.check.registries import licence_problem
from macros.load.yaml_lines import Located
from macros.model.kit import VERSIONED_TYPES, KitDocument


def kit_problems(doc: KitDocument, located: Located) -> list[Problem]:
    found = []
    if doc.type in VERSIONED_TYPES and doc.version is None:
        found.append(Problem(located.path, located.line_of(("type",)), "version",
                             f"a {doc.type} needs a version; add `version: 1.0.0`"))
    if doc.type == "lieu" and not doc.machines:
        found.append(Problem(located.path, located.line_of(("type",)), "machines",
                             "a lieu lists its machines; add `machines: [laser-cutter, …]` "
                             "with ids from kit/vocabulary.yml"))
    reason = licence_problem(doc.licence)
    if reason:
        found.append(Problem(located.path, located.line_of(("licence",)), "licence", reason))
    return found
