"""All downloadable files of the site, made once per build and shared by every
language: plan bundles and their parts, attached kit files, the kit bundle and
the machine-readable catalog."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from macros.addresses import CATALOG_JSON, KIT_BUNDLE, kit_attachment_path
from macros.bundle.catalog_json import catalog, catalog_json
from macros.bundle.drawings import DrawingRefused
from macros.bundle.editable import EditableFiles, editable_files
from macros.bundle.kit_bundle import kit_bundle
from macros.bundle.plan_bundle import (
    Conversion,
    Download,
    NotDrawable,
    PlanDownloads,
    plan_downloads,
    plan_drawing_jobs,
)
from macros.bundle.settings import PublishSettings
from macros.cache import ContentCache, Memo
from macros.model.site import PlanEntry, Site
from macros.problems import Problem


@dataclass(frozen=True)
class SiteDownloads:
    plans: dict[str, PlanDownloads]
    kit: Download
    attachments: tuple[Download, ...]
    catalog: Download
    editable: EditableFiles = field(default_factory=EditableFiles)

    def items(self) -> list[Download]:
        """Every file, once each."""
        found = [item for downloads in self.plans.values() for item in downloads.all()]
        found += [self.kit, self.catalog, *self.attachments,
                  *(f.download for f in self.editable.files)]
        return list({item.path: item for item in found}.values())

    def files(self) -> DownloadFiles:
        """Every file by its path from the site root."""
        return DownloadFiles({item.path: item for item in self.items()})


class DownloadFiles(Mapping[str, bytes]):
    """Files by path whose bytes are read only when asked for, one at a time (a
    download the cache holds is not kept in memory: see `Download`)."""

    def __init__(self, sources: Mapping[str, Download]) -> None:
        self._sources = dict(sources)

    def __getitem__(self, name: str) -> bytes:
        return self._sources[name].data

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def source(self, name: str) -> Download:
        """The download behind `name` (the same object while its plan is unchanged)."""
        return self._sources[name]

    def checksums(self) -> dict[str, str]:
        """Each file's SHA-256, known without reading it."""
        return {name: item.sha256 for name, item in self._sources.items()}


PLAN_DOWNLOADS = "plan-downloads"
CONVERSIONS_PER_WORKER = 8
"""Starting a second process is worth it only for a few conversions each."""


def convert_drawings(plans: Iterable[PlanEntry], settings: PublishSettings,
                     cache: ContentCache, workers: int | None = None) -> int:
    """Make the drawing conversions the cache lacks, one process per core (CairoSVG
    holds the interpreter while it draws); returns how many were made."""
    missing = {(job.kind, job.key): job for entry in plans
               for job in plan_drawing_jobs(entry, settings, cache)
               if not cache.has(job.kind, job.key)}
    jobs = list(missing.values())
    count = min(workers or os.cpu_count() or 1, len(jobs) // CONVERSIONS_PER_WORKER)
    if count < 2:
        return 0  # few enough to make one by one, where they are needed
    with ProcessPoolExecutor(max_workers=count) as pool:
        for job, data in zip(jobs, pool.map(_run, jobs, chunksize=4), strict=True):
            if data is not None:
                cache.made[job.kind] += 1
                cache.put(job.kind, job.key, data)
    return len(jobs)


def _run(job: Conversion) -> bytes | None:
    """The conversion's result; None when it fails (the plan's bundling reports it)."""
    try:
        return job.make()
    except DrawingRefused:
        return None


class DrawingsRefused(Exception):
    """Drawings the converter cannot draw: the build stops like `check` would."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(len(problems))
        self.problems = problems


def site_downloads(site: Site, settings: PublishSettings, cache: ContentCache,
                   progress: Callable[[int, int], None] | None = None,
                   memo: Memo | None = None, shared: tuple[bytes, ...] = ()) -> SiteDownloads:
    """Make (or take from the cache) every download; `progress(done, total)` per plan.
    Drawings the cache lacks are converted first, on every core. With a preview
    server's `memo`, a plan whose folder and `shared` inputs (the vocabulary, the
    settings) are unchanged keeps the downloads it had."""
    inputs = {entry.id: [str(entry.folder).encode(), memo.folder(entry.folder), *shared]
              for entry in site.plans} if memo else {}
    convert_drawings([entry for entry in site.plans
                      if memo is None or not memo.recalled(PLAN_DOWNLOADS, inputs[entry.id])],
                     settings, cache)
    plans = {}
    refused: list[Problem] = []
    for done, entry in enumerate(site.plans, start=1):
        make = functools.partial(plan_downloads, entry, settings, cache)
        try:
            plans[entry.id] = make() if memo is None else memo.recall(
                PLAN_DOWNLOADS, inputs[entry.id], make)
        except NotDrawable as failed:
            refused.append(failed.problem)
        if progress is not None:
            progress(done, len(site.plans))
    if refused:
        raise DrawingsRefused(refused)
    attachments = tuple(
        Download(kit_attachment_path(doc.slug, a.path), (doc.path.parent / a.path).read_bytes())
        for doc in site.kit for a in doc.meta.files
    )
    editable = editable_files(site, settings, cache)
    return SiteDownloads(
        plans=plans,
        kit=Download(KIT_BUNDLE, kit_bundle(site, settings, cache, editable.bundle_members())),
        attachments=attachments,
        catalog=Download(CATALOG_JSON, catalog_json(catalog(site, plans, settings))),
        editable=editable,
    )
