"""Tagged PDFs of plan and kit pages, printed by Chromium during the build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pikepdf
import pytest
from browsing import require_chromium
from buildsite import BuildResult, build
from sample import edit, make_project

from macros.built.page_pdfs import CHROMIUM_ENV, chromium, normalise

pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.fixture(scope="module")
def with_pdfs(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    require_chromium()
    result = build(make_project(tmp_path_factory.mktemp("pdf")), pdf=True)
    assert result.returncode == 0, result.output
    return result


@pytest.mark.parametrize(("lang", "path", "title"), [
    ("fr", "plans/alpha-press", "Presse alpha <b>forte</b>"),
    ("en", "plans/alpha-press", "Alpha press"),
    ("nl", "kit/fiches/fiche-essai", "Testfiche"),
])
def test_page_pdf_is_tagged_with_title_language_and_outline(
        with_pdfs: BuildResult, lang: str, path: str, title: str) -> None:
    with pikepdf.open(with_pdfs.site / f"downloads/pdf/{lang}/{path}.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == lang
        assert "/Outlines" in pdf.Root
        assert str(pdf.docinfo.Title).startswith(title)


def test_page_pdfs_are_in_compressed_object_streams(with_pdfs: BuildResult) -> None:
    raw = (with_pdfs.site / "downloads/pdf/fr/plans/alpha-press.pdf").read_bytes()
    assert b"/ObjStm" in raw
    assert b"/StructElem" not in raw  # the tag tree is compressed, not spelled out


def test_links_in_a_pdf_lead_to_the_published_site_not_the_build_folder(
        with_pdfs: BuildResult) -> None:
    raw = (with_pdfs.site / "downloads/pdf/fr/plans/alpha-press.pdf").read_bytes()
    assert str(with_pdfs.site.parent).encode() not in raw
    with pikepdf.open(with_pdfs.site / "downloads/pdf/fr/plans/alpha-press.pdf") as pdf:
        uris = {str(annotation.A.URI) for page in pdf.pages
                for annotation in page.get("/Annots", []) if "/A" in annotation
                and "/URI" in annotation.A}
    site = "https://reproduce-brussels.github.io/reproduce-kit/"
    assert f"{site}downloads/plans/alpha-press/alpha-press-1.2.0.zip" in uris
    assert f"{site}kit/lieux/atelier-complet/" in uris
    assert not any(uri.startswith("file:") for uri in uris), uris


def test_pages_link_their_pdf(with_pdfs: BuildResult) -> None:
    plan = with_pdfs.page("en/plans/alpha-press/")
    assert ('href="../../../downloads/pdf/en/plans/alpha-press.pdf" download="alpha-press.pdf" '
            'type="application/pdf"') in plan
    kit = with_pdfs.page("kit/outils/outil-essai/")
    assert 'href="../../../downloads/pdf/fr/kit/outils/outil-essai.pdf"' in kit


def test_a_page_standing_in_for_a_translation_offers_the_original_pdf(
        with_pdfs: BuildResult) -> None:
    """alpha-press has no Dutch guide: its Dutch page shows the French one under a
    notice, so it offers the French PDF, says so, and no Dutch PDF repeats it."""
    plan = with_pdfs.page("nl/plans/alpha-press/")
    link = re.search(r'<a [^>]*class="rk-page-pdf"[^>]*>[^<]*</a>', plan)
    assert link is not None
    assert 'href="../../../downloads/pdf/fr/plans/alpha-press.pdf"' in link.group(0)
    assert 'hreflang="fr"' in link.group(0) and "Franse originele versie" in link.group(0)
    assert not (with_pdfs.site / "downloads/pdf/nl/plans/alpha-press.pdf").exists()
    assert (with_pdfs.site / "downloads/pdf/nl/kit/fiches/fiche-essai.pdf").is_file()


def test_printed_drawings_are_the_vector_svg(with_pdfs: BuildResult) -> None:
    plan = with_pdfs.page("plans/alpha-press/")
    assert re.search(r'<picture><source media="print" type="image/svg\+xml" '
                     r'srcset="[^"]+\.svg"><img src="[^"]+\.(svg|png)"', plan)


def test_a_pdf_is_printed_again_only_when_what_it_shows_changes(tmp_path: Path) -> None:
    require_chromium()
    root = make_project(tmp_path / "reprint")
    first = build(root, pdf=True)
    assert first.returncode == 0, first.output
    printed = _printed(first.output)
    assert printed[1] == printed[0] > 0
    edit(root, "mkdocs.yml", "contenus sous CC BY-SA", "tous les contenus sous CC BY-SA")
    footer = build(root, pdf=True)
    assert footer.returncode == 0, footer.output
    assert _printed(footer.output) == (printed[0], 0)
    edit(root, "docs/assets/javascripts/print.js", "window.print();", "window.print(); ")
    script = build(root, pdf=True)  # scripts do not run when a page is printed
    assert script.returncode == 0, script.output
    assert _printed(script.output) == (printed[0], 0)
    edit(root, "plans/alpha-press/README.md", "\n## ", "\nOne more sentence.\n\n## ")
    guide = build(root, pdf=True)
    assert guide.returncode == 0, guide.output
    # The French page shows the new text; the English one the new bundle's SHA-256.
    assert _printed(guide.output) == (printed[0], 2)


def _printed(output: str) -> tuple[int, int]:
    found = re.search(r"page PDFs: (\d+), (\d+) printed", output)
    assert found, output
    return int(found.group(1)), int(found.group(2))


def test_without_a_browser_no_pdf_link_is_offered(built: BuildResult) -> None:
    assert "downloads/pdf/" not in built.page("plans/alpha-press/")
    assert not (built.site / "downloads/pdf").exists()


def test_normalised_pdf_is_stable_and_keeps_offsets() -> None:
    raw = (b"%PDF-1.4\n1 0 obj <</CreationDate (D:20261128112958+00'00') "
           b"/ModDate (D:20261128112959+00'00')>> endobj\ntrailer <</ID [<0A1B><2C3D>]>>")
    later = raw.replace(b"112958", b"120000").replace(b"0A1B", b"FFFF")
    moment = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    assert normalise(raw, moment) == normalise(later, moment)
    assert len(normalise(raw, moment)) == len(raw)
    assert b"(D:20261101000000+00'00')" in normalise(raw, moment)


def test_pages_print_with_the_headless_shell_when_it_is_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("chromium", "chromium-headless-shell"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    assert chromium() == str(tmp_path / "chromium-headless-shell")
    (tmp_path / "chromium-headless-shell").unlink()
    assert chromium() in (str(tmp_path / "chromium"), "/usr/bin/chromium-headless-shell")
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "chromium"))
    assert chromium() == str(tmp_path / "chromium")


def test_a_french_only_build_makes_pdfs_and_offline_copy_for_french(tmp_path: Path) -> None:
    require_chromium()
    root = make_project(tmp_path / "fr-only")
    for name in ("Nederlands", "English"):
        edit(root, "mkdocs.yml", f"name: {name}\n          build: true",
             f"name: {name}\n          build: false")
    result = build(root, offline_copies=True, pdf=True)
    assert result.returncode == 0, result.output
    pdfs = sorted(p.relative_to(result.site / "downloads/pdf").parts[0]
                  for p in (result.site / "downloads/pdf").rglob("*.pdf"))
    assert set(pdfs) == {"fr"}
    offline = sorted(p.name for p in (result.site / "downloads/offline").iterdir())
    assert offline == ["reproduce-kit-fr.zip"]


def _sheet_facts(plan_pdf: Path, drawing_pdf: Path) -> None:
    """The plan's PDF ends with the drawing's own sheet: its page size, its drawing,
    tagged as a figure named after the drawing, in the outline; the page where the
    drawing would have been says where its sheet is."""
    with pikepdf.open(drawing_pdf) as drawing, pikepdf.open(plan_pdf) as pdf:
        sheet, own = pdf.pages[-1], drawing.pages[0]
        assert list(sheet.mediabox) == list(own.mediabox) != list(pdf.pages[0].mediabox)
        assert sheet.Contents.read_bytes() == own.Contents.read_bytes()
        root = pdf.Root.StructTreeRoot
        nums = root.ParentTree.Nums
        found = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        (figure,) = found[int(sheet.StructParents)]
        assert figure.S == "/Figure" and figure.Pg.objgen == sheet.obj.objgen
        assert figure.K == 0 and str(figure.Alt) == "Cadre de la presse"
        assert figure.P.objgen == root.K.objgen  # under the document, not loose
        assert int(root.ParentTreeNextKey) == max(found) + 1
        with pdf.open_outline() as outline:
            assert outline.root[-1].title == "Cadre de la presse"
        figures = [item for item in pdf.objects if isinstance(item, pikepdf.Dictionary)
                   and item.get("/S") == "/Figure" and str(item.get("/Alt", "")) == str(
                       figure.Alt)]
        assert len(figures) == 1  # drawn once, on its sheet, not into the page as well


def test_a_plan_pdf_ends_with_its_drawings_own_sheets(with_pdfs: BuildResult) -> None:
    _sheet_facts(with_pdfs.site / "downloads/pdf/fr/plans/alpha-press.pdf",
                 with_pdfs.site / "downloads/plans/alpha-press/drawings/frame.pdf")
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(with_pdfs.site / "downloads/pdf/fr/plans/alpha-press.pdf")
    words = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "feuille à la fin de ce document" in words
    page = with_pdfs.page("plans/alpha-press/")
    assert re.search(r'<span class="rk-drawing-sheet" data-rk-sheet-note hidden>', page)
    assert not list(with_pdfs.site.rglob("*.rk-print.html"))  # the print copies are gone
