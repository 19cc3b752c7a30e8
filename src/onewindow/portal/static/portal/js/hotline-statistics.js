/* The hotline's weekly statistics as an ECharts bar chart (received and closed per department)
   with the on-time share as a line on a second axis. The figures come from the page's
   <script type="application/json" id="hotline-chart-data"> block; the table below the chart is
   the accessible version. Tooltips render on the canvas (richText): no inline style, so the
   page's Content-Security-Policy holds. */
(function () {
  "use strict";

  function draw() {
    var holder = document.getElementById("hotline-chart");
    var source = document.getElementById("hotline-chart-data");
    if (!holder || !source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var css = getComputedStyle(document.documentElement);
    var brand = css.getPropertyValue("--brand").trim() || "#a61b1b";
    var link = css.getPropertyValue("--link").trim() || "#0b4f9c";
    var ink = css.getPropertyValue("--ink").trim() || "#1b1f24";
    var muted = css.getPropertyValue("--muted").trim() || "#4a5260";
    var ok = css.getPropertyValue("--ok").trim() || "#1d6b2f";
    var quiet = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var lang = (document.documentElement.lang || "zh-hans").toLowerCase();
    var zh = lang.indexOf("zh") === 0;
    var labels = data.labels;
    var narrow = holder.clientWidth < 560;

    var chart = window.echarts.init(holder, null, {
      renderer: "canvas",
      locale: zh ? "ZH" : "EN",
    });
    chart.on("finished", function () {
      holder.setAttribute("data-rendered", "true");
    });
    chart.setOption({
      animation: !quiet,
      aria: { enabled: false },
      textStyle: { color: ink, fontFamily: getComputedStyle(document.body).fontFamily },
      legend: { top: 0, textStyle: { color: ink } },
      grid: { left: narrow ? 48 : 24, right: 12, top: 56, bottom: 12, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: {
        type: "category",
        data: data.departments,
        axisLabel: {
          color: muted,
          interval: 0,
          rotate: narrow ? 45 : 30,
          width: narrow ? 80 : 120,
          overflow: "truncate",
        },
      },
      yAxis: [
        { type: "value", name: labels.tickets, minInterval: 1, axisLabel: { color: muted },
          nameTextStyle: { color: muted, align: "left" } },
        { type: "value", name: labels.rate, min: 0, max: 100, axisLabel: { color: muted },
          nameTextStyle: { color: muted, align: "right" }, splitLine: { show: false } },
      ],
      series: [
        { name: labels.received, type: "bar", data: data.received, itemStyle: { color: link } },
        { name: labels.closed, type: "bar", data: data.closed, itemStyle: { color: brand } },
        { name: labels.rate, type: "line", yAxisIndex: 1, data: data.on_time_rate,
          symbolSize: 8, connectNulls: false, lineStyle: { width: 3, color: ok },
          itemStyle: { color: ok } },
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
