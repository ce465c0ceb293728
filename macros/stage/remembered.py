"""Generated pages remembered between builds and preview rebuilds.

A plan page depends on its plan's folder, its downloads, and what every generated page
reads (the vocabulary, the kit's places, the publishing settings); a kit page on its
own document and the files it offers. When none of that and no code has changed, the
page is the one rendered before, so editing one plan renders one plan's pages, and
editing one document renders its page alone. A place's page
lists the plans it can build, and a hand-written page may show the catalogues (a card
per plan, its first drawing's preview): they depend on every plan as the catalogues
describe it, which a thousand plans make slow to render (about a second for the
plans' catalogue) and quick to compare.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from macros.addresses import kit_attachment_path
from macros.bundle.plan_bundle import Download
from macros.cache import Memo, inputs_digest
from macros.model.site import KitEntry, PlanEntry
from macros.render.context import RenderContext
from macros.render.pages import PageContent


def _signature(downloads: list[Download]) -> bytes:
    return "\n".join(f"{d.path} {d.sha256}" for d in downloads).encode()


def _digest(loaded: object) -> bytes:
    """A digest of loaded content by its representation: the same for equal content,
    however it was loaded (a pickle differs with which strings happen to be shared)."""
    return hashlib.sha256(repr(loaded).encode()).digest()


def _context(ctx: RenderContext) -> bytes:
    return repr((ctx.lang, ctx.page_url, ctx.directory_urls, ctx.pdf_links, ctx.languages,
                 ctx.downloads_online, ctx.shared_root)).encode()


@dataclass(frozen=True)
class PageMemo:
    memo: Memo
    shared: tuple[bytes, ...]
    """What every generated page reads: the vocabulary, the settings."""
    _digests: dict[tuple[str, int, int], bytes] = field(default_factory=dict, compare=False,
                                                        repr=False)

    def hand_written_page(self, ctx: RenderContext, text: str, source: str, fallback: bool,
                          make: Callable[[], PageContent]) -> PageContent:
        inputs = [*self.shared, _context(ctx), source.encode(), text.encode(),
                  b"fallback" if fallback else b"", self._plans_shown(ctx),
                  self._kit_shown(ctx)]
        return self.memo.remember("hand-written-page", inputs, make)

    def fragment(self, ctx: RenderContext, name: str, make: Callable[[], str]) -> str:
        """A catalogue a hand-written page shows, remembered by what it shows: editing
        a kit document renders the kit's catalogue again, not the plans' (about a
        second at a thousand plans). The other fragments are quick to make."""
        shown = {"plan_catalog": self._plans_shown, "kit_catalog": self._kit_shown}.get(name)
        if shown is None:
            return make()
        return self.memo.remember(f"fragment-{name}", [*self.shared, _context(ctx), shown(ctx)],
                                  make)

    def _plans_shown(self, ctx: RenderContext) -> bytes:
        return self._content(ctx) + self._places(ctx)

    def _kit_shown(self, ctx: RenderContext) -> bytes:
        """The kit as its catalogue shows it: each document's description in every
        language (not its text) and the kit's archive."""
        def digest() -> bytes:
            described = [(doc.slug, doc.meta, {lang: found.meta for lang, found
                                               in sorted(doc.translations.items())})
                         for doc in ctx.site.kit]
            bundle = [ctx.downloads.kit] if ctx.downloads else []
            return _digest(described) + _signature(bundle)
        return self._once("kit", ctx, digest)

    def _content(self, ctx: RenderContext) -> bytes:
        """Every plan as the fragments see it (with its drawings' previews), as one
        digest."""
        def digest() -> bytes:
            parts = []
            for entry in ctx.site.plans:
                made = ctx.downloads.plans.get(entry.id) if ctx.downloads else None
                drawings = [x for d in made.drawings for x in (d.svg, d.preview)] if made else []
                parts += [self._described(entry), _signature(drawings)]
            return inputs_digest(*parts).encode()
        return self._once("plans", ctx, digest)

    def _places(self, ctx: RenderContext) -> bytes:
        """The places as a plan page shows them ("where to build")."""
        return self._once("places", ctx, lambda: _digest(ctx.site.places))

    def _once(self, kind: str, ctx: RenderContext, make: Callable[[], bytes]) -> bytes:
        """A digest made once per build: every page of a build has the same site and
        downloads."""
        key = (kind, id(ctx.site), id(ctx.downloads))
        if key not in self._digests:
            self._digests[key] = make()
        return self._digests[key]

    def _described(self, entry: PlanEntry) -> bytes:
        """What a fragment may show of a plan (its description, parts and images, not
        its guides: editing a guide leaves the catalogues as they were)."""
        return self._remembered_digest(
            "plan-described", entry, (entry.id, entry.folder, entry.plan, entry.parts,
                                      entry.images))

    def _remembered_digest(self, kind: str, source: object, shown: object) -> bytes:
        """`_digest(shown)`, made once per loaded `source` under the preview (a source
        the session kept is the same object from one rebuild to the next)."""
        session = self.memo.session
        if session is None:
            return _digest(shown)
        return session.same_object(kind, source, lambda: _digest(shown))

    def plan_page(self, ctx: RenderContext, entry: PlanEntry,
                  make: Callable[[], PageContent]) -> PageContent:
        made = ctx.downloads.plans.get(entry.id) if ctx.downloads else None
        inputs = [*self.shared, self._places(ctx), _context(ctx), str(entry.folder).encode(),
                  self.memo.folder(entry.folder), _signature(made.all() if made else [])]
        return self.memo.remember("plan-page", inputs, make)

    def kit_page(self, ctx: RenderContext, doc: KitEntry,
                 make: Callable[[], PageContent]) -> PageContent:
        if ctx.downloads is None:
            return make()
        downloads = ctx.downloads
        attached = {kit_attachment_path(doc.slug, a.path) for a in doc.meta.files}
        files = [*(a for a in downloads.attachments if a.path in attached),
                 *(f.download for f in downloads.editable.of(doc.slug, ctx.lang))]
        inputs = [*self.shared, _context(ctx), str(doc.path).encode(),
                  self._remembered_digest("kit-described", doc, doc), _signature(files)]
        if doc.meta.type == "lieu":  # it lists the plans it can build
            inputs.append(self._content(ctx))
        return self.memo.remember("kit-page", inputs, make)
