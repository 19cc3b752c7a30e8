/* Hot-spot map of open 12345 tickets (hotline: kbmap). Leaflet 1.9.4, vendored; no tiles and
   nothing fetched from elsewhere: the districts' boundaries are vector layers drawn from the
   registry's GeoJSON, read with the counts from this site's JSON endpoint. The tables on the
   page hold the same numbers and are the accessible version of the map. */
(function () {
  "use strict";
  var element = document.getElementById("hotline-map");
  if (!element || !window.OneWindowMap || !window.fetch) { return; }
  var L = window.L;
  var text = window.OneWindowMap.text;
  var page = element.getAttribute("data-page");
  var category = element.getAttribute("data-category") || "";
  var ticketsLabel = element.getAttribute("data-label-tickets") || "";
  var shades = ["#f4f6f8", "#dfe8f3", "#c3d5ea", "#9fbcdd", "#7aa2cf"];

  function link(code) {
    var query = "?district=" + encodeURIComponent(code);
    if (category) { query += "&category=" + encodeURIComponent(category); }
    return page + query;
  }

  function shade(total, top) {
    if (!total || !top) { return shades[0]; }
    return shades[Math.min(shades.length - 1, 1 + Math.floor((total / top) * (shades.length - 1.01)))];
  }

  var map = window.OneWindowMap.create(element, { attributionControl: true }, true);
  element.classList.add("hm-map-drawn");

  function districtLayer(feature, options) {
    return L.geoJSON({ type: "Feature", geometry: feature.geometry, properties: {} }, {
      style: function () { return options; }
    });
  }

  var rings = [];

  function place() {
    /* the category circles keep their distance from the centre in pixels at every zoom */
    rings.forEach(function (r) {
      var centre = map.latLngToLayerPoint(r.centre);
      r.marker.setLatLng(map.layerPointToLatLng(centre.add(r.offset)));
    });
  }

  function ring(district) {
    /* one circle per category around the district's count, its area by the count */
    var cats = district.categories.slice(0, 6);
    cats.forEach(function (c, i) {
      var angle = (2 * Math.PI * i) / cats.length - Math.PI / 2;
      var radius = 4 + 2.5 * Math.sqrt(c.count);
      var offset = L.point(Math.round(26 * Math.cos(angle)), Math.round(26 * Math.sin(angle)));
      var marker = L.circleMarker(district.centre, {
        radius: radius,
        color: "#ffffff",
        weight: 1.5,
        fillColor: c.colour,
        fillOpacity: 0.95
      }).bindTooltip(text(district.name + " · " + c.name + ": " + c.count)).addTo(map)
        .on("click", function () { window.location.href = link(district.code); });
      rings.push({ marker: marker, centre: L.latLng(district.centre), offset: offset });
    });
    L.marker(district.centre, {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({
        className: "hm-cluster",
        html: "<span>" + text(String(district.total)) + "</span>",
        iconSize: [28, 28]
      })
    }).addTo(map);
  }

  function overview(data) {
    var districts = data.districts;
    var top = Math.max.apply(null, districts.map(function (d) { return d.total; }).concat([0]));
    var all = L.featureGroup().addTo(map);
    districts.forEach(function (d) {
      var layer = districtLayer(d, {
        color: "#3d4f5f",
        weight: 1.2,
        fillColor: shade(d.total, top),
        fillOpacity: 1
      });
      layer.bindTooltip(text(d.name + ": " + d.total + " " + ticketsLabel), { sticky: true });
      layer.on("click", function () { window.location.href = link(d.code); });
      layer.addTo(all);
    });
    if (all.getLayers().length) {
      map.fitBounds(all.getBounds(), { padding: [8, 8] });
    } else {
      map.setView([23.13, 113.27], 9);
    }
    districts.forEach(function (d) {
      if (d.total) { ring(d); }
    });
    place();
    map.on("zoomend viewreset", place);
  }

  function drill(data, districts) {
    districts.forEach(function (d) {
      if (d.code === data.code) { return; }
      districtLayer(d, { color: "#9aa5b1", weight: 1, fillColor: "#eef1f4", fillOpacity: 1 })
        .bindTooltip(text(d.name), { sticky: true })
        .on("click", function () { window.location.href = link(d.code); })
        .addTo(map);
    });
    var own = data.geometry ? districtLayer(data, {
      color: "#1f3b57",
      weight: 2.5,
      fillColor: "#dfe8f3",
      fillOpacity: 1
    }).addTo(map) : null;
    var points = L.featureGroup().addTo(map);
    data.points.forEach(function (p) {
      L.circleMarker([p.lat, p.lng], {
        radius: 5 + 2.5 * Math.sqrt(p.count),
        color: "#ffffff",
        weight: 1.5,
        fillColor: p.colour,
        fillOpacity: 0.9
      }).bindTooltip(text(p.label + ": " + p.count + " " + ticketsLabel)).addTo(points);
    });
    var bounds = own ? own.getBounds() : points.getBounds();
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else {
      map.setView([23.13, 113.27], 11);
    }
  }

  fetch(element.getAttribute("data-source"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" }
  }).then(function (response) {
    if (!response.ok) { throw new Error(String(response.status)); }
    return response.json();
  }).then(function (data) {
    if (data.district) {
      drill(data.district, data.overview.districts);
    } else {
      overview(data.overview);
    }
    element.setAttribute("data-ready", "true");
  }).catch(function () {
    element.classList.remove("hm-map-drawn");
    element.setAttribute("data-ready", "failed");
  });
}());
