/* Small additions to Material for MkDocs, loaded after the theme's bundle by
 * overrides/main.html, whose <script> tag carries the translated names in data-*
 * attributes.
 *
 * - Keyboard access to what the theme leaves to the mouse (WCAG 2.1.1, 2.4.3,
 *   2.4.7, 4.1.2). The header's menu and search icons are <label>s for hidden
 *   checkboxes: each is replaced by a real, named <button> with aria-expanded, which
 *   clicks the label (so the theme's own handlers run) and which Enter and Space
 *   operate; a label may not take role="button" (ARIA in HTML). Without JavaScript
 *   the labels stay and work as the theme made them. The closed drawer is kept out
 *   of the tab order by reproduce.css (visibility), so opening it from the keyboard
 *   moves the focus into it and Escape closes it again.
 * - Material wraps Markdown tables in a scrolling box: when a table is wider than
 *   the screen, that box becomes a focusable, named region, so it can be scrolled
 *   with the arrow keys (axe: scrollable-region-focusable).
 * - The headings' permalinks get their title in the page's language (the Markdown
 *   "toc" extension writes one title, in English, for every language; WCAG 3.1.2).
 * - The skip link goes to the page's title, not to the theme's first table-of-contents
 *   entry (on pages whose title is written in HTML, the first section, past the
 *   summary, the key facts and the download); the title takes the focus, so the next
 *   Tab continues in the content (WCAG 2.4.1). A page without a table of contents (the
 *   404 page) gets the link too.
 * - Before printing, collapsed blocks open and lazy images (plan drawings) load;
 *   reproduce.css also opens <details> in print for browsers with ::details-content.
 *   After printing, the blocks the reader had closed close again. */
(function () {
  "use strict";
  var names = (document.currentScript && document.currentScript.dataset) || {};

  /* A <button> in place of the label for a hidden checkbox; null without the box. */
  function asButton(label, name, onOpen) {
    var toggle = document.getElementById(label.getAttribute("for"));
    if (!toggle) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.setAttribute("data-rk-for", toggle.id);
    button.innerHTML = label.innerHTML; /* the theme's icon */
    if (name) button.setAttribute("aria-label", name);
    function sync() { button.setAttribute("aria-expanded", String(toggle.checked)); }
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function (event) {
      label.click();
      /* detail 0: Enter or Space, not a pointer */
      if (event.detail === 0 && toggle.checked && onOpen) onOpen();
    });
    label.hidden = true;
    label.parentNode.insertBefore(button, label.nextSibling);
    return button;
  }

  function setUpDrawer() {
    var label = document.querySelector('.md-header label[for="__drawer"]');
    var toggle = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!label || !toggle || !drawer) return;
    var button = asButton(label, names.menu, function () {
      var first = drawer.querySelector("a[href], label[tabindex], input, button");
      if (first) first.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !toggle.checked) return;
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      if (button) button.focus();
    });
  }

  function setUpSearchButton() {
    var label = document.querySelector('.md-header label[for="__search"]');
    if (label) asButton(label, names.search, null);
  }

  function updateRegion(box) {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (names.table) box.setAttribute("aria-label", names.table);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function setUpTables() {
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll(".md-typeset__scrollwrap"));
    boxes.forEach(updateRegion);
    if (boxes.length && window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { updateRegion(entry.target); });
      });
      boxes.forEach(function (box) { observer.observe(box); });
    }
  }

  function setUpSkipLink() {
    var title = document.querySelector(".md-content__inner h1");
    var holder = document.querySelector('[data-md-component="skip"]');
    if (!title || !holder) return;
    if (!title.id) title.id = "rk-title";
    title.setAttribute("tabindex", "-1");
    var skip = holder.querySelector(".md-skip");
    if (!skip && names.skip) {
      skip = document.createElement("a");
      skip.className = "md-skip";
      skip.textContent = names.skip;
      holder.appendChild(skip);
    }
    if (skip) skip.setAttribute("href", "#" + title.id);
  }

  function translatePermalinks() {
    if (!names.permalink) return;
    document.querySelectorAll(".md-typeset a.headerlink").forEach(function (link) {
      link.setAttribute("title", names.permalink);
    });
  }

  function setUpPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details:not([open])").forEach(function (block) {
        block.open = true;
        opened.push(block);
      });
      document.querySelectorAll('img[loading="lazy"]').forEach(function (image) {
        image.loading = "eager";
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (block) { block.open = false; });
      opened = [];
    });
  }

  setUpSkipLink();
  setUpDrawer();
  setUpSearchButton();
  setUpPrint();
  translatePermalinks();
  /* Material wraps the tables when its document$ observable first emits; this
   * subscription comes after the theme's own, so the wrappers exist by then. */
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUpTables);
  } else {
    setUpTables();
  }
})();
