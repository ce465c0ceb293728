"""What every fragment needs: the site, the language and where the page sits."""

from __future__ import annotations

from dataclasses import dataclass, field

from macros.addresses import language_prefix, printed_page_path, root_prefix, shared_file_path
from macros.bundle.plan_bundle import Download, DrawingDownloads
from macros.bundle.site_downloads import SiteDownloads
from macros.i18n.catalogue import Messages
from macros.model.site import KitEntry, PlanEntry, Site, content_version
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES, LocalText
from macros.model.translation import page_printed_language
from macros.render.html import element, escape, escape_text


def fallback_lang(ctx: RenderContext, translated: bool) -> str | None:
    """`lang="fr"` for French text shown on a page in another language (WCAG 3.1.2)."""
    return None if translated or ctx.lang == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def in_language(ctx: RenderContext, text: LocalText) -> str:
    """`text` escaped, in the page's language; French standing in for a missing
    translation is wrapped in `<span lang="fr">` so speech synthesis reads it right."""
    return marked(ctx, text.get(ctx.lang), text.has(ctx.lang))


def marked(ctx: RenderContext, value: str, translated: bool) -> str:
    """`value` escaped as text content, marked as French when it stands in for a
    translation."""
    french = fallback_lang(ctx, translated)
    shown = escape_text(value)
    return shown if french is None else element("span", shown, lang=french)


@dataclass(frozen=True)
class RenderContext:
    site: Site
    lang: str
    page_url: str = ""
    downloads: SiteDownloads | None = None
    directory_urls: bool = True
    """False in the offline copy: links name `index.html`, which `file://` needs."""
    pdf_links: bool = False
    """True when the build prints each plan and kit page to a PDF (see
    macros/built/page_pdfs.py)."""
    languages: tuple[str, ...] = LANGUAGES
    """The languages this build makes."""
    downloads_online: str | None = None
    """In the offline copy, the published site's address: the copy carries what its
    pages show, not the downloads (once per language they would outweigh the pages),
    so links to downloads lead to the site."""
    shared_root: str | None = None
    """When downloads are shared by every site version (`PublishSettings.shared_files`):
    the path, from the host, of the site root the shared `files/` folder is under."""

    def page_pdf_link(self, page_path: str, entry: PlanEntry | KitEntry) -> str:
        """A link to the PDF of the page at `page_path`, if there is one: in this
        language, or the original's when this page stands in for a missing translation."""
        if not self.pdf_links:
            return ""
        printed = page_printed_language(entry, self.lang, self.languages)
        shared = content_version(entry) if self.shared_root is not None else None
        target = printed_page_path(printed, page_path, shared)
        key = "downloads.page_pdf" if printed == self.lang else "downloads.page_pdf_original"
        return element("a", escape(self.t(key)),
                       href=self._download_at(target, shared=shared is not None),
                       download=target.rsplit("/", 1)[-1], type="application/pdf",
                       hreflang=None if printed == self.lang else printed,
                       class_="rk-page-pdf")
    t: Messages = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "t", Messages(self.lang))

    @property
    def root(self) -> str:
        """Relative prefix from the current page to the site root."""
        return root_prefix(self.page_url)

    def href(self, page_path: str) -> str:
        """A link to the page at `page_path` in the current page's language."""
        link = self.root + language_prefix(self.lang) + page_path
        if not self.directory_urls and link.endswith("/"):
            link += "index.html"
        return link

    def href_below(self, page_path: str) -> str:
        """`href`, shortened to the part below the current page when the target is under
        it (`x/` from the catalogue `plans/`): a thousand cards link their plans."""
        link = language_prefix(self.lang) + page_path
        here = self.page_url
        if self.directory_urls and here.endswith("/") and link.startswith(here) \
                and link != here:
            return link[len(here):]
        return self.href(page_path)

    def asset_href(self, site_path: str) -> str:
        """The address of a file every language shares and the page shows (an image),
        from the site root."""
        return self.root + site_path

    def drawing_preview(self, drawing: DrawingDownloads) -> str:
        """The address of a drawing's preview (the lighter of its SVG and PNG); in the
        offline copy, which carries what its pages show in every language's zip, always
        the SVG (vector, and most often a fraction of the PNG's size)."""
        return self.shown_href(drawing.svg if self.downloads_online is not None
                               else drawing.preview)

    def shown_href(self, item: Download) -> str:
        """The address of a download the page shows (an image): where the site keeps it,
        or, in the offline copy, the copy's own file."""
        if self.downloads_online is None and self.shared_root is not None:
            return self.download_href(item)
        return self.asset_href(item.path)

    def download_href(self, item: Download) -> str:
        """A link to a download: on the site itself, in the files every site version
        shares, or (from the offline copy) on the published site."""
        if self.shared_root is not None:
            return self._download_at(shared_file_path(item.path, item.sha256), shared=True)
        return self._download_at(item.path, shared=False)

    def site_file_href(self, site_path: str) -> str:
        """A link to a file of this site version that is not a shared download."""
        return self._download_at(site_path, shared=False)

    def _download_at(self, target: str, *, shared: bool) -> str:
        if self.downloads_online is not None:
            return self.downloads_online.rstrip("/") + "/" + target
        if shared and self.shared_root is not None:
            return self.shared_root.rstrip("/") + "/" + target
        return self.asset_href(target)
