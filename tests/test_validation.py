"""Table-driven tests of loading and validation: exact messages and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sample import edit

from macros.content.repository import load_site as load_everything
from macros.model.site import Site
from macros.problems import Problem, Severity, sort_problems


def load_site(root: Path, selection: list[Path] | None = None
              ) -> tuple[Site | None, list[Problem]]:
    """Like `load_site`, without the notes (translations not written yet)."""
    site, problems = load_everything(root, selection)
    return site, [p for p in problems if p.severity is not Severity.INFO]

ALPHA = "plans/alpha-press/plan.yml"
# libyaml (used when PyYAML has it) and the pure-Python parser word this error differently.
FLOW_SEQUENCE_ERROR = ("did not find expected ',' or ']'" if yaml.__with_libyaml__
                       else "expected ',' or ']', but got ':'")
BETA_CSV = "plans/beta-mould/bom.csv"
LIEU = "kit/lieux/atelier-partiel.md"


@pytest.mark.parametrize("url", ["https://example.org", "http://fablab.example.be:8080/a?b=1#c",
                                 "https://atelier.example/lieux/été"])
def test_a_website_is_a_web_address(repo: Path, url: str) -> None:
    edit(repo, LIEU, "machines: [welder]", f"machines: [welder]\nwebsite: '{url}'")
    site, problems = load_site(repo)
    assert [p.format() for p in problems] == []
    assert site is not None
    assert site.document("lieux/atelier-partiel").meta.website == url


def test_sample_content_is_valid(repo: Path) -> None:
    site, problems = load_site(repo)
    assert [p.format() for p in problems] == []
    assert site is not None
    assert [p.id for p in site.plans] == ["alpha-press", "beta-mould"]
    assert len(site.kit) == 6
    beta = site.plan("beta-mould")
    assert [p.ref for p in beta.parts] == ["B1", "B2"]
    assert beta.parts[1].name.fr == "Toile moustiquaire, inox"
    assert beta.parts[1].supplier is None


ERROR_CASES = [
    ("bad status", ALPHA, "status: prototype", "status: finished",
     f"{ALPHA}:6: status: `finished` is not allowed; use one of: concept, prototype, tested, "
     "validated"),
    ("status typo suggests", ALPHA, "status: prototype", "status: prototyp",
     f"{ALPHA}:6: status: `prototyp` is not allowed; use one of: concept, prototype, tested, "
     "validated; did you mean `prototype`?"),
    ("missing licence", ALPHA, "licence: CERN-OHL-S-2.0\n", "",
     f"{ALPHA}:1: licence: required field is missing; add `licence: …`"),
    ("zero quantity", ALPHA, "qty: 4", "qty: 0",
     f"{ALPHA}:26: bom.parts[0].qty: must be greater than 0, got `0`"),
    ("text quantity", ALPHA, "qty: 4", "qty: four",
     f"{ALPHA}:26: bom.parts[0].qty: must be a number, got `four`"),
    ("negative price", ALPHA, "unit_price: 0.35", "unit_price: -1",
     f"{ALPHA}:28: bom.parts[0].unit_price: must be at least 0, got `-1`"),
    ("unknown tool", ALPHA, "tools: [welder, drill-press]", "tools: [welder, dril-press]",
     f"{ALPHA}:14: tools[1]: unknown tools id `dril-press`; did you mean `drill-press`? "
     "(known ids are in kit/vocabulary.yml)"),
    ("unknown feedstock", ALPHA, "feedstock: [paper, cotton]", "feedstock: [paper, coton]",
     f"{ALPHA}:11: feedstock[1]: unknown feedstock id `coton`; did you mean `cotton`? "
     "(known ids are in kit/vocabulary.yml)"),
    ("changelog disagrees", ALPHA, "version: 1.2.0\nstatus", "version: 1.3.0\nstatus",
     f"{ALPHA}:47: changelog[0].version: the newest changelog entry is 1.2.0 but `version` is "
     "1.3.0; add an entry for the new version at the top"),
    ("changelog order", ALPHA, "version: 1.0.0\n    date", "version: 1.5.0\n    date",
     f"{ALPHA}:50: changelog[1].version: 1.5.0 is not older than the entry above it (1.2.0); "
     "list entries newest first, each version once"),
    ("duplicate ref", ALPHA, "ref: A2", "ref: A1",
     f"{ALPHA}:31: bom.parts[1].ref: reference `A1` is already used on line 24; give each part "
     "its own ref"),
    ("hazards missing", ALPHA, "hazards: [Pincement des mains entre les plateaux]",
     "hazards: []",
     f"{ALPHA}:18: safety.hazards: risk is high but no hazard is listed; name each hazard "
     "(e.g. `- rotating blades`) or set `risk: low`"),
    ("licence typo", ALPHA, "licence: CERN-OHL-S-2.0", "licence: CERN-OHL-S-2",
     f"{ALPHA}:7: licence: `CERN-OHL-S-2` is not an SPDX licence identifier; did you mean "
     "`CERN-OHL-S-2.0`?"),
    ("unknown currency", ALPHA, "currency: EUR", "currency: EURO",
     f"{ALPHA}:21: bom.currency: `EURO` is not an ISO 4217 currency code; did you mean `EUR`?"),
    ("short version", ALPHA, "version: 1.2.0\nstatus", "version: 1.2\nstatus",
     f"{ALPHA}:5: version: must be text, got the number `1.2`; write it in quotes"),
    ("difficulty too high", ALPHA, "difficulty: 3", "difficulty: 7",
     f"{ALPHA}:9: difficulty: must be at most 5, got `7`"),
    ("drawing outside folder", ALPHA, "path: drawings/frame.svg", "path: ../../kit/x.svg",
     f"{ALPHA}:39: drawings[0].path: `../../kit/x.svg` goes up with `..`; it must stay inside "
     "the plan folder"),
    ("drawing missing", ALPHA, "path: drawings/frame.svg", "path: drawings/other.svg",
     f"{ALPHA}:39: drawings[0].path: `drawings/other.svg` does not exist in the plan folder"),
    ("absolute file", ALPHA, "path: files/cutting-list.csv", "path: /etc/passwd",
     f"{ALPHA}:42: files[0].path: `/etc/passwd` is absolute; give a path relative to the plan "
     "folder"),
    ("drawing not svg", ALPHA, "path: drawings/frame.svg", "path: drawings/frame.png",
     f"{ALPHA}:39: drawings[0].path: `drawings/frame.png` is not valid; a drawing must be an "
     "`.svg` file"),
    ("bad date", ALPHA, "priced_on: 2026-11-01", "priced_on: 1 novembre",
     f"{ALPHA}:22: bom.priced_on: must be a date written YYYY-MM-DD, got `1 novembre`"),
    ("prices without date", ALPHA, "  priced_on: 2026-11-01\n", "",
     f"{ALPHA}:20: bom.priced_on: parts have prices but no date; add `priced_on: YYYY-MM-DD`, "
     "the day the prices were noted"),
    ("no authors", ALPHA, "authors: [Atelier Test]", "authors: []",
     f"{ALPHA}:8: authors: must list at least 1 item"),
    ("yaml syntax", ALPHA, "difficulty: 3", "difficulty: [3",
     f"{ALPHA}:9: -: the list opened with `[` on line 9 is not closed; the parser stopped on "
     "line 10: close it with `]`"),
    ("yaml syntax on one line", ALPHA, "difficulty: 3", "difficulty: [3, a: b: c]",
     f"{ALPHA}:9: -: invalid YAML: {FLOW_SEQUENCE_ERROR} (while parsing a flow sequence)"),
    ("python tag", ALPHA, "difficulty: 3", "difficulty: !!python/object/apply:os.system [ls]",
     f"{ALPHA}:9: -: invalid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object/apply:os.system'; only plain values, lists and mappings "
     "are allowed (remove the `!!` tag)"),
    ("alias", ALPHA, "skills: [welding]", "skills: &s [welding]\nextra_skills: *s",
     f"{ALPHA}:16: extra_skills: YAML anchors and aliases (&name, *name) are not supported; write "
     "the value out in full"),
    ("duplicate key", ALPHA, "difficulty: 3", "difficulty: 3\ndifficulty: 4",
     f"{ALPHA}:10: difficulty: this key appears twice in the same mapping; keep only one"),
    ("csv quantity", BETA_CSV, "2.5,m", "lots,m",
     f"{BETA_CSV}:2: qty: must be a number, got `lots`"),
    ("csv duplicate ref", BETA_CSV, "B2,", "B1,",
     f"{BETA_CSV}:3: ref: reference `B1` is already used on line 2; give each part its own ref"),
    ("csv unknown column", BETA_CSV, "unit_price", "price",
     f"{BETA_CSV}:1: price: unknown column; the header is "
     "ref,name,qty,unit,unit_price,supplier,reuse,assembly"),
    ("csv short row", BETA_CSV, ",12,,", ",12,",
     f"{BETA_CSV}:3: -: this row has 6 cells but the header has 7; quote cells that contain "
     "commas"),
    ("kit missing version", "kit/conventions/convention-essai.md", "version: 1.0.0\n", "",
     "kit/conventions/convention-essai.md:3: version: a convention needs a version; add "
     "`version: 1.0.0`"),
    ("kit bad type", "kit/fiches/fiche-essai.md", "type: fiche", "type: sheet",
     "kit/fiches/fiche-essai.md:3: type: `sheet` is not allowed; use one of: fiche, convention, "
     "outil, lieu"),
    ("kit bad audience", "kit/fiches/fiche-essai.md", "[makers, tiers-lieux]",
     "[makers, tierslieux]",
     "kit/fiches/fiche-essai.md:5: audience[1]: `tierslieux` is not allowed; use one of: makers, "
     "tiers-lieux, participants, partenaires; did you mean `tiers-lieux`?"),
    ("lieu unknown machine", "kit/lieux/atelier-partiel.md", "machines: [welder]",
     "machines: [welders]",
     "kit/lieux/atelier-partiel.md:5: machines[0]: unknown tools id `welders`; did you mean "
     "`welder`? (known ids are in kit/vocabulary.yml)"),
    ("lieu without machines", "kit/lieux/atelier-partiel.md", "machines: [welder]\n", "",
     "kit/lieux/atelier-partiel.md:3: machines: a lieu lists its machines; add `machines: "
     "[laser-cutter, …]` with ids from kit/vocabulary.yml"),
    ("kit attachment missing", "kit/outils/outil-essai.md", "path: suivi.csv",
     "path: suivi.ods",
     "kit/outils/outil-essai.md:9: files[0].path: `suivi.ods` does not exist in the document's "
     "folder"),
    ("front matter unclosed", "kit/fiches/fiche-essai.md", "updated: 2026-11-02\n---",
     "updated: 2026-11-02",
     "kit/fiches/fiche-essai.md:1: -: the front matter block is not closed: add a line `---` "
     "after the last field"),
    *[(f"website {name}", LIEU, "machines: [welder]", f"machines: [welder]\nwebsite: '{url}'",
       f"{LIEU}:6: website: `{url}`: `{scheme}:` addresses are refused; a website starts with "
       "https:// (or http://)")
      for name, url, scheme in [("script", "javascript:alert(1)", "javascript"),
                                ("data", "data:text/html,<b>x</b>", "data"),
                                ("file", "file:///etc/passwd", "file"),
                                ("ftp", "ftp://example.org/", "ftp"),
                                ("mail", "mailto:atelier@example.org", "mailto")]],
    *[(f"website {name}", LIEU, "machines: [welder]", f"machines: [welder]\nwebsite: '{url}'",
       f"{LIEU}:6: website: `{url}` is not valid; use a full web address starting with https://")
      for name, url in [("protocol-relative", "//example.org/"), ("no host", "https://"),
                        ("user name", "https://bank.example@evil.example/"),
                        ("space", "https://example.org/a b"), ("backslash", "https:\\\\x"),
                        ("quote", 'https://example.org/"onmouseover=x'),
                        ("bare", "www.example.org")]],
]


@pytest.mark.parametrize(("name", "relative", "old", "new", "expected"), ERROR_CASES,
                         ids=[case[0] for case in ERROR_CASES])
def test_error_is_reported_with_line_and_fix(
    repo: Path, name: str, relative: str, old: str, new: str, expected: str
) -> None:
    edit(repo, relative, old, new)
    site, problems = load_site(repo)
    assert site is None
    assert [p.format() for p in problems if p.severity is Severity.ERROR] == [expected]


def test_unknown_field_is_a_warning_with_suggestion(repo: Path) -> None:
    edit(repo, ALPHA, "difficulty: 3", "difficulty: 3\ndificulty: 4")
    site, problems = load_site(repo)
    assert site is not None
    assert [p.format() for p in problems] == [
        f"{ALPHA}:10: dificulty: warning: unknown field, ignored; did you mean `difficulty`?"
    ]


def test_nested_unknown_field_is_named_by_its_path(repo: Path) -> None:
    edit(repo, ALPHA, "qty: 4", "qty: 4\n      quantity: 5")
    _site, problems = load_site(repo)
    assert [p.format() for p in problems] == [
        f"{ALPHA}:27: bom.parts[0].quantity: warning: unknown field, ignored"
    ]


def test_all_problems_of_all_files_are_reported_together(repo: Path) -> None:
    edit(repo, ALPHA, "status: prototype", "status: finished")
    edit(repo, ALPHA, "difficulty: 3", "difficulty: 9")
    edit(repo, BETA_CSV, "2.5,m", "-1,m")
    edit(repo, "kit/lieux/atelier-partiel.md", "machines: [welder]", "machines: [weldr]")
    _site, problems = load_site(repo)
    assert [(p.path, p.line, p.field) for p in problems] == [
        (ALPHA, 6, "status"),
        (ALPHA, 9, "difficulty"),
        (BETA_CSV, 2, "qty"),
        ("kit/lieux/atelier-partiel.md", 5, "machines[0]"),
    ]


def test_text_fields_accept_a_language_map(repo: Path) -> None:
    site, _ = load_site(repo)
    assert site is not None
    alpha = site.plan("alpha-press").plan
    assert alpha.title.get("en") == "Alpha press"
    assert alpha.title.get("nl") == alpha.title.fr == "Presse alpha <b>forte</b>"


def test_text_map_without_french_is_refused(repo: Path) -> None:
    edit(repo, ALPHA, "  fr: Presse alpha <b>forte</b>\n", "")
    _site, problems = load_site(repo)
    assert [p.format() for p in problems] == [
        f"{ALPHA}:1: title.fr: required field is missing; add `fr: …`"
    ]


def test_selection_checks_only_the_given_plan(repo: Path) -> None:
    edit(repo, ALPHA, "status: prototype", "status: finished")
    _site, problems = load_site(repo, [repo / "plans" / "beta-mould"])
    assert problems == []
    _site, problems = load_site(repo, [repo / "plans" / "alpha-press" / "plan.yml"])
    assert [p.field for p in problems] == ["status"]


def test_crlf_and_byte_order_mark_are_accepted(repo: Path) -> None:
    path = repo / ALPHA
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    site, problems = load_site(repo)
    assert problems == []
    assert site is not None


def test_non_utf8_file_is_refused_with_its_line(repo: Path) -> None:
    path = repo / ALPHA
    latin1 = "Premi\xe8re".encode("latin-1")
    path.write_bytes(path.read_bytes().replace("Première".encode(), latin1))
    _site, problems = load_site(repo)
    assert [p.format() for p in problems] == [
        f"{ALPHA}:52: -: the file is not valid UTF-8 (byte 0xe8); save it as UTF-8 in your editor"
    ]


def test_terminology_flags_a_planted_word_with_line_and_suggestion(repo: Path) -> None:
    (repo / "kit/terminology.yml").write_text(
        "rules:\n"
        "  - term: formation\n"
        "    lang: fr\n"
        "    suggest: [accompagnement, atelier]\n"
        "    reason: Règles FEDER\n"
        "  - term: training\n"
        "    lang: en\n"
        "    suggest: [workshop]\n", encoding="utf-8")
    fiche = repo / "kit/fiches/fiche-essai.md"
    fiche.write_text(fiche.read_text(encoding="utf-8")
                     + "\nNotre Formation commence lundi. La transformation et les informations.\n"
                     "\n```\nformation dans du code\n```\n", encoding="utf-8")
    readme = repo / "plans/alpha-press/README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n3. Suivre une formation.\n",
                      encoding="utf-8")
    (repo / "plans/alpha-press/README.en.md").write_text("A formation here is French.\n"
                                                         "Our trainings.\n", encoding="utf-8")
    site, problems = load_site(repo)
    assert site is not None
    problems = sort_problems(problems)
    assert [(p.path, p.line, p.field, p.severity) for p in problems] == [
        ("kit/fiches/fiche-essai.md", 14, "terminology", Severity.WARNING),
        ("plans/alpha-press/README.en.md", 2, "terminology", Severity.WARNING),
        ("plans/alpha-press/README.md", 8, "terminology", Severity.WARNING),
    ]
    assert problems[0].message == (
        "« Formation »: say « accompagnement », « atelier » instead (Règles FEDER); if this use "
        "is legitimate (a proper name, a quotation), add `allow_terms: [formation]` to the "
        "front matter")


def test_terminology_allowlist_is_honoured(repo: Path) -> None:
    (repo / "kit/terminology.yml").write_text(
        "rules:\n  - term: formation\n    lang: fr\n    suggest: [atelier]\n", encoding="utf-8")
    fiche = repo / "kit/fiches/fiche-essai.md"
    text = fiche.read_text(encoding="utf-8").replace(
        "updated: 2026-11-02", "updated: 2026-11-02\nallow_terms: [formation]")
    fiche.write_text(text + "\nLes formations FabricAdemy.\n", encoding="utf-8")
    _site, problems = load_site(repo)
    assert problems == []


FRAME = "plans/alpha-press/drawings/frame.svg"


@pytest.mark.parametrize(("block", "warns"), [
    ("Version 1.1.0", True),
    ("Version 1.2.0", False),
    ("Versie: v1.2.0", False),
    ("Révision 3 — échelle 1:1", False),
])
def test_a_title_block_stating_another_version_is_a_warning(
        repo: Path, block: str, warns: bool) -> None:
    edit(repo, FRAME, "Cadre</text>",
         f'Cadre</text>\n  <text x="5" y="140" font-size="3">{block}</text>')
    site, problems = load_site(repo)
    assert site is not None
    expected = [] if not warns else [
        f"{FRAME}:4: text: warning: the title block states version 1.1.0, but `version` in "
        "plan.yml is 1.2.0: in the drawing, replace “Version 1.1.0” with “Version 1.2.0”"]
    assert [p.format() for p in problems] == expected
