"""Drawing PDFs are tagged: a screen reader finds their title, language and a figure with
an alternative text, and they still print to scale, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from cairosvg.surface import PDFSurface
from fontTools.ttLib import TTFont
from PIL import ImageChops
from sample import PROJECT, edit, loaded_site

from macros.bundle.drawing_alt import drawing_alt, scales
from macros.bundle.drawings import _convert, svg_to_pdf
from macros.bundle.settings import PublishSettings
from macros.bundle.site_downloads import site_downloads
from macros.cache import ContentCache

SAMPLE_ALT = ("Dessin technique « Cadre de la presse » du plan « Presse alpha <b>forte</b> », "
              "version 1.2.0. Imprimé à 100 %, le dessin garde ses dimensions réelles.")
PRESS_SVG = PROJECT / "plans/paper-press/drawings/presse-vues.svg"
DAY = dt.date(2026, 12, 2)


def _sample_pdf(repo: Path, cache_dir: Path) -> bytes:
    downloads = site_downloads(loaded_site(repo), PublishSettings(), ContentCache(cache_dir))
    return downloads.plans["alpha-press"].drawings[0].pdf.data


def _figure(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    root = pdf.Root.StructTreeRoot
    (document,) = root.K
    assert document.S == "/Document"
    (figure,) = document.K
    return figure


def test_a_drawing_pdf_names_its_title_and_language(repo: Path, tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(_sample_pdf(repo, tmp_path / "cache"))) as pdf:
        assert str(pdf.docinfo.Title) == "Cadre de la presse"
        assert str(pdf.Root.Lang) == "fr"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Cadre de la presse"
        assert "pdfuaid" not in str(meta)  # not claimed: no PDF/UA validator checked it


def test_a_drawing_pdf_is_one_figure_with_the_alternative_text(repo: Path,
                                                               tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(_sample_pdf(repo, tmp_path / "cache"))) as pdf:
        figure = _figure(pdf)
        page = pdf.pages[0]
        assert figure.S == "/Figure"
        assert str(figure.Alt) == SAMPLE_ALT
        assert figure.K == 0 and figure.Pg.objgen == page.obj.objgen
        assert page.obj.StructParents == 0
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        assert nums[0] == 0 and nums[1][0].objgen == figure.objgen
        content = page.obj.Contents.read_bytes()
        assert content.startswith(b"/Figure <</MCID 0>> BDC\n")
        assert content.rstrip().endswith(b"EMC")
        operators = [str(op) for _, op in pikepdf.parse_content_stream(page)]
        assert operators.count("BDC") == 1 and operators.count("EMC") == 1
        assert operators[0] == "BDC" and operators[-1] == "EMC"  # nothing drawn outside


def test_tagging_keeps_the_page_to_scale(repo: Path, tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(_sample_pdf(repo, tmp_path / "cache"))) as pdf:
        width, height = (float(n) / 72 * 25.4 for n in pdf.pages[0].mediabox[2:])
    assert (round(width, 1), round(height, 1)) == (210.0, 148.0)
    a3 = svg_to_pdf(PRESS_SVG.read_bytes(), "t", DAY, "a")
    with pikepdf.open(io.BytesIO(a3)) as pdf:
        box = [round(float(n) / 72 * 25.4, 1) for n in pdf.pages[0].mediabox]
        assert box == [0, 0, 297.0, 420.0]
        assert [round(float(n), 3) for n in _figure(pdf).A.BBox] == [
            round(float(n), 3) for n in pdf.pages[0].mediabox]


def test_the_same_drawing_gives_the_same_bytes(repo: Path, tmp_path: Path) -> None:
    svg = PRESS_SVG.read_bytes()
    assert svg_to_pdf(svg, "Presse", DAY, "Vues") == svg_to_pdf(svg, "Presse", DAY, "Vues")
    assert _sample_pdf(repo, tmp_path / "one") == _sample_pdf(repo, tmp_path / "two")


@pytest.mark.parametrize("title", [
    "Cadre (gauche) \\ droite) ( \\n \\( %%EOF",
    "框架 — Рама — إطار — Πλαίσιο 🛠",
    "Très long " * 800,
    "endobj trailer << /Type /Catalog >> \r\n%%EOF",
    "tab\tand\x0bcontrol\x01",
])
def test_a_hostile_title_is_stored_as_a_string(title: str) -> None:
    alt = f"Figure: {title}"
    data = svg_to_pdf(PRESS_SVG.read_bytes(), title, DAY, alt)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert str(pdf.docinfo.Title) == title
        assert str(_figure(pdf).Alt) == alt
        kept = "".join(c for c in title if c >= " " or c in "\t\n\r")
        assert pdf.open_metadata()["dc:title"] == kept
        assert len(pdf.pages) == 1


def test_the_alternative_text_says_what_scale_and_what_the_drawing_shows() -> None:
    site = loaded_site(PROJECT)
    (press,) = (entry for entry in site.plans if entry.id == "paper-press")
    drawing = press.plan.drawings[0]
    alt = drawing_alt(press, drawing, (press.folder / drawing.path).read_bytes())
    assert alt.startswith(f"Dessin technique « {drawing.title.fr} » du plan "
                          f"« {press.plan.title.fr} », version {press.plan.version}. "
                          "Échelle 1:5. Imprimé à 100 %, le dessin garde ses dimensions "
                          "réelles. Presse à cric bouteille de 4 t : base en contreplaqué")


def test_scales_are_read_only_after_a_word_for_scale() -> None:
    texts = ("Échelle 1:2 et 1:5 (A3)", "Flasque — échelle 1:2", "Tube 100 × 50 × 4",
             "ouvert 10:30", "Scale 1 : 2,5", "schaal 2:1")
    assert scales(texts) == ["1:2", "1:5", "1:2,5", "2:1"]


def test_renaming_the_plan_makes_a_new_pdf_not_the_cached_one(repo: Path,
                                                              tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _sample_pdf(repo, cache)
    edit(repo, "plans/alpha-press/plan.yml", "Presse alpha <b>forte</b>", "Presse alpha")
    with pikepdf.open(io.BytesIO(_sample_pdf(repo, cache))) as pdf:
        assert "« Presse alpha »" in str(_figure(pdf).Alt)


def test_a_drawing_pdf_draws_what_cairo_draws_with_lighter_fonts() -> None:
    """Its fonts lose their screen hinting (a third of the file) but not a pixel at a
    printer's resolution, nor a character of the text a reader copies."""
    svg = PRESS_SVG.read_bytes()
    cairo_pdf = _convert(PDFSurface, svg)
    ours = svg_to_pdf(svg, "Presse", DAY, "Vues")
    assert len(ours) < 0.8 * len(cairo_pdf)
    with pikepdf.open(io.BytesIO(ours)) as pdf:
        programs = [TTFont(io.BytesIO(item.FontFile2.read_bytes()))
                    for item in pdf.objects
                    if isinstance(item, pikepdf.Dictionary) and "/FontFile2" in item]
    assert programs and not any({"fpgm", "prep", "cvt "} & set(f.keys()) for f in programs)
    theirs, mine = pdfium.PdfDocument(cairo_pdf)[0], pdfium.PdfDocument(ours)[0]
    first, second = (page.render(scale=600 / 72).to_pil().convert("L")
                     for page in (theirs, mine))
    changed = sum(ImageChops.difference(first, second).histogram()[32:])
    assert changed <= 0.003 * first.size[0] * first.size[1], changed
    assert mine.get_textpage().get_text_range() == theirs.get_textpage().get_text_range()
    assert "Vue de face" in mine.get_textpage().get_text_range()
