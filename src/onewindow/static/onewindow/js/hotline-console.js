// 12345 phone console: the access keys work the same in every browser (Alt+key, or
// Alt+Shift+key as Firefox wants), focusing a field or pressing a button; after the caller
// lookup the focus moves on to the kind of request, so the operator keeps typing.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || !/^Key[A-Z]$/.test(event.code)) {
      return;
    }
    var key = event.code.slice(3).toLowerCase();
    var target = document.querySelector('[accesskey="' + key + '"]');
    if (!target) {
      return;
    }
    event.preventDefault();
    if (target.tagName === "BUTTON") {
      target.click();
    } else {
      target.focus();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "hc-caller") {
      var kind = document.querySelector("[data-after-lookup]");
      if (kind && document.activeElement && document.activeElement.name === "caller_phone") {
        kind.focus();
      }
    }
  });
})();
