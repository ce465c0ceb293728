"""WCAG 2.1 A and AA: axe-core on every page of the sample site, keyboard access.

axe-core runs offline: axe-playwright-python ships axe.min.js, which is injected into
each page. Every page is checked in French, Dutch and English, loaded 1,280 px wide
and then narrowed to 375 px; the states that exist only after an action (search and
menu open) are checked too. Manual checks axe cannot make (the focus is never on
something hidden, the theme's header buttons work with the keyboard, wide tables
scroll with it) are tests here as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from posixpath import normpath
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import LANGS, pages_of, prefix, scrolls_by_keyboard
from buildsite import BuildResult
from playwright.sync_api import Browser, BrowserContext, Page, Route, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS: dict[str, Any] = {"runOnly": {"type": "tag", "values": WCAG_TAGS},
                               "resultTypes": ["violations"]}
WIDE: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": 375, "height": 800}
SITE_PATH = "/reproduce-kit/"  # the path of site_url: the 404 page's links start with it
# Statement and privacy page titles in the navigation (mkdocs.yml nav_translations).
FOOTER_LINKS = {"fr": ("Accessibilité", "Vie privée"), "nl": ("Toegankelijkheid", "Privacy"),
                "en": ("Accessibility", "Privacy")}
SEARCH_DIALOG = {"fr": "Recherche", "nl": "Zoeken", "en": "Search"}


def rendered(page: Page) -> None:
    """Wait until the page has rendered twice: resize observers and layout have run."""
    page.evaluate("() => new Promise(done => requestAnimationFrame("
                  "() => requestAnimationFrame(done)))")


def settled(page: Page) -> None:
    """Wait until no transition or animation runs (a menu sliding, a dialog fading)."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    rendered(page)


def violations(page: Page, where: str) -> list[str]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now, one line per element."""
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [f"{where}: {rule['id']} ({rule['impact']}) {' '.join(map(str, node['target']))}: "
            + " ".join(node.get("failureSummary", "").split())
            for rule in result["violations"] for node in rule["nodes"]]


@pytest.fixture(scope="module")
def axe_context(browser: Browser, server: str) -> Iterator[BrowserContext]:
    """One context for the module (its cache is reused), with axe in every page.

    Reduced motion, as a reader may ask: the theme then runs no transition, so axe
    always sees a finished state (not a colour halfway through a fade)."""
    context = browser.new_context(viewport=WIDE, reduced_motion="reduce")
    context.add_init_script(Axe().axe_script)

    def unprefix(route: Route) -> None:
        route.continue_(url=route.request.url.replace(SITE_PATH, "/", 1))

    context.route(re.compile(re.escape(server.rstrip("/") + SITE_PATH)), unprefix)
    yield context
    context.close()


@pytest.fixture
def axe_page(axe_context: BrowserContext) -> Iterator[Page]:
    page = axe_context.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_axe_wide_and_narrow(lang: str, built: BuildResult, server: str,
                                                axe_page: Page) -> None:
    addresses = pages_of(built.site, lang)
    assert f"{prefix(lang)}plans/alpha-press/" in addresses
    assert f"{prefix(lang)}accessibilite/" in addresses
    found = []
    for address in addresses:
        axe_page.set_viewport_size(WIDE)
        axe_page.goto(server + address)
        found += violations(axe_page, f"{address or '/'} at {WIDE['width']} px")
        axe_page.set_viewport_size(NARROW)
        rendered(axe_page)
        found += violations(axe_page, f"{address or '/'} at {NARROW['width']} px")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_open_search_and_open_menu_pass_axe(lang: str, server: str, axe_page: Page) -> None:
    found = []
    for viewport in (WIDE, NARROW):
        axe_page.set_viewport_size(viewport)
        axe_page.goto(server + prefix(lang) + "plans/")
        axe_page.keyboard.press("/")
        axe_page.keyboard.type("presse")
        axe_page.locator(".md-search-result__item").first.wait_for()
        dialog = axe_page.get_by_role("dialog", name=SEARCH_DIALOG[lang])
        assert dialog.get_by_role("status").inner_text().strip()  # "2 documents trouvés"
        settled(axe_page)
        found += violations(axe_page, f"{lang} search open at {viewport['width']} px")
    axe_page.keyboard.press("Escape")
    axe_page.locator('.md-header [data-rk-for="__drawer"]').click()
    assert axe_page.locator("#__drawer").is_checked()  # a pointer opens it too
    settled(axe_page)
    found += violations(axe_page, f"{lang} menu open at {NARROW['width']} px")
    assert found == [], "\n".join(found)


FOCUS_SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return true;
  const box = e.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || getComputedStyle(e).visibility !== 'visible')
    return false;
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return !!top && (top === e || e.contains(top) || top.contains(e));
}"""
NEXT_STOP = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  if (e.hasAttribute('data-tab-stop')) return 'again';
  e.setAttribute('data-tab-stop', '');
  const name = e.getAttribute('aria-label') || e.textContent || '';
  return `${e.tagName.toLowerCase()}.${e.classList[0] || ''} ${name.trim().slice(0, 60)}`;
}"""


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_tab_never_lands_on_something_hidden(viewport: ViewportSize, page: Page,
                                             server: str) -> None:
    """Tab through a plan page, typing a query on the way: each stop shows, on top."""
    page.set_viewport_size(viewport)
    page.goto(server + "plans/alpha-press/")
    stops: list[str] = []
    while len(stops) < 150:
        page.keyboard.press("Tab")
        stop = page.evaluate(NEXT_STOP)
        if stop in (None, "again"):
            break
        stops.append(stop)
        if "md-search__input" in stop:
            page.keyboard.type("presse")  # then tab out of the search and its results
            page.locator(".md-search-result__item").first.wait_for()
        try:
            page.wait_for_function(FOCUS_SHOWN, timeout=3000)
        except PlaywrightTimeout:
            pytest.fail(f"focus hidden on stop {len(stops)}: {stop}")
    # The theme closes the search on Tab: the next stop is after it, not its results.
    assert any("md-search__input" in stop for stop in stops), stops
    assert not any("md-search__scrollwrap" in stop for stop in stops), stops
    assert any("Télécharger le plan complet" in stop for stop in stops), stops


def test_narrow_menu_and_search_buttons_work_with_the_keyboard(page: Page,
                                                              server: str) -> None:
    page.set_viewport_size(NARROW)
    page.goto(server + "plans/")
    menu = page.get_by_role("button", name="Menu de navigation")
    assert menu.evaluate("e => e.tagName") == "BUTTON"  # a real button in the tab order,
    assert page.locator("label[role]").count() == 0  # and no label given a button role
    assert menu.get_attribute("aria-expanded") == "false"
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.evaluate("box => getComputedStyle(box).visibility") == "hidden"
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')")
    settled(page)
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("button => button === document.activeElement")
    settled(page)
    assert drawer.evaluate("box => getComputedStyle(box).visibility") == "hidden"

    search = page.get_by_role("button", name="Rechercher")
    assert search.evaluate("e => e.tagName") == "BUTTON"
    search.focus()
    page.keyboard.press(" ")
    page.wait_for_function("document.activeElement.matches('input.md-search__input')")
    assert search.get_attribute("aria-expanded") == "true"


WIDE_TABLE = ("<table><thead><tr><th>Matière_première_recyclée</th>"
              "<th>Fournisseur_bruxellois_de_réemploi</th></tr></thead><tbody><tr>"
              "<td>Chutes_de_lin_et_de_chanvre</td><td>Ressourcerie_du_quartier_nord</td>"
              "</tr></tbody></table>")


def test_a_wide_markdown_table_scrolls_with_the_keyboard(page: Page, server: str) -> None:
    """Material's tables in hand-written pages: focusable and named when they overflow."""

    def with_table(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response,
                      body=response.text().replace("</article>", WIDE_TABLE + "</article>"))

    page.route(server + "vie-privee/", with_table)
    page.set_viewport_size(NARROW)
    page.goto(server + "vie-privee/")
    scrolls_by_keyboard(page, page.get_by_role("region", name="Tableau défilant horizontalement"),
                        ".md-typeset__scrollwrap")
    page.evaluate(Axe().axe_script)
    assert violations(page, "vie-privee/ with a wide table") == []
    page.set_viewport_size(WIDE)
    page.wait_for_function("!document.querySelector('.md-typeset__scrollwrap')"
                           ".hasAttribute('tabindex')")


def test_plan_components_are_named_and_say_their_meaning_in_words(page: Page,
                                                                  server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    bom = page.get_by_role("region", name="Nomenclature")
    assert bom.get_attribute("tabindex") == "0"
    assert bom.locator("caption").inner_text().startswith("Liste des pièces")
    assert bom.get_by_role("columnheader", name="Prix unitaire").count() == 1
    assert "prix inconnu" in bom.inner_text()  # an unpriced part is said, not coloured
    safety = page.get_by_role("complementary", name="Sécurité")
    assert "Niveau de risque : élevé" in " ".join((safety.text_content() or "").split())
    strip = page.locator("dl.rk-key-facts")
    assert strip.get_attribute("aria-label") == "L'essentiel"
    status = strip.locator("div").filter(has=page.locator("[class*='rk-status-']"))
    assert status.locator("dt").text_content() == "Statut"  # the visible term says it,
    assert status.locator("dd").text_content() == "Prototype"  # so no hidden "Statut :"
    download = page.get_by_role("link", name=re.compile(
        r"^Télécharger le plan complet \(alpha-press-1\.2\.0\.zip, [\d,]+\s?ko\)$"))
    assert download.count() == 1


class _Links(HTMLParser):
    """The links inside the footer's <nav class="rk-footer-links">."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "nav" and "rk-footer-links" in (attributes.get("class") or ""):
            self.depth = 1
        elif tag == "nav" and self.depth:
            self.depth += 1
        elif tag == "a" and self.depth:
            self._href = attributes.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._href is not None and data.strip():
            self.links.append((self._href, data.strip()))
            self._href = None


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_the_statement_and_privacy_page_in_its_language(
        lang: str, built: BuildResult) -> None:
    expected = [(f"{prefix(lang)}accessibilite/", FOOTER_LINKS[lang][0]),
                (f"{prefix(lang)}vie-privee/", FOOTER_LINKS[lang][1])]
    for address in pages_of(built.site, lang):
        if address.endswith(".html"):
            continue  # 404.html: its links are absolute, under site_url's path
        parser = _Links()
        parser.feed((built.site / address / "index.html").read_text(encoding="utf-8"))
        resolved = [(normpath(f"{address}{href}") + "/", text) for href, text in parser.links]
        assert resolved == expected, address


STATEMENT_SECTIONS = {
    "fr": ("partiellement conforme", "Contenu non accessible",
           "Établissement de cette déclaration", "Retour d'information et coordonnées",
           "Procédure de mise en œuvre",
           "[adresse de contact à compléter par l'éditeur du site]"),
    "nl": ("gedeeltelijk conform", "Niet-toegankelijke inhoud",
           "Opstelling van deze verklaring", "Feedback en contactgegevens",
           "Handhavingsprocedure", "[contactadres in te vullen door de uitgever van de site]"),
    "en": ("partially compliant", "Non-accessible content",
           "Preparation of this statement", "Feedback and contact information",
           "Enforcement procedure", "[contact address to be filled in by the site's publisher]"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_follows_the_eu_model_without_invented_contacts(
        lang: str, built: BuildResult) -> None:
    page = built.page(f"{prefix(lang)}accessibilite/")
    article = page[page.index("<article"):page.index("</article>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", article).replace("&#x27;", "'").split())
    for section in STATEMENT_SECTIONS[lang]:
        assert section in text, section
    assert "mailto:" not in article and "tel:" not in article
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text)  # no e-mail address was made up
    assert f'<html lang="{lang}"' in page
