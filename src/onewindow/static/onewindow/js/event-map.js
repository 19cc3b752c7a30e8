/* A major event's map (workbench: 赛会运行指挥). Leaflet 1.9.4, vendored; no tiles and nothing
   fetched from elsewhere: the districts' boundaries, the venues with the ring within which
   incidents and 12345 tickets are the event's, and those incidents and tickets, all from the
   page's JSON (#event-map-data). The lists on the page say the same in words. */
(function () {
  "use strict";
  var element = document.getElementById("event-map");
  var source = document.getElementById("event-map-data");
  if (!element || !source || !window.OneWindowMap) { return; }
  var L = window.L;
  var text = window.OneWindowMap.text;
  var data = JSON.parse(source.textContent);
  var map = window.OneWindowMap.create(element, { scrollWheelZoom: false }, true);
  element.classList.add("eb-map-drawn");

  var areas = L.featureGroup().addTo(map);
  var rings = L.featureGroup().addTo(map);
  var points = L.featureGroup().addTo(map);
  var frame = L.latLngBounds([]);  /* the venues' rings: what is framed */

  function marker(point, kind, letter) {
    var icon = L.divIcon({ className: "eb-marker eb-key eb-key-" + kind, html: letter, iconSize: [22, 22] });
    var layer = L.marker([point.lat, point.lon], { icon: icon, keyboard: false }).bindTooltip(text(point.tip));
    if (point.url) { layer.on("click", function () { window.location.href = point.url; }); }
    return layer;
  }

  (data.districts || []).forEach(function (district) {
    L.geoJSON({ type: "Feature", geometry: district.geometry, properties: {} }, {
      style: function () { return { color: "#7a8494", weight: 1, fillColor: "#f4f5f7", fillOpacity: 1 }; }
    }).bindTooltip(text(district.tip), { sticky: true }).addTo(areas);
  });
  data.venues.forEach(function (venue) {
    L.circle([venue.lat, venue.lon], {
      radius: venue.radius, color: "#0b5cad", weight: 2, dashArray: "6 4", fillColor: "#0b5cad", fillOpacity: 0.12
    }).bindTooltip(text(venue.tip), { sticky: true }).addTo(rings);
    /* a circle has no bounds before the map has a view: its ring's box from the centre */
    frame.extend(L.latLng(venue.lat, venue.lon).toBounds(venue.radius * 2));
    marker(venue, "venue", "V").addTo(points);
  });
  data.tickets.forEach(function (point) { marker(point, "ticket", "H").addTo(points); });
  data.incidents.forEach(function (point) { marker(point, "incident", "!").addTo(points); });

  if (!frame.isValid()) { frame = areas.getBounds(); }
  if (frame.isValid()) {
    map.fitBounds(frame, { padding: [24, 24], maxZoom: 13, animate: false });
  } else {
    map.setView([23.13, 113.27], 9, { animate: false });
  }
  element.setAttribute("data-ready", "true");
}());
