"""What every fragment needs: the site, the language and where the page sits."""

from __future__ import annotations

from dataclasses import dataclass, field

from macros.bundle.site_downloads import SiteDownloads
from macros.i18n.catalogue import Messages
from macros.model.site import Site
from macros.render.links import root_prefix


@dataclass(frozen=True)
class RenderContext:
    site: Site
    lang: str
    page_url: str = ""
    downloads: SiteDownloads | None = None
    t: Messages = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "t", Messages(self.lang))

    @property
    def root(self) -> str:
        """Relative prefix from the current page to the site root."""
        return root_prefix(self.page_url)

    def href(self, site_path: str) -> str:
        """A link from the current page to `site_path` (relative to the site root)."""
        return self.root + site_path
