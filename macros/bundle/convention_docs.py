"""Agreement templates (`convention`) as DOCX and ODT, made by pandoc 3 from their
single Markdown source.

Each blank (`[À COMPLÉTER : …]`, `[IN TE VULLEN: …]`, `[TO BE COMPLETED: …]`) keeps
its brackets and gets its own character style, "Champ à compléter" (bold, shaded,
boxed), so a word processor can find, show and replace every blank, and nobody
depends on colour to see one. Pandoc's `custom-style` spans name the style; the
style itself is defined in a reference document made here from pandoc's default
one, so nothing binary is committed. Debian's pandoc 2.17 drops character styles
in ODT; the `pypandoc-binary` wheel ships pandoc 3.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pypandoc
import yaml

from macros.bundle.archive import ZIP_EPOCH_MIN, zip_writer
from macros.bundle.office_zip import normalize_zip
from macros.cache import ContentCache, inputs_digest
from macros.i18n.catalogue import Messages

DocFormat = Literal["docx", "odt"]
DOC_FORMATS: tuple[DocFormat, ...] = ("docx", "odt")
BLANK = re.compile(r"\[(?:À COMPLÉTER|IN TE VULLEN|TO BE COMPLETED)\s*:[^\]\n]*\]")
"""A blank of an agreement template, in any of the three languages."""
BLANK_STYLE_ID = "Blank"
"""The DOCX style id of blanks (its visible name is translated)."""
_PANDOC_TIMEOUT = 120
_READER = "markdown-raw_html-raw_attribute-raw_tex-smart"
"""No raw OOXML or ODF smuggled in by contributor Markdown; text kept as written (no
"smart" quotes), like on the site."""


class PandocFailed(RuntimeError):
    """pandoc could not convert a document (its message says why)."""


@dataclass(frozen=True)
class DocSource:
    """What one editable document is made from."""

    title: str
    summary: str
    lang: str
    body: str
    colophon: str


def odf_style_name(display: str) -> str:
    """ODF writes a style's spaces as `_20_` in its internal name."""
    return display.replace(" ", "_20_")


@functools.cache
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


@functools.cache
def pandoc_version() -> str:
    return str(pypandoc.get_pandoc_version())


def _run(args: list[str], stdin: bytes = b"", moment: dt.datetime | None = None) -> bytes:
    env = dict(os.environ)
    if moment is not None:  # pandoc dates the files and their zip entries with it
        env["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    # The wheel's own pandoc binary, fixed arguments; the document goes through stdin.
    proc = subprocess.run([pandoc_path(), *args], input=stdin,  # noqa: S603
                          capture_output=True, env=env, timeout=_PANDOC_TIMEOUT, check=False)
    if proc.returncode != 0:
        raise PandocFailed(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout


def _style_xml(fmt: DocFormat, name: str) -> str:
    """Bold, shaded and boxed: visible in print, in greyscale and without colour vision."""
    if fmt == "docx":
        return (f'<w:style w:type="character" w:customStyle="1" w:styleId="{BLANK_STYLE_ID}">'
                f'<w:name w:val="{name}"/><w:qFormat/><w:rPr><w:b/><w:bCs/>'
                '<w:bdr w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                '<w:shd w:val="clear" w:color="auto" w:fill="FFF2A8"/></w:rPr></w:style>')
    return (f'<style:style style:name="{odf_style_name(name)}" style:display-name="{name}" '
            'style:family="text"><style:text-properties fo:font-weight="bold" '
            'style:font-weight-asian="bold" style:font-weight-complex="bold" '
            'fo:background-color="#fff2a8" fo:border="0.5pt solid #000000" '
            'fo:padding="0.02cm"/></style:style>')


def _with_style(reference: bytes, fmt: DocFormat, name: str) -> bytes:
    member, end = (("word/styles.xml", b"</w:styles>") if fmt == "docx"
                   else ("styles.xml", b"</office:styles>"))
    with zipfile.ZipFile(io.BytesIO(reference)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    styles = members[member]
    if end not in styles:
        raise PandocFailed(f"pandoc's reference.{fmt} has no `{end.decode()}` in {member}")
    members[member] = styles.replace(end, _style_xml(fmt, name).encode() + end, 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, data in members.items():
            archive.writestr(filename, data)
    # Same bytes every time: the reference is part of each document's cache key.
    return normalize_zip(buffer.getvalue(), ZIP_EPOCH_MIN)


def reference_doc(fmt: DocFormat, lang: str, cache: ContentCache) -> bytes:
    """pandoc's default reference document plus the blank's character style."""
    name = Messages(lang)("editable.blank_style")
    key = inputs_digest(pandoc_version().encode(), fmt.encode(),
                        _style_xml(fmt, name).encode(), Path(__file__).read_bytes(),
                        zip_writer())

    def make() -> bytes:
        default = _run(["--print-default-data-file", f"reference.{fmt}"])
        return _with_style(default, fmt, name)

    return cache.keyed(f"reference-{fmt}", key, make)


def pandoc_markdown(source: DocSource, fmt: DocFormat) -> str:
    """The Markdown pandoc reads: metadata, the body with styled blanks, the colophon."""
    style = Messages(source.lang)("editable.blank_style")
    name = style if fmt == "docx" else odf_style_name(style)

    def styled(match: re.Match[str]) -> str:
        inner = match.group(0)[1:-1]
        return f'[\\[{inner}\\]]{{custom-style="{name}"}}'

    meta = {"title": source.title, "lang": source.lang, "description": source.summary,
            "subject": source.summary}
    return ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n"
            + BLANK.sub(styled, source.body.strip()) + "\n\n---\n\n*" + source.colophon + "*\n")


def convert(source: DocSource, fmt: DocFormat, moment: dt.datetime, cache: ContentCache,
            salt: str = "") -> bytes:
    """The document as DOCX or ODT; cached by everything it depends on (`salt`: the code)."""
    reference = reference_doc(fmt, source.lang, cache)
    text = pandoc_markdown(source, fmt)
    key = inputs_digest(pandoc_version().encode(), text.encode(), reference,
                        moment.isoformat().encode(), salt.encode())

    def make() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            ref_path = Path(folder) / f"reference.{fmt}"
            ref_path.write_bytes(reference)
            out = _run(["--from", _READER, "--to", fmt, "--sandbox",
                        "--shift-heading-level-by=-1", f"--reference-doc={ref_path}",
                        "--output", "-"], text.encode("utf-8"), moment)
        return normalize_zip(out, moment)

    return cache.keyed(fmt, key, make)
