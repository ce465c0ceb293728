"""A small but complete repository for tests: two plans, one document of each type."""

from __future__ import annotations

import shutil
from pathlib import Path

from macros.content.repository import load_site
from macros.model.site import Site

PROJECT = Path(__file__).resolve().parent.parent

ALPHA_PLAN = """\
title:
  fr: Presse alpha <b>forte</b>
  en: Alpha press
summary: Une presse d'essai pour les tests & la démonstration.
version: 1.2.0
status: prototype
licence: CERN-OHL-S-2.0
authors: [Atelier Test]
difficulty: 3
build_time_hours: 6
feedstock: [paper, cotton]
output: Feuilles pressées
throughput_kg_per_hour: 2.5
tools: [welder, drill-press]
skills: [welding]
safety:
  risk: high
  hazards: [Pincement des mains entre les plateaux]
  ppe: [Gants de protection]
bom:
  currency: EUR
  priced_on: 2026-11-01
  parts:
    - ref: A1
      name: Vis à tête hexagonale M8 <script>alert(1)</script>
      qty: 4
      unit: pièce
      unit_price: 0.35
      supplier: Quincaillerie "Le Boulon"
      reuse: Parc à conteneurs
    - ref: A2
      name: Cric hydraulique 4 t
      qty: 1
      unit_price: 39.9
    - ref: A3
      name: Moteur de récupération
      qty: 1
drawings:
  - path: drawings/frame.svg
    title: Cadre de la presse
files:
  - path: files/cutting-list.csv
    role: auxiliary
translations:
  en: 1.2.0
changelog:
  - version: 1.2.0
    date: 2026-11-01
    changes: Plateau renforcé.
  - version: 1.0.0
    date: 2026-01-15
    changes: Première version.
"""

ALPHA_README = """\
Guide de la presse alpha.

## Étapes de construction

1. Couper les profilés.
2. Souder le cadre.
"""

ALPHA_README_EN = """\
Guide to the alpha press.

## Build steps

1. Cut the sections.
2. Weld the frame.
"""

FICHE_NL = """\
---
title: Testfiche
summary: Een fiche voor de tests.
translated_from: 2026-11-02
---

## Inhoud

Tekst.
"""

BETA_PLAN = """\
title: Moule bêta
summary: Un moule et sa couverte.
version: 0.1.0
status: concept
licence: CERN-OHL-P-2.0
authors: [Atelier Test]
difficulty: 1
feedstock: [paper]
tools: [laser-cutter]
safety:
  risk: low
bom:
  currency: EUR
  priced_on: 2026-10-01
  parts: bom.csv
changelog:
  - version: 0.1.0
    date: 2026-10-01
    changes: Première version.
"""

BETA_CSV = """\
ref,name,qty,unit,unit_price,supplier,reuse
B1,Tasseau de pin 20 × 30 mm,2.5,m,3.20,Magasin de bricolage,Chutes de menuiserie
B2,"Toile moustiquaire, inox",1,m²,12,,
"""

DRAWING = """\
<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="148mm" viewBox="0 0 210 148">
  <rect x="10" y="10" width="190" height="128" fill="none" stroke="#000"/>
  <text x="105" y="74" font-family="sans-serif" font-size="8" text-anchor="middle">Cadre</text>
</svg>
"""

FICHE = """\
---
title: Fiche d'essai
type: fiche
summary: Une fiche pour les tests.
audience: [makers, tiers-lieux]
themes: [textile, pâte à papier]
updated: 2026-11-02
---

## Contenu

Du texte.
"""

CONVENTION = """\
---
title: Convention d'essai
type: convention
summary: Un modèle à compléter.
audience: [participants]
version: 1.0.0
---

## Champs à compléter

- [À COMPLÉTER : nom]
"""

OUTIL = """\
---
title: Outil d'essai
type: outil
summary: Un tableur de suivi.
audience: [participants]
themes: [budget]
version: 2.0.0
files:
  - path: suivi.csv
    title: Modèle de suivi (CSV)
---

## Exemple

Un exemple chiffré.
"""

LIEU_FULL = """\
---
title: Atelier Complet
type: lieu
summary: Un lieu qui a tout.
machines: [welder, drill-press, laser-cutter]
---

Un lieu de test.
"""

LIEU_PARTIAL = """\
---
title: Atelier Partiel
type: lieu
summary: Un lieu qui a une soudeuse.
machines: [welder]
---

Un autre lieu de test.
"""

LIEU_NONE = """\
---
title: Atelier Textile
type: lieu
summary: Un lieu sans aucune machine utile aux plans.
machines: [sewing-machine]
---

Encore un lieu.
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in the file by `new` (which must be there)."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJ"
         "RU5ErkJggg==")
"""A 1×1 PNG, base64."""


def embed_raster(root: Path, relative: str = "plans/alpha-press/drawings/frame.svg") -> None:
    """Put a raster image in a drawing: one that may be heavier than its PNG preview, so
    the build makes one."""
    edit(root, relative, "</svg>", f'<image href="data:image/png;base64,{PIXEL}" width="4" '
                                   'height="4"/></svg>')


def loaded_site(root: Path) -> Site:
    """The repository at `root`, loaded; it must load without errors."""
    site, problems = load_site(root)
    assert site is not None, problems
    return site


def make_content(root: Path) -> Path:
    """Write the sample content (no site configuration) under `root`."""
    shutil.copy(PROJECT / "kit" / "vocabulary.yml", write(root, "kit/vocabulary.yml", ""))
    write(root, "plans/alpha-press/plan.yml", ALPHA_PLAN)
    write(root, "plans/alpha-press/README.md", ALPHA_README)
    write(root, "plans/alpha-press/README.en.md", ALPHA_README_EN)
    write(root, "plans/alpha-press/drawings/frame.svg", DRAWING)
    write(root, "plans/alpha-press/files/cutting-list.csv", "piece,length\nA,100\n")
    write(root, "plans/beta-mould/plan.yml", BETA_PLAN)
    write(root, "plans/beta-mould/bom.csv", BETA_CSV)
    write(root, "plans/beta-mould/README.md", "## Étapes\n\n1. Assembler.\n")
    write(root, "kit/fiches/fiche-essai.md", FICHE)
    write(root, "kit/fiches/fiche-essai.nl.md", FICHE_NL)
    write(root, "kit/conventions/convention-essai.md", CONVENTION)
    write(root, "kit/outils/outil-essai.md", OUTIL)
    write(root, "kit/outils/suivi.csv", "poste,montant\nmatériaux,500\n")
    write(root, "kit/lieux/atelier-complet.md", LIEU_FULL)
    write(root, "kit/lieux/atelier-partiel.md", LIEU_PARTIAL)
    write(root, "kit/lieux/atelier-textile.md", LIEU_NONE)
    return root


def make_project(root: Path) -> Path:
    """Sample content plus the site configuration, ready for `mkdocs build`."""
    make_content(root)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "not_in_nav: |\n", "not_in_nav: |\n  /seulement-en-francais*.md\n"), encoding="utf-8")
    write(root, "docs/seulement-en-francais.md",
          "---\ntitle: Page en français seulement\n---\n\n# Page en français seulement\n\n"
          "Cette page n'a pas de traduction.\n")
    (root / "macros").symlink_to(PROJECT / "macros", target_is_directory=True)
    return root
