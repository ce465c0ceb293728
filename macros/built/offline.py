"""Offline copies: the built site as one zip per language, to open from a USB stick.

The offline build (plain `.html` links, the search index inlined as a script) is
split per language: each zip holds that language's pages, the shared assets, the
downloaded files its pages show (drawing previews), and that language's own search
index as `search/search_index.js`, which the theme loads over `file://` where it
cannot fetch JSON. The downloads themselves stay on the published site, which the
copy's pages link: carried by every language's zip they would outweigh the pages
(and each plan's bundle is already its own offline copy).
"""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from collections.abc import Callable
from pathlib import Path

from macros.addresses import (
    DOWNLOADS,
    KIT_ROOT,
    SEARCH_FOLDER,
    language_of_path,
    offline_archive_path,
)
from macros.built.references import shown_files
from macros.bundle.archive import QUICK, Deflated, assemble_zip, deflate, sha256, zip_writer
from macros.cache import ContentCache, inputs_digest
from macros.model.site import Site
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES

FALLBACK_DATE = dt.date(2025, 1, 1)
SearchMembers = Callable[[Path, str], dict[str, bytes]]
"""The search index of one language as the offline theme loads it, by path in the copy
(an engine convention: see `macros/engine/conventions.py`)."""


def _belongs_to(relative: Path, lang: str) -> bool:
    owner = language_of_path(relative.as_posix())
    return owner is None or owner == lang


def shown_downloads(offline_site: Path, pages: list[Path]) -> set[str]:
    """The downloaded files `pages` show, by path from the site."""
    site = offline_site.resolve()
    return {found.relative_to(site).as_posix() for page in pages
            for found in shown_files(site, page, page.read_text(encoding="utf-8"))
            if found.is_relative_to(site / DOWNLOADS)}


def language_members(offline_site: Path, lang: str, search: SearchMembers) -> dict[str, bytes]:
    """The files of the `lang` copy, by path inside the zip (`reproduce-kit-<lang>/…`)."""
    root = f"{KIT_ROOT}-{lang}"
    members: dict[str, bytes] = {}
    files = [p for p in sorted(offline_site.rglob("*"))
             if p.is_file() and _belongs_to(p.relative_to(offline_site), lang)]
    shown = shown_downloads(offline_site, [p for p in files if p.suffix == ".html"])
    for path in files:
        relative = path.relative_to(offline_site)
        if relative.parts[0] == SEARCH_FOLDER:
            continue  # replaced below by this language's own index
        if relative.parts[0] == DOWNLOADS and relative.as_posix() not in shown:
            continue
        members[f"{root}/{relative.as_posix()}"] = path.read_bytes()
    for name, data in search(offline_site, lang).items():
        members[f"{root}/{name}"] = data
    if lang != DEFAULT_LANGUAGE:
        members[f"{root}/index.html"] = _redirect(f"{lang}/index.html")
    return members


def _redirect(target: str) -> bytes:
    return (f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" '
            f'content="0; url={target}"><a href="{target}">{target}</a>\n').encode()


DEFLATED_KIND = "zip-member"


def deflated_members(members: dict[str, bytes], store: ContentCache) -> dict[str, Deflated]:
    """Each member compressed as the offline copies' zips store it, taken from `store`
    when the same bytes were compressed before: after one page changed, only that page
    and the search index are compressed again (the shared assets once for every
    language)."""
    deflated = {}
    for name, data in members.items():
        key = inputs_digest(sha256(data).encode(), f"level={QUICK}".encode(), zip_writer())
        stream = store.keyed(DEFLATED_KIND, key, functools.partial(_deflated_stream, data))
        deflated[name] = Deflated(zlib.crc32(data), len(data), stream)
    return deflated


def _deflated_stream(data: bytes) -> bytes:
    return deflate(data, QUICK).data


def language_archives(offline_site: Path, moment: dt.datetime, search: SearchMembers,
                      store: ContentCache) -> dict[str, bytes]:
    """One reproducible zip per language, by its path on the site (the same bytes as
    `write_zip` at the `QUICK` level), its members compressed once in `store`."""
    built = [lang for lang in LANGUAGES
             if lang == DEFAULT_LANGUAGE or (offline_site / lang).is_dir()]
    return {offline_archive_path(lang): assemble_zip(
                deflated_members(language_members(offline_site, lang, search), store), moment)
            for lang in built}


def newest_content_date(site: Site | None) -> dt.date:
    """The date of the newest change the content records (plan changelogs, kit updates)."""
    if site is None:
        return FALLBACK_DATE
    dates = [entry.plan.changelog[0].date for entry in site.plans]
    dates += [doc.meta.updated for doc in site.kit if doc.meta.updated]
    return max(dates, default=FALLBACK_DATE)
