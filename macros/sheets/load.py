"""Reading a tool's spreadsheet spec, with every problem and its line, like any content."""

from __future__ import annotations

import functools
from pathlib import Path

from macros.check import schema
from macros.i18n.catalogue import Messages
from macros.load.source import LoadFailure, read_text
from macros.load.yaml_lines import Located, dotted, parse_yaml
from macros.model.text import LANGUAGES
from macros.problems import ContentError, Problem, problem
from macros.sheets.csvfile import csv_bytes
from macros.sheets.layout import LayoutError, Meta, lay_out
from macros.sheets.spec import SheetSpec

SPEC_SUFFIX = ".sheet.yml"


def spec_path(document: Path) -> Path:
    """Where the spec of the tool `kit/outils/<name>.md` lives."""
    return document.with_name(document.name.removesuffix(".md") + SPEC_SUFFIX)


def layout_problems(spec: SheetSpec, located: Located) -> list[Problem]:
    """Formulas that do not parse or name nothing, in any language, and a CSV that
    cannot be made: found when the spec is read, not when a file is written."""
    for lang in LANGUAGES:
        try:
            for example in (True, False):
                meta = Meta(title="", lang=lang, version="", licence="", url="",
                            example=example)
                book = lay_out(spec, lang, example, meta, Messages(lang))
                book.check()
                if example and lang == LANGUAGES[0]:
                    csv_bytes(spec, book)
        except LayoutError as error:
            return [problem(located.path, located.line_of(error.loc), dotted(error.loc),
                            error.text)]
    return []


def load_spec(path: Path, display: str) -> SheetSpec:
    """The spec at `path`, or ContentError with every problem found."""
    try:
        text = read_text(path, display)
    except LoadFailure as failure:
        raise ContentError([failure.problem]) from None
    return _parsed(text, display)


@functools.lru_cache(maxsize=16)
def _parsed(text: str, display: str) -> SheetSpec:
    """Checked once per content: `reproduce check` and the build both read the spec, and a
    spec is immutable."""
    try:
        located = parse_yaml(text, display)
    except LoadFailure as failure:
        raise ContentError([failure.problem]) from None
    spec, problems = schema.validate(SheetSpec, located)
    if spec is None:
        raise ContentError(problems)
    found = layout_problems(spec, located)
    if found:
        raise ContentError(found)
    return spec


def spec_problems(document: Path, display: str) -> list[Problem]:
    """Problems of the spec next to the tool `document`, if it has one (for `check`)."""
    path = spec_path(document)
    if not path.is_file():
        return []
    try:
        load_spec(path, display)
    except ContentError as error:
        return error.problems
    return []
