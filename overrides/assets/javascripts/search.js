/* The published site's search (overrides/partials/rk-search.html): the theme's search
 * dialog answered by Pagefind's index in pagefind/, which the build makes for every
 * page language. Pagefind loads only the chunks of the index a query needs, for the
 * language of the page (<html lang>), from this site: nothing from another origin.
 *
 * It behaves like the theme's own search: "/", "s" or "f" opens it, focusing the
 * field opens it, Escape closes it, Tab leaves it closed, the arrow keys move through
 * the results, Enter opens the one chosen (the first by default), and the count of
 * results is a status message that screen readers announce. Results show five at a
 * time, with a button for the next five. Result excerpts come
 * from the index as text with <mark> around the words found; nothing else of them is
 * kept as markup. */
(function () {
  "use strict";
  var dialog = document.querySelector("[data-rk-search]");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle) return;
  var field = dialog.querySelector(".md-search__input");
  var form = dialog.querySelector("form");
  var status = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var text = dialog.dataset;
  var root = new URL((text.base || ".") + "/", window.location.href);
  var engine = null;
  var latest = 0;
  var PAGE = 5;
  /* Search once typing pauses this long (Pagefind's own default): each search of a word
   * still being typed fetches index chunks and five results' texts that are thrown
   * away; at 120 ms, typing "presse" at five keys a second fetched 348 KB, at 300 ms
   * 199 KB. */
  var SETTLE_MS = 300;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        /* noWorker: the search runs on the page, not in a worker of its own, so the
         * first search does not fetch a second copy of the engine's script (a query
         * over a few chunks takes milliseconds). */
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24, noWorker: true })
          .then(function () { return pagefind; });
      });
    }
    return engine;
  }

  function setOpen(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  function counted(count) {
    if (count === 0) return text.none;
    if (count === 1) return text.one;
    return (text.other || "#").replace("#", String(count));
  }

  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createElement("p");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent || ""));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(icon);
    article.appendChild(title);
    article.appendChild(excerpt(data.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function moreButton(found, from, ticket) {
    var li = document.createElement("li");
    li.className = "md-search-result__item rk-search-more";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = text.more || "…";
    button.addEventListener("click", function () {
      li.remove();
      page(found, from, ticket, true);
    });
    li.appendChild(button);
    return li;
  }

  /* Each result's text is a fragment of its own: fetch PAGE of them at a time, so the
   * first answer costs a few kilobytes whatever the number of results. */
  function page(found, from, ticket, focusFirst) {
    var shown = found.results.slice(from, from + PAGE);
    return Promise.all(shown.map(function (result) { return result.data(); }))
      .then(function (datas) {
        if (ticket !== latest) return;
        var items = datas.map(item);
        items.forEach(function (li) { list.appendChild(li); });
        if (from + PAGE < found.results.length) {
          list.appendChild(moreButton(found, from + PAGE, ticket));
        }
        if (focusFirst && items.length) items[0].querySelector("a").focus();
      });
  }

  function search() {
    var query = field.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = text.placeholder;
      return;
    }
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, SETTLE_MS);
    }).then(function (found) {
      if (!found || ticket !== latest) return null;
      list.replaceChildren();
      status.textContent = counted(found.results.length);
      return page(found, 0, ticket, false);
    }).catch(function () {
      if (ticket !== latest) return;
      list.replaceChildren();
      status.textContent = counted(0);
    });
  }

  function links() {
    return Array.prototype.slice.call(
      list.querySelectorAll(".md-search-result__link, .rk-search-more button"));
  }

  field.addEventListener("focus", function () { setOpen(true); load(); });
  field.addEventListener("input", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { search(); field.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== field) field.focus();
  });
  dialog.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = at + step;
      if (next < 0) { field.focus(); return; }
      all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === "Tab" && !event.shiftKey) {
      setOpen(false);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      setOpen(false);
      field.blur();
      var button = document.querySelector('.md-header [data-rk-for="__search"]');
      if (button) button.focus();
      return;
    }
    if (toggle.checked || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var editing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (!editing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      setOpen(true);
      field.focus();
    }
  });
})();
