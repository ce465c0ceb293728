"""The project's own strings, one catalogue per language, read from `messages/<lang>.yml`.

The site's interface and the messages `reproduce` gives content authors come from the
same catalogues. A message that is reported later, in a language chosen then, travels
as a `Text`: its key and its parameters, some of which are fragments (`Text`s) too.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Union

import yaml

from macros.i18n.formatting import plural_category
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES

REPORT_LANGUAGE_ENV = "REPRODUCE_LANG"
"""Chooses the language of `reproduce` and build reports (`fr`, `nl`, `en`)."""
REPORT_LANGUAGE = "en"
"""Reports stay English by default, so CI logs and their readers agree."""


def report_language(chosen: str | None = None) -> str:
    """`chosen` (the `--lang` option), else `REPRODUCE_LANG`, else English."""
    for lang in (chosen, os.environ.get(REPORT_LANGUAGE_ENV, "").strip()):
        if lang in LANGUAGES:
            return str(lang)
    return REPORT_LANGUAGE


class MissingMessage(KeyError):
    """A key absent from the catalogue: a bug in the code, caught by the tests."""


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories; which of them a language uses, Babel knows."""
PLURAL_BY = "plural_by"
"""In a plural message, names the parameter whose number chooses the form."""


@dataclass(frozen=True)
class Plural:
    """A message whose words follow a number, one form per plural category of the
    language (`one: "{count} plan"`, `other: "{count} plans"`) instead of "plan(s)".

    `by` names the parameter that holds the number (`count` unless the catalogue says
    `plural_by: total`: English agrees with the total in "1 of 4 plans shown", French
    with the plans shown). A category without a form of its own reads as `other`, as in
    gettext and ICU (French `many`, "1 000 000 de plans", is such a category)."""

    forms: Mapping[str, str]
    by: str = "count"

    def form(self, category: str) -> str:
        return self.forms.get(category, self.forms["other"])


Message = str | Plural


def _message(key: str, value: object) -> Message:
    """A catalogue entry: a string, or the forms of a plural message (checked here, so a
    mistyped category fails the first build or test that reads the catalogue)."""
    if not isinstance(value, dict):
        return str(value)
    forms = {str(name): str(form) for name, form in value.items() if name != PLURAL_BY}
    unknown = set(forms) - set(PLURAL_CATEGORIES)
    if unknown or "other" not in forms:
        raise ValueError(f"message `{key}`: plural forms are {', '.join(PLURAL_CATEGORIES)} "
                         f"(`other` required), not {', '.join(sorted(unknown)) or 'these'}")
    return Plural(forms, str(value.get(PLURAL_BY, "count")))


@functools.cache
def load_catalogue(lang: str) -> dict[str, Message]:
    """Every message of `lang` (French for an unknown language)."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    folder = resources.files("macros.i18n").joinpath("messages")
    text = folder.joinpath(f"{lang}.yml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506
    return {str(key): _message(str(key), value) for key, value in data.items()}


class Messages:
    """Looks up and fills in messages of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = load_catalogue(self.lang)

    def _entry(self, key: str) -> Message:
        try:
            return self._messages[key]
        except KeyError:
            raise MissingMessage(f"no message `{key}` in the {self.lang} catalogue") from None

    def __call__(self, key: str, **params: Any) -> str:
        template = self._entry(key)
        if isinstance(template, Plural):
            template = template.form(plural_category(params.get(template.by), self.lang))
        if not params:
            return template
        return template.format(**{name: value.render(self) if isinstance(value, Text) else value
                                  for name, value in params.items()})

    def plural(self, key: str) -> Plural:
        """The forms of `key` unfilled, for a page script that fills in a number the
        reader changes (a filter's count); a plain message is its own `other` form."""
        template = self._entry(key)
        return template if isinstance(template, Plural) else Plural({"other": template})


Param = Union[str, "Text"]
"""A parameter of a message: data shown as it is (a path, a value, an id), or a fragment
of the catalogue, rendered in the message's language."""


@dataclass(frozen=True)
class Text:
    """A catalogue message not rendered yet: its key and its parameters."""

    key: str
    params: tuple[tuple[str, Param], ...] = ()

    def render(self, messages: Messages) -> str:
        return messages(self.key, **dict(self.params))

    def in_language(self, lang: str) -> str:
        return self.render(Messages(lang))

    def __str__(self) -> str:
        return self.in_language(REPORT_LANGUAGE)


def text(key: str, **params: object) -> Text:
    """The message `key` with its parameters; refuses a key missing from the catalogue
    (a bug, found when the message is made rather than when it is shown). Parameters
    that are not fragments are kept as strings."""
    if key not in load_catalogue(REPORT_LANGUAGE):
        raise MissingMessage(f"no message `{key}` in the catalogue")
    return Text(key, tuple((name, value if isinstance(value, Text) else str(value))
                           for name, value in params.items()))


def as_text(message: str | Text, **params: object) -> Text:
    """`message` when it is a `Text` already, else the catalogue key with `params`."""
    return message if isinstance(message, Text) else text(message, **params)


class MessageError(Exception):
    """An error whose message is a catalogue `Text` (a key with its parameters, or a `Text`
    made already); `str()` gives it in English."""

    def __init__(self, message: str | Text, **params: object) -> None:
        self.text = as_text(message, **params)
        super().__init__(str(self.text))
