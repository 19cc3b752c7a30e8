/* 好差评 charts on the workbench's ratings pages (ECharts, vendored). The tables under each
   chart hold the same numbers and are the accessible version; the charts are aria-hidden. */
(function () {
  "use strict";
  var source = document.getElementById("rating-chart-data");
  if (!source || typeof window.echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var colours = ["#1a6b3c", "#2f7d4a", "#6b6b6b", "#8a6100", "#a4000f"];
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    element.classList.add("wb-chart-drawn");
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    option.animation = !still;
    chart.setOption(option);
    charts.push(chart);
  }

  draw("chart-levels", {
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.levels.map(function (l) { return l.label; }) },
    series: [{
      type: "bar",
      data: data.levels.map(function (l, i) { return { value: l.count, itemStyle: { color: colours[i] } }; }),
      label: { show: true, position: "right" }
    }]
  });

  if (data.months.length) {
    draw("chart-trend", {
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      xAxis: { type: "category", data: data.months.map(function (m) { return m.month; }) },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100 }],
      series: [
        { name: data.labels.total, type: "bar", data: data.months.map(function (m) { return m.total; }), itemStyle: { color: "#1f5fa8" } },
        { name: data.labels.poor, type: "bar", data: data.months.map(function (m) { return m.poor; }), itemStyle: { color: "#a4000f" } },
        { name: data.labels.rate, type: "line", yAxisIndex: 1, data: data.months.map(function (m) { return m.rate; }), itemStyle: { color: "#1a6b3c" } }
      ]
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
