"""Editable templates: conventions as DOCX and ODT with every blank in its own character
style and real headings; tools' spreadsheets as XLSX and ODS with formulas whose worked
example gives the page's numbers; byte-identical and cached rebuilds; the kit page's
"read online · print / PDF · editable files" offer."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from buildsite import BuildResult
from formulas.tokens.operand import XlError
from sample import PROJECT
from test_formulas import independent_values

from macros.bundle.convention_docs import BLANK, BLANK_STYLE_ID, odf_style_name
from macros.bundle.editable import (
    EditableFile,
    EditableFiles,
    convention_files,
    document_languages,
    editable_files,
    tool_files,
    tool_spec,
    workbook,
)
from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import site_downloads
from macros.cache import ContentCache
from macros.content.repository import load_site
from macros.i18n.catalogue import Messages
from macros.model.site import KitEntry, Site
from macros.problems import ContentError
from macros.render.context import RenderContext
from macros.render.pages import kit_page_content
from macros.sheets import formula
from macros.sheets.csvfile import csv_bytes
from macros.sheets.layout import INPUT_MARK, named_cells, plan_places
from macros.sheets.load import load_spec
from macros.sheets.palette import INPUT_FILL
from macros.sheets.spec import SheetSpec

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
SETTINGS = PublishSettings()


@pytest.fixture(scope="session")
def site() -> Site:
    loaded, problems = load_site(PROJECT)
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("editable-cache")


@pytest.fixture(scope="session")
def made(site: Site, cache_dir: Path) -> EditableFiles:
    """Every editable file of the real toolkit, made once (pandoc is the slow part)."""
    return editable_files(site, SETTINGS, ContentCache(cache_dir))


def docs_of(site: Site, kind: str) -> list[KitEntry]:
    found = [doc for doc in site.kit if doc.meta.type == kind]
    assert found
    return found


def file_of(made: EditableFiles, doc: KitEntry, lang: str, fmt: str,
            variant: str = "document") -> EditableFile:
    chosen = [f for f in made.files if f.slug == doc.slug and f.lang == lang
              and f.format == fmt and f.variant == variant]
    assert len(chosen) == 1, (doc.slug, lang, fmt, variant)
    return chosen[0]


def member(data: bytes, name: str) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read(name))


def conventions(site: Site) -> list[tuple[KitEntry, str]]:
    return [(doc, lang) for doc in docs_of(site, "convention")
            for lang in document_languages(doc)]


def heading_levels(markdown: str) -> list[int]:
    """Levels of the Markdown headings, as the documents number them (`##` → 1)."""
    return [len(m.group(1)) - 1 for m in re.finditer(r"^(#{2,6}) ", markdown, re.M)]


# --- conventions: DOCX -------------------------------------------------------------------


def _docx_segments(paragraph: ET.Element) -> tuple[list[str], str]:
    """Texts of consecutive runs in the blank's style, and the paragraph's whole text."""
    segments: list[str] = []
    whole, previous = "", False
    for run in paragraph.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        style = run.find(f"{W}rPr/{W}rStyle")
        styled = style is not None and style.get(f"{W}val") == BLANK_STYLE_ID
        if styled and previous:
            segments[-1] += text
        elif styled:
            segments.append(text)
        previous = styled
        whole += text
    return segments, whole


def test_every_convention_is_offered_as_docx_and_odt_in_each_language(
        site: Site, made: EditableFiles) -> None:
    for doc, lang in conventions(site):
        for fmt in ("docx", "odt"):
            item = file_of(made, doc, lang, fmt)
            assert item.download.path == f"downloads/kit/{doc.slug}/{doc.name}.{lang}.{fmt}"
            assert zipfile.is_zipfile(io.BytesIO(item.download.data))
    assert len(conventions(site)) == 15  # five templates, each in French, Dutch and English


def test_every_blank_of_every_docx_carries_the_blank_style(site: Site,
                                                           made: EditableFiles) -> None:
    for doc, lang in conventions(site):
        expected = len(BLANK.findall(doc.body_in(lang)))
        assert expected > 0
        body = member(file_of(made, doc, lang, "docx").download.data, "word/document.xml")
        styled: list[str] = []
        in_text = 0
        for paragraph in body.iter(f"{W}p"):
            segments, whole = _docx_segments(paragraph)
            styled += segments
            in_text += len(BLANK.findall(whole))
        assert all(BLANK.fullmatch(text) for text in styled), (doc.slug, lang, styled)
        assert len(styled) == in_text == expected, (doc.slug, lang)


def test_docx_defines_a_visible_blank_style_not_only_colour(site: Site,
                                                            made: EditableFiles) -> None:
    for doc, lang in conventions(site):
        styles = member(file_of(made, doc, lang, "docx").download.data, "word/styles.xml")
        found = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == BLANK_STYLE_ID]
        assert len(found) == 1
        style = found[0]
        assert style.get(f"{W}type") == "character"
        name = style.find(f"{W}name")
        assert name is not None and name.get(f"{W}val") == Messages(lang)("editable.blank_style")
        properties = style.find(f"{W}rPr")
        assert properties is not None
        for mark in ("b", "bdr", "shd"):  # bold and a box, besides the shading
            assert properties.find(f"{W}{mark}") is not None, mark


def test_docx_has_real_headings_title_and_language(site: Site, made: EditableFiles) -> None:
    for doc, lang in conventions(site):
        data = file_of(made, doc, lang, "docx").download.data
        body = member(data, "word/document.xml")
        styles = [p.get(f"{W}val") for p in body.iter(f"{W}pStyle")]
        headings = [int(s.removeprefix("Heading")) for s in styles
                    if s and re.fullmatch(r"Heading\d", s)]
        assert headings == heading_levels(doc.body_in(lang)), (doc.slug, lang)
        assert styles[0] == "Title"
        core = member(data, "docProps/core.xml")
        assert core.findtext(f"{DC}title") == doc.title_in(lang)
        assert core.findtext(f"{DC}language") == lang


# --- conventions: ODT --------------------------------------------------------------------


def test_every_blank_of_every_odt_carries_the_blank_style(site: Site,
                                                          made: EditableFiles) -> None:
    for doc, lang in conventions(site):
        expected = len(BLANK.findall(doc.body_in(lang)))
        name = odf_style_name(Messages(lang)("editable.blank_style"))
        content = member(file_of(made, doc, lang, "odt").download.data, "content.xml")
        spans = ["".join(span.itertext()) for span in content.iter(f"{TEXT}span")
                 if span.get(f"{TEXT}style-name") == name]
        assert all(BLANK.fullmatch(text) for text in spans), (doc.slug, lang, spans)
        body = content.find(f"{OFFICE}body")
        assert body is not None
        assert len(spans) == len(BLANK.findall("".join(body.itertext()))) == expected


def test_odt_defines_the_blank_style_with_bold_border_and_background(
        site: Site, made: EditableFiles) -> None:
    for doc, lang in conventions(site):
        display = Messages(lang)("editable.blank_style")
        styles = member(file_of(made, doc, lang, "odt").download.data, "styles.xml")
        found = [s for s in styles.iter(f"{STYLE}style")
                 if s.get(f"{STYLE}name") == odf_style_name(display)]
        assert len(found) == 1
        assert found[0].get(f"{STYLE}display-name") == display
        assert found[0].get(f"{STYLE}family") == "text"
        properties = found[0].find(f"{STYLE}text-properties")
        assert properties is not None
        assert properties.get(f"{FO}font-weight") == "bold"
        assert properties.get(f"{FO}border", "").startswith("0.5pt solid")
        assert properties.get(f"{FO}background-color")


def test_odt_has_real_headings_title_and_language(site: Site, made: EditableFiles) -> None:
    for doc, lang in conventions(site):
        data = file_of(made, doc, lang, "odt").download.data
        content = member(data, "content.xml")
        levels = [int(h.get(f"{TEXT}outline-level", "0")) for h in content.iter(f"{TEXT}h")]
        assert levels == heading_levels(doc.body_in(lang)), (doc.slug, lang)
        meta = member(data, "meta.xml")
        assert [t.text for t in meta.iter(f"{DC}title")] == [doc.title_in(lang)]
        assert [t.text for t in meta.iter(f"{DC}language")] == [lang]


# --- tools: XLSX and ODS -----------------------------------------------------------------


def tools(site: Site) -> list[tuple[KitEntry, SheetSpec]]:
    found = []
    for doc in docs_of(site, "outil"):
        spec = tool_spec(doc)
        if spec is not None:
            found.append((doc, spec))
    assert len(found) == len(docs_of(site, "outil")), "every tool has a spreadsheet spec"
    return found


Cells = dict[tuple[str, int, int], object]


def xlsx_cells(data: bytes) -> Cells:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {(sheet.title, cell.row - 1, cell.column - 1): cell.value
            for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.value is not None}


def computed(data: bytes, tmp_path: Path, overrides: Cells | None = None
             ) -> Callable[[str, int, int], object]:
    """The XLSX file's cells as an independent evaluator (the `formulas` package) computes
    them from the file, not as the spec or our evaluator wrote them; `overrides` are
    input values typed in first, as a user would."""
    if overrides:
        book = openpyxl.load_workbook(io.BytesIO(data))
        for (sheet, row, col), value in overrides.items():
            book[sheet].cell(row=row + 1, column=col + 1).value = value
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    values = independent_values(data, tmp_path)
    return lambda sheet, row, col: values.get((sheet.upper(), row, col))


def test_every_tool_is_offered_blank_and_worked_as_xlsx_and_ods(
        site: Site, made: EditableFiles) -> None:
    for doc, _ in tools(site):
        for lang in document_languages(doc):
            names = Messages(lang)
            for variant in ("blank", "example"):
                for fmt in ("xlsx", "ods"):
                    item = file_of(made, doc, lang, fmt, variant)
                    word = names(f"editable.file.{variant}")
                    assert item.download.name == f"{doc.name}-{word}.{lang}.{fmt}"


def test_xlsx_opens_with_a_readme_labelled_inputs_and_formulas(site: Site,
                                                              made: EditableFiles) -> None:
    for doc, spec in tools(site):
        for lang in document_languages(doc):
            for variant in ("blank", "example"):
                data = file_of(made, doc, lang, "xlsx", variant).download.data
                book = openpyxl.load_workbook(io.BytesIO(data))
                assert book.sheetnames[0] == Messages(lang)("editable.readme.sheet")
                assert book.sheetnames[1:] == [s.title.get(lang) for s in spec.sheets]
                readme = " ".join(str(c.value) for row in book.worksheets[0].iter_rows()
                                  for c in row if c.value)
                assert spec.readme.purpose.get(lang) in readme
                for item in spec.readme.assumptions:
                    assert item.get(lang) in readme
                assert book.properties.title == doc.title_in(lang)
                assert book.properties.language == lang
                cells = [c for sheet in book.worksheets[1:] for row in sheet.iter_rows()
                         for c in row]
                assert sum(c.data_type == "f" for c in cells) > 10
                inputs = [c for c in cells if c.fill.start_color.rgb.endswith(INPUT_FILL)]
                assert inputs
                for cell in inputs:  # not colour alone: a dashed border too
                    assert cell.border.left.style == "mediumDashed"
                labels = [str(c.value) for c in cells if c.font.bold or c.column == 1]
                assert any(label.startswith(INPUT_MARK) for label in labels)


def test_xlsx_worked_example_gives_the_pages_numbers(site: Site, made: EditableFiles,
                                                    tmp_path: Path) -> None:
    for doc, spec in tools(site):
        for lang in document_languages(doc):
            data = file_of(made, doc, lang, "xlsx", "example").download.data
            cells = xlsx_cells(data)
            value = computed(data, tmp_path)
            named = named_cells(plan_places(spec, lang))
            assert spec.expect
            for name, expected in spec.expect.items():
                area = named[name]
                assert isinstance(cells.get((area.sheet, area.row, area.col)), str)
                got = value(area.sheet, area.row, area.col)
                assert got == pytest.approx(expected, abs=1e-9), (doc.slug, lang, name)


def test_expected_numbers_are_those_of_the_tools_page(site: Site) -> None:
    """The spec's `expect` comes from the page's worked example, not from the formulas."""
    for doc, spec in tools(site):
        page = re.sub(r"[\s\u00a0\u202f]+", " ", doc.body)
        for name, expected in spec.expect.items():
            if expected == 0 and name.startswith("controle."):
                continue
            money = f"{expected:,.2f}".replace(",", " ").replace(".", ",")
            assert money in page or f"{expected:g}" in page, (doc.slug, name, money)


def test_blank_workbooks_have_formulas_and_no_example_values(site: Site, made: EditableFiles,
                                                             tmp_path: Path) -> None:
    for doc, _ in tools(site):
        data = file_of(made, doc, "fr", "xlsx", "blank").download.data
        blank = xlsx_cells(data)
        example = xlsx_cells(file_of(made, doc, "fr", "xlsx", "example").download.data)
        formulas = {k for k, v in example.items() if isinstance(v, str) and v.startswith("=")}
        assert formulas == {k for k, v in blank.items()
                            if isinstance(v, str) and v.startswith("=")}
        assert len(blank) < len(example)
        value = computed(data, tmp_path)
        for key in formulas:  # no #VALUE! or #DIV/0! on an empty workbook
            assert not isinstance(value(*key), XlError), key


def test_sales_below_costs_are_shared_pro_rata(site: Site, made: EditableFiles,
                                               tmp_path: Path) -> None:
    """The page's second case: 30 notebooks sold, everyone gets back 90 % of their costs."""
    doc = site.document("outils/partage-couts-revenus-produit-collectif")
    spec = tool_spec(doc)
    assert spec is not None
    named = named_cells(plan_places(spec, "fr"))
    data = file_of(made, doc, "fr", "xlsx", "example").download.data
    sold = named["donnees.quantite"]
    value = computed(data, tmp_path, {(sold.sheet, sold.row, sold.col): 30})

    def get(name: str) -> object:
        area = named[name]
        return value(area.sheet, area.row, area.col)

    assert get("resultat.ventes") == pytest.approx(540.0)
    assert get("resultat.taux_remboursement") == pytest.approx(0.9)
    assert [get(f"versements.remboursement#{n}") for n in (1, 2, 3)] == pytest.approx(
        [162.0, 216.0, 54.0])
    assert get("versements.caisse.remboursement") == pytest.approx(108.0)
    assert get("resultat.reserve") == get("resultat.marge_a_repartir") == 0.0
    assert get("versements.total.total") == pytest.approx(540.0)


def _excel_syntax(odf: str) -> str:
    """OpenFormula as written in ODS → the same formula in Excel's syntax."""
    assert odf.startswith("of:=")
    parts = re.split(r'("(?:[^"]|"")*")', odf[3:])
    for index in range(0, len(parts), 2):
        text = re.sub(r"\[\$?('(?:[^']|'')+')\.", r"[\1!", parts[index])
        text = re.sub(r"\[\.?|\]", "", text).replace(":.", ":").replace(";", ",")
        parts[index] = text
    return "".join(parts)


def test_ods_has_the_same_formulas_and_their_values(site: Site, made: EditableFiles) -> None:
    for doc, spec in tools(site):
        for lang in document_languages(doc):
            xlsx = xlsx_cells(file_of(made, doc, lang, "xlsx", "example").download.data)
            content = member(file_of(made, doc, lang, "ods", "example").download.data,
                             "content.xml")
            ods: dict[tuple[str, int, int], ET.Element] = {}
            for table in content.iter(f"{TABLE}table"):
                name = table.get(f"{TABLE}name", "")
                for r, row in enumerate(table.iter(f"{TABLE}table-row")):
                    for c, cell in enumerate(row.iter(f"{TABLE}table-cell")):
                        ods[(name, r, c)] = cell
            formulas = {k: v for k, v in xlsx.items() if isinstance(v, str) and v.startswith("=")}
            assert formulas
            for key, excel in formulas.items():
                written = ods[key].get(f"{TABLE}formula", "")
                assert _excel_syntax(written) == excel, (key, written)
            named = named_cells(plan_places(spec, lang))
            for name, expected in spec.expect.items():
                area = named[name]
                cell = ods[(area.sheet, area.row, area.col)]
                assert float(cell.get(f"{OFFICE}value", "nan")) == pytest.approx(expected)


def test_ods_package_is_valid_odf(site: Site, made: EditableFiles) -> None:
    for item in made.files:
        if item.format not in ("ods", "odt"):
            continue
        with zipfile.ZipFile(io.BytesIO(item.download.data)) as archive:
            first = archive.infolist()[0]
            assert first.filename == "mimetype"
            assert first.compress_type == zipfile.ZIP_STORED
            assert archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.")
            meta = ET.fromstring(archive.read("meta.xml"))
            assert [t.text for t in meta.iter(f"{DC}language")] == [item.lang]


def test_csv_attachments_are_made_from_the_specs(site: Site) -> None:
    for doc, spec in tools(site):
        assert spec.csv is not None
        assert spec.csv.path in [a.path for a in doc.meta.files]
        made = csv_bytes(spec, workbook(doc, spec, "fr", True, SETTINGS))
        committed = (doc.path.parent / spec.csv.path).read_bytes()
        assert made == committed, ("run .venv/bin/python scripts/make_sheets.py", doc.slug)


def test_a_bad_formula_is_reported_with_its_line(tmp_path: Path) -> None:
    source = (PROJECT / "kit/outils/suivi-budget-participant.sheet.yml").read_text("utf-8")
    broken = source.replace("{enveloppes.soutien}-{depenses.cumul@}",
                            "{enveloppes.soutein}-{depenses.cumul@}")
    path = tmp_path / "x.sheet.yml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_spec(path, "kit/outils/x.sheet.yml")
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "soutein" in text)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("kit/outils/x.sheet.yml", line)
    assert "has the fields materiaux, soutien" in problem.message


# --- formulas ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "excel", "odf"), [
    ("=SUM('Dépenses'!$F$5:$F$44)", "=SUM('Dépenses'!$F$5:$F$44)",
     "of:=SUM([$'Dépenses'.$F$5:.$F$44])"),
    ('=IF(B5="";"";$B$4-H5)', '=IF(B5="","",$B$4-H5)', 'of:=IF([.B5]="";"";[.$B$4]-[.H5])'),
    ("=SUMIF($B$5:B6;B6;$F$5:F6)", "=SUMIF($B$5:B6,B6,$F$5:F6)",
     "of:=SUMIF([.$B$5:.B6];[.B6];[.$F$5:.F6])"),
    ("=(1+2)*3-4/(5-6)", "=(1+2)*3-4/(5-6)", "of:=(1+2)*3-4/(5-6)"),
    ("='It''s'!A1", "='It''s'!A1", "of:=[$'It''s'.A1]"),
])
def test_formulas_render_for_excel_and_openformula(text: str, excel: str, odf: str) -> None:
    node = formula.parse(text, "Bilan")
    assert formula.render(node, "Bilan") == excel
    assert formula.render(node, "Bilan", odf=True) == odf


def test_formula_errors_are_the_spreadsheets_errors() -> None:
    empty: Callable[[str, int, int], formula.Value] = lambda *_: None  # noqa: E731
    assert formula.evaluate(formula.parse("=A1+2"), empty) == 2.0
    for broken in ('=""+1', "=1/A1"):
        with pytest.raises(formula.FormulaError):
            formula.evaluate(formula.parse(broken), empty)
    with pytest.raises(formula.FormulaError, match="unknown function"):
        formula.parse("=VLOOKUP(1;A1:B2;2)")


# --- reproducible, cached ----------------------------------------------------------------


def test_second_run_takes_everything_from_the_cache(site: Site, made: EditableFiles,
                                                    cache_dir: Path) -> None:
    cache = ContentCache(cache_dir)
    again = editable_files(site, SETTINGS, cache)
    assert not cache.made
    assert sum(cache.reused.values()) >= len(made.files)
    assert again == made


def test_a_fresh_rebuild_is_byte_identical(site: Site, made: EditableFiles,
                                           tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    convention = site.document("conventions/attestation-de-minimis")
    tool = site.document("outils/suivi-budget-participant")
    rebuilt = [*convention_files(convention, SETTINGS, cache),
               *tool_files(tool, SETTINGS, cache)]
    assert cache.made["docx"] and cache.made["editable-xlsx"]
    assert len(rebuilt) == 6 + 12
    for item in rebuilt:
        assert item in made.files, item.download.path


def test_files_carry_the_content_date_not_today(site: Site, made: EditableFiles) -> None:
    for item in made.files:
        updated = site.document(item.slug).meta.updated
        with zipfile.ZipFile(io.BytesIO(item.download.data)) as archive:
            names = [info.filename for info in archive.infolist()]
            assert names[1:] == sorted(names[1:])
            for info in archive.infolist():
                assert info.date_time[:3] == (updated.year, updated.month, updated.day)


# --- the page ----------------------------------------------------------------------------


def test_kit_pages_offer_read_print_and_editable_files(site: Site, cache_dir: Path) -> None:
    downloads = site_downloads(site, SETTINGS, ContentCache(cache_dir))
    doc = site.document("conventions/convention-partenariat")
    tool = site.document("outils/suivi-budget-participant")
    for lang in ("fr", "nl", "en"):
        t = Messages(lang)
        page = kit_page_content(RenderContext(site, lang, f"kit/{doc.slug}/", downloads), doc).body
        offer = page[page.index('<ul class="rk-offer"'):page.index('<div id="rk-text">')]
        assert t("editable.read") in offer and 'href="#rk-text"' in offer
        assert "data-rk-print" in offer and t("editable.print") in offer
        for fmt in ("docx", "odt"):
            assert f'download="convention-partenariat.{lang}.{fmt}"' in offer
            assert t(f"editable.format.{fmt}") in offer
        ctx = RenderContext(site, lang, f"kit/{tool.slug}/", downloads)
        page = kit_page_content(ctx, tool).body
        for variant in ("blank", "example"):
            assert t(f"editable.variant.{variant}").replace("'", "&#x27;") in page
    assert "reproduce-kit/conventions/convention-partenariat.nl.docx" in zipfile.ZipFile(
        io.BytesIO(downloads.kit.data)).namelist()


def test_built_site_serves_the_editable_files(built: BuildResult) -> None:
    page = built.page("kit/conventions/convention-essai/")
    for fmt in ("docx", "odt"):
        path = f"downloads/kit/conventions/convention-essai/convention-essai.fr.{fmt}"
        assert (built.site / path).is_file()
        assert f'href="../../../{path}"' in page
    assert 'data-rk-print' in page
    assert (built.site / "assets/javascripts/print.js").is_file()
