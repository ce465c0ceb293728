/* Search in the page's language only. The build writes one search index per
 * language (search/search_index.json for French, search_index.nl.json, …); the
 * theme always asks for search_index.json, so on a Dutch or English page this
 * rewrites that one request. Loaded before the theme's bundle. */
(function () {
  "use strict";
  var lang = document.documentElement.getAttribute("lang");
  if (!lang || lang === "fr" || !window.XMLHttpRequest) return;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var address = String(url);
    if (/\/search\/search_index\.json(?:[?#]|$)/.test(address)) {
      args[1] = address.replace("search_index.json", "search_index." + lang + ".json");
    }
    return open.apply(this, args);
  };
})();
