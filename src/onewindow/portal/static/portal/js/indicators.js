/* The indicator trend as an ECharts line chart. The figures come from the page's
   <script type="application/json" id="trend-data"> block; the table beside it stays the
   accessible version. Tooltips render on the canvas (richText) so no inline style is needed
   under the page's Content-Security-Policy. */
(function () {
  "use strict";

  function draw() {
    var holder = document.getElementById("trend-chart");
    var source = document.getElementById("trend-data");
    if (!holder || !source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var css = getComputedStyle(document.documentElement);
    var brand = css.getPropertyValue("--brand").trim() || "#b8202b";
    var ink = css.getPropertyValue("--ink").trim() || "#1a1a1a";
    var muted = css.getPropertyValue("--muted").trim() || "#555";
    var quiet = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var lang = (document.documentElement.lang || "zh-hans").toLowerCase();
    var format = new Intl.NumberFormat(lang.indexOf("zh") === 0 ? "zh-CN" : "en", {
      minimumFractionDigits: data.decimals,
      maximumFractionDigits: data.decimals,
    });

    var chart = window.echarts.init(holder, null, {
      renderer: "canvas",
      locale: lang.indexOf("zh") === 0 ? "ZH" : "EN",
    });
    var option = {
      animation: !quiet,
      aria: { enabled: false },
      textStyle: { color: ink, fontFamily: getComputedStyle(document.body).fontFamily },
      grid: { left: 12, right: 24, top: 40, bottom: 12, containLabel: true },
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        valueFormatter: function (value) {
          return format.format(value) + " " + data.unit;
        },
      },
      xAxis: {
        type: "category",
        boundaryGap: false,
        data: data.periods,
        axisLabel: { color: muted },
      },
      yAxis: {
        type: "value",
        name: data.unit,
        scale: true,
        nameTextStyle: { color: muted, align: "left" },
        axisLabel: {
          color: muted,
          formatter: function (value) {
            return new Intl.NumberFormat(lang.indexOf("zh") === 0 ? "zh-CN" : "en").format(value);
          },
        },
      },
      series: [
        {
          name: data.name,
          type: "line",
          data: data.values,
          symbolSize: 7,
          lineStyle: { width: 3, color: brand },
          itemStyle: { color: brand },
        },
      ],
    };
    // Drawn, animation included: tests and screenshots wait for this.
    chart.on("finished", function () {
      holder.setAttribute("data-rendered", "true");
    });
    chart.setOption(option);
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
