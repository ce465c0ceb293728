"""After an engine has built the pages: the files every language shares, the page PDFs
and the offline copies, each taken from the cache when its inputs are unchanged (page PDFs
are printed by `macros.built.page_pdfs`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from macros.addresses import kit_url, page_file, page_pdf_path, page_url, plan_url
from macros.built.offline import tree_digest
from macros.built.page_pdfs import PagePdf
from macros.bundle.cache import ContentCache
from macros.bundle.site_downloads import SiteDownloads
from macros.model.site import Site
from macros.schemas import schema_files


def published_files(downloads: SiteDownloads) -> dict[str, bytes]:
    """Downloads and JSON Schemas, by their path from the site root."""
    return {**downloads.files(), **schema_files()}


def pages_to_print(site: Site, languages: Iterable[str], built: Path) -> list[PagePdf]:
    """Every plan and kit page of every built language, with where its PDF goes."""
    paths = [plan_url(entry.id) for entry in site.plans] + [kit_url(doc.slug) for doc in site.kit]
    pages = []
    for lang in languages:
        for path in paths:
            html = page_file(page_url(lang, path))
            if (built / html).is_file():
                pages.append(PagePdf(html, page_pdf_path(lang, path)))
    return pages


def cached_offline_copies(cache: ContentCache, inputs: list[Path], extra: list[bytes],
                          make: Callable[[], dict[str, bytes]]
                          ) -> tuple[dict[str, bytes], bool]:
    """The offline copies, from the cache when nothing they are made of (`inputs`
    folders and files, `extra` bytes) has changed; True when they were reused."""
    key = tree_digest(inputs, extra)
    listing = cache.get("offline", key)
    if listing is not None:
        found = {name: cache.get("offline", f"{key}:{name}") for name in listing.decode().split()}
        if all(data is not None for data in found.values()):
            return {name: data for name, data in found.items() if data is not None}, True
    archives = make()
    for name, data in archives.items():
        cache.put("offline", f"{key}:{name}", data)
    cache.put("offline", key, " ".join(sorted(archives)).encode())
    return archives, False
