"""Controlled vocabularies: tools/machines, feedstock materials and skills, and the
units a bill of materials counts in."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from macros.model.common import Id

Category = Literal["tools", "feedstock", "skills"]
CATEGORIES: tuple[Category, ...] = ("tools", "feedstock", "skills")


class Label(BaseModel):
    """The name of a vocabulary entry in every language of the site."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fr: str = Field(min_length=1)
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        value = getattr(self, lang, None) if lang in ("fr", "nl", "en") else None
        return value if isinstance(value, str) else self.fr


class PluralForms(BaseModel):
    """A unit's word in one language by plural category (CLDR's, which Babel applies to
    the quantity): `pièce` / `pièces`; French may add `many` (`de pièces`, for
    1 000 000), which otherwise reads as `other`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    one: str = Field(min_length=1, description="1 in English and Dutch; 0 to 1.99 in French.")
    other: str = Field(min_length=1, description="Every other quantity.")
    many: str | None = Field(default=None, min_length=1,
                             description="French round millions (`de pièces`).")

    def form(self, category: str) -> str:
        if category == "one":
            return self.one
        if category == "many" and self.many:
            return self.many
        return self.other

    def words(self) -> tuple[str, ...]:
        return tuple(word for word in (self.one, self.other, self.many) if word)


class Unit(BaseModel):
    """A unit of the bill of materials, written in each language with its plural."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fr: PluralForms
    nl: PluralForms
    en: PluralForms

    def forms(self, lang: str) -> PluralForms:
        return {"nl": self.nl, "en": self.en}.get(lang, self.fr)


_SIZE = re.compile(r"\s+(?=\d)")
"""Between a unit and the size that follows it (`flacon 750 g`, `pièce 300 × 400 mm`)."""


@dataclass(frozen=True)
class UnitFound:
    """A part's `unit` read as a vocabulary unit, and the size written after it."""

    id: str
    unit: Unit
    size: str = ""


class Vocabulary(BaseModel):
    """Every known id per category, with its labels."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tools: dict[Id, Label]
    feedstock: dict[Id, Label]
    skills: dict[Id, Label]
    units: dict[Id, Unit] = Field(
        default_factory=dict,
        description="Units of BOM quantities with their plural in each language; a part's "
        "`unit` that is one of their words (or ids), alone or before a size, is written in "
        "the reader's language and agrees with the quantity; any other unit stays as "
        "written.")

    @functools.cached_property
    def _unit_words(self) -> dict[str, str]:
        """Every word of every unit (its id too), case-folded, to its id."""
        words: dict[str, str] = {}
        for id_, unit in self.units.items():
            for word in (id_, *unit.fr.words(), *unit.nl.words(), *unit.en.words()):
                words.setdefault(word.casefold(), id_)
        return words

    def unit_of(self, written: str) -> UnitFound | None:
        """The vocabulary unit `written` names (`pièce`, `pieces`, `flacon 750 g`), or
        None for a unit of free text (`m²`, `boîte de 1 000`), which stays as written."""
        whole = self._unit_words.get(written.strip().casefold())
        if whole:
            return UnitFound(whole, self.units[whole])
        head, *size = _SIZE.split(written.strip(), maxsplit=1)
        found = self._unit_words.get(head.casefold()) if size else None
        return UnitFound(found, self.units[found], size[0]) if found else None

    def entries(self, category: Category) -> dict[str, Label]:
        return dict(getattr(self, category))

    def label(self, category: Category, id_: str, lang: str) -> str:
        """The label of `id_`, or the id itself when unknown (check reports those)."""
        entry = self.entries(category).get(id_)
        return entry.get(lang) if entry else id_
