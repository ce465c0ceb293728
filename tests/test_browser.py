"""The built site in a real browser: Debian's Chromium driven by Playwright.

The `server`, `browser` and `page` fixtures are in conftest.py (tests/browsing.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser


def search(page: Page, query: str, expected: str) -> Locator:
    """Type a query in the site search until the result shows up.

    The search index loads in a web worker after the page; a query typed before it
    is ready gets no answer, so type again (bounded) rather than sleep.
    """
    page.keyboard.press("/")
    field = page.locator("input.md-search__input")
    result = page.locator(".md-search-result__item").filter(has_text=expected)
    for _attempt in range(20):
        field.fill("")
        field.press_sequentially(query)
        try:
            result.first.wait_for(timeout=1000)
            return result
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no search result {expected!r} for {query!r}")


def test_search_finds_a_plan_by_a_bom_part_name(page: Page, server: str) -> None:
    page.goto(server)
    result = search(page, "hydraulique", "Presse alpha")
    assert "plans/alpha-press/" in result.first.locator("a").first.get_attribute("href")


def test_catalog_filter_narrows_the_list(page: Page, server: str) -> None:
    page.goto(server + "plans/")
    cards = page.locator("#rk-plans > li")
    visible = page.locator("#rk-plans > li:visible")
    assert cards.count() == 2
    assert visible.count() == 2
    page.get_by_label("Matière", exact=True).select_option("cotton")
    assert visible.count() == 1
    assert "Presse alpha" in visible.first.inner_text()
    count = page.locator("#rk-plans-count").inner_text()
    assert count == "1 plan affiché sur 2"
    page.get_by_label("Statut", exact=True).select_option("concept")
    assert visible.count() == 0
    assert page.locator("#rk-plans-empty").is_visible()
    page.get_by_role("button", name="Réinitialiser les filtres").click()
    page.wait_for_function("document.querySelectorAll('#rk-plans > li:not([hidden])').length == 2")


def test_catalog_count_follows_the_language_plural_rules(page: Page, server: str) -> None:
    """French agrees with the plans shown, English and Dutch with the total."""
    page.goto(server + "plans/")
    assert page.locator("#rk-plans-count").inner_text() == "2 plans affichés sur 2"
    page.goto(server + "en/plans/")
    page.get_by_label("Material", exact=True).select_option("cotton")
    assert page.locator("#rk-plans-count").inner_text() == "1 of 2 plans shown"
    page.get_by_label("Status", exact=True).select_option("concept")
    assert page.locator("#rk-plans-count").inner_text() == "0 of 2 plans shown"


def test_catalog_filters_are_keyboard_usable(page: Page, server: str) -> None:
    page.goto(server + "plans/")
    select = page.get_by_label("Difficulté maximale")
    select.focus()
    page.keyboard.press("ArrowDown")  # "1 – hand tools only"
    page.wait_for_function("document.querySelectorAll('#rk-plans > li:not([hidden])').length == 1")
    assert "Moule bêta" in page.locator("#rk-plans > li:visible").first.inner_text()


def test_download_link_gives_the_file_whose_sha256_the_page_shows(page: Page,
                                                                  server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    shown = page.locator(".rk-download code.rk-sha256").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le plan complet").click()
    download = info.value
    assert download.suggested_filename == "alpha-press-1.2.0.zip"
    data = Path(download.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == shown


def test_language_switcher_lands_on_the_same_plan(page: Page, server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/plans/alpha-press/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.inner_text() == "Alpha press"
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url("**/nl/plans/alpha-press/")
    assert "Stuklijst" in page.locator("#bom").inner_text()


def test_search_returns_results_in_the_page_language_only(page: Page, server: str) -> None:
    page.goto(server + "en/")
    result = search(page, "hydraulique", "Alpha press")
    hrefs = [link.get_attribute("href") or "" for link in
             page.locator(".md-search-result__item > a").all()]
    assert hrefs and all("/en/" in href for href in hrefs), hrefs
    assert "/en/plans/alpha-press/" in (result.first.locator("a").first.get_attribute("href")
                                        or "")


def test_search_shows_five_results_then_more_on_demand(page: Page, server: str) -> None:
    """Each result's text is fetched on its own: five first, the next five on demand."""
    page.goto(server)
    search(page, "atelier", "")
    more = page.locator(".rk-search-more button")
    more.wait_for()
    assert page.locator(".md-search-result__link").count() == 5
    more.click()
    page.wait_for_function("document.querySelectorAll('.md-search-result__link').length > 5")
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")


ALPHA = "Presse alpha <b>forte</b>"  # its title, escaped: shown as written


def _titles(page: Page) -> list[str]:
    """The catalogue's visible cards, by title, in the order they show."""
    titles = page.locator("#rk-plans > li:visible h2")
    return [title.strip() for title in titles.all_inner_texts()]


def test_catalog_sorts_by_cost_build_time_difficulty_and_update(page: Page,
                                                                server: str) -> None:
    page.goto(server + "plans/")
    sort = page.get_by_label("Trier par")
    assert _titles(page) == ["Moule bêta", ALPHA]  # by name
    sort.select_option("updated")  # newest first
    assert _titles(page) == [ALPHA, "Moule bêta"]
    sort.select_option("cost")  # 20,00 € before 41,30 €
    assert _titles(page) == ["Moule bêta", ALPHA]
    sort.select_option("time")  # a plan without a build time comes last
    assert _titles(page) == [ALPHA, "Moule bêta"]
    sort.select_option("difficulty")
    assert _titles(page) == ["Moule bêta", ALPHA]
    assert page.url.endswith("plans/?sort=difficulty")


def test_catalog_text_filter_searches_titles_and_summaries(page: Page, server: str) -> None:
    page.goto(server + "plans/")
    field = page.get_by_label("Rechercher (titre, résumé)")
    field.fill("PRESSE")
    assert _titles(page) == [ALPHA]
    assert page.locator("#rk-plans-count").inner_text() == "1 plan affiché sur 2"
    field.fill("couverte")  # in the mould's summary only
    assert _titles(page) == ["Moule bêta"]
    field.fill("beta moule")  # every word, accents or not
    assert _titles(page) == ["Moule bêta"]
    field.fill("soudure")  # not in a title or summary
    assert _titles(page) == []
    assert page.locator("#rk-plans-empty").is_visible()
    assert "q=soudure" in page.url


def test_a_shared_catalog_address_shows_the_same_view_and_back_restores(page: Page,
                                                                        server: str) -> None:
    page.goto(server + "plans/?status=concept&sort=cost")
    assert page.get_by_label("Statut", exact=True).input_value() == "concept"
    assert page.get_by_label("Trier par").input_value() == "cost"
    assert _titles(page) == ["Moule bêta"]
    page.get_by_label("Statut", exact=True).select_option("")
    assert _titles(page) == ["Moule bêta", ALPHA]
    assert page.url.endswith("plans/?sort=cost")
    page.go_back()
    page.wait_for_function("document.querySelectorAll('#rk-plans > li:not([hidden])').length == 1")
    assert page.get_by_label("Statut", exact=True).input_value() == "concept"
    assert page.locator("#rk-plans-count").inner_text() == "1 plan affiché sur 2"
    page.goto(server + "plans/?difficulty=9&tool=nope")  # values no option has: ignored
    assert len(_titles(page)) == 2


def test_a_place_page_links_the_plans_buildable_there(page: Page, server: str) -> None:
    page.goto(server + "kit/lieux/atelier-complet/")
    page.get_by_role("link", name="Voir les plans réalisables ici dans le catalogue").click()
    page.wait_for_url("**/plans/?place=lieux%2Fatelier-complet")
    place = page.get_by_label("Réalisable à")
    assert place.input_value() == "lieux/atelier-complet"
    assert len(_titles(page)) == 2  # it has every machine both plans need
    page.get_by_label("Difficulté maximale").select_option("1")
    assert _titles(page) == ["Moule bêta"]
    assert "place=lieux%2Fatelier-complet" in page.url and "difficulty=1" in page.url


def test_catalog_controls_fold_behind_one_labelled_control_on_a_phone(page: Page,
                                                                      server: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(server + "plans/")
    panel = page.locator("details.rk-filter-panel")
    assert panel.get_attribute("open") is None
    assert not page.get_by_label("Trier par").is_visible()
    assert page.locator("#rk-plans-count").is_visible()
    page.locator("summary", has_text="Filtrer et trier les plans").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Trier par").select_option("updated")
    assert _titles(page) == [ALPHA, "Moule bêta"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, width  # no sideways scrolling (WCAG 1.4.10)


def test_without_javascript_the_catalog_shows_every_card_and_no_control(
        browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "plans/?status=concept&sort=cost")
        assert _titles(page) == [ALPHA, "Moule bêta"]  # as built, every card
        assert not page.locator("form.rk-filters").is_visible()
        assert "Coût estimé : 20,00" in page.locator("#rk-plans").inner_text()
    finally:
        context.close()


def test_the_catalog_filters_apply_with_their_submit_button(page: Page, server: str) -> None:
    """A form with a submit button (H32): it applies the filters set, in the page, and
    the address follows; a changed control alone already applies its value."""
    page.goto(server + "plans/")
    page.evaluate("window.rkStayed = true")
    page.get_by_label("Statut", exact=True).evaluate(
        "select => { select.value = 'concept'; }")  # set without a change event
    assert len(_titles(page)) == 2
    page.get_by_role("button", name="Appliquer les filtres").click()
    assert _titles(page) == ["Moule bêta"]
    assert page.url.endswith("plans/?status=concept")
    assert page.evaluate("window.rkStayed === true")  # not a new page load
    page.goto(server + "en/kit/")
    assert page.get_by_role("button", name="Apply the filters").is_visible()


def test_the_search_submit_button_opens_the_first_result(page: Page, server: str) -> None:
    page.goto(server)
    result = search(page, "hydraulique", "Presse alpha")
    first = page.locator(".md-search-result__link").first.get_attribute("href") or ""
    assert result.count()
    page.get_by_role("button", name="Ouvrir le premier résultat").click()
    page.wait_for_url(f"**/{first.split('#')[0].lstrip('./')}**")
    assert "plans/alpha-press/" in page.url
