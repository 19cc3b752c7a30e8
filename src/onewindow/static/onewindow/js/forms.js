/* Forms, progressively enhanced (no inline script: the CSP forbids it).
 *
 * 1. The error summary ([data-error-summary]) takes focus on load; its links focus the
 *    field they name (and show the step it is on).
 * 2. On a narrow screen (max-width 40em) a form marked [data-steps] shows one section
 *    ([data-step]) at a time with Back / Next and "Step 2 of 4". It stays one real form,
 *    checked by the server; without JavaScript, or on a wide screen, everything shows.
 */
(function () {
  "use strict";

  var steps = null;

  function setUpSteps(form) {
    var sections = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    if (sections.length < 2 || !window.matchMedia) {
      return null;
    }
    var narrow = window.matchMedia("(max-width: 40em)");
    var nav = document.createElement("div");
    nav.className = "step-nav";
    nav.hidden = true;
    var count = document.createElement("p");
    count.className = "step-count";
    count.setAttribute("aria-live", "polite");
    var back = document.createElement("button");
    back.type = "button";
    back.className = "button button-secondary";
    back.textContent = form.getAttribute("data-back");
    var next = document.createElement("button");
    next.type = "button";
    next.className = "button";
    next.textContent = form.getAttribute("data-next");
    nav.appendChild(count);
    nav.appendChild(back);
    nav.appendChild(next);
    sections[sections.length - 1].parentNode.insertBefore(
      nav, sections[sections.length - 1].nextSibling
    );
    var current = 0;

    function show(index, moveFocus) {
      current = Math.max(0, Math.min(index, sections.length - 1));
      sections.forEach(function (section, i) {
        section.hidden = i !== current;
      });
      count.textContent = form.getAttribute("data-step-label")
        .replace("{n}", String(current + 1))
        .replace("{total}", String(sections.length));
      back.hidden = current === 0;
      next.hidden = current === sections.length - 1;
      form.classList.toggle("is-last-step", current === sections.length - 1);
      if (moveFocus) {
        var legend = sections[current].querySelector("legend");
        sections[current].setAttribute("tabindex", "-1");
        sections[current].focus({ preventScroll: true });
        (legend || sections[current]).scrollIntoView({ block: "start" });
      }
    }

    function apply() {
      if (narrow.matches) {
        form.classList.add("stepping");
        nav.hidden = false;
        show(current, false);
      } else {
        form.classList.remove("stepping", "is-last-step");
        nav.hidden = true;
        sections.forEach(function (section) {
          section.hidden = false;
        });
      }
    }

    function sectionOf(element) {
      for (var i = 0; i < sections.length; i += 1) {
        if (sections[i].contains(element)) {
          return i;
        }
      }
      return -1;
    }

    back.addEventListener("click", function () {
      show(current - 1, true);
    });
    next.addEventListener("click", function () {
      show(current + 1, true);
    });
    var firstError = form.querySelector(".has-error");
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var start = sectionOf(target || firstError || form);
    current = start < 0 ? 0 : start;
    if (narrow.addEventListener) {
      narrow.addEventListener("change", apply);
    }
    apply();
    return {
      reveal: function (element) {
        var index = sectionOf(element);
        if (index >= 0 && form.classList.contains("stepping")) {
          show(index, false);
        }
      },
    };
  }

  function focusField(target) {
    if (steps) {
      steps.reveal(target);
    }
    var label = document.querySelector("label[for='" + target.id + "']");
    target.focus({ preventScroll: true });
    (label || target).scrollIntoView({ block: "center" });
  }

  function ready() {
    var form = document.querySelector("form[data-steps]");
    if (form) {
      steps = setUpSteps(form);
    }
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var target = link && document.getElementById(link.getAttribute("href").slice(1));
        if (target) {
          event.preventDefault();
          focusField(target);
        }
      });
    } else if (window.location.hash) {
      var target = document.getElementById(window.location.hash.slice(1));
      if (target && target.matches("input, select, textarea")) {
        focusField(target);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
