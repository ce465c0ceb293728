"""Hostile content through the real build: nothing runs, nothing leaks, nothing is lost."""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomllib
import yaml
from browsing import serve
from buildsite import BuildResult, build
from jsonschema import Draft7Validator
from playwright.sync_api import Browser
from sample import make_project, write
from test_browser import search

from macros.bundle.okh import OKH_SCHEMA
from macros.content.repository import load_site
from macros.problems import Severity

pytestmark = pytest.mark.build

PAYLOAD = '<script>alert("XSS")</script><img src=x onerror=alert("XSS")>'
"""In every metadata string; YAML single quotes keep it as is."""
MARKER = "SECRET-MARKER-51d2e8"

HOSTILE_PLAN = f"""\
title:
  fr: 'Titre {PAYLOAD}'
  nl: 'Titel {PAYLOAD}'
  en: 'Title {PAYLOAD}'
summary: 'Résumé {PAYLOAD}'
version: 1.0.0
status: tested
licence: CERN-OHL-S-2.0
authors: ['Auteur {PAYLOAD}', '=cmd|"/c calc"!A1']
difficulty: 2
feedstock: [paper]
output: 'Sortie {PAYLOAD}'
tools: [welder]
skills: [welding]
safety:
  risk: high
  hazards: ['Danger {PAYLOAD}']
  ppe: ['Gants {PAYLOAD}']
bom:
  currency: EUR
  priced_on: 2026-01-01
  note: 'Note {PAYLOAD}'
  parts:
    - ref: 'R{PAYLOAD}'
      name: 'Pièce {PAYLOAD}'
      qty: 1
      unit: 'u{PAYLOAD}'
      unit_price: 2
      supplier: 'Fournisseur {PAYLOAD}'
      reuse: 'Réemploi {PAYLOAD}'
    - name: '=HYPERLINK("http://evil.example","x")'
      qty: 1
      supplier: '+SUM(A1:A2)'
      reuse: '@cmd'
    - name: "\\tTab"
      qty: 1
      supplier: '-2+3'
      reuse: "\\rreturn"
drawings:
  - path: drawings/plan.svg
    title: 'Dessin {PAYLOAD}'
files:
  - path: files/notes.txt
    role: auxiliary
changelog:
  - version: 1.0.0
    date: 2026-01-01
    changes: 'Changements {PAYLOAD}'
"""

HOSTILE_PLACE = f"""\
---
title: 'Lieu {PAYLOAD}'
type: lieu
summary: 'Résumé du lieu {PAYLOAD}'
themes: ['Thème {PAYLOAD}']
machines: [welder]
---

Un lieu.
"""

HOSTILE_TOOL = f"""\
---
title: 'Outil {PAYLOAD}'
type: outil
summary: 'Résumé {PAYLOAD}'
version: 1.0.0
files:
  - path: hostile.csv
    title: 'Pièce jointe {PAYLOAD}'
---

Un outil.
"""


def _hostile_project(root: Path) -> Path:
    make_project(root)
    write(root, "plans/hostile-plan/plan.yml", HOSTILE_PLAN)
    write(root, "plans/hostile-plan/README.md", "## Étapes\n\n1. Construire.\n")
    write(root, "plans/hostile-plan/drawings/plan.svg",
          (root / "plans/alpha-press/drawings/frame.svg").read_text(encoding="utf-8"))
    write(root, "plans/hostile-plan/files/notes.txt", "notes\n")
    write(root, "kit/lieux/lieu-hostile.md", HOSTILE_PLACE)
    write(root, "kit/outils/outil-hostile.md", HOSTILE_TOOL)
    write(root, "kit/outils/hostile.csv", "a,b\n1,2\n")
    vocabulary_path = root / "kit/vocabulary.yml"
    vocabulary = yaml.safe_load(vocabulary_path.read_text(encoding="utf-8"))
    for category, id_ in (("tools", "welder"), ("feedstock", "paper"), ("skills", "welding")):
        vocabulary[category][id_] = {lang: f"{id_} {lang} {PAYLOAD}" for lang in ("fr", "nl", "en")}
    vocabulary_path.write_text(yaml.safe_dump(vocabulary, allow_unicode=True), encoding="utf-8")
    return root


class _Scripts(HTMLParser):
    """Script elements, event-handler attributes and script URLs of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline: list[str] = []
        self.sources: list[str] = []
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            plain = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if plain.startswith(("javascript:", "vbscript:")):
                self.script_urls.append(f"<{tag} {name}={value}>")
        if tag == "script":
            source = dict(attrs).get("src")
            if source:
                self.sources.append(source)
            else:
                self._in_script = True
                self.inline.append("")
        elif tag in {"iframe", "object", "embed", "base"}:
            self.handlers.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline[-1] += data


def _assert_inert(site: Path) -> None:
    """No injected script, handler or script URL in any page, index or catalog."""
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".json", ".xml", ".js", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert 'alert("XSS")</script>' not in text, path
        assert "javascript:" not in text.lower(), path
        if path.suffix != ".html":
            continue
        scripts = _Scripts()
        scripts.feed(text)
        assert scripts.handlers == [], path
        assert scripts.script_urls == [], path
        assert all("assets/javascripts/" in src for src in scripts.sources), path
        assert not [body for body in scripts.inline if "alert" in body or "XSS" in body], path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build(_hostile_project(tmp_path_factory.mktemp("hostile")))
    assert result.returncode == 0, result.output
    return result


def test_metadata_is_escaped_in_every_output(hostile: BuildResult) -> None:
    _assert_inert(hostile.site)
    page = hostile.page("plans/hostile-plan/")
    escaped = html.escape(PAYLOAD, quote=True)
    # Text content keeps its quotes (only attribute values need them escaped); the
    # markup characters are escaped either way.
    as_text = html.escape(PAYLOAD, quote=False)
    assert f"<title>Titre {escaped} - ReProduce Kit</title>" in page
    assert f'<h1 id="plan-title">Titre {escaped}</h1>' in page
    for text in ("Résumé", "Auteur", "Sortie", "Danger", "Gants", "Pièce", "Fournisseur",
                 "Réemploi", "Dessin", "Changements", "Note"):
        assert f"{text} {escaped}" in page or f"{text} {as_text}" in page, text
    assert f"welder fr {escaped}" in page or f"welder fr {as_text}" in page
    place = hostile.page("kit/lieux/lieu-hostile/")
    assert f"Lieu {escaped}" in place or f"Lieu {as_text}" in place
    tool = hostile.page("kit/outils/outil-hostile/")
    assert f"Pièce jointe {escaped}" in tool
    catalog = hostile.page("plans/")
    assert f"Titre {as_text}" in catalog


def test_catalog_json_and_search_index_hold_no_markup(hostile: BuildResult) -> None:
    data = (hostile.site / "plans/index.json").read_bytes()
    assert b"<" not in data and b">" not in data
    plan = next(p for p in json.loads(data)["plans"] if p["id"] == "hostile-plan")
    assert plan["title"]["fr"] == f"Titre {PAYLOAD}"



@pytest.mark.browser
def test_search_results_show_hostile_text_as_text(hostile: BuildResult, browser: Browser
                                                  ) -> None:
    """The search index holds the pages' visible text, payload included (a title that
    reads `<script>…`); the search shows it as text and runs nothing of it."""
    fragments = [gzip.decompress(p.read_bytes()).decode("utf-8")
                 for p in sorted((hostile.site / "pagefind/fragment").iterdir())]
    assert any(PAYLOAD.replace('"', '\\"') in text for text in fragments)
    with serve(hostile.site) as url:
        context = browser.new_context()
        tab = context.new_page()
        alerts: list[str] = []
        tab.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
        tab.goto(url + "plans/")
        result = search(tab, "Titre", "Titre <script>")
        article = result.first.locator("article")
        assert article.locator("script, img").count() == 0
        assert "<img src=x" in article.inner_text()
        context.close()
    assert alerts == []


def test_bundle_text_files_quote_the_metadata_right(hostile: BuildResult) -> None:
    bundle = hostile.site / "downloads/plans/hostile-plan/hostile-plan-1.0.0.zip"
    with zipfile.ZipFile(io.BytesIO(bundle.read_bytes())) as archive:
        okh = tomllib.loads(archive.read("hostile-plan-1.0.0/okh.toml").decode("utf-8"))
        licence = archive.read("hostile-plan-1.0.0/LICENSE.txt").decode("utf-8")
        bom = archive.read("hostile-plan-1.0.0/bom.csv").decode("utf-8-sig")
    assert okh["name"] == f"Titre {PAYLOAD}"
    assert okh["function"] == f"Résumé {PAYLOAD}"
    assert okh["licensor"] == [f"Auteur {PAYLOAD}", '=cmd|"/c calc"!A1']
    schema = json.loads(OKH_SCHEMA.read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema).iter_errors(okh)) == []
    assert licence.startswith(f"Titre {PAYLOAD} — version 1.0.0\n")
    rows = list(csv.reader(io.StringIO(bom)))
    assert rows[2][1] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert rows[2][7:9] == ["'+SUM(A1:A2)", "'@cmd"]
    assert rows[3][1] == "'\tTab"
    assert rows[3][7:9] == ["'-2+3", "'\rreturn"]


def test_build_lists_every_broken_file_like_check(tmp_path: Path) -> None:
    root = make_project(tmp_path / "broken")
    plan = root / "plans/alpha-press/plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("currency: EUR", "currency: €"),
                    encoding="utf-8")
    (root / "plans/beta-mould/plan.yml").write_text("a: &a [1, 2]\nb: *a\n", encoding="utf-8")
    bom = root / "plans/beta-mould/bom.csv"
    bom.write_text(bom.read_text(encoding="utf-8").replace("2.5,m", "-1,m"), encoding="utf-8")
    (root / "plans/alpha-press/drawings/frame.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        encoding="utf-8")
    (root / "kit/fiches/fiche-essai.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    _site, problems = load_site(root)
    expected = [p.format() for p in problems if p.severity is Severity.ERROR]
    assert len(expected) == 4
    result = build(root)
    assert result.returncode != 0
    for line in expected:
        assert line in result.output
    assert not (root / "site").exists()


def test_a_file_outside_the_repository_reaches_no_output(tmp_path: Path) -> None:
    root = make_project(tmp_path / "leak")
    secret = tmp_path / "secret.svg"
    secret.write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><text>{MARKER}</text></svg>',
                      encoding="utf-8")
    drawing = root / "plans/alpha-press/drawings/frame.svg"
    drawing.unlink()
    drawing.symlink_to(secret)
    (root / "docs/leak.md").symlink_to(secret)
    result = build(root)
    assert result.returncode != 0
    assert ("plans/alpha-press/drawings/frame.svg:1: -: this symbolic link leads outside the "
            "repository") in result.output
    assert "docs/leak.md:1: -: this symbolic link leads outside" in result.output
    assert MARKER not in result.output
    assert not (root / "site").exists()
    cache = root / ".cache"
    leaked = [p for p in cache.rglob("*") if p.is_file()
              and MARKER.encode() in p.read_bytes()] if cache.exists() else []
    assert leaked == []


def _snapshot(root: Path, skip: tuple[str, ...]) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(skip)
            and "__pycache__" not in p.parts and "macros" not in p.relative_to(root).parts[:1]}


def test_the_build_writes_only_into_site_and_its_cache(tmp_path: Path) -> None:
    root = make_project(tmp_path / "tidy")
    before = _snapshot(root, ("site/", ".cache/"))
    result = build(root)
    assert result.returncode == 0, result.output
    assert _snapshot(root, ("site/", ".cache/")) == before
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [".cache", "docs", "kit", "macros", "mkdocs.yml", "overrides", "plans", "site"])


def test_content_errors_leave_the_previous_site_as_it_was(tmp_path: Path) -> None:
    root = make_project(tmp_path / "keep")
    assert build(root).returncode == 0
    before = _snapshot(root / "site", ())
    plan = root / "plans/alpha-press/plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("status: prototype",
                                                               "status: finished"),
                    encoding="utf-8")
    assert build(root).returncode != 0
    assert _snapshot(root / "site", ()) == before


def test_a_failure_late_in_the_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "late")
    assert build(root).returncode == 0
    before = _snapshot(root / "site", ())
    write(root, "docs/broken.md", "---\nrender_macros: true\n---\n\n{{ no_such_macro() }}\n")
    assert build(root).returncode != 0
    assert _snapshot(root / "site", ()) == before


CONTRIBUTOR_MARKDOWN = """\
## Étapes

1. Couper. <script>alert("XSS")</script>
2. <img src=x onerror=alert("XSS")> Souder.

### Titre { onclick="alert(1)" }

<div markdown>
<iframe src="https://evil.example"></iframe>
</div>

`<script>` dans du code reste du code.
"""


def test_contributor_markdown_cannot_inject_html(tmp_path: Path) -> None:
    root = make_project(tmp_path / "markdown")
    write(root, "plans/alpha-press/README.md", CONTRIBUTOR_MARKDOWN)
    fiche = root / "kit/fiches/fiche-essai.md"
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n" + CONTRIBUTOR_MARKDOWN,
                     encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.output
    _assert_inert(result.site)
    page = result.page("plans/alpha-press/")
    assert "<code>&lt;script&gt;</code> dans du code" in page
    assert 'Couper. &lt;script&gt;alert("XSS")&lt;/script&gt;' in page
