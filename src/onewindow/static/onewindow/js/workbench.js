// Workbench: focus follows the official's action. After a form came back with errors the
// focus moves to its error summary; after htmx replaced the results (filters, paging) it
// moves to the results' heading, so keyboard and screen-reader users land on what changed.
(function () {
  "use strict";

  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      var details = summary.closest("details");
      if (details) {
        details.open = true;
      }
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrors);
  } else {
    focusErrors();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var heading = event.detail.target && document.querySelector(".wb-results h2[tabindex]");
    if (heading) {
      heading.focus();
    }
  });
})();
