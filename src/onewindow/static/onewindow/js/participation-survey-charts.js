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
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
