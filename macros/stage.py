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

from macros.bundle.site_downloads import SiteDownloads
from macros.model.site import Site
from macros.model.text import DEFAULT_LANGUAGE
from macros.render.context import RenderContext
from macros.render.links import kit_url, plan_url
from macros.render.pages import kit_markdown, plan_markdown


class StageConflict(Exception):
    """A hand-written page sits where a generated page must go."""


@dataclass(frozen=True)
class SyncReport:
    written: int
    removed: int
    unchanged: int


def staged_files(site: Site, docs_dir: Path, downloads: SiteDownloads) -> dict[str, bytes]:
    """Every file of the staged tree, by POSIX path relative to the tree."""
    files: dict[str, bytes] = {}
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if path.is_file():
                files[path.relative_to(docs_dir).as_posix()] = path.read_bytes()

    def add(name: str, data: bytes) -> None:
        if name in files:
            raise StageConflict(
                f"docs/{name} is in the way of a generated page; remove or rename it"
            )
        files[name] = data

    lang = DEFAULT_LANGUAGE
    for entry in site.plans:
        base = plan_url(entry.id)
        ctx = RenderContext(site, lang, base, downloads)
        add(base + "index.md", plan_markdown(ctx, entry).encode())
    for doc in site.kit:
        base = kit_url(doc.slug)
        ctx = RenderContext(site, lang, base, downloads)
        add(base + "index.md", kit_markdown(ctx, doc).encode())
    return files


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


def stage(site: Site, docs_dir: Path, out_dir: Path, downloads: SiteDownloads) -> SyncReport:
    return sync_tree(staged_files(site, docs_dir, downloads), out_dir)
