"""Before an engine builds: load and check the content, make the downloads, and say
what to stage (the pages are rendered as the engine writes them, one at a time). The
same for every engine and for `reproduce stage`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from macros.build.options import BuildOptions
from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import DrawingsRefused, SiteDownloads, site_downloads
from macros.cache import Memo, bytes_or_empty, objects_cache
from macros.check.vocabulary_rules import VOCABULARY_FILE
from macros.content.repository import load_site
from macros.i18n.catalogue import MessageError
from macros.model.site import Site
from macros.problems import Problem, Severity, sort_problems
from macros.session_cache import SessionCache
from macros.stage.remembered import PageMemo
from macros.stage.tree import Staging


class ContentRefused(MessageError):
    """The content has errors: the build stops before the engine starts."""

    def __init__(self, problems: list[Problem], lang: str) -> None:
        self.problems = sort_problems(problems)
        lines = "\n".join(p.format(lang) for p in self.problems
                          if p.severity is Severity.ERROR)
        super().__init__("check.build_refused", lines=lines)


@dataclass(frozen=True)
class Prepared:
    """Everything the engine needs, and what `finish` writes after it."""

    site: Site
    problems: list[Problem]
    """Warnings and notes (a prepared site has no errors)."""
    downloads: SiteDownloads
    staging: Staging
    """The pages, rendered as the engine asks for them (`StageConflict` then)."""
    made: dict[str, int]
    """How many downloads of each kind were made rather than taken from the cache."""
    reused: int


def prepare(root: Path, docs_dir: Path, options: BuildOptions, settings: PublishSettings,
            *, lang: str, pdf_links: bool = False,
            offline: bool = False,
            progress: Callable[[int, int], None] | None = None,
            session: SessionCache | None = None) -> Prepared:
    """Load, check and make the downloads, ready to stage every page; `ContentRefused` on errors
    (its message in `lang`, the report language). `offline`: staged for the offline
    copy (file names in links, downloads linked on the published site). `session`: the
    preview server's memory of its previous rebuilds."""
    memo = Memo(objects_cache(root), session)
    site, problems = load_site(root, limits=options.limits, memo=memo, draw_drawings=False)
    if site is None:
        raise ContentRefused(problems, lang)
    cache = objects_cache(root)
    vocabulary, published = bytes_or_empty(root / VOCABULARY_FILE), repr(settings).encode()
    try:
        downloads = site_downloads(site, settings, cache, progress,
                                   memo if session else None, (vocabulary, published))
    except DrawingsRefused as refused:  # what check's trial drawing would have refused
        raise ContentRefused([*problems, *refused.problems], lang) from None
    shared = (vocabulary, published)
    staging = Staging(site, docs_dir, downloads, directory_urls=not offline,
                      pdf_links=pdf_links, languages=tuple(options.languages),
                      downloads_online=settings.site_url if offline else None,
                      shared_root=settings.shared_root,
                      remembered=PageMemo(memo, shared))
    return Prepared(site, sort_problems(problems), downloads, staging, dict(cache.made),
                    sum(cache.reused.values()))
