"""An OKH-LOSH v1 manifest (`okh.toml`) so open-hardware indexes can harvest a plan."""

from __future__ import annotations

from typing import Any

import tomli_w

from macros.bundle.layout import BundleLayout
from macros.bundle.settings import PublishSettings
from macros.model.site import PlanEntry

OKH_VERSION = "OKH-LOSHv1.0"


def okh_manifest(entry: PlanEntry, settings: PublishSettings, layout: BundleLayout,
                 bundle_url: str) -> dict[str, Any]:
    """Required fields, then every optional field the plan can fill."""
    plan = entry.plan
    manifest: dict[str, Any] = {
        "okhv": OKH_VERSION,
        "name": plan.title.fr,
        "repo": f"{settings.repo_url.rstrip('/')}/tree/main/plans/{entry.id}",
        "version": plan.version,
        "release": bundle_url,
        "license": plan.licence,
        "licensor": ", ".join(plan.authors),
        "documentation-language": "fr",
        "readme": "README.md",
        "function": plan.summary.fr,
        "bom": layout.bom,
        "manufacturing-instructions": "README.md",
        "source": list(layout.files.get("source", [])) + list(layout.drawings_svg),
        "export": list(layout.files.get("export", [])) + list(layout.drawings_pdf),
    }
    if layout.drawings_svg:
        manifest["image"] = layout.drawings_svg[0]
    if layout.files.get("auxiliary"):
        manifest["auxiliary"] = list(layout.files["auxiliary"])
    if plan.dimensions_mm is not None:
        size = plan.dimensions_mm
        manifest["outer-dimension-dim"] = "mm"
        manifest["outer-dimension"] = (
            f"cube(size = [{size.width:g},{size.depth:g},{size.height:g}])")
    manifest["documentation-license"] = plan.documentation_licence
    return manifest


def okh_toml(manifest: dict[str, Any]) -> bytes:
    return tomli_w.dumps(manifest).encode("utf-8")
