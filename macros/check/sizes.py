"""Sizes of what the site will publish, checked before anything is built.

GitHub Pages refuses a file over 100 MB and a site over 1 GB. A bundle repeats its
plan's files (drawings twice: SVG and PDF), and the site offers those files one by
one as well, so each plan is estimated from its inputs and the site counts it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from macros.i18n.catalogue import Text, text
from macros.limits import Limits, env_name, megabytes
from macros.model.site import KitEntry, PlanEntry
from macros.problems import Problem, problem


def _limit(limits: Limits, name: str) -> dict[str, object]:
    """The parameters every size message has: the limit, GitHub's, and the variable."""
    return {"limit": f"{getattr(limits, name):g}", "pages": text("check.pages_limits"),
            "variable": env_name(name)}


def file_size_problem(real: Path, declared: str, limits: Limits) -> Text | None:
    """Why the declared file is too big to publish, if it is."""
    size = real.stat().st_size
    if size <= limits.bytes("file_mb"):
        return None
    return text("check.file_too_big", path=declared, size=megabytes(size),
                **_limit(limits, "file_mb"))


def plan_inputs_size(entry: PlanEntry) -> int:
    """What the plan's bundle holds before compression (a drawing's PDF ≈ its SVG)."""
    plan = entry.plan
    paths = [entry.folder / "plan.yml", *(entry.folder / d.path for d in plan.drawings),
             *(entry.folder / d.path for d in plan.drawings),
             *(entry.folder / f.path for f in plan.files)]
    if isinstance(plan.bom.parts, str):
        paths.append(entry.folder / plan.bom.parts)
    guides = sum(len(text.encode("utf-8")) for text in entry.guides.values())
    return guides + sum(path.stat().st_size for path in paths)


def download_size_problems(plans: Sequence[PlanEntry], kit: Sequence[KitEntry],
                           limits: Limits) -> list[Problem]:
    """Each bundle within its limit, and every download together within the site's."""
    found = []
    sizes = {entry.source: plan_inputs_size(entry) for entry in plans}
    for source, size in sizes.items():
        if size > limits.bytes("bundle_mb"):
            found.append(problem(source, 1, "", "check.bundle_too_big", size=megabytes(size),
                                 **_limit(limits, "bundle_mb")))
    attachments = sum((doc.path.parent / a.path).stat().st_size
                      for doc in kit for a in doc.meta.files)
    total = 2 * (sum(sizes.values()) + attachments)
    if total > limits.bytes("site_mb") and sizes:
        largest = max(sizes, key=lambda source: sizes[source])
        found.append(problem(largest, 1, "", "check.site_too_big", size=megabytes(total),
                             largest=megabytes(sizes[largest]), **_limit(limits, "site_mb")))
    return found
