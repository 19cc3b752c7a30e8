/* The phone header's menu (disclosure pattern). Without this script the navigation is listed
   in full below the brand; with it, a button shows and hides the navigation on small screens. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-button[aria-controls]");
  if (!button) return;
  var header = button.closest("header");
  var nav = document.getElementById(button.getAttribute("aria-controls"));
  if (!header || !nav) return;

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }

  header.classList.add("has-menu");
  button.hidden = false;
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
