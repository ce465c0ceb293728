"""Translatable text: a plain French string, or a map of language codes to strings."""

from __future__ import annotations

import re
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Language = Literal["fr", "nl", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("fr", "nl", "en")
DEFAULT_LANGUAGE: Final[Language] = "fr"
TRANSLATED_MD: Final = re.compile(r"\.(" + "|".join(LANGUAGES[1:]) + r")\.md$")
"""A Markdown file that translates its French sibling: `name.nl.md`, `README.en.md`."""


def translated_name(name: str, lang: str) -> str:
    """The file that holds `name` (a French Markdown file) in `lang`: `README.md` →
    `README.nl.md`; French keeps the name. The contract's one rule for translations."""
    if lang == DEFAULT_LANGUAGE:
        return name
    return f"{name.removesuffix('.md')}.{lang}.md"


def language_of_name(name: str) -> str:
    """The language a Markdown file is written in, from its name (`x.nl.md` → `nl`)."""
    match = TRANSLATED_MD.search(name)
    return match.group(1) if match else DEFAULT_LANGUAGE


def original_name(name: str) -> str:
    """The French file a translation translates: `x.nl.md` → `x.md`."""
    return TRANSLATED_MD.sub(".md", name)


class LocalText(BaseModel):
    """A string per language; French is required and is the fallback."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fr: str = Field(min_length=1, description="French (required, the fallback).")
    nl: str | None = Field(default=None, min_length=1, description="Dutch.")
    en: str | None = Field(default=None, min_length=1, description="English.")

    def get(self, lang: str) -> str:
        """The text in `lang`, or the French text when that translation is missing."""
        value = getattr(self, lang, None) if lang in LANGUAGES else None
        return value if isinstance(value, str) else self.fr

    def has(self, lang: str) -> bool:
        """Whether a translation exists in `lang` (French always does)."""
        return lang in LANGUAGES and getattr(self, lang) is not None

    def __str__(self) -> str:
        return self.fr


def _from_plain_string(value: Any) -> Any:
    return {"fr": value} if isinstance(value, str) else value


Text = Annotated[
    LocalText,
    BeforeValidator(_from_plain_string, json_schema_input_type=str | LocalText),
]
"""A *text* field of the contract: `"…"` or `{fr: …, nl: …, en: …}`."""
