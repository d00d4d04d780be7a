/* The residents' page: 公开率 by month as a bar chart (inlined ECharts, SVG renderer, no network). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("public-data").textContent);
  var el = document.querySelector("[data-public-chart]");
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' },
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.months.map(function (m) { return m.month; }) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{ name: data.label, type: "bar", barMaxWidth: 36, itemStyle: { color: "#b42318" },
               label: { show: true, position: "top", formatter: function (p) { return p.value == null ? "" : p.value + "%"; } },
               data: data.months.map(function (m) { return m.rate == null ? null : Math.round(m.rate * 100); }) }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  document.documentElement.setAttribute("data-charts-ready", "1");
})();
