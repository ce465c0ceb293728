"""After an engine has built the pages: the files every language shares, the page PDFs
and the offline copies, each taken from the cache when its inputs are unchanged (page PDFs
are printed by `macros.built.page_pdfs`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from macros.addresses import (
    kit_url,
    page_file,
    page_url,
    plan_url,
    printed_page_path,
    shared_file_path,
)
from macros.built.offline import FALLBACK_DATE
from macros.built.page_pdfs import PagePdf
from macros.bundle.plan_bundle import Download
from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import DownloadFiles, SiteDownloads
from macros.cache import ContentCache, tree_digest
from macros.model.site import KitEntry, PlanEntry, Site, content_version
from macros.model.translation import page_printed_language
from macros.schemas import schema_files


@dataclass(frozen=True)
class Published:
    """What a build publishes: `site` files by their path in this site version; `shared`
    files by their path at the root of the published branch (`files/…`), for every
    site version, when downloads are shared."""

    site: DownloadFiles
    shared: DownloadFiles
    """Both read each file's bytes only when it is written."""


def published_files(downloads: SiteDownloads, settings: PublishSettings) -> Published:
    """Downloads and JSON Schemas; with shared files, the downloads go to the shared
    store by content and only the catalog (a contract address) stays in the site."""
    site = {downloads.catalog.path: downloads.catalog,
            **{name: Download(name, data) for name, data in schema_files().items()}}
    every = downloads.items()
    if not settings.shared_files:
        return Published(DownloadFiles({**{item.path: item for item in every}, **site}),
                         DownloadFiles({}))
    return Published(DownloadFiles(site), DownloadFiles(
        {shared_file_path(item.path, item.sha256): item
         for item in every if item.path != downloads.catalog.path}))


def pages_to_print(site: Site, languages: tuple[str, ...], built: Path,
                   settings: PublishSettings) -> list[PagePdf]:
    """The plan and kit pages of the built languages that have a PDF of their own (not
    those standing in for a missing translation), with where it goes (in the site, or
    in the shared files by the version of the page's content) and its date."""
    entries: list[tuple[str, PlanEntry | KitEntry, dt.date]] = [
        (plan_url(e.id), e, e.plan.changelog[0].date) for e in site.plans]
    entries += [(kit_url(d.slug), d, d.meta.updated or FALLBACK_DATE) for d in site.kit]
    pages = []
    for lang in languages:
        for path, entry, date in entries:
            html = page_file(page_url(lang, path))
            if page_printed_language(entry, lang, languages) == lang and (built / html).is_file():
                shared = content_version(entry) if settings.shared_files else None
                pages.append(PagePdf(html, printed_page_path(lang, path, shared),
                                     settings.moment(date)))
    return pages


def cached_offline_copies(cache: ContentCache, inputs: list[Path], extra: list[bytes],
                          make: Callable[[], Iterable[tuple[str, bytes]]]
                          ) -> tuple[DownloadFiles, bool]:
    """The offline copies, from the cache when nothing they are made of (`inputs`
    folders and files, `extra` bytes) has changed; True when they were reused. Each zip
    is stored as it is made and read again only when written: at a thousand plans the
    three weigh ~90 MB, which the build would otherwise hold while it prints its page
    PDFs."""
    key = tree_digest(inputs, extra)
    listing = cache.get("offline", key)
    if listing is not None:
        found = _stored_archives(cache, key, listing.decode().split())
        if found is not None:
            return found, True
    archives = {}
    for name, data in make():
        cache.put("offline", f"{key}:{name}", data)
        archives[name] = _kept_archive(cache, key, name, data)
    cache.put("offline", key, " ".join(sorted(archives)).encode())
    return DownloadFiles(archives), False


def _stored_archives(cache: ContentCache, key: str, names: list[str]) -> DownloadFiles | None:
    """The zips stored under `key`, each read once for its size and SHA-256; None when
    one of them is missing or damaged."""
    found = {}
    for name in names:
        data = cache.get("offline", f"{key}:{name}")
        if data is None:
            return None
        found[name] = _kept_archive(cache, key, name, data)
    return DownloadFiles(found)


def _kept_archive(cache: ContentCache, key: str, name: str, data: bytes) -> Download:
    """The zip `name` of the copies stored under `key`, read again from the cache when
    written."""
    return Download(name, data, cache.stored("offline", f"{key}:{name}"))
