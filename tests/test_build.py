"""Builds of a small site in a temporary folder, asserting on the HTML a reader gets."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from buildsite import BuildResult, between, build, text_of
from sample import edit, make_project, write

from macros.built.compact_html import compact_html

pytestmark = pytest.mark.build


def test_plan_page_bom_has_line_totals_and_total(built: BuildResult) -> None:
    bom = text_of(between(built.page("plans/alpha-press/"), '<table class="rk-bom"', "</table>"))
    assert "A1 Vis à tête hexagonale M8 <script>alert(1)</script> 4 pièces 0,35 € 1,40 €" in bom
    assert "A2 Cric hydraulique 4 t 1 39,90 € 39,90 €" in bom
    assert "A3 Moteur de récupération 1 prix inconnu prix inconnu" in bom
    assert "Total des pièces chiffrées 41,30 €" in bom


def test_unpriced_parts_are_flagged_not_free(built: BuildResult) -> None:
    page = built.page("plans/alpha-press/")
    assert "Attention : 1 pièce sans prix n'est pas comptée dans le total." in text_of(page)
    beta = text_of(built.page("plans/beta-mould/"))
    assert "Total 20,00 €" in beta  # 2.5 × 3.20 + 1 × 12, every part priced
    assert "sans prix" not in beta


def test_price_date_is_shown(built: BuildResult) -> None:
    assert "Prix relevés le 1 novembre 2026." in text_of(built.page("plans/alpha-press/"))


def test_plan_page_shows_facts_in_order(built: BuildResult) -> None:
    page = built.page("plans/alpha-press/")
    order = ['id="plan-title"', 'class="rk-summary"', "Version 1.2.0", 'class="rk-preview"',
             "Coût estimé", "Temps de construction", "Difficulté", "Niveau de risque",
             "rk-status-prototype", "Télécharger le plan complet", "CERN-OHL-S-2.0",
             "Matières traitées", 'id="safety"', 'id="tools"', 'id="bom"', 'id="drawings"',
             'id="guide"', 'id="files"', 'id="changelog"', 'id="where"']
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_plan_page_opens_with_the_drawing_and_what_a_maker_decides_on(
        built: BuildResult) -> None:
    """The main drawing, then cost (the BOM's total, partial when a part has no price,
    with the price date), build time, difficulty, risk and status, before the download."""
    page = built.page("plans/alpha-press/")
    opening = page[page.index('id="plan-title"'):page.index("rk-download")]
    assert ('<figure class="rk-preview"><img src="../../downloads/plans/alpha-press/drawings/'
            'frame.svg" alt="Cadre de la presse"') in opening
    strip = text_of(between(page, '<dl class="rk-key-facts"', "</dl>"))
    assert strip == ("Coût estimé 41,30 € pour les pièces chiffrées (1 pièce sans prix) "
                     "prix relevés le 1 novembre 2026 Temps de construction 6 h "
                     "Difficulté 3 sur 5 – machines de fablab Niveau de risque élevé "
                     "Statut Prototype")
    assert '<a href="#bom">41,30' in page
    beta = text_of(between(built.page("plans/beta-mould/"), '<dl class="rk-key-facts"',
                           "</dl>"))
    assert beta.startswith("Coût estimé 20,00 € prix relevés le 1 octobre 2026 Difficulté 1")
    english = text_of(between(built.page("en/plans/alpha-press/"), '<dl class="rk-key-facts"',
                              "</dl>"))
    assert "41.30 of priced parts (1 part without a price)" in english
    assert "Risk level high" in english


def test_safety_box_comes_before_the_build_guide(built: BuildResult) -> None:
    page = built.page("plans/alpha-press/")
    safety = between(page, '<aside class="rk-safety', "</aside>")
    assert "Niveau de risque : élevé" in text_of(safety)
    assert "Pincement des mains entre les plateaux" in safety
    assert "Gants de protection" in safety
    assert page.index("rk-safety") < page.index('id="guide"') < page.index("Souder le cadre")


def test_guide_headings_sit_under_the_page_heading(built: BuildResult) -> None:
    page = built.page("plans/alpha-press/")
    assert re.search(r"<h3 id=\"etapes-de-construction\">Étapes de construction", page)
    assert page.count("<h1") == 1


def test_metadata_is_escaped_everywhere(built: BuildResult) -> None:
    for path in built.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, path
        assert "<b>forte</b>" not in text, path
    page = built.page("plans/alpha-press/")
    assert "<title>Presse alpha &lt;b&gt;forte&lt;/b&gt; - ReProduce Kit</title>" in page
    assert '<h1 id="plan-title">Presse alpha &lt;b&gt;forte&lt;/b&gt;</h1>' in page
    assert "Quincaillerie &quot;Le Boulon&quot;" in page
    catalog = built.page("plans/")
    assert "Presse alpha &lt;b&gt;forte&lt;/b&gt;" in catalog


def test_drawing_preview_is_the_lighter_of_svg_and_png(built: BuildResult) -> None:
    """A line drawing's SVG is lighter than its PNG: pages show the SVG, and the PNG,
    shown nowhere, is not published."""
    folder = built.site / "downloads/plans/alpha-press/drawings"
    assert (folder / "frame.pdf").read_bytes().startswith(b"%PDF")
    assert not (folder / "frame.png").exists()
    page = built.page("plans/alpha-press/")
    assert ('<img src="../../downloads/plans/alpha-press/drawings/frame.svg" '
            'alt="Cadre de la presse"') in page
    assert ('<a href="../../downloads/plans/alpha-press/drawings/frame.svg" download="frame.svg">'
            'SVG (modifiable)</a>') in page


def test_declared_files_and_bom_csv_are_downloadable(built: BuildResult) -> None:
    files = between(built.page("plans/alpha-press/"), 'id="files"', "</ul>")
    assert ('<a href="../../downloads/plans/alpha-press/files/auxiliary/cutting-list.csv" '
            'download="cutting-list.csv">cutting-list.csv</a>') in files
    assert '<a href="../../downloads/plans/alpha-press/alpha-press-1.2.0-bom.csv"' in files
    assert (built.site / "downloads/plans/alpha-press/files/auxiliary/cutting-list.csv").is_file()


def test_catalog_lists_every_plan_with_filter_attributes(built: BuildResult) -> None:
    catalog = built.page("plans/")
    cards = re.findall(r'<li( data-[^>]*)>', catalog)
    assert cards == [
        ' data-feedstock="paper cotton" data-difficulty="3" data-status="prototype" '
        'data-tool="welder drill-press" data-place="lieux/atelier-complet" data-cost="41.3" '
        'data-time="6" data-updated="2026-11-01"',
        ' data-feedstock="paper" data-difficulty="1" data-status="concept" '
        'data-tool="laser-cutter" data-place="lieux/atelier-complet" data-cost="20" '
        'data-updated="2026-10-01"',
    ]
    effort = [text_of(p) for p in re.findall(r'<p class="rk-card-effort">(.*?)</p>', catalog)]
    assert effort == ["Coût estimé : 41,30 € (pièces chiffrées) · Construction : 6 h",
                      "Coût estimé : 20,00 €"]
    assert '<h2><a href="alpha-press/">' in catalog  # from plans/, below it
    assert '<label for="rk-plans-q">Rechercher (titre, résumé)</label>' in catalog
    assert '<option value="lieux/atelier-complet">Atelier Complet</option>' in catalog
    assert "Atelier Partiel</option>" not in catalog  # no plan is buildable there
    assert '<summary>Filtrer et trier les plans</summary>' in catalog
    assert '<label for="rk-plans-feedstock">Matière</label>' in catalog
    assert '<option value="welder">Poste à souder</option>' in catalog


def test_where_to_build_puts_the_most_complete_places_first(built: BuildResult) -> None:
    where = text_of(between(built.page("plans/alpha-press/"), 'id="where"', "</ol>"))
    assert where.index("Atelier Complet — sur place : 2 sur 3") < \
        where.index("Atelier Partiel — sur place : 1 sur 3")
    assert "Atelier Textile" not in where
    beta = text_of(between(built.page("plans/beta-mould/"), 'id="where"', "</ol>"))
    assert "Atelier Complet — toutes les machines et compétences nécessaires sont " \
        "confirmées sur place" in beta


def test_place_page_lists_machines_and_buildable_plans(built: BuildResult) -> None:
    page = built.page("kit/lieux/atelier-complet/")
    machines = text_of(between(page, 'id="machines"', "</ul>"))
    assert "Poste à souder" in machines and "Découpeuse laser" in machines
    plans = between(page, 'id="plans"', "</ul>")
    assert '<a href="../../../plans/alpha-press/">' in plans
    assert '<a href="../../../plans/beta-mould/">' in plans
    partial = built.page("kit/lieux/atelier-partiel/")
    assert "Aucun plan publié ne peut encore être entièrement construit ici." in text_of(partial)


def test_kit_pages_show_summary_version_licence_update(built: BuildResult) -> None:
    outil = text_of(built.page("kit/outils/outil-essai/"))
    assert "Un tableur de suivi." in outil
    assert "Version 2.0.0" in outil
    assert "Licence CC-BY-SA-4.0" in outil
    fiche = text_of(built.page("kit/fiches/fiche-essai/"))
    assert "Mise à jour 2 novembre 2026" in fiche
    assert ('<a href="../../../downloads/kit/outils/outil-essai/suivi.csv" download="suivi.csv">'
            'Modèle de suivi (CSV)</a>') in built.page("kit/outils/outil-essai/")
    assert (built.site / "downloads/kit/outils/outil-essai/suivi.csv").is_file()



CARD_MARKUP_BUDGET = 400
"""Bytes of markup (tags, attribute names, classes) a plan card may carry besides its
words and the values of its data, links and image: with a thousand plans the catalogue
must stay under 1 MB of HTML (about 960 KB at 1,004 generated plans with today's 379
bytes; the cards had 582, 1,155 KB, before)."""


def test_catalog_cards_carry_little_markup_for_a_thousand_plans(built: BuildResult) -> None:
    catalog = built.page("plans/")
    cards = re.findall(r"<li data-.*?</li>", between(catalog, 'id="rk-plans"', "</ul>"), re.S)
    assert len(cards) == 2
    for card in cards:
        words = html.unescape(re.sub(r"<[^>]+>", "", card)).encode()
        values = sum(len(v.encode())
                     for v in re.findall(r'(?:data-[a-z]+|href|src)="([^"]*)"', card))
        assert len(card.encode()) - len(words) - values <= CARD_MARKUP_BUDGET, card

def test_kit_index_lists_documents_with_filters(built: BuildResult) -> None:
    index = built.page("kit/")
    assert len(re.findall(r'<li data-type=', index)) == 6
    assert ('data-type="fiche" data-audience="makers tiers-lieux" '
            'data-theme="textile|pâte à papier"') in index
    assert '<option value="convention">Convention</option>' in index


def _search_fragments(site: Path) -> list[dict[str, object]]:
    """Pagefind's per-page records (gzip, a signature, then JSON)."""
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            for path in sorted((site / "pagefind/fragment").iterdir())]


def test_the_search_index_finds_a_plan_by_a_bom_part(built: BuildResult) -> None:
    pages = _search_fragments(built.site)
    hits = [page["url"] for page in pages if "Cric hydraulique" in str(page["content"])]
    assert "/plans/alpha-press/" in hits
    # The page's text only: not the navigation, the footer or the permalinks' signs.
    alpha = next(page for page in pages if page["url"] == "/plans/alpha-press/")
    assert "Boîte à outils" not in str(alpha["content"]).split("Presse alpha", 1)[0]
    assert "¶" not in str(alpha["content"])


def test_the_search_index_leaves_out_checksums_sizes_and_prices(built: BuildResult) -> None:
    """Not words to find, and each a unique word per plan the index would grow by (a
    query's digits and letters would also match them piece by piece)."""
    page = built.page("plans/alpha-press/")
    checksum = re.search(r'<code class="rk-sha256">([0-9a-f]{64})</code>', page)
    size = re.search(r'<span class="rk-size">\(([^)]*)\)</span>', page)
    prices = re.findall(r'<td class="rk-num"[^>]*>([^<]*\d[^<]*€)</td>', page)
    assert checksum and size and prices
    alpha = next(p for p in _search_fragments(built.site) if p["url"] == "/plans/alpha-press/")
    content = str(alpha["content"])
    assert "Cric hydraulique" in content  # part names stay
    assert checksum.group(1) not in content and size.group(1) not in content
    assert not [price for price in prices if f" {price} " in f" {content} "], prices


def test_a_search_for_a_place_finds_its_page_not_every_plan(built: BuildResult) -> None:
    """The ranked places of "where to build" repeat on every plan page: not indexed."""
    plan = built.page("plans/alpha-press/")
    assert 'class="rk-where"' in plan and "Atelier Complet" in between(
        plan, 'class="rk-where"', "</ol>")
    pages = _search_fragments(built.site)
    found = {str(p["url"]) for p in pages if "Atelier Complet" in str(p["content"])}
    assert "/kit/lieux/atelier-complet/" in found
    assert not [url for url in found if url.startswith("/plans/")], found


def test_each_language_has_its_own_search_index_and_no_theme_index(built: BuildResult) -> None:
    entry = json.loads((built.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    counts = {lang: data["page_count"] for lang, data in entry["languages"].items()}
    assert {"fr", "nl", "en"} <= set(counts)
    assert counts["nl"] == counts["en"] == len(list((built.site / "nl").rglob("index.html")))
    urls = {str(page["url"]) for page in _search_fragments(built.site)}
    assert {"/nl/plans/alpha-press/", "/en/kit/fiches/fiche-essai/"} <= urls
    assert not (built.site / "search").exists()  # the theme's lunr index is offline-only
    assert not (built.site / "pagefind/pagefind-ui.js").exists()


def test_an_edited_guide_makes_only_its_languages_search_index_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "search")
    first = build(root)
    assert first.returncode == 0, first.output
    before = {p.relative_to(first.site).as_posix(): p.read_bytes()
              for p in (first.site / "pagefind").rglob("*") if p.is_file()}
    edit(root, "plans/alpha-press/README.md", "\n## ", "\nUn mot rare : zygomorphe.\n\n## ")
    again = build(root)
    assert again.returncode == 0, again.output
    # The English page shows the new bundle's size and SHA-256 (the French guide is in
    # it): not words anyone searches, so its index stays as it was. The Dutch page, with
    # no Dutch guide, shows the French text: its index is made again with it.
    assert "made for 2 language(s), 1 reused" in again.output, again.output
    after = {p.relative_to(again.site).as_posix(): p.read_bytes()
             for p in (again.site / "pagefind").rglob("*") if p.is_file()}
    english = [n for n in after if "/en_" in n or ".en_" in n or ".en." in n]
    assert english and all(before.get(n) == after[n] for n in english)
    found = {str(page["url"]) for page in _search_fragments(again.site)
             if "zygomorphe" in str(page["content"])}
    assert found == {"/plans/alpha-press/", "/nl/plans/alpha-press/"}


@pytest.mark.parametrize("url", ["plans/alpha-press/", "en/kit/", "performance/"])
def test_pages_carry_no_template_indentation(built: BuildResult, url: str) -> None:
    page = built.page(url)
    assert compact_html(page) == page
    assert page.count("\n") > 50  # line breaks stay: each is the one space it renders


def test_nav_lists_sections_not_plans(built: BuildResult) -> None:
    nav = between(built.page("plans/beta-mould/"), '<nav class="md-nav md-nav--primary"',
                  "</nav>")
    assert "Plans de machines" in nav
    assert "alpha-press" not in nav


def test_no_request_to_another_origin_in_pages(built: BuildResult) -> None:
    page = built.page("plans/alpha-press/")
    assert "fonts.googleapis.com" not in page
    assert "api.github.com" not in page


def test_build_refuses_what_check_refuses(tmp_path: Path) -> None:
    root = make_project(tmp_path / "bad")
    plan = root / "plans/alpha-press/plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("status: prototype",
                                                               "status: finished"),
                    encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "plans/alpha-press/plan.yml:6: status: `finished` is not allowed" in result.output
    assert not (root / "site").exists()


def test_a_hand_written_page_in_the_way_of_a_plan_page_stops_the_build(tmp_path: Path
                                                                       ) -> None:
    """The pages are staged one at a time after the downloads are made: a page that
    sits where a plan page goes still stops the build with the file to move, and the
    site already published stays as it was."""
    root = make_project(tmp_path / "conflict")
    assert build(root).returncode == 0
    published = (root / "site/plans/alpha-press/index.html").read_bytes()
    write(root, "docs/plans/alpha-press/index.md", "# Ma presse\n")
    result = build(root)
    assert result.returncode != 0
    assert "docs/plans/alpha-press/index.md" in result.output
    assert "Traceback" not in result.output
    assert (root / "site/plans/alpha-press/index.html").read_bytes() == published


def test_macro_error_fails_the_build(tmp_path: Path) -> None:
    root = make_project(tmp_path / "macro")
    write(root, "docs/broken.md", "---\nrender_macros: true\n---\n\n{{ no_such_macro() }}\n")
    result = build(root)
    assert result.returncode != 0
    assert not (root / "site/broken/index.html").exists()


def test_plan_page_size_does_not_grow_with_the_number_of_plans(tmp_path: Path) -> None:
    sizes = []
    for count in (1, 50):
        root = make_project(tmp_path / f"n{count}")
        template = (root / "plans/beta-mould").resolve()
        for index in range(count - 1):
            clone = root / "plans" / f"clone-{index:03d}"
            clone.mkdir()
            for name in ("plan.yml", "bom.csv", "README.md"):
                (clone / name).write_bytes((template / name).read_bytes())
        result = build(root)
        assert result.returncode == 0, result.output
        sizes.append(len(result.page("plans/beta-mould/").encode()))
    assert abs(sizes[1] - sizes[0]) < 200, sizes
