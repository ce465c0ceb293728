"""Bills of materials that read right and group like real ones: units agreeing with their
quantity in each language, sub-assemblies with their subtotals on the page and in the CSV,
and the checks that keep them consistent."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from buildsite import text_of
from sample import edit, write

from macros.bundle.bom_export import bom_csv
from macros.content.repository import load_site
from macros.model.site import Site
from macros.problems import Problem, Severity
from macros.render.bom import bom_table
from macros.render.context import RenderContext

ALPHA = "plans/alpha-press/plan.yml"
BETA = "plans/beta-mould/plan.yml"
BETA_CSV = "plans/beta-mould/bom.csv"
ASSEMBLIES = """\
  assemblies:
    - id: frame
      name: {fr: Châssis, nl: Onderstel, en: Frame}
    - id: drive
      name: {fr: Entraînement, en: Drive}
"""


def _load(repo: Path) -> tuple[Site | None, list[Problem]]:
    site, problems = load_site(repo)
    return site, [p for p in problems if p.severity is not Severity.INFO]


def _site(repo: Path) -> Site:
    site, problems = _load(repo)
    assert site is not None, [p.format() for p in problems]
    return site


def _table(site: Site, lang: str, plan: str = "alpha-press") -> str:
    return bom_table(RenderContext(site, lang, f"plans/{plan}/"), site.plan(plan))


def _rows(table: str) -> list[str]:
    """The text of each row after the header."""
    return [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)[1:]]


def group_alpha(repo: Path) -> None:
    """Alpha's jack on the frame, its motor in the drive, its screws in no sub-assembly."""
    edit(repo, ALPHA, "  parts:\n", ASSEMBLIES + "  parts:\n")
    edit(repo, ALPHA, "      unit_price: 39.9\n", "      unit_price: 39.9\n      assembly: frame\n")
    edit(repo, ALPHA, "      name: Moteur de récupération\n",
         "      name: Moteur de récupération\n      assembly: drive\n")


@pytest.mark.parametrize(("lang", "four", "one"), [
    ("fr", "4 pièces", "1 pièce"), ("nl", "4 stuks", "1 stuk"), ("en", "4 pieces", "1 piece")])
def test_a_vocabulary_unit_agrees_with_its_quantity(repo: Path, lang: str, four: str,
                                                    one: str) -> None:
    edit(repo, ALPHA, "      qty: 1\n      unit_price: 39.9", "      qty: 1\n      unit: pièce\n"
         "      unit_price: 39.9")
    table = _table(_site(repo), lang)
    for shown in (four, one):
        assert re.search(f'<td class="rk-num" headers="[^"]+">{shown.replace(" ", chr(0xa0), 1)}'
                         "</td>", table), shown


@pytest.mark.parametrize(("qty", "unit", "lang", "shown"), [
    (1.5, "pièce", "fr", "1,5 pièce"),      # French: 0 ≤ n < 2 is singular
    (1.5, "pièce", "en", "1.5 pieces"),
    (1.0, "pièces", "en", "1 piece"),       # as written: 1, singular; the plural form matches
    (2, "flacon 750 g", "nl", "2 flessen 750 g"),
    (1, "pièce 300 × 400 mm", "en", "1 piece 300 × 400 mm"),
    (3, "Jeu", "en", "3 sets"),
    (2, "spray-can", "fr", "2 aérosols"),   # the id names the unit too
])
def test_units_read_right_with_sizes_ids_and_decimals(repo: Path, qty: float, unit: str,
                                                      lang: str, shown: str) -> None:
    edit(repo, ALPHA, "      qty: 4\n      unit: pièce\n",
         f"      qty: {qty}\n      unit: {unit}\n")
    assert shown in text_of(_table(_site(repo), lang))


def test_a_free_text_unit_stays_as_written_and_french(repo: Path) -> None:
    edit(repo, ALPHA, "      unit: pièce\n", "      unit: boîte de 1 000\n")
    english = _table(_site(repo), "en")
    assert '4\u00a0<span lang="fr">boîte de 1 000</span>' in english
    assert "4\u00a0boîte de 1 000" in _table(_site(repo), "fr")
    assert "m²" in text_of(_table(_site(repo), "en", "beta-mould"))


def test_a_bom_without_sub_assemblies_has_no_subtotal(repo: Path) -> None:
    table = _table(_site(repo), "fr")
    assert "Sous-total" not in table and "rk-bom-assembly" not in table
    assert table.count("<tbody>") == 1


def test_sub_assemblies_group_the_parts_with_their_subtotals(repo: Path) -> None:
    group_alpha(repo)
    site = _site(repo)
    rows = _rows(_table(site, "fr"))
    assert rows == [
        "Châssis",
        "A2 Cric hydraulique 4 t 1 39,90 € 39,90 €",
        "Sous-total : Châssis 39,90 €",
        "Entraînement",
        "A3 Moteur de récupération 1 prix inconnu prix inconnu",
        "Sous-total des pièces chiffrées : Entraînement 0,00 €",
        "Autres pièces",
        "A1 Vis à tête hexagonale M8 <script>alert(1)</script> 4 pièces 0,35 € 1,40 € "
        "Quincaillerie \"Le Boulon\" Parc à conteneurs",
        "Sous-total : Autres pièces 1,40 €",
        "Total des pièces chiffrées 41,30 €",
    ]
    english = _table(site, "en")
    assert '<th scope="rowgroup" colspan="7" id="rkb-a1">Frame</th>' in english
    assert '<span lang="fr">Entraînement</span></th>' not in english  # it has an English name
    assert "Subtotal: Frame €39.90" in text_of(english)
    assert "Subtotal: Other parts €1.40" in text_of(english)
    dutch = _table(site, "nl")
    assert ('<th scope="rowgroup" colspan="7" id="rkb-a2"><span lang="fr">'
            'Entraînement</span></th>') in dutch


def _cells_and_headers(table: str) -> list[tuple[str, list[str]]]:
    """Each data cell's text and the text of the header cells its `headers` names."""
    heads = {m.group(1): text_of(m.group(2)) for m in re.finditer(
        r'<th [^>]*?id="([^"]+)"[^>]*>(.*?)</th>', table)}
    cells = []
    for m in re.finditer(r"<td([^>]*)>(.*?)</td>", table):
        named = re.search(r' headers="([^"]+)"', m.group(1))
        assert named, f"a data cell without headers: {m.group(0)}"
        cells.append((text_of(m.group(2)), [heads[i] for i in named.group(1).split()]))
    return cells


def test_each_bom_cell_names_its_column_part_and_sub_assembly_headers(repo: Path) -> None:
    """Headers at three levels (columns, sub-assemblies, parts and subtotals): each data
    cell says which rule it, as a screen reader reads them out (H43, WCAG 1.3.1)."""
    plain = _cells_and_headers(_table(_site(repo), "fr"))
    assert ("A2", ["Réf.", "Cric hydraulique 4 t"]) in plain
    assert ("39,90 €", ["Total de la ligne", "Cric hydraulique 4 t"]) in plain
    group_alpha(repo)
    cells = _cells_and_headers(_table(_site(repo), "en"))
    assert ("A2", ["Ref.", "Frame", "Cric hydraulique 4 t"]) in cells
    assert ("€39.90", ["Line total", "Frame", "Cric hydraulique 4 t"]) in cells
    assert ("€39.90", ["Line total", "Frame", "Subtotal: Frame"]) in cells
    assert ("€41.30", ["Line total", "Total of priced parts"]) in cells


def test_the_bom_csv_has_a_subtotal_row_per_sub_assembly(repo: Path) -> None:
    group_alpha(repo)
    data = bom_csv(_site(repo).plan("alpha-press")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][-1] == "assembly"
    assert [(row[0], row[1], row[5], row[9]) for row in rows[1:]] == [
        ("A2", "Cric hydraulique 4 t", "39.90", "Châssis"),
        ("", "SOUS-TOTAL Châssis", "39.90", "Châssis"),
        ("A3", "Moteur de récupération", "", "Entraînement"),
        ("", "SOUS-TOTAL Entraînement (pièces chiffrées seulement ; 1 pièce sans prix)",
         "0.00", "Entraînement"),
        ("A1", "Vis à tête hexagonale M8 <script>alert(1)</script>", "1.40", ""),
        ("", "SOUS-TOTAL Autres pièces", "1.40", ""),
        ("", "TOTAL (pièces chiffrées seulement ; 1 pièce sans prix)", "41.30", ""),
        ("", "prix relevés le 2026-11-01", "", ""),
    ]
    english = list(csv.reader(io.StringIO(
        bom_csv(_site(repo).plan("alpha-press"), "en").decode("utf-8-sig"))))
    assert english[2][1] == "SUBTOTAL Frame"
    assert english[-2][1] == "TOTAL (priced parts only; 1 part without a price)"
    assert english[-1][1] == "prices noted on 2026-11-01"


def test_a_csv_bom_names_sub_assemblies_in_its_assembly_column(repo: Path) -> None:
    edit(repo, BETA, "  parts: bom.csv", "  assemblies:\n    - id: frame\n      name: Cadre\n"
         "    - id: screen\n      name: Tamis\n  parts: bom.csv")
    write(repo, BETA_CSV, "ref,name,qty,unit,unit_price,supplier,reuse,assembly\n"
          "B2,\"Toile moustiquaire, inox\",1,m²,12,,,screen\n"
          "B1,Tasseau de pin 20 × 30 mm,2.5,m,3.20,,,frame\n")
    assert _rows(_table(_site(repo), "fr", "beta-mould")) == [
        "Cadre", "B1 Tasseau de pin 20 × 30 mm 2,5 m 3,20 € 8,00 €", "Sous-total : Cadre 8,00 €",
        "Tamis", "B2 Toile moustiquaire, inox 1 m² 12,00 € 12,00 €",
        "Sous-total : Tamis 12,00 €", "Total 20,00 €"]


@pytest.mark.parametrize(("where", "old", "new", "expected"), [
    (ALPHA, "      assembly: frame\n", "      assembly: fram\n",
     f"{ALPHA}:40: bom.parts[1].assembly: sub-assembly `fram` is not declared; use one of: "
     "`frame`, `drive`; did you mean `frame`? (or declare it under `bom.assemblies` with "
     "`- id: fram` and its `name`)"),
    (ALPHA, "    - id: drive\n", "    - id: frame\n",
     f"{ALPHA}:26: bom.assemblies[1].id: sub-assembly `frame` is already declared on line "
     "24; give each sub-assembly its own id"),
])
def test_sub_assembly_mistakes_are_reported_with_line_and_fix(
        repo: Path, where: str, old: str, new: str, expected: str) -> None:
    group_alpha(repo)
    edit(repo, where, old, new)
    site, problems = _load(repo)
    assert site is None
    assert expected in [p.format() for p in problems if p.severity is Severity.ERROR]


def test_a_part_naming_a_sub_assembly_of_a_plan_without_any(repo: Path) -> None:
    edit(repo, ALPHA, "      unit_price: 39.9\n", "      unit_price: 39.9\n      assembly: frame\n")
    site, problems = _load(repo)
    assert site is None
    assert [p.format() for p in problems] == [
        f"{ALPHA}:35: bom.parts[1].assembly: the plan declares no sub-assembly, so not "
        "`frame`; add `bom.assemblies:` to plan.yml with `- id: frame` and its `name`, or "
        "remove `assembly`"]


def test_a_csv_row_naming_an_unknown_sub_assembly(repo: Path) -> None:
    edit(repo, BETA, "  parts: bom.csv", ASSEMBLIES + "  parts: bom.csv")
    write(repo, BETA_CSV, "ref,name,qty,assembly\nB1,Tasseau,2,frame\nB2,Toile,1,screen\n")
    site, problems = _load(repo)
    assert site is None
    assert [p.format("fr") for p in problems] == [
        f"{BETA_CSV}:3: assembly: le sous-ensemble `screen` n'est pas déclaré ; utilisez l'un "
        "de : `frame`, `drive` (ou déclarez-le sous `bom.assemblies` avec `- id: screen` et "
        "son `name`)",
        f"{BETA}:18: bom.assemblies[1].id: avertissement: aucune pièce n'appartient au "
        "sous-ensemble `drive` ; indiquez-le dans le champ `assembly` de ses pièces, ou "
        "retirez-le"]


def test_two_units_sharing_a_word_are_refused(repo: Path) -> None:
    vocabulary = repo / "kit/vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "    en: {one: bag, other: bags}", "    en: {one: set, other: sets}"), encoding="utf-8")
    site, problems = _load(repo)
    assert site is None
    assert [(p.field, p.message.split(" (line")[0]) for p in problems] == [
        ("units.bag", "`set` is already a word of unit `set`"),
        ("units.bag", "`sets` is already a word of unit `set`")]


def test_sub_assembly_names_are_escaped_and_neutralised(repo: Path) -> None:
    group_alpha(repo)
    edit(repo, ALPHA, "name: {fr: Châssis, nl: Onderstel, en: Frame}",
         "name: '=HYPERLINK(\"http://x\")<b>x</b>'")
    site = _site(repo)
    table = _table(site, "fr")
    assert "<b>x</b>" not in table
    assert "=HYPERLINK(&quot;http://x&quot;)&lt;b&gt;x&lt;/b&gt;" in table
    rows = list(csv.reader(io.StringIO(bom_csv(site.plan("alpha-press")).decode("utf-8-sig"))))
    assert rows[1][9] == "'=HYPERLINK(\"http://x\")<b>x</b>"
