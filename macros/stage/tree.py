"""Assembling the docs tree the site engine builds: hand-written pages plus one
generated page per plan and kit document, with the files those pages link to.

Downloads (bundles, drawings, attached files) are not part of this tree: they are
shared by every language and written once into the built site (see `bundle/`).
Plain Python that any engine can run before its own build. The tree is synced,
not rewritten: a file is written only when its bytes change, so a live-reloading
server is not woken by files that did not change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from macros.addresses import kit_url, language_prefix, plan_url
from macros.bundle.site_downloads import SiteDownloads
from macros.i18n.catalogue import MessageError, Messages
from macros.model.site import Site
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATED_MD
from macros.render.context import RenderContext
from macros.render.notices import fallback_notice
from macros.render.pages import kit_markdown, plan_markdown


class StageConflict(MessageError):
    """A hand-written page sits where a generated page must go."""


@dataclass(frozen=True)
class SyncReport:
    written: int
    removed: int
    unchanged: int


def staged_files(site: Site, docs_dir: Path, downloads: SiteDownloads,
                 directory_urls: bool = True, pdf_links: bool = False) -> dict[str, bytes]:
    """Every file of the staged tree, by POSIX path relative to the tree."""
    files: dict[str, bytes] = {}
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if path.is_file():
                files[path.relative_to(docs_dir).as_posix()] = path.read_bytes()

    def add(name: str, data: bytes) -> None:
        if name in files:
            raise StageConflict("check.stage_conflict", path=f"docs/{name}")
        files[name] = data

    for lang in LANGUAGES:
        page = f"index{language_suffix(lang)}.md"
        for entry in site.plans:
            base = plan_url(entry.id)
            ctx = RenderContext(site, lang, language_prefix(lang) + base, downloads,
                                directory_urls, pdf_links)
            add(base + page, plan_markdown(ctx, entry).encode())
        for doc in site.kit:
            base = kit_url(doc.slug)
            ctx = RenderContext(site, lang, language_prefix(lang) + base, downloads,
                                directory_urls, pdf_links)
            add(base + page, kit_markdown(ctx, doc).encode())
    _add_missing_translations(files)
    return files


def language_suffix(lang: str) -> str:
    """`index.md` is French; `index.nl.md` and `index.en.md` its translations."""
    return "" if lang == DEFAULT_LANGUAGE else f".{lang}"


def _add_missing_translations(files: dict[str, bytes]) -> None:
    """Every hand-written page in every language: the French text with a notice where
    the translation is missing, so the language switcher always finds the same page."""
    originals = [name for name in files
                 if name.endswith(".md") and not TRANSLATED_MD.search(name)]
    for name in originals:
        for lang in LANGUAGES[1:]:
            sibling = name[: -len(".md")] + f".{lang}.md"
            if sibling not in files:
                notice = fallback_notice(Messages(lang))
                files[sibling] = with_notice(files[name].decode("utf-8"), notice).encode()


def with_notice(markdown: str, notice: str) -> str:
    """`markdown` with `notice` after its front matter and first-level heading."""
    lines = markdown.split("\n")
    index = 0
    if lines and lines[0].rstrip() == "---":
        closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), 0)
        index = closing + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines) and lines[index].startswith("# "):
        index += 1
    return "\n".join([*lines[:index], "", notice, "", *lines[index:]])


def sync_tree(files: dict[str, bytes], out_dir: Path) -> SyncReport:
    """Make `out_dir` hold exactly `files`, touching only what differs."""
    written = unchanged = removed = 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = out_dir / PurePosixPath(name)
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp-stage")
        tmp.write_bytes(data)
        tmp.replace(target)
        written += 1
    wanted = {PurePosixPath(name) for name in files}
    for dirpath, _dirnames, filenames in os.walk(out_dir, topdown=False):
        folder = Path(dirpath)
        for filename in filenames:
            path = folder / filename
            if PurePosixPath(path.relative_to(out_dir).as_posix()) not in wanted:
                path.unlink()
                removed += 1
        if folder != out_dir and not any(folder.iterdir()):
            folder.rmdir()
    return SyncReport(written, removed, unchanged)


def stage(site: Site, docs_dir: Path, out_dir: Path, downloads: SiteDownloads,
          directory_urls: bool = True, pdf_links: bool = False) -> SyncReport:
    return sync_tree(staged_files(site, docs_dir, downloads, directory_urls, pdf_links),
                     out_dir)
