"""The options of the `reproduce` MkDocs plugin, one docstring each.

In `mkdocs.yml`:

    plugins:
      - reproduce:
          pdf: auto
          offline_copies: make
          languages: [fr, nl, en]
          preview_languages: [fr]
          limits: {file_mb: 50}

The environment variables `REPRODUCE_PDF`, `REPRODUCE_OFFLINE_COPIES`,
`REPRODUCE_LANGUAGES`, `REPRODUCE_SHARED_FILES` and `REPRODUCE_MAX_<LIMIT>` override
them for one build (see `macros/build/options.py`), and `REPRODUCE_PREVIEW_WATCHER`
for one preview (`macros/engine/preview_watch.py`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from macros.build.options import OFFLINE_MODES, PDF_MODES
from macros.engine.preview_watch import WATCHERS
from macros.limits import InvalidLimit, Limits
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES


class LimitsOption(c.OptionallyRequired[Limits]):
    """A mapping of limit names (the fields of `macros.limits.Limits`) to numbers."""

    def __init__(self) -> None:
        super().__init__(default={})

    def run_validation(self, value: object) -> Limits:
        if not isinstance(value, dict):
            raise base.ValidationError(
                f"expected a mapping of limits, e.g. {{file_mb: 50}}; got {value!r}")
        try:
            return Limits.from_mapping({str(k): v for k, v in value.items()})
        except InvalidLimit as invalid:
            raise base.ValidationError(str(invalid)) from None


class ReproduceConfig(base.Config):  # type: ignore[no-untyped-call]
    pdf = c.Choice(PDF_MODES, default="auto")
    """Page PDFs of plan and kit pages: `auto` prints them when Chromium and Playwright
    are installed, `require` fails the build without them, `skip` makes none."""
    offline_copies = c.Choice(OFFLINE_MODES, default="make")
    """`make`: `mkdocs build` also makes one offline zip per language; `skip`: it does not."""
    languages = c.ListOfItems(c.Choice(LANGUAGES), default=list(LANGUAGES))
    """The languages to build; French, the site root, must be one of them."""
    preview_languages = c.ListOfItems(c.Choice(LANGUAGES), default=[DEFAULT_LANGUAGE])
    """The languages `mkdocs serve` builds (French alone by default: a third of the work
    per rebuild); `REPRODUCE_LANGUAGES` sets both lists."""
    preview_watcher = c.Choice(WATCHERS, default="native")
    """How `mkdocs serve` sees the content change: `native`, the system's file events;
    `polling`, MkDocs' own look at every file twice a second, for a folder where events
    do not arrive (shared into a container or a virtual machine, on a network drive);
    `REPRODUCE_PREVIEW_WATCHER` overrides it."""
    shared_files = c.Optional(c.Type(str))
    """A folder to write the downloads and page PDFs to (under `files/`, named by
    content) instead of the site, for a deploy that keeps them once for every site
    version at the root of the published branch; unset: they are part of the site."""
    limits = LimitsOption()
    """Size limits of content and downloads, by name (`file_mb: 80`); unset ones keep
    their default (`macros/limits.py`)."""


def option_values(config: ReproduceConfig) -> dict[str, Any]:
    """The validated options, for the build's engine-neutral `BuildOptions`."""
    limits = config.limits if isinstance(config.limits, Limits) else Limits()
    return {"pdf": config.pdf, "offline_copies": config.offline_copies,
            "languages": tuple(config.languages),
            "preview_languages": tuple(config.preview_languages),
            "shared_files": config.shared_files,
            "limits": dataclasses.replace(limits)}
