"""Keyboard-only journeys through the built site, as an auditor walks them.

Only keys: Tab, Shift+Tab, Enter, arrows and typing, never a click. At every stop
the focus must show (an outline or a box shadow, and where the ring's colour and
the background behind it can be read, at least 3:1 between them, WCAG 1.4.11 and
2.4.7), Tab must move on and Shift+Tab come back (no trap, 2.1.2), and the first
Tab reaches the skip link, which takes the focus to the page's title (2.4.1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import serve
from buildsite import build
from playwright.sync_api import Browser, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sample import edit, make_project

pytestmark = pytest.mark.browser

MAX_STOPS = 120
FOCUS_RING = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const rgba = text => {
    const m = (text || '').match(/[\\d.]+/g);
    if (!m) return null;
    return {r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1};
  };
  const lum = ({r, g, b}) => [r, g, b].map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = element => {
    for (let n = element; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow !== 'none';
  let contrast = null;
  const ring = rgba(s.outlineColor);
  if (outline && ring && ring.a > 0.5) {
    const ground = behind(parseFloat(s.outlineOffset) < 0 ? e : (e.parentElement || e));
    const [hi, lo] = [lum(ring), lum(ground)].sort((x, y) => y - x);
    contrast = (hi + 0.05) / (lo + 0.05);
  }
  const box = e.getBoundingClientRect();
  const name = (e.getAttribute('aria-label') || e.textContent || '').trim()
    .replace(/\\s+/g, ' ').slice(0, 60);
  return {where: `${e.tagName.toLowerCase()}.${e.classList[0] || ''} "${name}"`,
          shown: outline || shadow, contrast,
          onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""


def settled(page: Page) -> None:
    """Wait until no transition runs (the search opening, a menu sliding) and the
    page has rendered: the ring is read on the finished state."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    page.evaluate("() => new Promise(done => requestAnimationFrame("
                  "() => requestAnimationFrame(done)))")


def focus_shown(page: Page) -> dict[str, Any] | None:
    """The focused element's ring, asserted visible, contrasted and on screen; None
    on the page's body (the focus has left the page's last stop)."""
    settled(page)
    ring: dict[str, Any] | None = page.evaluate(FOCUS_RING)
    if ring is None:
        return None
    assert ring["shown"], f"no focus indicator on {ring['where']}"
    assert ring["contrast"] is None or ring["contrast"] >= 3, (
        f"focus ring {ring['contrast']:.2f}:1 on {ring['where']}")
    assert ring["onScreen"], f"focus off screen on {ring['where']}"
    return ring


def is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("e => e === document.activeElement"))


def tab_to(page: Page, target: Locator, shift: bool = False) -> list[str]:
    """Tab (or Shift+Tab) until `target` has the focus, checking the ring at every
    stop and that each press moves the focus; the stops on the way."""
    stops: list[str] = []
    for _ in range(MAX_STOPS):
        before = page.evaluate_handle("document.activeElement")
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        moved = page.evaluate("e => e !== document.activeElement", before)
        before.dispose()
        ring = focus_shown(page)
        if ring is not None:
            stops.append(ring["where"])
        assert moved, f"focus stuck on {stops[-1] if stops else 'the page'}"
        if is_focused(target):
            return stops
    raise AssertionError(f"{target} not reached by keyboard; stops: {stops}")


def no_trap_at(page: Page, here: Locator) -> None:
    """From the focused `here`, Tab moves on and Shift+Tab comes back."""
    assert is_focused(here)
    page.keyboard.press("Tab")
    focus_shown(page)
    assert not is_focused(here), "Tab did not leave the control"
    page.keyboard.press("Shift+Tab")
    focus_shown(page)
    assert is_focused(here), "Shift+Tab did not come back"


def skip_to_content(page: Page) -> None:
    """The first Tab reaches the visible skip link; Enter puts the focus on the
    page's title, in view, and the next Tab goes on after it (not back to the
    header)."""
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    assert is_focused(skip), page.evaluate("document.activeElement.outerHTML")
    focus_shown(page)
    page.keyboard.press("Enter")
    title = page.locator(".md-content__inner h1").first
    page.wait_for_function("document.activeElement.matches('.md-content__inner h1')")
    focus_shown(page)
    assert title.evaluate("e => { const b = e.getBoundingClientRect();"
                          " return b.top >= 0 && b.top < innerHeight; }")
    page.keyboard.press("Tab")
    focus_shown(page)
    assert title.evaluate("e => !!(e.compareDocumentPosition(document.activeElement)"
                          " & Node.DOCUMENT_POSITION_FOLLOWING)"), "Tab went back before the title"


PAGES = ["", "plans/", "plans/alpha-press/", "kit/", "kit/conventions/convention-essai/",
         "kit/lieux/atelier-complet/", "accessibilite/", "404.html"]


@pytest.mark.parametrize("address", PAGES, ids=lambda a: a or "home")
def test_skip_link_then_every_stop_shows_its_focus_and_tab_leaves_the_page(
        address: str, page: Page, server: str) -> None:
    """The whole tab order of each page type: a ring at each stop, and the last stop
    hands the focus back to the browser (no trap), Shift+Tab walking back."""
    page.route("**/reproduce-kit/**", lambda route: route.continue_(
        url=route.request.url.replace("/reproduce-kit/", "/", 1)))  # the 404 page's links
    page.goto(server + address)
    skip_to_content(page)
    stops = 0
    while page.evaluate(FOCUS_RING) is not None:
        stops += 1
        assert stops < MAX_STOPS, "the focus never leaves the page"
        page.keyboard.press("Tab")
        focus_shown(page)
    page.keyboard.press("Shift+Tab")
    assert focus_shown(page) is not None, "Shift+Tab from outside does not come back"
    assert stops > 2


def test_from_home_to_a_plan(page: Page, server: str) -> None:
    page.goto(server)
    skip_to_content(page)
    browse = page.get_by_role("link", name="Parcourir les plans")
    tab_to(page, browse)
    no_trap_at(page, browse)
    page.keyboard.press("Enter")
    page.wait_for_url("**/plans/")
    card = page.get_by_role("link", name="Presse alpha <b>forte</b>")
    tab_to(page, card)
    page.keyboard.press("Enter")
    page.wait_for_url("**/plans/alpha-press/")


def test_filter_and_sort_the_catalog_then_reach_a_card(page: Page, server: str) -> None:
    page.goto(server + "plans/")
    field = page.get_by_label("Rechercher (titre, résumé)")
    tab_to(page, field)
    no_trap_at(page, field)
    page.keyboard.type("moule")
    assert page.locator("#rk-plans-count").inner_text() == "1 plan affiché sur 2"
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    material = page.get_by_label("Matière", exact=True)
    tab_to(page, material)
    page.keyboard.press("ArrowDown")  # "Coton"
    assert material.input_value() == "cotton"
    assert page.locator("#rk-plans-count").inner_text() == "1 plan affiché sur 2"
    page.keyboard.press("ArrowUp")  # back to "Toutes"
    sort = page.get_by_label("Trier par")
    tab_to(page, sort)
    no_trap_at(page, sort)
    page.keyboard.press("ArrowDown")  # cost, the lowest first
    assert sort.input_value() == "cost"
    assert "sort=cost" in page.url
    first = page.locator("#rk-plans > li:visible h2 a").first
    assert first.inner_text() == "Moule bêta"  # 20,00 € before 41,30 €
    tab_to(page, first)
    page.keyboard.press("Enter")
    page.wait_for_url("**/plans/beta-mould/")


def test_open_a_plan_reach_the_download_and_its_sha256(page: Page, server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    skip_to_content(page)
    download = page.get_by_role("link", name="Télécharger le plan complet")
    tab_to(page, download)
    no_trap_at(page, download)
    digest = page.locator(".rk-download code.rk-sha256")
    assert digest.evaluate("e => { const b = e.getBoundingClientRect();"
                           " return b.bottom > 0 && b.bottom <= innerHeight; }"), \
        "the SHA-256 is not in view beside the focused download"
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    data = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest.inner_text()


def test_switch_language_with_the_keyboard(page: Page, server: str) -> None:
    page.goto(server + "plans/alpha-press/")
    english = page.get_by_role("link", name="English")
    stops = tab_to(page, english)
    assert any("Sélectionner la langue" in stop for stop in stops), stops
    assert english.is_visible()
    no_trap_at(page, english)
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/plans/alpha-press/")
    assert page.locator("html").get_attribute("lang") == "en"
    dutch = page.get_by_role("link", name="Nederlands")
    tab_to(page, dutch)
    page.keyboard.press("Enter")
    page.wait_for_url("**/nl/plans/alpha-press/")


def test_search_type_and_open_a_result(page: Page, server: str) -> None:
    page.goto(server)
    field = page.locator("input.md-search__input")
    tab_to(page, field)
    result = page.locator(".md-search-result__item").filter(has_text="Presse alpha")
    for _attempt in range(20):  # the index loads in a worker after the page
        page.keyboard.press("Control+A")
        page.keyboard.type("hydraulique")
        try:
            result.first.wait_for(timeout=1000)
            break
        except PlaywrightTimeout:
            continue
    link = page.locator(".md-search-result__link").filter(has_text="Presse alpha").first
    for _ in range(10):  # the theme moves through its results with the arrow keys
        page.keyboard.press("ArrowDown")
        if is_focused(link):
            break
    assert is_focused(link), page.evaluate("document.activeElement.outerHTML")
    focus_shown(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/plans/alpha-press/**")


def test_open_a_kit_document_and_download_its_template(page: Page, server: str) -> None:
    page.goto(server + "kit/")
    document = page.get_by_role("link", name="Convention d'essai", exact=False).first
    tab_to(page, document)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kit/conventions/convention-essai/")
    skip_to_content(page)
    template = page.get_by_role("link", name="Word (DOCX)")
    tab_to(page, template)
    no_trap_at(page, template)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "convention-essai.fr.docx"
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"  # a DOCX is a ZIP


@pytest.fixture(scope="module")
def two_places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with a second place where only the mould is buildable (its
    laser cutter), served; the base URL."""
    root = make_project(tmp_path_factory.mktemp("places"))
    edit(root, "kit/lieux/atelier-textile.md", "machines: [sewing-machine]",
         "machines: [sewing-machine, laser-cutter]")
    result = build(root)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url


def test_the_place_filter_hides_the_plans_not_buildable_there(browser: Browser,
                                                              two_places: str) -> None:
    """`/plans/?place=<slug>`: the other cards leave the accessibility tree, the live
    count says how many are left, and clearing the filter by keyboard shows them."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(two_places + "plans/?place=lieux%2Fatelier-textile")
        place = page.get_by_label("Réalisable à")
        assert place.input_value() == "lieux/atelier-textile"
        catalog = page.locator("#rk-plans")
        tree = catalog.aria_snapshot()
        assert "Moule bêta" in tree and "Presse alpha" not in tree, tree
        assert page.get_by_role("link", name="Presse alpha <b>forte</b>").count() == 0
        assert page.get_by_role("listitem").filter(has_text="Presse alpha").count() == 0
        count = page.locator("#rk-plans-count")
        assert count.get_attribute("role") == "status" or count.get_attribute(
            "aria-live") == "polite", count.evaluate("e => e.outerHTML")
        assert count.inner_text() == "1 plan affiché sur 2"
        tab_to(page, place)
        page.keyboard.press("Home")  # "Toutes"
        page.wait_for_function("document.querySelectorAll('#rk-plans > li:not([hidden])')"
                               ".length == 2")
        assert "Presse alpha" in catalog.aria_snapshot()
        assert count.inner_text() == "2 plans affichés sur 2"
        assert "place=" not in page.url
    finally:
        context.close()
