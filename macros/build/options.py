"""The switches of a build, from the engine's configuration and the environment.

An engine's configuration gives the options (in MkDocs, the `reproduce` plugin's
settings in `mkdocs.yml`); the documented environment variables override them, so CI or
a maintainer changes one build without editing a file. A value that is not allowed is
an error that names the option or the variable and the values it takes, never a silent
default.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from macros.i18n.catalogue import MessageError
from macros.limits import Limits
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES

PdfMode = Literal["auto", "require", "skip"]
PDF_MODES: tuple[PdfMode, ...] = ("auto", "require", "skip")
OfflineMode = Literal["make", "skip"]
OFFLINE_MODES: tuple[OfflineMode, ...] = ("make", "skip")

PDF_ENV = "REPRODUCE_PDF"
OFFLINE_COPIES_ENV = "REPRODUCE_OFFLINE_COPIES"
LANGUAGES_ENV = "REPRODUCE_LANGUAGES"
SHARED_FILES_ENV = "REPRODUCE_SHARED_FILES"


class InvalidOption(MessageError, ValueError):
    """An option or an environment override with a value that is not allowed."""


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build may be told, engine-neutral."""

    pdf: PdfMode = "auto"
    """Page PDFs: `auto` when Chromium and Playwright are there, `require`, or `skip`."""
    offline_copies: OfflineMode = "make"
    """The offline copies (one zip per language) of `build`: `make` or `skip`."""
    languages: tuple[str, ...] = LANGUAGES
    """The languages to build; French, the site root, is always one of them."""
    preview_languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)
    """The languages the preview server builds: French alone by default, which makes
    each rebuild a third of the work; `REPRODUCE_LANGUAGES` sets both."""
    limits: Limits = field(default_factory=Limits)
    """Size limits of content and downloads (see `macros/limits.py`)."""
    shared_files: str | None = None
    """A folder: the downloads and page PDFs go there (under `files/`, by content)
    instead of into the site, and pages link them at the site root's `files/`, where
    the deploy puts them once for every site version (see README, "Publishing")."""


def choice(name: str, value: str, allowed: Sequence[str]) -> str:
    """`value` if it is one of `allowed`, else an error naming `name` and the choices."""
    cleaned = value.strip()
    if cleaned not in allowed:
        raise InvalidOption("build.invalid_choice", name=name, value=repr(value),
                            allowed=", ".join(allowed))
    return cleaned


def languages_of(name: str, values: Sequence[str]) -> tuple[str, ...]:
    """Known languages, French included, in the site's order."""
    for value in values:
        choice(name, value, LANGUAGES)
    if DEFAULT_LANGUAGE not in values:
        raise InvalidOption("build.languages_without_default", name=name,
                            default=DEFAULT_LANGUAGE)
    return tuple(lang for lang in LANGUAGES if lang in values)


def with_environment(options: BuildOptions,
                     environ: Mapping[str, str] | None = None) -> BuildOptions:
    """`options` with every documented override that is set applied (empty means unset)."""
    env = os.environ if environ is None else environ
    changes: dict[str, object] = {}
    if env.get(PDF_ENV, "").strip():
        changes["pdf"] = cast(PdfMode, choice(PDF_ENV, env[PDF_ENV], PDF_MODES))
    if env.get(OFFLINE_COPIES_ENV, "").strip():
        changes["offline_copies"] = choice(OFFLINE_COPIES_ENV, env[OFFLINE_COPIES_ENV],
                                           OFFLINE_MODES)
    if env.get(LANGUAGES_ENV, "").strip():
        wanted = [part.strip() for part in env[LANGUAGES_ENV].split(",") if part.strip()]
        changes["languages"] = changes["preview_languages"] = languages_of(LANGUAGES_ENV, wanted)
    if env.get(SHARED_FILES_ENV, "").strip():
        changes["shared_files"] = env[SHARED_FILES_ENV].strip()
    changes["limits"] = Limits.from_env(env, base=options.limits)
    return dataclasses.replace(options, **changes)  # type: ignore[arg-type]
