"""The site in French, Dutch and English: pages, notices, catalogues, staleness."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel import Locale
from buildsite import BuildResult, between, build, text_of
from sample import make_project

from macros.content.repository import load_site
from macros.i18n.catalogue import Message, Messages, Plural, load_catalogue
from macros.i18n.formatting import locale_of
from macros.model.text import LANGUAGES
from macros.problems import Severity


def _forms(message: Message) -> list[str]:
    return list(message.forms.values()) if isinstance(message, Plural) else [message]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_has_every_key_with_the_same_placeholders() -> None:
    catalogues = {lang: load_catalogue(lang) for lang in LANGUAGES}
    keys = set(catalogues["fr"])
    for lang, messages in catalogues.items():
        assert set(messages) == keys, (lang, set(messages) ^ keys)
        for key, message in messages.items():
            french = _fields(_forms(catalogues["fr"][key])[-1])
            for text in _forms(message):
                assert text.strip(), (lang, key)
                assert _fields(text) == french, (lang, key)


def test_plural_messages_have_the_forms_the_language_uses() -> None:
    """A message with a count has a form for each plural category the language's rules
    give (French `many`, for round millions, may read as `other`), and its number is one
    of its placeholders."""
    for lang in LANGUAGES:
        categories = set(Locale.parse(locale_of(lang)).plural_form.tags) - {"many"}
        for key, message in load_catalogue(lang).items():
            if isinstance(message, Plural):
                assert categories | {"other"} <= set(message.forms), (lang, key)
                assert message.by in _fields(message.forms["other"]), (lang, key)


@pytest.mark.parametrize(("lang", "counts", "expected"), [
    ("fr", (0, 1, 2), ["0 plan de machine", "1 plan de machine", "2 plans de machines"]),
    ("nl", (0, 1, 2), ["0 machineplannen", "1 machineplan", "2 machineplannen"]),
    ("en", (0, 1, 2), ["0 machine plans", "1 machine plan", "2 machine plans"]),
])
def test_counts_follow_the_language_plural_rules(lang: str, counts: tuple[int, ...],
                                                 expected: list[str]) -> None:
    t = Messages(lang)
    assert [t("home.plans_count", count=n) for n in counts] == expected


def test_a_plural_message_agrees_with_the_number_it_names() -> None:
    """French agrees with the plans shown, English with the total."""
    assert Messages("fr")("catalog.count", shown=1, total=4) == "1 plan affiché sur 4"
    assert Messages("fr")("catalog.count", shown=3, total=4) == "3 plans affichés sur 4"
    assert Messages("en")("catalog.count", shown=1, total=4) == "1 of 4 plans shown"
    assert Messages("en")("catalog.count", shown=1, total=1) == "1 of 1 plan shown"


@pytest.mark.parametrize(("url", "lang"), [("plans/alpha-press/", "fr"),
                                           ("nl/plans/alpha-press/", "nl"),
                                           ("en/plans/alpha-press/", "en")])
def test_html_lang_is_the_page_language(built: BuildResult, url: str, lang: str) -> None:
    assert re.search(rf'<html lang="{lang}"', built.page(url))


def test_interface_strings_and_numbers_follow_the_language(built: BuildResult) -> None:
    nl = text_of(built.page("nl/plans/alpha-press/"))
    assert "Stuklijst" in nl and "Veiligheid" in nl and "Risiconiveau: hoog" in nl
    assert "€ 39,90" in nl
    en = text_of(built.page("en/plans/alpha-press/"))
    assert "Bill of materials" in en and "Risk level: high" in en
    assert "€39.90" in en
    assert "Prices noted on 1 November 2026." in en


def test_translated_fields_and_guide_are_used(built: BuildResult) -> None:
    en = built.page("en/plans/alpha-press/")
    assert '<h1 id="plan-title">Alpha press</h1>' in en
    assert "Weld the frame." in en
    assert "rk-notice" not in en


def test_missing_translation_falls_back_to_french_with_a_notice(built: BuildResult) -> None:
    nl = built.page("nl/plans/alpha-press/")
    notice = text_of(between(nl, '<div class="admonition info rk-notice"', "</div>"))
    assert notice == "Vertaling Deze pagina bestaat nog niet in uw taal: ze wordt in het " \
        "Frans getoond."
    assert '<h1 id="plan-title" lang="fr">Presse alpha &lt;b&gt;forte&lt;/b&gt;</h1>' in nl
    assert re.search(r'<div lang="fr">\s*<p>Guide de la presse alpha.</p>', nl)


def test_kit_translation_sibling_is_used(built: BuildResult) -> None:
    nl = built.page("nl/kit/fiches/fiche-essai/")
    assert '<h1 id="doc-title">Testfiche</h1>' in nl
    assert "Tekst." in nl and "rk-notice" not in nl
    en = built.page("en/kit/fiches/fiche-essai/")
    assert "This page is not available in your language yet" in text_of(en)


def test_hand_written_page_without_translation_gets_the_notice(built: BuildResult) -> None:
    en = built.page("en/seulement-en-francais/")
    assert "This page is not available in your language yet" in text_of(en)
    assert "Cette page n'a pas de traduction." in en


def test_links_stay_in_the_language_and_downloads_are_shared(built: BuildResult) -> None:
    nl = built.page("nl/plans/alpha-press/")
    assert '<a href="../../../nl/kit/lieux/atelier-complet/">' in nl
    bundle = re.search(r'href="([^"]+alpha-press-1\.2\.0\.zip)"', nl)
    french = re.search(r'href="([^"]+alpha-press-1\.2\.0\.zip)"', built.page("plans/alpha-press/"))
    assert bundle and french
    nl_target = (built.site / "nl/plans/alpha-press" / bundle.group(1)).resolve()
    fr_target = (built.site / "plans/alpha-press" / french.group(1)).resolve()
    assert nl_target == fr_target and nl_target.is_file()
    assert not list((built.site / "nl").rglob("*.zip"))


def test_language_switcher_points_to_the_same_page(built: BuildResult) -> None:
    nl = built.page("nl/plans/alpha-press/")
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(fr|nl|en)"', nl))
    assert {lang: href for href, lang in links.items()} == {
        "fr": "../../../plans/alpha-press/",
        "nl": "./",
        "en": "../../../en/plans/alpha-press/",
    }


SITE = "https://reproduce-brussels.github.io/reproduce-kit/"
HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')


def _head_alternates(page: str) -> list[tuple[str, str]]:
    return [(lang, href) for href, lang in HEAD_ALTERNATE.findall(between(page, "<head>",
                                                                           "</head>"))]


@pytest.mark.parametrize("url", ["plans/alpha-press/", "nl/plans/alpha-press/",
                                 "en/plans/alpha-press/"])
def test_head_alternates_are_absolute_and_name_the_real_translations(
        built: BuildResult, url: str) -> None:
    # alpha-press has a French and an English guide; its Dutch page stands in with the
    # French text, so it is not announced as a Dutch version.
    assert _head_alternates(built.page(url)) == [
        ("fr", SITE + "plans/alpha-press/"),
        ("en", SITE + "en/plans/alpha-press/"),
        ("x-default", SITE + "plans/alpha-press/"),
    ]


def test_head_alternates_of_home_kit_and_untranslated_pages(built: BuildResult) -> None:
    assert _head_alternates(built.page("nl/")) == [
        ("fr", SITE), ("nl", SITE + "nl/"), ("en", SITE + "en/"), ("x-default", SITE)]
    assert _head_alternates(built.page("kit/fiches/fiche-essai/")) == [
        ("fr", SITE + "kit/fiches/fiche-essai/"), ("nl", SITE + "nl/kit/fiches/fiche-essai/"),
        ("x-default", SITE + "kit/fiches/fiche-essai/")]
    assert _head_alternates(built.page("en/seulement-en-francais/")) == [
        ("fr", SITE + "seulement-en-francais/"), ("x-default", SITE + "seulement-en-francais/")]
    assert _head_alternates((built.site / "404.html").read_text(encoding="utf-8")) == []


def _stale_project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "stale")
    plan = root / "plans/alpha-press/plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  en: 1.2.0", "  en: 1.0.0"),
                    encoding="utf-8")
    fiche = root / "kit/fiches/fiche-essai.nl.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace(
        "translated_from: 2026-11-02", "translated_from: 2026-10-01"), encoding="utf-8")
    return root


def test_stale_translations_are_check_warnings(tmp_path: Path) -> None:
    root = _stale_project(tmp_path)
    _site, problems = load_site(root)
    warnings = sorted(p.format() for p in problems if p.severity is Severity.WARNING)
    assert warnings == [
        "kit/fiches/fiche-essai.nl.md:4: translated_from: warning: this Dutch translation was "
        "made from 2026-10-01 but the French original is now at 2026-11-02; update the "
        "translation, then set `translated_from: 2026-11-02`",
        "plans/alpha-press/plan.yml:45: translations.en: warning: the English translation was "
        "made from 1.0.0 but the plan is now at 1.2.0; update README.en.md and the `en` texts, "
        "then set `translations.en: 1.2.0`",
    ]
    notes = [p for p in problems if p.severity is Severity.INFO]
    assert "plans/alpha-press/plan.yml:1: translations: info: no Dutch translation yet " \
        "(README.nl.md); the Dutch page shows the French text with a notice" in [
            p.format() for p in notes]


def test_stale_translation_shows_a_notice_on_the_page(tmp_path: Path) -> None:
    result = build(_stale_project(tmp_path))
    assert result.returncode == 0, result.output
    en = result.page("en/plans/alpha-press/")
    notice = between(en, '<div class="admonition warning rk-notice"', "</div>")
    assert ("This translation was made from version 1.0.0 of the original; the original is "
            "now at version 1.2.0 and may have changed since.") in text_of(notice)
    assert 'href="../../../plans/alpha-press/" hreflang="fr"' in notice
    nl = result.page("nl/kit/fiches/fiche-essai/")
    assert "Deze vertaling werd gemaakt op basis van versie 2026-10-01" in text_of(nl)


def test_french_items_on_translated_pages_are_marked_french(built: BuildResult) -> None:
    en = built.page("en/plans/alpha-press/")
    assert '<th scope="row" id="rkb-2"><span lang="fr">Cric hydraulique 4 t</span></th>' \
        in en
    assert '<li><span lang="fr">Gants de protection</span></li>' in en
    catalog = built.page("en/plans/")
    assert '<a href="beta-mould/"><span lang="fr">Moule bêta</span></a>' in catalog
    assert '<a href="alpha-press/">Alpha press</a>' in catalog
    assert '<span lang="fr">' not in built.page("plans/alpha-press/")
