/* The command board's map (workbench: 指挥一张图). Leaflet 1.9.4, vendored; no tiles and nothing
   fetched from elsewhere: the districts' boundaries, the warnings in force, the open incidents
   and the resources come in the page's JSON (#board-map-data), then from this site's
   map.json every data-refresh seconds. Districts are filled in the colour of the highest
   warning over them (paler for part of one), areas drawn by a department are dashed, incidents
   and resources are lettered markers. The lists beside the map say the same in words. */
(function () {
  "use strict";
  var element = document.getElementById("board-map");
  var source = document.getElementById("board-map-data");
  if (!element || !source || !window.OneWindowMap) { return; }
  var L = window.L;
  var text = window.OneWindowMap.text;
  var colour = window.OneWindowMap.levelColour;
  var letters = { team: "T", expert: "T", shelter: "S", supply: "R" };

  var map = window.OneWindowMap.create(element, { scrollWheelZoom: false }, true);
  element.classList.add("eb-map-drawn");

  var areas = L.featureGroup().addTo(map);
  var points = L.featureGroup().addTo(map);
  var warned = L.latLngBounds([]);  /* the areas warned, with the points: what is framed */

  function marker(point, kind, letter) {
    var icon = L.divIcon({
      className: "eb-marker eb-key eb-key-" + kind + (point.status ? " eb-" + point.status : ""),
      html: letter,
      iconSize: [22, 22]
    });
    return L.marker([point.lat, point.lon], { icon: icon, keyboard: false })
      .bindTooltip(text(point.tip))
      .on("click", function () { window.location.href = point.url; });
  }

  function draw(data) {
    areas.clearLayers();
    points.clearLayers();
    data.districts.forEach(function (district) {
      var hit = Boolean(district.level);
      var layer = L.geoJSON({ type: "Feature", geometry: district.geometry, properties: {} }, {
        style: function () {
          return {
            color: hit ? "#1b1f24" : "#7a8494",
            weight: hit ? 1.5 : 1,
            fillColor: hit ? colour(district.level) : "#f4f5f7",
            fillOpacity: hit ? (district.part ? 0.25 : 0.5) : 1
          };
        }
      }).bindTooltip(text(district.tip), { sticky: true }).addTo(areas);
      if (hit) { warned.extend(layer.getBounds()); }
    });
    data.drawn.forEach(function (area) {
      L.polygon(area.ring, {
        color: "#1b1f24", weight: 2.5, dashArray: "6 4",
        fillColor: colour(area.level), fillOpacity: 0.45
      }).bindTooltip(text(area.tip), { sticky: true }).addTo(areas);
    });
    data.resources.forEach(function (point) {
      var kind = point.kind === "expert" ? "team" : point.kind;
      marker(point, kind, letters[point.kind] || "?").addTo(points);
    });
    data.incidents.forEach(function (point) {
      marker(point, "incident", "!").addTo(points);
    });
  }

  draw(JSON.parse(source.textContent));
  var frame = L.latLngBounds([]).extend(warned);
  if (points.getLayers().length) { frame.extend(points.getBounds()); }
  if (!frame.isValid()) { frame = areas.getBounds(); }
  if (frame.isValid()) {
    map.fitBounds(frame, { padding: [24, 24], maxZoom: 12, animate: false });
  } else {
    map.setView([23.13, 113.27], 9, { animate: false });
  }
  element.setAttribute("data-ready", "true");

  var every = parseInt(element.getAttribute("data-refresh"), 10);
  var url = element.getAttribute("data-src");
  if (window.fetch && url && every > 0) {
    window.setInterval(function () {
      if (document.hidden) { return; }
      window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { draw(data); } })
        .catch(function () { /* the next poll tries again */ });
    }, every * 1000);
  }
}());
