/* Client-side filters for the plan catalog and the toolkit index.
 * Each <form data-rk-filter="LIST_ID"> narrows the <ul id="LIST_ID"> cards by
 * comparing each select's value with the card's data-<key> attribute.
 * Without JavaScript the form stays hidden and every card is shown. */
(function () {
  "use strict";

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

  /* The form of the count message for the number n: the page language's plural
   * category (CLDR's rules, as the build's Babel has them), else the `other` form. */
  function template(count, n) {
    var other = count.getAttribute("data-template");
    if (typeof n !== "number" || !window.Intl || !Intl.PluralRules) return other;
    var category = new Intl.PluralRules(document.documentElement.lang || "fr").select(n);
    return count.getAttribute("data-template-" + category) || other;
  }

  function setUp(form) {
    var listId = form.getAttribute("data-rk-filter");
    var list = document.getElementById(listId);
    var count = document.getElementById(listId + "-count");
    var empty = document.getElementById(listId + "-empty");
    if (!list) return;
    var cards = Array.prototype.slice.call(list.children);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var visible = selects.every(function (select) { return matches(card, select); });
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) {
        var numbers = { shown: shown, total: cards.length };
        count.textContent = template(count, numbers[count.getAttribute("data-plural-by")])
          .replace("{shown}", String(shown))
          .replace("{total}", String(cards.length));
      }
      if (empty) empty.hidden = shown !== 0;
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
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
