// Service search box: the suggestions htmx puts under the input behave as an ARIA combobox
// (arrow keys move through the options, Enter opens the highlighted service, Escape closes the
// list). Without JavaScript the box is a plain search form.
(function () {
  "use strict";
  if (window.onewindowSearchSuggest) {
    return;
  }
  window.onewindowSearchSuggest = true;

  var messages = {
    "zh-hans": function (n) { return n ? "有 " + n + " 条建议，用上下方向键选择" : "没有建议"; },
    en: function (n) { return n ? n + " suggestions, use the arrow keys to choose" : "No suggestions"; }
  };

  function parts(input) {
    var box = input.closest("[data-search-combobox]");
    return {
      box: box,
      list: document.getElementById(input.getAttribute("aria-controls")),
      status: box && box.querySelector("[data-suggest-status]")
    };
  }

  function options(list) {
    return list ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [];
  }

  function close(input) {
    var list = parts(input).list;
    if (list) {
      list.hidden = true;
    }
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(input, index) {
    var all = options(parts(input).list);
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function current(input) {
    var all = options(parts(input).list);
    var id = input.getAttribute("aria-activedescendant");
    for (var i = 0; i < all.length; i++) {
      if (all[i].id === id) {
        return i;
      }
    }
    return -1;
  }

  function open(option) {
    if (option && option.dataset.href) {
      window.location.assign(option.dataset.href);
    }
  }

  // After htmx swapped a suggestion list in (outerHTML: the old node is gone), open it when it
  // has options and the box still has the focus, and tell screen readers how many there are.
  function sync(input) {
    var list = parts(input).list;
    if (!list) {
      return;
    }
    var count = options(list).length;
    var showing = count > 0 && document.activeElement === input && input.value.trim() !== "";
    list.hidden = !showing;
    input.setAttribute("aria-expanded", showing ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    var status = parts(input).status;
    if (status) {
      var lang = (document.documentElement.lang || "zh-hans").toLowerCase();
      status.textContent = (messages[lang] || messages.en)(count);
    }
  }

  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-search-combobox] [role=combobox]").forEach(sync);
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[role=combobox][aria-controls]")) {
      return;
    }
    var all = options(parts(input).list);
    var expanded = input.getAttribute("aria-expanded") === "true";
    var index = current(input);
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      parts(input).list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(input, (index + 1) % all.length);
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      parts(input).list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(input, index <= 0 ? all.length - 1 : index - 1);
    } else if (event.key === "Enter" && expanded && index >= 0) {
      event.preventDefault();
      open(all[index]);
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault();
      close(input);
    }
  });

  // Choosing with the mouse must not blur the box first; leaving the box (Tab) closes the list.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#search-suggestions [role=option]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-search-combobox] [role=combobox]")) {
      var box = input.closest("[data-search-combobox]");
      if (!event.relatedTarget || !box.contains(event.relatedTarget)) {
        close(input);
      }
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("#search-suggestions [role=option]");
    if (option) {
      open(option);
      return;
    }
    document.querySelectorAll("[role=combobox][aria-expanded=true]").forEach(function (input) {
      if (!input.closest("[data-search-combobox]").contains(event.target)) {
        close(input);
      }
    });
  });
})();
