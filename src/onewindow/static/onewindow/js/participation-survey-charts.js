/* Survey results in the workbench (ECharts, vendored): one bar chart per question. The table
   under each chart holds the same numbers and is the accessible version; charts are aria-hidden. */
(function () {
  "use strict";
  var source = document.getElementById("survey-chart-data");
  if (!source || typeof window.echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var charts = [];
  data.questions.forEach(function (question) {
    var element = document.getElementById("chart-q" + question.id);
    if (!element) { return; }
    element.classList.add("wb-chart-drawn");
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: !still,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: question.bars.map(function (b) { return b[0]; }) },
      series: [{
        name: data.labels.answers,
        type: "bar",
        data: question.bars.map(function (b) { return b[1]; }),
        itemStyle: { color: "#1f5fa8" },
        label: { show: true, position: "right" }
      }]
    });
    charts.push(chart);
  });
  var palette = ["#1f5fa8", "#1a6b3c", "#8a6100", "#a4000f", "#6b6b6b", "#5b3f99", "#0b6e75"];
  (data.crosstabs || []).forEach(function (table) {
    var element = document.getElementById("chart-cross-" + table.by);
    if (!element) { return; }
    element.classList.add("wb-chart-drawn");
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: !still,
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: table.rows.map(function (r) { return r[0]; }) },
      series: table.columns.map(function (column, i) {
        return {
          name: column,
          type: "bar",
          stack: "answers",
          itemStyle: { color: palette[i % palette.length] },
          data: table.rows.map(function (r) { return r[i + 1]; })
        };
      })
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
