"""A built site whose plan has sub-assemblies and whose places list machines to confirm:
the pages and downloads a reader gets, and axe on them."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import serve
from buildsite import BuildResult, between, build, text_of
from playwright.sync_api import Browser
from sample import edit, make_project
from test_bom import group_alpha

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = make_project(tmp_path_factory.mktemp("grouped"))
    group_alpha(root)
    edit(root, "kit/lieux/atelier-textile.md", "machines: [sewing-machine]\n",
         "machines: [sewing-machine]\nmachines_to_confirm: [welder, drill-press]\n"
         "skills_to_confirm: [welding]\n")
    result = build(root)
    assert result.returncode == 0, result.output
    return result


def test_the_plan_page_lists_each_sub_assembly_with_its_subtotal(grouped: BuildResult) -> None:
    table = text_of(between(grouped.page("en/plans/alpha-press/"), '<table class="rk-bom"',
                            "</table>"))
    assert "Frame A2 Cric hydraulique 4 t 1 €39.90 €39.90 Subtotal: Frame €39.90" in table
    assert "A1 Vis à tête hexagonale M8 <script>alert(1)</script> 4 pieces €0.35" in table
    assert "Total of priced parts €41.30" in table
    french = text_of(between(grouped.page("plans/alpha-press/"), '<table class="rk-bom"',
                             "</table>"))
    assert "Sous-total : Châssis 39,90 €" in french and "4 pièces" in french
    assert "Prix relevés le 1 novembre 2026." in text_of(grouped.page("plans/alpha-press/"))


def test_the_csv_download_and_the_bundle_carry_the_subtotals(grouped: BuildResult) -> None:
    folder = grouped.site / "downloads/plans/alpha-press"
    download = (folder / "alpha-press-1.2.0-bom.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(download.decode("utf-8-sig"))))
    assert ["", "SOUS-TOTAL Châssis", "", "", "", "39.90", "EUR", "", "", "Châssis"] in rows
    with zipfile.ZipFile(folder / "alpha-press-1.2.0.zip") as bundle:
        [name] = [n for n in bundle.namelist() if n.endswith("bom.csv")]
        assert bundle.read(name) == download


def test_the_where_section_ranks_the_place_to_ask_first(grouped: BuildResult) -> None:
    where = text_of(between(grouped.page("plans/alpha-press/"), 'id="where"', "</ol>"))
    assert where.index("Atelier Textile — sur place : 0 sur 3 · à confirmer : 3") \
        < where.index("Atelier Complet") < where.index("Atelier Partiel")
    place = text_of(grouped.page("kit/lieux/atelier-textile/"))
    assert "Machines probables, à confirmer auprès du lieu" in place
    assert "Plans réalisables ici si les machines à confirmer le sont : Presse alpha" in place
    contribute = grouped.page("contribute/")
    assert 'id="place-machines"' in contribute


@pytest.fixture(scope="module")
def grouped_server(grouped: BuildResult) -> Iterator[str]:
    with serve(grouped.site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["plans/alpha-press/", "en/plans/alpha-press/",
                                       "kit/lieux/atelier-textile/"])
def test_grouped_bom_and_places_pass_axe(browser: Browser, grouped_server: str,
                                         page_path: str) -> None:
    context = browser.new_context()
    context.add_init_script(Axe().axe_script)
    page = context.new_page()
    page.goto(grouped_server + page_path)
    result = page.evaluate("options => axe.run(document, options)", {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]})
    context.close()
    assert [rule["id"] for rule in result["violations"]] == []
