"""Controlled vocabularies: tools/machines, feedstock materials and skills."""

from __future__ import annotations

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


class Vocabulary(BaseModel):
    """Every known id per category, with its labels."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tools: dict[Id, Label]
    feedstock: dict[Id, Label]
    skills: dict[Id, Label]

    def entries(self, category: Category) -> dict[str, Label]:
        return dict(getattr(self, category))

    def label(self, category: Category, id_: str, lang: str) -> str:
        """The label of `id_`, or the id itself when unknown (check reports those)."""
        entry = self.entries(category).get(id_)
        return entry.get(lang) if entry else id_
