"""Hostile and broken content: every case refused with `path:line: field: message`,
from `reproduce check` and `load_site` alike, and nothing outside the repository read."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from sample import edit

from macros.cli.main import main
from macros.content.repository import load_site
from macros.limits import InvalidLimit, Limits
from macros.problems import Problem, Severity

ALPHA = "plans/alpha-press/plan.yml"
BETA_CSV = "plans/beta-mould/bom.csv"
OUTIL = "kit/outils/outil-essai.md"
ANCHORS = "YAML anchors and aliases (&name, *name) are not supported; write the value out in full"
MARKER = "SECRET-MARKER-7f3a9c"


def _errors(repo: Path) -> list[str]:
    site, problems = load_site(repo)
    found = [p.format() for p in problems if p.severity is Severity.ERROR]
    assert site is None or not found
    return found


def _reported(repo: Path) -> list[str]:
    """Errors and warnings (notes about missing translations are left out)."""
    _site, problems = load_site(repo)
    return [p.format() for p in problems if p.severity is not Severity.INFO]


def _check_output(repo: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What `reproduce check` prints: the same lines as `load_site`, one per problem."""
    code = main(["--root", str(repo), "check"])
    assert code == 1
    return capsys.readouterr().out.splitlines()


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ALPHA).write_text(_billion_laughs(), encoding="utf-8")
    start = time.perf_counter()
    errors = _errors(repo)
    elapsed = time.perf_counter() - start
    expected = f"{ALPHA}:2: a1[0]: {ANCHORS}"
    assert errors == [expected]
    assert elapsed < 2, elapsed
    assert expected in _check_output(repo, capsys)


def test_alias_bomb_in_front_matter_and_vocabulary(repo: Path) -> None:
    bomb = _billion_laughs(6)
    (repo / "kit/fiches/fiche-essai.md").write_text(f"---\n{bomb}---\nBody\n", encoding="utf-8")
    assert _errors(repo) == [f"kit/fiches/fiche-essai.md:3: a1[0]: {ANCHORS}"]
    (repo / "kit/vocabulary.yml").write_text(bomb, encoding="utf-8")
    assert _errors(repo) == [f"kit/vocabulary.yml:2: a1[0]: {ANCHORS}"]


def test_an_alias_in_a_list_is_reported_at_its_own_line(repo: Path) -> None:
    edit(repo, ALPHA, "skills: [welding]", "skills: &s [welding]\nauthors_again:\n  - x\n  - *s")
    assert _errors(repo) == [f"{ALPHA}:18: authors_again[1]: {ANCHORS}"]


MALFORMED = [
    ("merge key", "  currency: EUR", "  <<: {currency: EUR}",
     f"{ALPHA}:21: bom: YAML merge keys (<<) are not supported; write the fields out in full"),
    ("binary tag", "output: Feuilles pressées", "output: !!binary aGVsbG8=",
     f"{ALPHA}:12: output: `!!binary` values are not supported; only plain values, lists and "
     "mappings are allowed (remove the `!!` tag)"),
    ("set tag", "tools: [welder, drill-press]", "tools: !!set {welder, drill-press}",
     f"{ALPHA}:14: tools: `!!set` values are not supported; only plain values, lists and "
     "mappings are allowed (remove the `!!` tag)"),
    ("python name tag", "difficulty: 3", "difficulty: !!python/name:os.system ''",
     f"{ALPHA}:9: -: invalid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/name:os.system'; only plain values, lists and mappings are "
     "allowed (remove the `!!` tag)"),
    ("local tag", "difficulty: 3", "difficulty: !shell rm -rf /",
     f"{ALPHA}:9: -: invalid YAML: could not determine a constructor for the tag '!shell'; "
     "only plain values, lists and mappings are allowed (remove the `!!` tag)"),
    ("infinite quantity", "qty: 4", "qty: .inf",
     f"{ALPHA}:26: bom.parts[0].qty: `inf` is not a finite number; write the actual value, "
     "like `12.5`"),
    ("overflowing price", "unit_price: 0.35", "unit_price: 1.0e+999",
     f"{ALPHA}:28: bom.parts[0].unit_price: `inf` is not a finite number; write the actual "
     "value, like `12.5`"),
    ("not a number", "qty: 4", "qty: .nan",
     f"{ALPHA}:26: bom.parts[0].qty: must be greater than 0, got `nan`"),
    ("negative quantity", "qty: 4", "qty: -4",
     f"{ALPHA}:26: bom.parts[0].qty: must be greater than 0, got `-4`"),
    ("control character", "output: Feuilles pressées", "output: Feuilles\x00",
     f"{ALPHA}:12: -: the file contains the control character U+0000, which YAML does not "
     "allow; remove it"),
    ("deep nesting", "output: Feuilles pressées", "output: " + "[" * 60 + "]" * 60,
     f"{ALPHA}:12: -: lists and mappings are nested more than 50 levels deep; flatten the "
     "structure"),
    ("bad id in list", "feedstock: [paper, cotton]", "feedstock: [Paper]",
     f"{ALPHA}:11: feedstock[0]: `Paper` is not valid; use lowercase letters, digits and single "
     "hyphens, like `laser-cutter`"),
    ("wrong type", "authors: [Atelier Test]", "authors: Atelier Test",
     f"{ALPHA}:8: authors: must be a list (one `- item` per line), got `Atelier Test`"),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), MALFORMED,
                         ids=[case[0] for case in MALFORMED])
def test_malformed_plan_is_refused_with_line_and_fix(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str, old: str, new: str,
    expected: str,
) -> None:
    edit(repo, ALPHA, old, new)
    errors = _errors(repo)
    assert expected in errors, errors
    assert expected in _check_output(repo, capsys)


@pytest.mark.parametrize(("text", "expected"), [
    ("", f"{ALPHA}:1: -: expected a mapping of `field: value` lines at the top level, got "
         "nothing (the file is empty)"),
    ("# only a comment\n", f"{ALPHA}:1: -: expected a mapping of `field: value` lines at the "
                           "top level, got nothing (the file is empty)"),
    ("- title\n- summary\n", f"{ALPHA}:1: -: expected a mapping of `field: value` lines at "
                             "the top level, got a list"),
    ("just text\n", f"{ALPHA}:1: -: expected a mapping of `field: value` lines at the top "
                    "level, got `just text`"),
])
def test_a_plan_file_that_is_not_a_mapping(repo: Path, text: str, expected: str) -> None:
    (repo / ALPHA).write_text(text, encoding="utf-8")
    assert _errors(repo) == [expected]


def test_front_matter_that_is_a_list(repo: Path) -> None:
    (repo / "kit/fiches/fiche-essai.md").write_text("---\n- a\n- b\n---\nBody\n",
                                                     encoding="utf-8")
    assert _errors(repo) == ["kit/fiches/fiche-essai.md:2: -: the front matter must be a "
                             "mapping of `field: value` lines"]


@pytest.mark.parametrize(("cell", "expected"), [
    ("inf", f"{BETA_CSV}:2: qty: `inf` is not a finite number; write the actual value, like "
            "`12.5`"),
    ("-1", f"{BETA_CSV}:2: qty: must be greater than 0, got `-1`"),
    ("NaN", f"{BETA_CSV}:2: qty: must be greater than 0, got `NaN`"),
    ("2,5", f"{BETA_CSV}:2: -: this row has 8 cells but the header has 7; quote cells that "
            "contain commas"),
])
def test_bad_numbers_in_a_csv_bom(repo: Path, cell: str, expected: str) -> None:
    edit(repo, BETA_CSV, "2.5,m", f"{cell},m")
    assert _errors(repo) == [expected]


def test_csv_with_a_nul_byte_or_a_huge_cell(repo: Path) -> None:
    edit(repo, BETA_CSV, "2.5,m", "2.5\x00,m")
    assert _errors(repo) == [f"{BETA_CSV}:2: qty: must be a number, got `2.5\\x00`"]
    (repo / BETA_CSV).write_text("ref,name,qty\nB1,\"" + "x" * 200_000 + "\",1\n",
                                 encoding="utf-8")
    assert _errors(repo) == [f"{BETA_CSV}:2: -: invalid CSV: field larger than field limit "
                             "(131072)"]


def test_a_problem_is_always_one_line(repo: Path) -> None:
    edit(repo, ALPHA, "difficulty: 3", 'difficulty: 3\n"odd\\nkey\\u001b[31m": 1')
    assert _reported(repo) == [
        f"{ALPHA}:10: odd\\nkey\\x1b[31m: warning: unknown field, ignored"]
    assert Problem("a\rb", 1, "", "x\u2028y").format() == "a\\rb:1: -: x\\u2028y"


def test_every_problem_of_every_file_is_listed_together(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, ALPHA, "currency: EUR", "currency: EURO")
    edit(repo, BETA_CSV, "2.5,m", "lots,m")
    (repo / "kit/fiches/fiche-essai.md").write_text(f"---\n{_billion_laughs(3)}---\n",
                                                     encoding="utf-8")
    edit(repo, OUTIL, "path: suivi.csv", "path: ../../plans/beta-mould/bom.csv")
    expected = [
        f"{OUTIL}:9: files[0].path: `../../plans/beta-mould/bom.csv` goes up with `..`; it "
        "must stay inside the document's folder",
        f"kit/fiches/fiche-essai.md:3: a1[0]: {ANCHORS}",
        f"{ALPHA}:21: bom.currency: `EURO` is not an ISO 4217 currency code; did you mean "
        "`EUR`?",
        f"{BETA_CSV}:2: qty: must be a number, got `lots`",
    ]
    assert sorted(_errors(repo)) == sorted(expected)
    assert sorted(_check_output(repo, capsys)) == sorted(expected)


# --- Paths --------------------------------------------------------------------------------

PATH_CASES = [
    ("reserved name", "files/con.csv", "`con.csv` is a reserved name on Windows; rename it"),
    ("reserved with extension", "files/LPT1.txt",
     "`LPT1.txt` is a reserved name on Windows; rename it"),
    ("trailing dot", "files/list.csv.",
     "`list.csv.` ends with a dot or a space, which Windows cannot store; rename it"),
    ("space in a folder", "files /list.csv",
     "`files ` ends with a dot or a space, which Windows cannot store; rename it"),
    ("unsafe character", "files/list?.csv", "`list?.csv` has characters that do not travel "
     "well between systems; use only letters, digits, `.`, `_` and `-`"),
    ("colon", "files/a:b.csv", "`a:b.csv` has characters that do not travel well between "
     "systems; use only letters, digits, `.`, `_` and `-`"),
    ("two dots in a row", "files/cut..list.csv", "`cut..list.csv` has two dots in a row, "
     "which archive tools and the plan bundles' OKH manifests take for a step up out of the "
     "folder (`..`); keep one, e.g. `cut.list.csv`"),
    ("backslash", "files\\list.csv", "`files\\list.csv` uses `\\`; separate folders with `/`"),
    ("windows drive", "C:/list.csv", "`C:/list.csv` is absolute; give a path relative to the "
     "plan folder"),
    ("very long", "files/" + "a" * 130 + ".csv", "the path is 140 characters long; keep it "
     "under 120 so that archives unzip on Windows"),
    ("non-ascii", "files/liste-coupée.csv", "`liste-coupée.csv` has non-ASCII characters: "
     "macOS writes accented letters decomposed (NFD) and other systems composed (NFC), so the "
     "name may not match after a checkout or an unzip; use only ASCII letters, digits, `.`, "
     "`_` and `-`"),
    ("wrong case", "files/Cutting-list.csv", "`files/Cutting-list.csv` does not exist in the "
     "plan folder; did you mean `files/cutting-list.csv`? Names are case-sensitive on the web "
     "server"),
    ("a folder", "files", "`files` is not a file"),
]


@pytest.mark.parametrize(("name", "declared", "message"), PATH_CASES,
                         ids=[case[0] for case in PATH_CASES])
def test_unportable_or_unsafe_path(repo: Path, name: str, declared: str, message: str) -> None:
    quoted = declared.replace("\\", "\\\\")
    edit(repo, ALPHA, "path: files/cutting-list.csv", f'path: "{quoted}"')
    assert _errors(repo) == [f"{ALPHA}:42: files[0].path: {message}"]


def test_nfd_file_name_and_nfc_declaration_are_refused_clearly(repo: Path) -> None:
    nfc = "coupée.csv"
    nfd = unicodedata.normalize("NFD", nfc)
    (repo / "plans/alpha-press/files" / nfd).write_text("a\n", encoding="utf-8")
    edit(repo, ALPHA, "path: files/cutting-list.csv", f"path: files/{nfc}")
    assert _errors(repo) == [f"{ALPHA}:42: files[0].path: `{nfc}` has non-ASCII characters: "
                             "macOS writes accented letters decomposed (NFD) and other systems "
                             "composed (NFC), so the name may not match after a checkout or an "
                             "unzip; use only ASCII letters, digits, `.`, `_` and `-`"]


def test_folder_names_in_nfd_are_not_valid_ids(repo: Path) -> None:
    (repo / "plans/alpha-press").rename(repo / unicodedata.normalize("NFD", "plans/presse-é"))
    errors = _errors(repo)
    assert errors[0].startswith("plans/presse-e\u0301:1: id: folder name `presse-e\u0301` is "
                                "not a valid plan id")


def test_two_files_differing_only_by_case(repo: Path) -> None:
    (repo / "plans/alpha-press/files/Cutting-list.csv").write_text("x\n", encoding="utf-8")
    edit(repo, ALPHA, "    role: auxiliary", "    role: auxiliary\n"
          "  - path: files/Cutting-list.csv\n    role: source")
    assert _errors(repo) == [
        f"{ALPHA}:44: files[1].path: `files/Cutting-list.csv` and `files/cutting-list.csv` "
        "(line 42) differ only by case in the plan folder; Windows and macOS would keep only "
        "one: rename one"]


def test_two_drawings_that_would_share_a_bundle_name(repo: Path) -> None:
    folder = repo / "plans/alpha-press/drawings/old"
    folder.mkdir()
    (folder / "frame.svg").write_bytes((repo / "plans/alpha-press/drawings/frame.svg")
                                       .read_bytes())
    edit(repo, ALPHA, "    title: Cadre de la presse", "    title: Cadre de la presse\n"
          "  - path: drawings/old/frame.svg\n    title: Ancien cadre")
    assert _errors(repo) == [
        f"{ALPHA}:41: drawings[1].path: `drawings/old/frame.svg` would be stored as "
        "`drawings/frame.svg` in the bundle, like `drawings/frame.svg` (line 39); rename one of "
        "the files"]


def test_two_files_of_one_role_that_would_share_a_bundle_name(repo: Path) -> None:
    (repo / "plans/alpha-press/CUTTING-LIST.csv").write_text("x\n", encoding="utf-8")
    edit(repo, ALPHA, "    role: auxiliary", "    role: auxiliary\n"
          "  - path: CUTTING-LIST.csv\n    role: auxiliary")
    assert _errors(repo) == [
        f"{ALPHA}:44: files[1].path: `files/auxiliary/CUTTING-LIST.csv` and "
        "`files/auxiliary/cutting-list.csv` (line 42) differ only by case in the bundle; Windows "
        "and macOS would keep only one: rename one"]


def test_kit_attachments_that_collide_in_the_kit_bundle(repo: Path) -> None:
    (repo / "kit/outils/Suivi.csv").write_text("x\n", encoding="utf-8")
    (repo / "kit/outils/autre-outil.md").write_text(
        "---\ntitle: Autre\ntype: outil\nsummary: S.\nversion: 1.0.0\nfiles:\n"
        "  - path: Suivi.csv\n    title: Suivi\n---\n", encoding="utf-8")
    assert _errors(repo) == [
        f"{OUTIL}:9: files[0].path: `outils/suivi.csv` and `outils/Suivi.csv` "
        "(kit/outils/autre-outil.md:7) differ only by case in the kit bundle; Windows and macOS "
        "would keep only one: rename one"]


def _secret(tmp_path: Path, suffix: str = ".txt") -> Path:
    secret = tmp_path / f"outside{suffix}"
    secret.write_text(f"title: {MARKER}\n<svg xmlns='http://www.w3.org/2000/svg'>"
                      f"<text>{MARKER}</text></svg>\n", encoding="utf-8")
    return secret


LINK_OUT = ("this symbolic link leads outside the repository, so nothing is read through it; "
            "copy the file in instead")


@pytest.mark.parametrize("relative", [
    "plans/alpha-press/drawings/frame.svg",
    "plans/alpha-press/files/cutting-list.csv",
    "plans/beta-mould/bom.csv",
    "plans/alpha-press/README.md",
    "plans/alpha-press/plan.yml",
    "kit/outils/suivi.csv",
    "kit/vocabulary.yml",
    "kit/fiches/fiche-essai.md",
    "docs/index.md",
])
def test_a_link_to_a_file_outside_stops_everything(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], relative: str
) -> None:
    target = repo / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(_secret(tmp_path))
    site, problems = load_site(repo)
    assert site is None
    assert [p.format() for p in problems] == [f"{relative}:1: -: {LINK_OUT}"]
    lines = _check_output(repo, capsys)
    assert lines == [f"{relative}:1: -: {LINK_OUT}"]
    assert MARKER not in "\n".join(lines)


def test_a_linked_plan_folder_outside_is_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (repo / "plans/beta-mould").rename(outside)
    (repo / "plans/beta-mould").symlink_to(outside, target_is_directory=True)
    assert _errors(repo) == [f"plans/beta-mould:1: -: {LINK_OUT}"]


def test_links_inside_the_repository_are_fine(repo: Path) -> None:
    drawing = repo / "plans/alpha-press/drawings/frame.svg"
    (repo / "plans/alpha-press/drawings/current.svg").symlink_to("frame.svg")
    edit(repo, ALPHA, "path: drawings/frame.svg", "path: drawings/current.svg")
    assert _errors(repo) == []
    drawing.rename(repo / "kit/frame.svg")
    drawing.symlink_to("../../../kit/frame.svg")
    edit(repo, ALPHA, "path: drawings/current.svg", "path: drawings/frame.svg")
    assert _errors(repo) == [f"{ALPHA}:39: drawings[0].path: `drawings/frame.svg` is a symbolic "
                             "link that leads outside the plan folder; copy the file in instead"]


# --- Sizes --------------------------------------------------------------------------------

def _sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no disk space."""
    with path.open("wb") as handle:
        handle.truncate(size)


def test_a_file_over_github_pages_limit_is_refused(repo: Path) -> None:
    _sparse(repo / "plans/alpha-press/files/cutting-list.csv", 120_000_000)
    assert _errors(repo) == [
        f"{ALPHA}:42: files[0].path: `files/cutting-list.csv` weighs 120.0 MB; a published file "
        "is limited to 50 MB (GitHub Pages refuses files over 100 MB and sites over 1 GB): "
        "publish it elsewhere (a release asset) and link to it, or raise REPRODUCE_MAX_FILE_MB"]


def test_limits_are_configurable_from_the_environment(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sparse(repo / "plans/alpha-press/files/cutting-list.csv", 3_000_000)
    _sparse(repo / "kit/outils/suivi.csv", 2_000_000)
    assert _errors(repo) == []
    monkeypatch.setenv("REPRODUCE_MAX_BUNDLE_MB", "2")
    assert _errors(repo) == [
        f"{ALPHA}:1: -: the bundle would weigh about 3.0 MB; a bundle is limited to 2 MB (GitHub "
        "Pages refuses files over 100 MB and sites over 1 GB): move big files out of the plan "
        "and link to them, or raise REPRODUCE_MAX_BUNDLE_MB"]
    monkeypatch.delenv("REPRODUCE_MAX_BUNDLE_MB")
    monkeypatch.setenv("REPRODUCE_MAX_SITE_MB", "5")
    assert _errors(repo) == [
        f"{ALPHA}:1: -: the site's downloads would weigh about 10.0 MB; they are limited to 5 MB "
        "(GitHub Pages refuses files over 100 MB and sites over 1 GB); this plan's bundle is "
        "the largest (3.0 MB): move big files out and link to them, or raise "
        "REPRODUCE_MAX_SITE_MB"]
    monkeypatch.setenv("REPRODUCE_MAX_SITE_MB", "lots")
    assert _errors(repo) == ["(environment):1: -: REPRODUCE_MAX_SITE_MB='lots' is not a "
                             "positive number; unset it or give one like 900"]


def test_a_huge_content_file_is_not_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / ALPHA).write_bytes(b"title: x\n" + b"# padding\n" * 120_000)
    assert _errors(repo) == [
        f"{ALPHA}:1: -: the file is larger than 1000 kB, the limit for a content file; split "
        "it, or move data into a declared file (REPRODUCE_MAX_TEXT_KB raises the limit)"]
    monkeypatch.setenv("REPRODUCE_MAX_TEXT_KB", "1")
    assert f"{BETA_CSV}:1: -: the file is larger than 1 kB, the limit for a content file; " \
           "split it, or move data into a declared file (REPRODUCE_MAX_TEXT_KB raises the " \
           "limit)" not in _errors(repo)
    assert "kit/vocabulary.yml:1: -: the file is larger than 1 kB" in _errors(repo)[0]


def test_limits_from_env() -> None:
    assert Limits.from_env({}) == Limits()
    assert Limits.from_env({"REPRODUCE_MAX_FILE_MB": "80", "REPRODUCE_MAX_SVG_ELEMENTS": "7.9"}
                           ) == Limits(file_mb=80, svg_elements=7)
    assert Limits().bytes("file_mb") == 50_000_000
    assert Limits().bytes("text_kb") == 1_000_000
    for bad in ("0", "-1", "nan", "inf", "x"):
        with pytest.raises(InvalidLimit):
            Limits.from_env({"REPRODUCE_MAX_FILE_MB": bad})


# --- Encodings ----------------------------------------------------------------------------

def test_utf16_file_is_refused_as_not_utf8(repo: Path) -> None:
    path = repo / ALPHA
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert _errors(repo) == [f"{ALPHA}:1: -: the file is not valid UTF-8 (byte 0xff); save it "
                             "as UTF-8 in your editor"]


def test_csv_with_byte_order_mark_and_crlf_is_accepted(repo: Path) -> None:
    path = repo / BETA_CSV
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    site, _problems = load_site(repo)
    assert _reported(repo) == [] and site is not None
    assert site.plan("beta-mould").parts[0].ref == "B1"


def test_front_matter_with_crlf_and_bom_is_accepted(repo: Path) -> None:
    path = repo / "kit/fiches/fiche-essai.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert _reported(repo) == []


def test_unreadable_file_is_a_problem_not_a_crash(repo: Path) -> None:
    path = repo / "plans/alpha-press/README.md"
    path.unlink()
    path.mkdir()
    assert _errors(repo) == ["plans/alpha-press/README.md:1: -: the build guide is missing; add "
                             "README.md (French) with numbered build steps"]


# --- Contributor Markdown and published files ---------------------------------------------

def test_script_links_in_a_guide_are_errors_and_raw_html_a_warning(repo: Path) -> None:
    guide = repo / "plans/alpha-press/README.md"
    guide.write_text("Intro.\n\n[a](javascript:alert(1))\n[b](&#106;avascript:x)\n"
                     "<img src=x onerror=alert(1)>\n`<b>` en code, <https://ok.example>\n"
                     "```\n<script>en code</script>\n```\n[r]: VBScript:x\n", encoding="utf-8")
    fiche = repo / "kit/fiches/fiche-essai.md"
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n",
                     encoding="utf-8")
    link = ("-: `javascript:` links are not allowed; link to a web address (https://…)")
    raw = ("-: warning: raw HTML is shown as text on the site (build guides and documents are "
           "Markdown only); write it in Markdown, or put it in `code`")
    assert sorted(_reported(repo)) == [
        f"kit/fiches/fiche-essai.md:14: {raw}",
        f"plans/alpha-press/README.md:10: {link}",
        f"plans/alpha-press/README.md:3: {link}",
        f"plans/alpha-press/README.md:4: {link}",
        f"plans/alpha-press/README.md:5: {raw}",
    ]


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "feed.xml", "app.js", "x.svgz"])
def test_files_a_browser_would_run_are_not_published(repo: Path, name: str) -> None:
    (repo / "plans/alpha-press/files" / name).write_text("<script>alert(1)</script>",
                                                         encoding="utf-8")
    edit(repo, ALPHA, "path: files/cutting-list.csv", f"path: files/{name}")
    assert _errors(repo) == [f"{ALPHA}:42: files[0].path: `files/{name}` would be served as a "
                             "web page of the site, where it could run scripts; publish it "
                             "inside a .zip, or as .txt"]


def test_an_svg_attachment_passes_the_drawing_rules(repo: Path) -> None:
    (repo / "kit/outils/schema.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm">\n'
        '<rect onload="alert(1)"/></svg>', encoding="utf-8")
    edit(repo, OUTIL, "path: suivi.csv", "path: schema.svg")
    assert _errors(repo) == ["kit/outils/schema.svg:2: rect.onload: event handlers (`onload`) "
                             "are not allowed in drawings; remove it"]


def test_a_kit_website_must_be_a_web_address(repo: Path) -> None:
    edit(repo, "kit/lieux/atelier-partiel.md", "machines: [welder]",
          "machines: [welder]\nwebsite: javascript:alert(1)")
    assert _errors(repo) == ["kit/lieux/atelier-partiel.md:6: website: `javascript:alert(1)`: "
                             "`javascript:` addresses are refused; a website starts with "
                             "https:// (or http://)"]
