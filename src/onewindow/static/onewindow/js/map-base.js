/* What every map of the site shares (Leaflet 1.9.4, vendored; no tiles, nothing fetched from
   elsewhere): a map on an element that carries its own words (data-zoom-in, data-zoom-out,
   data-attribution), the reader's wish for less motion, text made safe for a tooltip, and the
   warning levels' colours read from warnings.css. The page scripts (warnings-map.js,
   board-map.js, warning-draw.js, hotline-map.js) load after it. */
(function () {
  "use strict";
  if (typeof window.L === "undefined") { return; }
  var L = window.L;
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML;
  }

  function levelColour(level) {
    var styles = window.getComputedStyle(document.documentElement);
    return styles.getPropertyValue("--level-" + level).trim() || "#5f6368";
  }

  /* options: Leaflet's map options on top of these; zoomButtons: false keeps Leaflet's own
     (untitled) zoom control out, true adds one titled in the page's language */
  function create(element, options, zoomButtons) {
    var settings = {
      zoomSnap: 0.25,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      zoomControl: false
    };
    Object.keys(options || {}).forEach(function (key) { settings[key] = options[key]; });
    var map = L.map(element, settings);
    if (zoomButtons) {
      L.control.zoom({
        zoomInTitle: element.getAttribute("data-zoom-in") || "Zoom in",
        zoomOutTitle: element.getAttribute("data-zoom-out") || "Zoom out"
      }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(text(element.getAttribute("data-attribution") || ""));
    return map;
  }

  window.OneWindowMap = { text: text, levelColour: levelColour, create: create, still: still };
}());
