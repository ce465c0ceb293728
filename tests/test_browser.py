"""The built site in a real browser: Debian's Chromium driven by Playwright.

The `server`, `browser` and `page` fixtures are in conftest.py (tests/browsing.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page
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
