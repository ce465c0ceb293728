"""The whole toolkit in one zip: every document's Markdown and its attached files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from macros.addresses import KIT_ROOT
from macros.bundle.archive import members_digest, sha256sums, write_zip
from macros.bundle.settings import PublishSettings
from macros.cache import ContentCache
from macros.model.site import Site
from macros.model.text import LANGUAGES, translated_name

_FALLBACK_DATE = dt.date(2025, 1, 1)


def kit_members(site: Site, extra: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Every document, its translations and attachments; `extra`: made files (editable
    DOCX, ODT, ODS, XLSX) by their path in the bundle."""
    members: dict[str, bytes] = dict(extra or {})
    for doc in site.kit:
        members[f"{doc.slug}.md"] = doc.path.read_bytes()
        for lang in LANGUAGES[1:]:
            sibling = doc.path.with_name(translated_name(doc.path.name, lang))
            if sibling.is_file():
                members[translated_name(f"{doc.slug}.md", lang)] = sibling.read_bytes()
        folder = doc.slug.rsplit("/", 1)[0] if "/" in doc.slug else ""
        for attachment in doc.meta.files:
            name = f"{folder}/{attachment.path}" if folder else attachment.path
            members[name] = (doc.path.parent / attachment.path).read_bytes()
    members["LICENSE.txt"] = (
        "ReProduce Kit — boîte à outils / toolkit\n\n"
        "Unless a document states otherwise, every document is published under\n"
        "Creative Commons Attribution-ShareAlike 4.0 (CC-BY-SA-4.0):\n"
        "https://spdx.org/licenses/CC-BY-SA-4.0.html\n\n"
        "Licence of each document (front matter `licence`):\n"
        + "".join(f"  {doc.slug}.md: {doc.meta.licence}\n" for doc in site.kit)
    ).encode("utf-8")
    members["SHA256SUMS"] = sha256sums(members)
    return {f"{KIT_ROOT}/{name}": data for name, data in members.items()}


def kit_bundle(site: Site, settings: PublishSettings, cache: ContentCache,
               extra: Mapping[str, bytes] | None = None) -> bytes:
    dates = [doc.meta.updated for doc in site.kit if doc.meta.updated]
    moment = settings.moment(max(dates, default=_FALLBACK_DATE))
    members = kit_members(site, extra)
    return cache.keyed("zip", members_digest(members, moment), lambda: write_zip(members, moment))
