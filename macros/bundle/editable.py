"""The editable files of the toolkit, in every language a document exists in:
agreement templates as DOCX and ODT, tools' spreadsheets as XLSX and ODS (blank and
worked example). Made once per build, shared by all languages, cached by content
hash (and by the source of the code that makes them, so a change to a writer is
never hidden by the cache)."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from macros.addresses import absolute_url, kit_attachment_path, kit_url, page_url
from macros.bundle.archive import zip_writer
from macros.bundle.convention_docs import DOC_FORMATS, DocSource, convert
from macros.bundle.office_zip import normalize_zip
from macros.bundle.plan_bundle import Download
from macros.bundle.settings import PublishSettings
from macros.cache import ContentCache, inputs_digest
from macros.i18n.catalogue import Messages
from macros.model.site import KitEntry, Site
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES
from macros.sheets.layout import Meta, Workbook, lay_out
from macros.sheets.load import SPEC_SUFFIX, load_spec, spec_path
from macros.sheets.ods import write_ods
from macros.sheets.spec import SheetSpec
from macros.sheets.xlsx import write_xlsx

Variant = Literal["document", "blank", "example"]
SheetFormat = Literal["xlsx", "ods"]
SHEET_FORMATS: tuple[SheetFormat, ...] = ("ods", "xlsx")
_FALLBACK_DATE = dt.date(2025, 1, 1)
_CODE = ("convention_docs.py", "office_zip.py", "editable.py")
_VARIANTS: tuple[Variant, ...] = ("blank", "example")


@dataclass(frozen=True)
class EditableFile:
    """One editable download of a kit document."""

    slug: str
    lang: str
    format: str
    variant: Variant
    download: Download


@dataclass(frozen=True)
class EditableFiles:
    files: tuple[EditableFile, ...] = ()

    def of(self, slug: str, lang: str) -> tuple[EditableFile, ...]:
        """The files of a document in `lang`, or in French when it has none in `lang`."""
        mine = [f for f in self.files if f.slug == slug]
        chosen = [f for f in mine if f.lang == lang]
        return tuple(chosen or [f for f in mine if f.lang == DEFAULT_LANGUAGE])

    def bundle_members(self) -> dict[str, bytes]:
        """The files by their path in the kit bundle, beside their document's Markdown."""
        return {f"{f.slug.rsplit('/', 1)[0]}/{f.download.name}" if "/" in f.slug
                else f.download.name: f.download.data for f in self.files}


def document_languages(doc: KitEntry) -> list[str]:
    return [lang for lang in LANGUAGES if lang == DEFAULT_LANGUAGE or lang in doc.translations]


def page_address(doc: KitEntry, lang: str, settings: PublishSettings) -> str:
    return absolute_url(settings.site_url, page_url(lang, kit_url(doc.slug)))


def moment_of(doc: KitEntry, settings: PublishSettings) -> dt.datetime:
    return settings.moment(doc.meta.updated or _FALLBACK_DATE)


@functools.cache
def code_digest() -> str:
    """A digest of the code and messages that make editable files: part of every cache key,
    so a change to a writer or a label is never hidden by the cache."""
    package = Path(__file__).resolve().parent.parent
    files = [*sorted((package / "sheets").glob("*.py")),
             *(package / "bundle" / name for name in _CODE),
             *(package / "i18n" / "messages" / f"{lang}.yml" for lang in LANGUAGES)]
    versions = [importlib.metadata.version(name).encode() for name in ("openpyxl", "odfpy")]
    return inputs_digest(*(path.read_bytes() for path in files), *versions, zip_writer())


def convention_files(doc: KitEntry, settings: PublishSettings, cache: ContentCache
                     ) -> Iterator[EditableFile]:
    moment = moment_of(doc, settings)
    for lang in document_languages(doc):
        t = Messages(lang)
        source = DocSource(
            title=doc.title_in(lang), summary=doc.summary_in(lang), lang=lang,
            body=doc.body_in(lang),
            colophon=t("editable.colophon", title=doc.title_in(lang),
                       version=doc.meta.version or "", licence=doc.meta.licence,
                       url=page_address(doc, lang, settings)))
        for fmt in DOC_FORMATS:
            data = convert(source, fmt, moment, cache, salt=code_digest())
            path = kit_attachment_path(doc.slug, f"{doc.name}.{lang}.{fmt}")
            yield EditableFile(doc.slug, lang, fmt, "document", Download(path, data))


def tool_spec(doc: KitEntry) -> SheetSpec | None:
    """The spreadsheet spec next to a tool, if it has one (raises ContentError if invalid)."""
    path = spec_path(doc.path)
    if doc.meta.type != "outil" or not path.is_file():
        return None
    return load_spec(path, f"kit/{doc.slug}{SPEC_SUFFIX}")


def workbook(doc: KitEntry, spec: SheetSpec, lang: str, example: bool,
             settings: PublishSettings) -> Workbook:
    meta = Meta(title=doc.title_in(lang), lang=lang, version=doc.meta.version or "",
                licence=doc.meta.licence, url=page_address(doc, lang, settings),
                example=example)
    return lay_out(spec, lang, example, meta, Messages(lang))


def sheet_bytes(book: Workbook, fmt: SheetFormat, moment: dt.datetime) -> bytes:
    made = write_xlsx(book, moment) if fmt == "xlsx" else write_ods(book, moment)
    return normalize_zip(made, moment)


def _make_sheet(doc: KitEntry, spec: SheetSpec, lang: str, example: bool, fmt: SheetFormat,
                settings: PublishSettings) -> bytes:
    book = workbook(doc, spec, lang, example, settings)
    return sheet_bytes(book, fmt, moment_of(doc, settings))


def tool_files(doc: KitEntry, settings: PublishSettings, cache: ContentCache
               ) -> Iterator[EditableFile]:
    spec = tool_spec(doc)
    if spec is None:
        return
    moment = moment_of(doc, settings)
    source = spec_path(doc.path).read_bytes()
    for lang in document_languages(doc):
        t = Messages(lang)
        for variant in _VARIANTS:
            example = variant == "example"
            key_base = (code_digest().encode(), source, lang.encode(), variant.encode(),
                        doc.title_in(lang).encode(), (doc.meta.version or "").encode(),
                        doc.meta.licence.encode(), page_address(doc, lang, settings).encode(),
                        moment.isoformat().encode())
            for fmt in SHEET_FORMATS:
                make = functools.partial(_make_sheet, doc, spec, lang, example, fmt, settings)
                data = cache.keyed(f"editable-{fmt}", inputs_digest(*key_base, fmt.encode()),
                                   make)
                name = f"{doc.name}-{t(f'editable.file.{variant}')}.{lang}.{fmt}"
                yield EditableFile(doc.slug, lang, fmt, variant,
                                   Download(kit_attachment_path(doc.slug, name), data))


def editable_files(site: Site, settings: PublishSettings, cache: ContentCache) -> EditableFiles:
    """Every editable file of the toolkit, in a stable order."""
    files: list[EditableFile] = []
    for doc in site.kit:
        if doc.meta.type == "convention":
            files.extend(convention_files(doc, settings, cache))
        elif doc.meta.type == "outil":
            files.extend(tool_files(doc, settings, cache))
    return EditableFiles(tuple(files))
