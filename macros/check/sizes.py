"""Sizes of what the site will publish, checked before anything is built.

GitHub Pages refuses a file over 100 MB and a site over 1 GB. A bundle repeats its
plan's files (drawings twice: SVG and PDF), and the site offers those files one by
one as well, so each plan is estimated from its inputs and the site counts it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from macros.check.problem import Problem
from macros.limits import PAGES_LIMITS, Limits, env_name, megabytes
from macros.model.site import KitEntry, PlanEntry


def file_size_problem(real: Path, declared: str, limits: Limits) -> str | None:
    """Why the declared file is too big to publish, if it is."""
    size = real.stat().st_size
    if size <= limits.bytes("file_mb"):
        return None
    return (f"`{declared}` weighs {megabytes(size)}; a published file is limited to "
            f"{limits.file_mb:g} MB ({PAGES_LIMITS}): publish it elsewhere (a release asset) "
            f"and link to it, or raise {env_name('file_mb')}")


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
            found.append(Problem(source, 1, "", f"the bundle would weigh about "
                                 f"{megabytes(size)}; a bundle is limited to {limits.bundle_mb:g}"
                                 f" MB ({PAGES_LIMITS}): move big files out of the plan and link "
                                 f"to them, or raise {env_name('bundle_mb')}"))
    attachments = sum((doc.path.parent / a.path).stat().st_size
                      for doc in kit for a in doc.meta.files)
    total = 2 * (sum(sizes.values()) + attachments)
    if total > limits.bytes("site_mb") and sizes:
        largest = max(sizes, key=lambda source: sizes[source])
        found.append(Problem(largest, 1, "", f"the site's downloads would weigh about "
                             f"{megabytes(total)}; they are limited to {limits.site_mb:g} MB "
                             f"({PAGES_LIMITS}); this plan's bundle is the largest "
                             f"({megabytes(sizes[largest])}): move big files out and link to "
                             f"them, or raise {env_name('site_mb')}"))
    return found
