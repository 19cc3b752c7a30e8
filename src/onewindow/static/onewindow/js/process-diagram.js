// Draws a service item's BPMN process with the vendored bpmn-js viewer and marks the
// departments (or benefits) that run in parallel on their task; on a case page it also
// highlights the steps the case is waiting at.
(function () {
  "use strict";
  var container = document.getElementById("process-diagram");
  if (!container) {
    return;
  }
  if (typeof window.BpmnJS !== "function") {
    // The guide loads the viewer (about 55 kB) only when the diagram comes near the screen:
    // data-viewer names the script, data-styles its stylesheets.
    if (container.dataset.viewer && "IntersectionObserver" in window) {
      var observer = new IntersectionObserver(
        function (entries) {
          if (!entries.some(function (entry) { return entry.isIntersecting; })) {
            return;
          }
          observer.disconnect();
          (container.dataset.styles || "").split(" ").filter(Boolean).forEach(function (href) {
            var link = document.createElement("link");
            link.rel = "stylesheet";
            link.href = href;
            document.head.appendChild(link);
          });
          var script = document.createElement("script");
          script.src = container.dataset.viewer;
          script.onload = draw;
          document.head.appendChild(script);
        },
        { rootMargin: "300px" }
      );
      observer.observe(container);
    }
    return;
  }
  draw();

  function draw() {
    var overlaysData = {};
    var overlaysNode = document.getElementById("process-overlays");
    if (overlaysNode) {
      overlaysData = JSON.parse(overlaysNode.textContent);
    }
    var current = [];
    var currentNode = document.getElementById("process-current");
    if (currentNode) {
      current = JSON.parse(currentNode.textContent);
    }
    var viewer = new window.BpmnJS({ container: container });

    function markCurrent() {
      var canvas = viewer.get("canvas");
      current.forEach(function (elementId) {
        try {
          canvas.addMarker(elementId, "current-step");
        } catch (error) {
          // the element is not in this diagram: nothing to mark
        }
      });
    }

    function addOverlays() {
      var overlays = viewer.get("overlays");
      Object.keys(overlaysData).forEach(function (elementId) {
        var list = document.createElement("ul");
        list.className = "diagram-note";
        overlaysData[elementId].forEach(function (text) {
          var entry = document.createElement("li");
          entry.textContent = text;
          list.appendChild(entry);
        });
        try {
          overlays.add(elementId, { position: { bottom: -8, left: 0 }, html: list });
        } catch (error) {
          // the element is not in this diagram: nothing to mark
        }
      });
    }

    fetch(container.dataset.src, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (xml) {
        return viewer.importXML(xml);
      })
      .then(function () {
        viewer.get("canvas").zoom("fit-viewport");
        addOverlays();
        markCurrent();
        container.setAttribute("data-rendered", "true");
      })
      .catch(function () {
        container.setAttribute("data-rendered", "error");
        container.textContent = container.getAttribute("data-error") || "";
      });
  }
})();
