"""`reproduce stage DIR`: the staged docs tree for another engine, with no MkDocs.

The tree is laid out like the site's addresses (French at the root, `nl/…`, `en/…`),
with the front matter Material for MkDocs and Zensical read, and the downloads inside
it, so an engine that copies static files publishes them at the right address.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

from macros.addresses import DEFAULT_SITE_URL
from macros.build.finish import published_files
from macros.build.options import BuildOptions, with_environment
from macros.build.prepare import prepare
from macros.bundle.settings import PublishSettings, source_date_from_env
from macros.engine.conventions import address_files
from macros.model.text import DEFAULT_LANGUAGE
from macros.stage.sync import SyncReport, sync_tree
from macros.stage.tree import DOCS_DIR


def write_stage(root: Path, out_dir: Path, languages: tuple[str, ...], lang: str,
                site_url: str | None = None) -> SyncReport:
    """Stage `languages` of the content under `root` into `out_dir`, downloads included."""
    wanted = tuple(dict.fromkeys((DEFAULT_LANGUAGE, *languages)))
    options = dataclasses.replace(with_environment(BuildOptions()), languages=wanted)
    settings = PublishSettings(site_url=site_url or DEFAULT_SITE_URL,
                               source_date=source_date_from_env())
    prepared = prepare(root, root / DOCS_DIR, options, settings, lang=lang)
    downloads = published_files(prepared.downloads, settings).site
    pages = (item for item in address_files(prepared.staging, tuple(languages))
             if item[0] not in downloads)
    return sync_tree(itertools.chain(pages, downloads.items()), out_dir)
