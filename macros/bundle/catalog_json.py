"""`/plans/index.json`: the machine-readable catalog other platforms harvest; each
plan links its bundle and its OKH manifest (`okh_manifest`), which open-hardware
indexes read."""

from __future__ import annotations

import json
from typing import Any

from macros.bundle.plan_bundle import PlanDownloads
from macros.bundle.settings import PublishSettings
from macros.model.site import Site
from macros.model.text import LANGUAGES

CATALOG_FORMAT = 1


def catalog(site: Site, downloads: dict[str, PlanDownloads],
            settings: PublishSettings) -> dict[str, Any]:
    base = settings.site_url.rstrip("/")
    plans = []
    for entry in site.plans:
        plan = entry.plan
        bundle = downloads[entry.id].bundle
        manifest = downloads[entry.id].manifest
        plans.append({
            "id": entry.id,
            "title": {lang: plan.title.get(lang) for lang in LANGUAGES},
            "summary": {lang: plan.summary.get(lang) for lang in LANGUAGES},
            "version": plan.version,
            "status": plan.status,
            "licence": plan.licence,
            "documentation_licence": plan.documentation_licence,
            "difficulty": plan.difficulty,
            "feedstock": list(plan.feedstock),
            "tools": list(plan.tools),
            "url": f"{base}/plans/{entry.id}/",
            "bundle": {"url": settings.download_url(bundle.path, bundle.sha256),
                       "sha256": bundle.sha256,
                       "size": bundle.size},
            "okh_manifest": {"url": settings.download_url(manifest.path, manifest.sha256),
                             "sha256": manifest.sha256},
        })
    return {"format": CATALOG_FORMAT, "site": settings.site_url, "plans": plans}


def catalog_json(data: dict[str, Any]) -> bytes:
    """JSON with `<`, `>` and `&` escaped, so it stays inert even if pasted into HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")
