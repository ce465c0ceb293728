"""A page PDF's drawings appended as their own sheets, and which files those are."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from macros.built.pdf_sheets import Sheet, append_sheets
from macros.built.references import drawing_sheets


def _one_page(width: int, height: int) -> bytes:
    document = pikepdf.new()
    document.add_blank_page(page_size=(width, height))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_untagged_pdf_gets_the_sheets_without_a_tag_tree() -> None:
    document = pikepdf.open(io.BytesIO(_one_page(595, 842)))
    assert append_sheets(document, [Sheet(_one_page(842, 1191), "Cadre")]) == 1
    assert len(document.pages) == 2
    assert [round(float(n)) for n in document.pages[1].mediabox] == [0, 0, 842, 1191]
    assert "/StructTreeRoot" not in document.Root
    assert "/StructParents" not in document.pages[1].obj
    with document.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Cadre"]


def _page(site: Path, figures: str) -> Path:
    page = site / "plans/press/index.html"
    page.parent.mkdir(parents=True)
    page.write_text(figures, encoding="utf-8")
    return page


def test_sheets_are_found_by_relative_and_shared_address_and_never_outside(
        tmp_path: Path) -> None:
    site, shared = tmp_path / "site", tmp_path / "branch"
    (site / "downloads/press").mkdir(parents=True)
    (site / "downloads/press/frame.pdf").write_bytes(b"%PDF frame")
    (shared / "files/ab12").mkdir(parents=True)
    (shared / "files/ab12/side.pdf").write_bytes(b"%PDF side")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF secret")
    html = (
        '<figure class="rk-drawing" data-rk-sheet="../../downloads/press/frame.pdf">'
        '<img src="frame.svg" alt="Cadre &amp; pieds"></figure>'
        '<figure data-rk-sheet="/kit/files/ab12/side.pdf"><img alt="Côté"></figure>'
        '<figure data-rk-sheet="../../../secret.pdf"><img alt="x"></figure>'
        '<figure data-rk-sheet="/elsewhere/files/ab12/side.pdf"><img alt="y"></figure>'
        '<figure data-rk-sheet="../../downloads/press/missing.pdf"><img alt="z"></figure>'
        '<figure data-rk-sheet="../../downloads/press/"><img alt="w"></figure>')
    page = _page(site, html)
    found = drawing_sheets(site, page, html, ("/kit/", shared))
    assert found == [((site / "downloads/press/frame.pdf").resolve(), "Cadre & pieds"),
                     ((shared / "files/ab12/side.pdf").resolve(), "Côté")]
    assert drawing_sheets(site, page, html) == found[:1]  # no shared files: relative only
