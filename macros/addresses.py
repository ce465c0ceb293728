"""Every address of the site: where a page, a download, a page PDF, an offline copy or
a search index lives, as a path from the site root.

One module decides them all, so a link written by a fragment, a file written by the
build and a check of the built site always agree. Pages have directory addresses
(`plans/x/`); a language other than French lives under its own prefix (`nl/plans/x/`).
"""

from __future__ import annotations

from collections.abc import Iterable

from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_SITE_URL = "https://reproduce-brussels.github.io/reproduce-kit/"
DEFAULT_REPO_URL = "https://github.com/reproduce-brussels/reproduce-kit"

DOWNLOADS = "downloads"
"""Every file that is not a page, shared by all languages."""
CATALOG_JSON = "plans/index.json"
KIT_ROOT = "reproduce-kit"
KIT_BUNDLE = f"{DOWNLOADS}/kit/{KIT_ROOT}.zip"
OFFLINE_FOLDER = f"{DOWNLOADS}/offline"
SCHEMA_FOLDER = "schemas"
SEARCH_FOLDER = "search"
SHARED_FILES = "files"
"""The folder at the root of the published branch, beside the site versions, that holds
every download once for all of them (see `shared_file_path`)."""
SHARED_TOP_LEVEL = ("assets", DOWNLOADS, SCHEMA_FOLDER, SEARCH_FOLDER, SHARED_FILES)
"""Top-level folders that belong to no language."""


# Pages


PLANS_URL = "plans/"
"""The plan catalogue; its filters and sort read the query string (`?place=<slug>`)."""


def plan_url(plan_id: str) -> str:
    return f"plans/{plan_id}/"


def kit_url(slug: str) -> str:
    return f"kit/{slug}/"


CONTRIBUTE_URL = "contribute/"
"""The contribution guide, `docs/contribute.md` (hand-written, in each language)."""
PLACE_MACHINES_ANCHOR = "place-machines"
"""Its section on how a place's page comes to list a machine or a skill."""


def language_prefix(lang: str) -> str:
    """`""` for French (the site root), `nl/` and `en/` for the translations."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def page_url(lang: str, page_path: str) -> str:
    """The address of the page at `page_path` in `lang`: `nl/plans/x/`."""
    return language_prefix(lang) + page_path


def language_of_path(site_path: str) -> str | None:
    """Which language owns a path of the built site (`nl/plans/x/` → `nl`, `plans/x/` →
    `fr`), or None for what every language shares (assets, downloads, schemas, search)."""
    first = site_path.strip("/").split("/", 1)[0]
    if first in LANGUAGES[1:]:
        return first
    if first in SHARED_TOP_LEVEL:
        return None
    return DEFAULT_LANGUAGE


def language_of_url(page_address: str) -> str:
    """The language of a page from its address (`nl/plans/x/` → `nl`)."""
    return language_of_path(page_address) or DEFAULT_LANGUAGE


def root_prefix(page_address: str) -> str:
    """The relative prefix from a page at `page_address` to the site root: `plans/x/` and
    `plans/x/index.html` (the offline copy's addresses) both give `../../`."""
    parts = [part for part in page_address.strip("/").split("/") if part]
    if parts and parts[-1].endswith(".html"):
        parts.pop()
    return "../" * len(parts)


def page_file(page_address: str) -> str:
    """The HTML file a directory address is served from: `plans/x/` → `plans/x/index.html`."""
    return f"{page_address}index.html" if page_address.endswith("/") or not page_address \
        else page_address


# Downloads


def plan_downloads_folder(plan_id: str) -> str:
    return f"{DOWNLOADS}/plans/{plan_id}"


def plan_bundle_path(plan_id: str, version: str) -> str:
    """`downloads/plans/x/x-1.2.0.zip`."""
    return f"{plan_downloads_folder(plan_id)}/{plan_id}-{version}.zip"


def kit_attachment_path(slug: str, relative: str) -> str:
    """Where a file attached to the kit document `slug` is offered."""
    return f"{DOWNLOADS}/kit/{slug}/{relative}"


def page_pdf_path(lang: str, page_path: str) -> str:
    """`plans/x/` in Dutch → `downloads/pdf/nl/plans/x.pdf`."""
    return f"{DOWNLOADS}/pdf/{lang}/{page_path.strip('/')}.pdf"


def offline_archive_name(lang: str) -> str:
    return f"{KIT_ROOT}-{lang}.zip"


def offline_archive_path(lang: str) -> str:
    """Where the offline copy of `lang` is offered on the site."""
    return f"{OFFLINE_FOLDER}/{offline_archive_name(lang)}"


def schema_url(name: str, site_url: str = DEFAULT_SITE_URL) -> str:
    return f"{site_url.rstrip('/')}/{SCHEMA_FOLDER}/{name}"


def absolute_url(site_url: str, site_path: str) -> str:
    return f"{site_url.rstrip('/')}/{site_path}"


X_DEFAULT = "x-default"
"""The hreflang of the version for readers of a language the site does not have."""


def hreflang_links(site_url: str, page_path: str, languages: Iterable[str]
                   ) -> tuple[tuple[str, str], ...]:
    """`(hreflang, address)` of the page at `page_path` in each of `languages`, absolute
    (search engines ignore relative alternates), then `x-default`: the French page,
    the site root's language, when it is among them."""
    wanted = tuple(languages)
    links = [(lang, absolute_url(site_url, page_url(lang, page_path))) for lang in wanted]
    if DEFAULT_LANGUAGE in wanted:
        links.append((X_DEFAULT, absolute_url(site_url, page_path)))
    return tuple(links)


# Files shared by every site version


def shared_file_path(site_path: str, sha256: str) -> str:
    """Where a download is kept once for every site version and language: named by its
    content (`files/3f2a…/paper-press-1.2.0.zip`), so an address never shows other
    bytes and the same bytes, released again, add nothing."""
    return f"{SHARED_FILES}/{sha256[:16]}/{site_path.rsplit('/', 1)[-1]}"


def shared_pdf_path(lang: str, page_path: str, page_version: str) -> str:
    """Where a page's PDF is kept once for every site version: by language, page and
    the version of its content (a plan's `version`, a kit document's date), since its
    bytes are known only after the pages are built."""
    name = page_path.strip("/")
    return f"{SHARED_FILES}/pdf/{lang}/{name}-{page_version}.pdf"


def printed_page_path(lang: str, page_path: str, shared_version: str | None) -> str:
    """Where the PDF of a page goes: in the site (`downloads/pdf/…`), or, with
    `shared_version` (the version of its content), in the shared files."""
    if shared_version is None:
        return page_pdf_path(lang, page_path)
    return shared_pdf_path(lang, page_path, shared_version)
