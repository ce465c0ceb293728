"""The whole content of a repository once loaded and validated."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from macros.model.kit import KitDocument, KitTranslation
from macros.model.plan import Part, Plan
from macros.model.vocabulary import Vocabulary


@dataclass(frozen=True)
class PlanEntry:
    """A valid plan with its folder, resolved BOM parts and build guides per language;
    `images`: the files of its folder its guides show, published beside its page."""

    id: str
    folder: Path
    plan: Plan
    parts: tuple[Part, ...]
    guides: dict[str, str] = field(default_factory=dict)
    images: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return f"plans/{self.id}/plan.yml"


@dataclass(frozen=True)
class KitTranslationEntry:
    """A translation sibling (`name.nl.md`) of a kit document."""

    lang: str
    path: Path
    meta: KitTranslation
    body: str


@dataclass(frozen=True)
class KitEntry:
    """A valid kit document: `slug` is its path under `kit/` without `.md`; `images`:
    the files its texts show, relative to its folder, published beside its page."""

    slug: str
    path: Path
    meta: KitDocument
    body: str
    translations: dict[str, KitTranslationEntry] = field(default_factory=dict)
    images: tuple[str, ...] = ()

    def title_in(self, lang: str) -> str:
        found = self.translations.get(lang)
        return found.meta.title if found else self.meta.title

    def summary_in(self, lang: str) -> str:
        found = self.translations.get(lang)
        return found.meta.summary if found else self.meta.summary

    def body_in(self, lang: str) -> str:
        found = self.translations.get(lang)
        return found.body if found else self.body

    @property
    def source(self) -> str:
        return f"kit/{self.slug}.md"

    @property
    def name(self) -> str:
        return self.slug.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Site:
    """Vocabulary, plans (sorted by id) and kit documents (sorted by slug)."""

    vocabulary: Vocabulary
    plans: tuple[PlanEntry, ...]
    kit: tuple[KitEntry, ...]

    @functools.cached_property
    def places(self) -> tuple[KitEntry, ...]:
        """The places (asked for once per plan by the catalogue and the plan pages)."""
        return tuple(doc for doc in self.kit if doc.meta.type == "lieu")

    def plan(self, plan_id: str) -> PlanEntry:
        for entry in self.plans:
            if entry.id == plan_id:
                return entry
        raise KeyError(plan_id)

    def document(self, slug: str) -> KitEntry:
        for entry in self.kit:
            if entry.slug == slug:
                return entry
        raise KeyError(slug)


def content_version(entry: PlanEntry | KitEntry) -> str:
    """What names a version of a page's content: a plan's `version`; a kit document's
    `version`, else its `updated` date (`undated` when it has neither)."""
    if isinstance(entry, PlanEntry):
        return str(entry.plan.version)
    if entry.meta.version:
        return str(entry.meta.version)
    return entry.meta.updated.isoformat() if entry.meta.updated else "undated"
