/* Client-side filters for the plan catalog and the toolkit index.
 * Each <form data-rk-filter="LIST_ID"> narrows the <ul id="LIST_ID"> cards by
 * comparing each select's value with the card's data-<key> attribute; the plan
 * catalog adds a text search over each card's title and summary and a sort.
 * The controls' values live in the address's query string (each control's name):
 * a filtered view can be bookmarked and shared, and the back button restores it.
 * Without JavaScript the form stays hidden and every card is shown. */
(function () {
  "use strict";

  /* Lower case, without accents: "Presse" finds "pressé", "beta" finds "bêta". */
  function folded(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function matches(card, select) {
    var wanted = select.value;
    if (!wanted) return true;
    var key = select.getAttribute("data-filter");
    var value = card.getAttribute("data-" + key) || "";
    switch (select.getAttribute("data-match")) {
      case "equals":
        return value === wanted;
      case "max":
        return Number(value) <= Number(wanted);
      case "contains-list":
        return value.split("|").indexOf(wanted) !== -1;
      default:
        return value.split(/\s+/).indexOf(wanted) !== -1;
    }
  }

  function cardText(card) {
    var parts = card.querySelectorAll("h2, h2 + p");
    return folded(Array.prototype.map.call(parts, function (p) { return p.textContent; })
      .join(" "));
  }

  function cardTitle(card) {
    var title = card.querySelector("h2");
    return title ? title.textContent.trim() : "";
  }

  /* The form of the count message for the number n: the page language's plural
   * category (CLDR's rules, as the build's Babel has them), else the `other` form. */
  function template(count, n) {
    var other = count.getAttribute("data-template");
    if (typeof n !== "number" || !window.Intl || !Intl.PluralRules) return other;
    var category = new Intl.PluralRules(document.documentElement.lang || "fr").select(n);
    return count.getAttribute("data-template-" + category) || other;
  }

  /* A control's value when nobody chose one: its first option, or empty. */
  function defaultOf(control) {
    return control.tagName === "SELECT" && control.options.length ? control.options[0].value : "";
  }

  function setUp(form) {
    var listId = form.getAttribute("data-rk-filter");
    var list = document.getElementById(listId);
    var count = document.getElementById(listId + "-count");
    var empty = document.getElementById(listId + "-empty");
    if (!list) return;
    var cards = Array.prototype.slice.call(list.children);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var search = form.querySelector("input[data-filter-text]");
    var sort = form.querySelector("select[data-sort]");
    var controls = Array.prototype.slice.call(form.querySelectorAll("[name]"));
    var texts = search ? cards.map(cardText) : [];
    var titles = sort ? cards.map(cardTitle) : [];
    var collator = window.Intl ? new Intl.Collator(document.documentElement.lang || "fr")
      : { compare: function (a, b) { return a < b ? -1 : a > b ? 1 : 0; } };

    function order() {
      if (!sort) return;
      var key = sort.value;
      var option = sort.options[sort.selectedIndex];
      var sign = option && option.hasAttribute("data-descending") ? -1 : 1;
      var indexed = cards.map(function (card, i) { return { card: card, i: i }; });
      indexed.sort(function (a, b) {
        if (key !== "name") {
          var x = a.card.getAttribute("data-" + key);
          var y = b.card.getAttribute("data-" + key);
          if (x === null || y === null) {
            if (x !== y) return x === null ? 1 : -1; /* without a value: last */
          } else if (x !== y) {
            var nx = Number(x), ny = Number(y);
            var diff = isNaN(nx) || isNaN(ny) ? (x < y ? -1 : 1) : nx - ny;
            if (diff) return sign * diff;
          }
        }
        return collator.compare(titles[a.i], titles[b.i]) || a.i - b.i;
      });
      indexed.forEach(function (item) { list.appendChild(item.card); });
    }

    function apply() {
      var wanted = search ? folded(search.value.trim()).split(/\s+/).filter(Boolean) : [];
      var shown = 0;
      cards.forEach(function (card, i) {
        var visible = selects.every(function (select) { return matches(card, select); }) &&
          wanted.every(function (word) { return texts[i].indexOf(word) !== -1; });
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      order();
      if (count) {
        var numbers = { shown: shown, total: cards.length };
        count.textContent = template(count, numbers[count.getAttribute("data-plural-by")])
          .replace("{shown}", String(shown))
          .replace("{total}", String(cards.length));
      }
      if (empty) empty.hidden = shown !== 0;
    }

    /* The query string of the controls' values, leaving out those left as they were. */
    function query() {
      var params = new URLSearchParams(window.location.search);
      controls.forEach(function (control) {
        var value = control.value.trim();
        if (value && value !== defaultOf(control)) params.set(control.name, value);
        else params.delete(control.name);
      });
      var text = params.toString();
      return text ? "?" + text : "";
    }

    function remember(replace) {
      var next = query();
      if (next === window.location.search) return;
      var url = window.location.pathname + next + window.location.hash;
      if (replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    }

    /* The controls as the address has them; a value no option has is ignored. */
    function restore() {
      var params = new URLSearchParams(window.location.search);
      controls.forEach(function (control) {
        var value = params.get(control.name) || defaultOf(control);
        control.value = value;
        if (control.tagName === "SELECT" && control.value !== value) {
          control.value = defaultOf(control);
        }
      });
      apply();
    }

    form.addEventListener("change", function () { apply(); remember(false); });
    if (search) {
      /* Each key typed narrows the list; the address follows without one history
       * entry per key. */
      search.addEventListener("input", function () { apply(); remember(true); });
    }
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(); remember(false); }, 0);
    });
    /* The submit button (and Enter in the search field) applies the filters here,
     * without loading the page again. */
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
      remember(false);
    });
    window.addEventListener("popstate", restore);
    var panel = form.querySelector("details.rk-filter-panel");
    if (panel && window.matchMedia && window.matchMedia("(min-width: 45em)").matches) {
      panel.open = true; /* a phone keeps the controls folded behind their summary */
    }
    form.hidden = false;
    restore();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-rk-filter]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
