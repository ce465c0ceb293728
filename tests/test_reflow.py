"""Reflow, zoom and target size in Debian's Chromium (WCAG 1.4.10, 2.5.8).

Every page of the sample site, in its three languages, is loaded 320 CSS px wide
and at 200 % zoom of a 1,280 px window. The zoom is emulated as the browser does
it: a viewport of 640 CSS px with two device pixels per CSS px (device scale
factor 2), so media queries, em sizes and layout see what a zoomed window sees.
The document must not scroll sideways and no text may be cut off (but the theme's
header bar, which shortens the page's name that the title below gives in full); a
wide table may scroll in its own region, which is then named and focusable. At 375 px,
every link and control of the project's own markup (the article and the footer's
links) is at least 24 x 24 CSS px or falls under one of 2.5.8's exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browsing import LANGS, pages_of, scrolls_by_keyboard
from buildsite import BuildResult
from playwright.sync_api import Browser, BrowserContext, Page, Route, ViewportSize

pytestmark = pytest.mark.browser

SITE_PATH = "/reproduce-kit/"  # the 404 page's links start with site_url's path
REFLOW: ViewportSize = {"width": 320, "height": 640}
ZOOMED: ViewportSize = {"width": 640, "height": 450}  # 1,280 x 900 at 200 %
PHONE: ViewportSize = {"width": 375, "height": 800}

LAYOUT = """() => {
  const visible = e => { const s = getComputedStyle(e);
    return s.display !== 'none' && s.visibility === 'visible'
      && e.getClientRects().length > 0; };
  const describe = e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
  const doc = document.scrollingElement;
  const found = {width: [doc.scrollWidth, doc.clientWidth], clipped: [], regions: []};
  for (const e of document.body.querySelectorAll('*')) {
    if (!visible(e) || e.clientWidth < 2 || e.scrollWidth <= e.clientWidth + 1) continue;
    if (e.closest('.rk-visually-hidden, .md-skip, .md-search__output')) continue;
    const overflow = getComputedStyle(e).overflowX;
    if (overflow === 'auto' || overflow === 'scroll') {
      found.regions.push({what: describe(e), table: !!e.querySelector('table'),
        name: e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'),
        tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role')});
    } else if ((overflow === 'hidden' || overflow === 'clip') && e.textContent.trim()) {
      // The theme shortens the page's name in the header bar with an ellipsis; the
      // page's title, in full, opens its content: nothing is lost.
      const title = document.querySelector('.md-content__inner h1');
      if (e.closest('.md-header__topic') && title
          && title.textContent.replace(/¶/g, '').trim() === e.textContent.trim()) continue;
      found.clipped.push(`${describe(e)} "${e.textContent.trim().slice(0, 40)}" `
                         + `${e.scrollWidth} > ${e.clientWidth} px`);
    }
  }
  return found;
}"""

TARGETS = """() => {
  const own = [...document.querySelectorAll(
    '.md-content__inner a[href], .md-content__inner button, .md-content__inner input,'
    + ' .md-content__inner select, .md-content__inner textarea, .md-content__inner summary,'
    + ' .md-content__inner [tabindex="0"], .rk-footer-links a[href]')];
  const shown = e => { const s = getComputedStyle(e); const b = e.getBoundingClientRect();
    return s.visibility === 'visible' && b.width > 0 && b.height > 0; };
  const targets = own.filter(shown);
  const boxes = targets.map(e => e.getBoundingClientRect());
  const small = b => b.width < 24 || b.height < 24;
  // Inline: in a sentence, its size set by the line of text around it.
  const inline = e => {
    if (getComputedStyle(e).display !== 'inline') return false;
    const block = e.parentElement.closest('p, li, dd, td, th, figcaption');
    if (!block) return false;
    const words = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = words.nextNode(); n; n = words.nextNode())
      if (n.textContent.replace(/[\\s·,;:()|–-]/g, '') && !n.parentElement.closest('a, button'))
        return true;
    return false;
  };
  // Spacing: a 24 px circle on the target's centre meets no other target, nor the
  // circle of another undersized target.
  const spaced = i => {
    const b = boxes[i], x = b.left + b.width / 2, y = b.top + b.height / 2;
    return boxes.every((o, j) => {
      if (j === i || targets[j].contains(targets[i]) || targets[i].contains(targets[j]))
        return true;
      const dx = Math.max(o.left - x, 0, x - o.right), dy = Math.max(o.top - y, 0, y - o.bottom);
      if (Math.hypot(dx, dy) < 12) return false;
      return !small(o) || Math.hypot(o.left + o.width / 2 - x, o.top + o.height / 2 - y) >= 24;
    });
  };
  return targets.map((e, i) => [e, boxes[i], i]).filter(([e, b, i]) =>
    small(b) && !inline(e) && !spaced(i)).map(([e, b]) =>
    `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
    + `"${(e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40)}" `
    + `${Math.round(b.width)} x ${Math.round(b.height)} px`);
}"""


@pytest.fixture(scope="module")
def contexts(browser: Browser, server: str) -> Iterator[dict[str, BrowserContext]]:
    """A context per way of looking: 320 px, 200 % zoom, a phone; reduced motion so
    the layout is read once it is still. The 404 page's addresses are under
    site_url's path: served from the site's root."""
    made = {"reflow": browser.new_context(viewport=REFLOW, reduced_motion="reduce"),
            "zoomed": browser.new_context(viewport=ZOOMED, device_scale_factor=2,
                                          reduced_motion="reduce"),
            "phone": browser.new_context(viewport=PHONE, reduced_motion="reduce")}

    def unprefix(route: Route) -> None:
        route.continue_(url=route.request.url.replace(SITE_PATH, "/", 1))

    for context in made.values():
        context.route(re.compile(re.escape(server.rstrip("/") + SITE_PATH)), unprefix)
    yield made
    for context in made.values():
        context.close()


def loaded(page: Page, url: str) -> None:
    """Open `url` and wait until its fonts and images are in and it has rendered."""
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => new Promise(done =>"
                  " requestAnimationFrame(() => requestAnimationFrame(done))))")


def layout_problems(page: Page, where: str) -> list[str]:
    """Sideways scrolling of the document, cut-off text, and scrolling regions a
    keyboard cannot reach or a screen reader cannot name."""
    found = page.evaluate(LAYOUT)
    problems = []
    scroll_width, client_width = found["width"]
    if scroll_width > client_width:
        problems.append(f"{where}: the page scrolls sideways ({scroll_width} > "
                        f"{client_width} px)")
    problems += [f"{where}: text cut off: {clipped}" for clipped in found["clipped"]]
    for region in found["regions"]:
        if region["tabindex"] != "0":
            problems.append(f"{where}: {region['what']} scrolls but is not focusable")
        if region["table"] and not region["name"]:
            problems.append(f"{where}: {region['what']} scrolls a table without a name")
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("way", ["reflow", "zoomed"])
def test_every_page_reflows_at_320_px_and_at_200_percent(
        way: str, lang: str, built: BuildResult, server: str,
        contexts: dict[str, BrowserContext]) -> None:
    page = contexts[way].new_page()
    try:
        problems = []
        addresses = pages_of(built.site, lang)
        assert any(address.endswith("plans/alpha-press/") for address in addresses)
        for address in addresses:
            loaded(page, server + address)
            problems += layout_problems(page, address or "/")
        assert problems == [], "\n".join(problems)
    finally:
        page.close()


def test_the_bill_of_materials_scrolls_in_its_own_named_region_at_320_px(
        server: str, contexts: dict[str, BrowserContext]) -> None:
    page = contexts["reflow"].new_page()
    try:
        loaded(page, server + "plans/alpha-press/")
        scrolls_by_keyboard(page, page.get_by_role("region", name="Nomenclature"),
                            ".rk-table-scroll")
        assert page.evaluate("document.scrollingElement.scrollLeft") == 0
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_target_is_24_px_or_spaced_on_a_phone(lang: str, built: BuildResult,
                                                   server: str,
                                                   contexts: dict[str, BrowserContext]) -> None:
    page = contexts["phone"].new_page()
    try:
        small = []
        for address in pages_of(built.site, lang):
            loaded(page, server + address)
            small += [f"{address or '/'}: {target}" for target in page.evaluate(TARGETS)]
        assert small == [], "\n".join(small)
    finally:
        page.close()


KEY_FACTS_MAX_HEIGHT = 240
"""At 375 px the key-facts strip is three rows (the cost across the width, then two
facts side by side twice): about 215 CSS px in each language. The bound, 30 % of
the 800 px-high screen, leaves room for a longer word and keeps the download on
the first screens; the strip as one column of five facts was 288 px in French."""


@pytest.mark.parametrize("lang", LANGS)
def test_the_key_facts_strip_stays_short_on_a_phone(lang: str, server: str,
                                                    contexts: dict[str, BrowserContext]) -> None:
    page = contexts["phone"].new_page()
    try:
        loaded(page, server + ("" if lang == "fr" else f"{lang}/") + "plans/alpha-press/")
        strip = page.locator("dl.rk-key-facts")
        facts = strip.locator(":scope > div")
        assert facts.count() == 5
        rows = {round(box["y"]) for box in
                (fact.bounding_box() for fact in facts.all()) if box is not None}
        assert len(rows) <= 3, f"{len(rows)} rows of facts"
        box = strip.bounding_box()
        assert box is not None and box["height"] < KEY_FACTS_MAX_HEIGHT, box
        assert all(fact.is_visible() for fact in facts.all())  # none hidden to save room
    finally:
        page.close()


CROWDED = ('<p style="white-space: nowrap">Chutes_de_lin_de_chanvre_et_de_coton_recyclés_'
           'du_quartier_nord</p><p><a href="#a">a</a><a href="#b">b</a></p>')


def test_the_checks_find_a_page_that_scrolls_cuts_text_or_crowds_small_links(
        server: str, contexts: dict[str, BrowserContext]) -> None:
    """The checks above can fail: a line that cannot wrap and two tiny links side by
    side, added to a page, are found."""

    def crowded(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response,
                      body=response.text().replace("</article>", CROWDED + "</article>"))

    for way in ("reflow", "phone"):
        page = contexts[way].new_page()
        try:
            page.route(server + "vie-privee/", crowded)
            loaded(page, server + "vie-privee/")
            if way == "reflow":
                assert layout_problems(page, "vie-privee/") != []
            else:
                assert [target[:5] for target in page.evaluate(TARGETS)] == ['a. "a', 'a. "b']
        finally:
            page.close()
