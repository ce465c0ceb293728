"""Front matter of a toolkit document under `kit/`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from macros.model.common import (
    DEFAULT_DOCUMENTATION_LICENCE,
    Id,
    NonEmpty,
    SemVer,
    WebAddress,
)

KitType = Literal["fiche", "convention", "outil", "lieu"]
KIT_TYPES: tuple[KitType, ...] = ("fiche", "convention", "outil", "lieu")
Audience = Literal["makers", "tiers-lieux", "participants", "partenaires"]
AUDIENCES: tuple[Audience, ...] = ("makers", "tiers-lieux", "participants", "partenaires")
VERSIONED_TYPES: tuple[KitType, ...] = ("convention", "outil")


class Attachment(BaseModel):
    """A file offered for download from a document's page (e.g. a spreadsheet)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: NonEmpty = Field(description="Relative to the document's folder.")
    title: NonEmpty


class KitTranslation(BaseModel):
    """Front matter of a translation sibling (`name.nl.md`, `name.en.md`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: NonEmpty
    summary: NonEmpty
    translated_from: SemVer | dt.date = Field(
        description="The French original's `version` (or its `updated` date when it has no "
        "version) this translation was made from.")
    allow_terms: list[NonEmpty] = Field(default_factory=list)


class KitDocument(BaseModel):
    """Metadata of a fiche, convention, outil or lieu."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: NonEmpty
    type: KitType
    summary: NonEmpty
    audience: list[Audience] = Field(default_factory=list)
    themes: list[NonEmpty] = Field(default_factory=list)
    version: SemVer | None = Field(default=None, description="Required for convention, outil.")
    licence: NonEmpty = DEFAULT_DOCUMENTATION_LICENCE
    updated: dt.date | None = None
    machines: list[Id] = Field(
        default_factory=list,
        description="Required for lieu: the machines it has, as the programme or the place "
        "confirms them (vocabulary ids).")
    machines_to_confirm: list[Id] = Field(
        default_factory=list,
        description="For lieu: machines it probably has but nobody has confirmed yet; shown "
        "apart, as machines to ask the place about (vocabulary ids).")
    skills: list[Id] = Field(
        default_factory=list,
        description="Skills available or taught there, as confirmed (vocabulary ids).")
    skills_to_confirm: list[Id] = Field(
        default_factory=list,
        description="For lieu: skills it probably offers, to ask the place about "
        "(vocabulary ids).")
    website: WebAddress | None = Field(default=None, description="https://… or http://…")
    files: list[Attachment] = Field(default_factory=list)
    allow_terms: list[NonEmpty] = Field(
        default_factory=list, description="Terms the terminology check accepts here."
    )
