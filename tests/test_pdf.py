"""Tagged PDFs of plan and kit pages, printed by Chromium during the build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from browsing import require_chromium
from buildsite import BuildResult, build
from sample import edit, make_project

from macros.built.page_pdfs import normalise

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
    pdf = (with_pdfs.site / f"downloads/pdf/{lang}/{path}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf
    assert f"/Lang ({lang})".encode() in pdf
    assert b"/Outlines" in pdf
    escaped = title.replace("(", r"\(").replace(")", r"\)").encode()
    assert re.search(rb"/Title \(" + re.escape(escaped), pdf)


def test_pages_link_their_pdf(with_pdfs: BuildResult) -> None:
    plan = with_pdfs.page("nl/plans/alpha-press/")
    assert ('href="../../../downloads/pdf/nl/plans/alpha-press.pdf" download="alpha-press.pdf" '
            'type="application/pdf"') in plan
    kit = with_pdfs.page("kit/outils/outil-essai/")
    assert 'href="../../../downloads/pdf/fr/kit/outils/outil-essai.pdf"' in kit


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
