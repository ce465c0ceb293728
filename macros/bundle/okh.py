"""OKH-LOSH manifests (`okh.toml`), so that open-hardware indexes can harvest a plan.

A plan has two, made by one function: the one in its bundle names the bundle's files
by their paths in it; the one published beside the bundle (and linked from
`/plans/index.json`) names the same things by their addresses on the site, since
whoever fetches it alone has no bundle to resolve paths in. Both follow the OKH JSON
Schema copied under `vendor/okh/` (see its NOTICE), which the tests hold every
manifest to: it allows no key it does not define.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from macros.bundle.layout import BundleLayout
from macros.bundle.settings import PublishSettings
from macros.model.plan import Drawing, Status
from macros.model.site import PlanEntry
from macros.model.text import LANGUAGES

OKH_VERSION = "OKH-LOSHv1.0"
"""The schema's `okhv`, as the project's content contract names it. The schema also
accepts "2.3" and "2.4" (and now suggests the spec release), with the same fields:
the contract's value is kept so that what reads it keeps working."""
OKH_SCHEMA = Path(__file__).parent / "vendor" / "okh" / "okh.schema.json"

READINESS: Mapping[Status, str] = {
    "concept": "OTRL-2",
    "prototype": "OTRL-3",
    "tested": "OTRL-4",
    "validated": "OTRL-5",
}
"""`status` → OKH technology readiness level (the Open Technology Readiness Levels):
a concept is a formulated concept, not yet a developed model (OTRL-2, Conception); a
prototype is being built, not yet tested (OTRL-3, Development); tested means a full
functional prototype built and tested (OTRL-4); validated, built again with reliable
processes (OTRL-5, Manufacturing development). Never OTRL-6, which needs a
certificate of conformity that no plan field records."""


@dataclass(frozen=True)
class ManifestLinks:
    """What a manifest's references lead to: `locate` turns a path in the bundle into
    what the manifest writes; `guides` are the build guides (one per language);
    `release` is the bundle's address, when it can be named."""

    locate: Callable[[str], str]
    guides: Sequence[str]
    release: str | None


def okh_manifest(entry: PlanEntry, settings: PublishSettings, layout: BundleLayout,
                 links: ManifestLinks) -> dict[str, Any]:
    """Every field the plan can fill, and only those: a value the plan does not give
    (mass, dimensions) is left out, never guessed."""
    plan = entry.plan
    at = links.locate
    manifest: dict[str, Any] = {
        "okhv": OKH_VERSION,
        "name": plan.title.fr,
        "repo": f"{settings.repo_url.rstrip('/')}/tree/main/plans/{entry.id}",
        "version": plan.version,
        "license": licence_expression(plan.licence, plan.documentation_licence),
        "licensor": list(plan.authors),
        "function": plan.summary.fr,
        "documentation-language": [lang for lang in LANGUAGES if lang in entry.guides],
        "technology-readiness-level": READINESS[plan.status],
        "readme": list(links.guides),
        "manufacturing-instructions": list(links.guides),
        "bom": at(layout.bom),
    }
    if links.release is not None:
        manifest["release"] = links.release
    if plan.mass_kg is not None:
        manifest["mass"] = _number(Decimal(str(plan.mass_kg)) * 1000)
    if plan.dimensions_mm is not None:
        size = plan.dimensions_mm
        manifest["outer-dimensions"] = {"width": _number(size.width),
                                        "depth": _number(size.depth),
                                        "height": _number(size.height)}
    listed = {
        "source": [*layout.files.get("source", ()), *layout.drawings_svg],
        "export": [*layout.files.get("export", ()), *layout.drawings_pdf],
        "auxiliary": list(layout.files.get("auxiliary", ())),
    }
    for key, paths in listed.items():
        if paths:
            manifest[key] = [at(path) for path in paths]
    images = [_drawing_image(at(svg), drawing)
              for svg, drawing in zip(layout.drawings_svg, plan.drawings, strict=True)]
    shown = {image["location"] for image in images}
    images += [{"location": at(path)} for path in entry.images if at(path) not in shown]
    if images:
        manifest["image"] = images
    return manifest


def licence_expression(hardware: str, documentation: str) -> str:
    """One SPDX expression for the bundle: its design files are under the hardware
    licence, its documentation under the documentation licence."""
    return hardware if hardware == documentation else f"{hardware} AND {documentation}"


def _drawing_image(location: str, drawing: Drawing) -> dict[str, Any]:
    """A drawing as an OKH image: what it depicts, in every language its title has."""
    return {
        "location": location,
        "depicts": [{"text": drawing.title.get(lang), "language": lang}
                    for lang in LANGUAGES if drawing.title.has(lang)],
        "tags": ["drawing"],
    }


def _number(value: float | Decimal) -> int | float:
    """A whole number without a decimal point (`80000`, not `80000.0`)."""
    exact = Decimal(str(value)) if not isinstance(value, Decimal) else value
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def okh_toml(manifest: dict[str, Any]) -> bytes:
    return tomli_w.dumps(manifest).encode("utf-8")
