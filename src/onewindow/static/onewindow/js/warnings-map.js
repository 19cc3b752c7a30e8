/* Map of the areas under an early warning (portal: /warnings/). Leaflet 1.9.4, vendored; no
   tiles and nothing fetched: the districts' boundaries and the warnings come in the page's
   JSON (#warnings-map-data). Each district is filled in the colour of the highest warning
   covering it (paler where only part of it is), and each area drawn by a department is
   outlined with dashes. The level colours are read from warnings.css, their one home. The
   table of districts beside the map says the same for anyone who cannot use the map. */
(function () {
  "use strict";
  var element = document.getElementById("warnings-map");
  var source = document.getElementById("warnings-map-data");
  if (!element || !source || !window.OneWindowMap) { return; }
  var L = window.L;
  var data = JSON.parse(source.textContent);
  var text = window.OneWindowMap.text;
  var colour = window.OneWindowMap.levelColour;

  var map = window.OneWindowMap.create(
    element, { attributionControl: true, scrollWheelZoom: false }, true
  );
  element.classList.add("wmap-drawn");

  var all = L.featureGroup().addTo(map);
  var frame = L.latLngBounds([]);  /* the warned areas, which the map is fitted to */
  data.districts.forEach(function (district) {
    var warned = Boolean(district.level);
    var layer = L.geoJSON({ type: "Feature", geometry: district.geometry, properties: {} }, {
      style: function () {
        return {
          color: warned ? "#1b1f24" : "#7a8494",
          weight: warned ? 1.5 : 1,
          fillColor: warned ? colour(district.level) : "#f4f5f7",
          fillOpacity: warned ? (district.part ? 0.3 : 0.75) : 1
        };
      }
    }).bindTooltip(text(district.tip), { sticky: true }).addTo(all);
    if (warned) { frame.extend(layer.getBounds()); }
  });

  var drawn = L.featureGroup().addTo(map);
  data.drawn.forEach(function (area) {
    var polygon = L.polygon(area.ring, {
      color: "#1b1f24",
      weight: 2.5,
      dashArray: "6 4",
      fillColor: colour(area.level),
      fillOpacity: 0.55
    }).bindTooltip(text(area.tip), { sticky: true })
      .on("click", function () { window.location.href = area.url; })
      .addTo(drawn);
    frame.extend(polygon.getBounds());
  });

  if (!frame.isValid()) { frame = all.getBounds(); }
  function fit() {
    if (frame.isValid()) {
      map.fitBounds(frame, { padding: [12, 12], animate: false });
    } else {
      map.setView([23.13, 113.27], 9, { animate: false });
    }
  }
  fit();
  /* a phone turned sideways or a window resized: frame the areas again, unless the reader
     has moved the map themselves */
  var moved = false;
  map.on("dragstart", function () { moved = true; });
  element.querySelector(".leaflet-control-zoom").addEventListener("click", function () {
    moved = true;
  });
  map.on("resize", function () { if (!moved) { fit(); } });
  element.setAttribute("data-ready", "true");
}());
