"""The site's own strings, one catalogue per language, read from `messages/<lang>.yml`."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES


class MissingMessage(KeyError):
    """A key absent from the catalogue: a bug in the code, caught by the tests."""


@functools.cache
def load_catalogue(lang: str) -> dict[str, str]:
    """Every message of `lang` (French for an unknown language)."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    folder = resources.files("macros.i18n").joinpath("messages")
    text = folder.joinpath(f"{lang}.yml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506
    return {str(key): str(value) for key, value in data.items()}


class Messages:
    """Looks up and fills in messages of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = load_catalogue(self.lang)

    def __call__(self, key: str, **params: Any) -> str:
        try:
            template = self._messages[key]
        except KeyError:
            raise MissingMessage(f"no message `{key}` in the {self.lang} catalogue") from None
        return template.format(**params) if params else template
