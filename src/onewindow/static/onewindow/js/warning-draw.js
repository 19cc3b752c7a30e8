/* Drawing a warning's area on the map (emergency: the warning desk). Leaflet 1.9.4, vendored;
   no tiles: the districts the department may warn are vector layers from the registry's GeoJSON,
   given in the page (json_script). Each click adds a corner; the corners are written to the
   form's text field, one "latitude, longitude" per line, which stays the accessible way to give
   them. Typing in the field redraws the area. The levels a hazard has limit the level choices. */
(function () {
  "use strict";
  var element = document.getElementById("warning-map");
  var source = document.getElementById("warning-map-data");
  if (!element || !source || !window.OneWindowMap) { return; }
  var L = window.L;
  var field = document.getElementById(element.getAttribute("data-polygon-field"));
  var data = JSON.parse(source.textContent);
  var text = window.OneWindowMap.text;

  /* Leaflet's own zoom buttons (a click on the map adds a corner; a double click does not zoom) */
  var map = window.OneWindowMap.create(element, { doubleClickZoom: false, zoomControl: true });
  var districts = L.featureGroup().addTo(map);
  data.boundaries.forEach(function (b) {
    L.geoJSON({ type: "Feature", geometry: b.geometry, properties: {} }, {
      style: function () {
        return { color: "#3d4f5f", weight: 1.2, fillColor: "#eef1f4", fillOpacity: 1 };
      }
    }).bindTooltip(text(b.name), { sticky: true }).addTo(districts);
  });
  if (districts.getLayers().length) {
    map.fitBounds(districts.getBounds(), { padding: [8, 8] });
  } else {
    map.setView([23.13, 113.27], 9);
  }

  var drawn = L.polygon([], { color: "#b3261e", weight: 2, fillColor: "#b3261e", fillOpacity: 0.25 }).addTo(map);
  var corners = L.layerGroup().addTo(map);

  function read() {
    var points = [];
    (field.value || "").split(/\r?\n/).forEach(function (line) {
      var parts = line.replace(/，/g, ",").split(/[\s,]+/).filter(Boolean);
      if (parts.length === 2 && !isNaN(parseFloat(parts[0])) && !isNaN(parseFloat(parts[1]))) {
        points.push([parseFloat(parts[0]), parseFloat(parts[1])]);
      }
    });
    return points;
  }

  function draw(points) {
    drawn.setLatLngs(points);
    corners.clearLayers();
    points.forEach(function (p) {
      L.circleMarker(p, { radius: 4, color: "#b3261e", weight: 2, fillColor: "#ffffff", fillOpacity: 1 }).addTo(corners);
    });
  }

  function write(points) {
    field.value = points.map(function (p) { return p[0].toFixed(6) + ", " + p[1].toFixed(6); }).join("\n");
  }

  map.on("click", function (event) {
    var points = read();
    points.push([event.latlng.lat, event.latlng.lng]);
    write(points);
    draw(points);
  });
  field.addEventListener("input", function () { draw(read()); });

  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "button button-secondary ew-clear";
  clear.textContent = element.getAttribute("data-clear-label") || "Clear";
  clear.addEventListener("click", function () { field.value = ""; draw([]); });
  element.parentNode.appendChild(clear);
  draw(read());

  /* the levels each hazard has (中国气象局令第16号): hide the others */
  var levelsSource = document.getElementById("warning-levels");
  var hazard = document.getElementById("id_hazard");
  var level = document.getElementById("id_level");
  if (levelsSource && hazard && level) {
    var levels = JSON.parse(levelsSource.textContent);
    var limit = function () {
      var allowed = levels[hazard.value] || [];
      Array.prototype.forEach.call(level.options, function (option) {
        option.disabled = allowed.indexOf(option.value) < 0;
      });
      if (level.selectedOptions.length && level.selectedOptions[0].disabled) {
        level.value = allowed[0];
      }
    };
    hazard.addEventListener("change", limit);
    limit();
  }
}());
