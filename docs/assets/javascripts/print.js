/* The "Print / PDF" button of toolkit pages (macros/render/offer.py) opens the
 * browser's print dialog, where "Save as PDF" makes a PDF. Delegated, so it also
 * works after Material's instant navigation replaces the page content. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest("[data-rk-print]")) {
      window.print();
    }
  });
})();
