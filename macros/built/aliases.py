"""`latest` as redirects to the version it names, not as a second copy of it.

mike publishes an alias (`latest`) either as a copy of its version's folder or as one
small redirect page per page of it. A copy doubles what a release weighs on the
published branch (at a thousand plans, the pages, the search index and the offline
copies of one version: several hundred megabytes of GitHub Pages' 1 GB), for bytes the
branch already holds. Redirects cost a few hundred bytes a page and keep every address
under `/latest/` leading to the same page, its `#anchor` and query included; the
downloads a page links are shared files at the branch root, never under a version.

mike writes redirects for pages only. The files other tools fetch by address under
`/latest/` (the machine-readable catalogue) are copied into the alias after each
deploy, so `/latest/plans/index.json` keeps answering.
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

from macros.addresses import CATALOG_JSON
from macros.built.shared_prune import VERSIONS_FILE, NotAPublishedBranch
from macros.i18n.catalogue import Messages
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES

ALIAS_FILES = (CATALOG_JSON,)
"""What of a version an alias carries besides its redirects: files read by programs,
which follow no HTML redirect."""
_FOLLOW = ('location.replace(document.querySelector("link[rel=canonical]").href'
           " + location.search + location.hash)")
"""The same script on every redirect page: the target comes from the page's canonical
link, so that the reader's query and `#anchor` follow."""


def redirect_template() -> str:
    """mike's redirect template (Jinja, `{{href}}` the relative address of the page in
    its version), its words from the message catalogues, French first. Without scripts,
    an immediate refresh leads there too (an instant redirect, which WCAG allows)."""
    languages = [DEFAULT_LANGUAGE, *(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)]
    messages = [(lang, Messages(lang)) for lang in languages]
    title = " · ".join(escape(t("site.redirect_title")) for _, t in messages)
    marked = {lang: "" if lang == DEFAULT_LANGUAGE else f' lang="{lang}"' for lang in languages}
    links = [f'<p{marked[lang]}><a href="{{{{href}}}}">{escape(t("site.redirect_link"))}</a></p>'
             for lang, t in messages]
    return "\n".join([
        "<!doctype html>",
        f'<html lang="{DEFAULT_LANGUAGE}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{title}</title>",
        '<link rel="canonical" href="{{href}}">',
        '<noscript><meta http-equiv="refresh" content="0; url={{href}}"></noscript>',
        f"<script>{_FOLLOW}</script>",
        "</head>",
        "<body>",
        "<main>",
        *links,
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def alias_folders(branch: Path) -> dict[str, str]:
    """Each alias of the published branch and the version it names, from mike's
    `versions.json`."""
    listing = branch / VERSIONS_FILE
    if not listing.is_file():
        raise NotAPublishedBranch(str(branch))
    versions = json.loads(listing.read_text(encoding="utf-8"))
    return {str(alias): str(entry["version"]) for entry in versions
            for alias in entry.get("aliases", [])}


def _plain(name: str) -> bool:
    """A folder name at the branch root, never a path that leads elsewhere."""
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def complete_aliases(branch: Path) -> list[str]:
    """Copy `ALIAS_FILES` from each version into its aliases' folders on a checkout of
    the published branch; returns what was copied, as paths from the branch root."""
    copied = []
    for alias, version in sorted(alias_folders(branch).items()):
        if not _plain(alias) or not _plain(version) or not (branch / alias).is_dir():
            continue
        for name in ALIAS_FILES:
            source = branch / version / name
            if source.is_file():
                target = branch / alias / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                copied.append(f"{alias}/{name}")
    return copied
