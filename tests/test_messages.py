"""Messages for content authors come from the catalogues, in French, Dutch or English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from buildsite import build
from sample import edit, make_project

from macros.cli.main import main
from macros.content.repository import load_site
from macros.i18n.catalogue import MissingMessage, load_catalogue, text
from macros.model.text import LANGUAGES
from macros.problems import Problem, Severity, sort_problems

PROJECT = Path(__file__).resolve().parent.parent
ALPHA = "plans/alpha-press/plan.yml"
BETA = "plans/beta-mould/plan.yml"
FICHE = "kit/fiches/fiche-essai.md"
FICHE_NL = "kit/fiches/fiche-essai.nl.md"
REPORT_KEY = re.compile(r"^(check|cli|problem)\.[a-z0-9_.]+$")
"""Keys of the messages for content authors (the others are the site's interface)."""


def _break(repo: Path) -> list[Problem]:
    """The sample with one problem of each kind; its problems, notes left out."""
    edit(repo, ALPHA, "licence: CERN-OHL-S-2.0\n", "")
    edit(repo, ALPHA, "difficulty: 3", "difficulty: 9\ndificulty: 2")
    edit(repo, ALPHA, "tools: [welder, drill-press]", "tools: [welder, dril-press]")
    edit(repo, BETA, "parts: bom.csv", "parts: ../alpha-press/bom.csv")
    edit(repo, FICHE_NL, "translated_from: 2026-11-02", "translated_from: 2026-10-01")
    (repo / "kit/terminology.yml").write_text(
        "rules:\n  - term: formation\n    lang: fr\n    suggest: [accompagnement, atelier]\n"
        "    reason: Règles FEDER\n", encoding="utf-8")
    fiche = repo / FICHE
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\nNotre formation commence lundi.\n",
                     encoding="utf-8")
    site, problems = load_site(repo)
    assert site is None
    return sort_problems([p for p in problems if p.severity is not Severity.INFO])


EXPECTED = {
    "fr": [
        f"{FICHE}:14: terminology: avertissement: « formation » : dites plutôt "
        "« accompagnement », « atelier » (Règles FEDER) ; si cet usage est légitime (un nom "
        "propre, une citation), ajoutez `allow_terms: [formation]` à l'en-tête",
        f"{FICHE_NL}:4: translated_from: avertissement: cette traduction en néerlandais a été "
        "faite à partir de 2026-10-01 mais l'original français en est à 2026-11-02 ; mettez la "
        "traduction à jour, puis indiquez `translated_from: 2026-11-02`",
        f"{ALPHA}:1: licence: champ obligatoire manquant ; ajoutez `licence: …`",
        f"{ALPHA}:8: difficulty: doit valoir au plus 5, reçu `9`",
        f"{ALPHA}:9: dificulty: avertissement: champ inconnu, ignoré ; vouliez-vous dire "
        "`difficulty` ?",
        f"{ALPHA}:14: tools[1]: identifiant `dril-press` inconnu dans la catégorie tools ; "
        "vouliez-vous dire `drill-press` ? (les identifiants connus sont dans "
        "kit/vocabulary.yml)",
        f"{BETA}:15: bom.parts: `../alpha-press/bom.csv` remonte avec `..` ; il doit rester "
        "dans le dossier du plan",
    ],
    "nl": [
        f"{FICHE}:14: terminology: waarschuwing: « formation »: zeg liever « accompagnement », "
        "« atelier » (Règles FEDER); als dit gebruik terecht is (een eigennaam, een citaat), "
        "voeg dan `allow_terms: [formation]` toe aan de front matter",
        f"{FICHE_NL}:4: translated_from: waarschuwing: deze vertaling in het Nederlands is "
        "gemaakt van 2026-10-01 maar het Franse origineel staat nu op 2026-11-02; werk de "
        "vertaling bij en zet dan `translated_from: 2026-11-02`",
        f"{ALPHA}:1: licence: verplicht veld ontbreekt; voeg `licence: …` toe",
        f"{ALPHA}:8: difficulty: mag hoogstens 5 zijn, maar is `9`",
        f"{ALPHA}:9: dificulty: waarschuwing: onbekend veld, genegeerd; bedoelt u `difficulty`?",
        f"{ALPHA}:14: tools[1]: onbekende id `dril-press` in de categorie tools; bedoelt u "
        "`drill-press`? (de bekende id's staan in kit/vocabulary.yml)",
        f"{BETA}:15: bom.parts: `../alpha-press/bom.csv` gaat omhoog met `..`; het moet binnen "
        "de map van het plan blijven",
    ],
}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_same_problems_read_in_french_and_dutch(repo: Path, lang: str) -> None:
    assert [p.format(lang) for p in _break(repo)] == EXPECTED[lang]


def test_english_stays_the_default_and_the_message(repo: Path) -> None:
    problems = _break(repo)
    assert [p.format() for p in problems] == [p.format("en") for p in problems]
    assert problems[3].format() == f"{ALPHA}:8: difficulty: must be at most 5, got `9`"
    assert all(p.message in p.format() for p in problems)


def test_every_problem_has_a_catalogue_key(repo: Path) -> None:
    edit(repo, ALPHA, "  en: 1.2.0", "  en: 1.0.0")  # a stale plan translation too
    problems = _break(repo) + load_site(repo)[1]
    assert problems
    for problem in problems:
        assert REPORT_KEY.match(problem.key), problem
        assert problem.text().in_language("en") == problem.message


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_speaks_the_language_asked_for(repo: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, ALPHA, "  en: 1.2.0", "  en: 1.0.0")
    code, out, err = _check(capsys, "--root", str(repo), "--lang", "fr", "check")
    assert code == 0
    assert out == (
        f"{ALPHA}:45: translations.en: avertissement: la traduction en anglais a été faite à "
        "partir de la version 1.0.0 mais le plan en est à la version 1.2.0 ; mettez à jour "
        "README.en.md et les textes `en`, puis indiquez `translations.en: 1.2.0`\n")
    assert err == "0 erreur, 1 avertissement, 14 notes (listez-les avec --notes)\n"
    monkeypatch.setenv("REPRODUCE_LANG", "nl")
    assert _check(capsys, "--root", str(repo), "check")[2] == (
        "0 fouten, 1 waarschuwing, 14 opmerkingen (toon ze met --notes)\n")
    assert _check(capsys, "--root", str(repo), "--lang", "en", "check")[2] == (
        "0 errors, 1 warning, 14 notes (list them with --notes)\n")


def test_cli_refusals_are_translated(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _check(capsys, "--root", str(repo), "--lang", "fr", "new", "plan",
                          "Presse")
    assert code == 2
    assert err == ("reproduce: `Presse` n'est pas un identifiant de plan valide : utilisez des "
                   "minuscules, des chiffres et des tirets simples, comme `hollander-beater`\n")
    code, _, err = _check(capsys, "--root", str(repo), "--lang", "nl", "bundle", "beta-mold",
                          "--out", str(repo / "out"))
    assert code == 2
    assert err == "reproduce: geen plan `beta-mold`; bedoelt u `beta-mould`?\n"


def _keys_in_code() -> dict[str, str]:
    """Every string literal of `macros/` shaped like a report key, with where it is."""
    found = {}
    for path in sorted((PROJECT / "macros").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and REPORT_KEY.match(node.value):
                found[node.value] = f"{path.relative_to(PROJECT)}:{node.lineno}"
    return found


def test_every_key_in_the_code_is_in_every_catalogue() -> None:
    used = _keys_in_code()
    assert len(used) > 150
    for lang in LANGUAGES:
        missing = {key: where for key, where in used.items() if key not in load_catalogue(lang)}
        assert missing == {}, lang


def test_every_report_key_of_the_catalogues_is_used() -> None:
    """No message left behind when the code stops using it (severity words are looked up
    from the severity: `problem.warning`, `problem.info`)."""
    used = set(_keys_in_code()) | {f"problem.{s.value}" for s in Severity
                                   if s is not Severity.ERROR}
    keys = {key for key in load_catalogue("en") if REPORT_KEY.match(key)}
    assert keys - used == set()


def test_an_unknown_key_is_refused_when_the_message_is_made() -> None:
    with pytest.raises(MissingMessage):
        text("check.no_such_message")


def test_problems_are_made_only_from_catalogue_keys() -> None:
    """`Problem(…)` is called in one place, the `problem` helper that takes a key."""
    calls = []
    for path in sorted((PROJECT / "macros").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "Problem":
                calls.append(f"{path.relative_to(PROJECT).as_posix()}:{node.lineno}")
    assert [call.split(":")[0] for call in calls] == ["macros/problems.py"]


def test_the_build_refuses_in_the_language_of_reproduce_lang(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "broken")
    edit(root, ALPHA, "difficulty: 3", "difficulty: 9")
    monkeypatch.setenv("REPRODUCE_LANG", "fr")
    result = build(root)
    assert result.returncode != 0
    assert ("le contenu a des erreurs ; corrigez-les (`reproduce check` donne la même liste) :\n"
            f"{ALPHA}:9: difficulty: doit valoir au plus 5, reçu `9`") in result.output
