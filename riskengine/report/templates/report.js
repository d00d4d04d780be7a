/* Draws the report's charts from the inlined data, with the inlined ECharts (SVG renderer, no animation). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var m = data.model, T = data.text;
  var COLORS = { high: "#c0392b", medium: "#e67e22", low: "#5b8c5a" };
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var charts = [];

  function levelSeries(rows, horizontal) {
    return ["high", "medium", "low"].map(function (level) {
      return {
        name: T[level], type: "bar", stack: "posts", itemStyle: { color: COLORS[level] },
        label: { show: !horizontal, formatter: function (p) { return p.value ? p.value : ""; } },
        data: rows.map(function (r) { return r[level]; })
      };
    });
  }

  function base() {
    return { animation: false, textStyle: { fontFamily: FONT }, tooltip: { trigger: "axis" },
             legend: { top: 0 }, grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true } };
  }

  var builders = {
    streets: function () {
      var o = base();
      o.xAxis = { type: "value", name: T.posts, nameLocation: "middle", nameGap: 28, minInterval: 1 };
      o.yAxis = { type: "category", inverse: true, data: m.streets.map(function (s) { return s.name; }) };
      o.series = levelSeries(m.streets, false);
      o.grid.bottom = 36;
      return o;
    },
    communities: function () {
      var o = base();
      o.xAxis = { type: "value", name: T.posts, nameLocation: "middle", nameGap: 28, minInterval: 1 };
      o.yAxis = { type: "category", inverse: true, axisLabel: { interval: 0 },
                  data: m.communities.map(function (c) { return c.name + "（" + c.street + "）"; }) };
      o.series = levelSeries(m.communities, true);
      o.grid.bottom = 36;
      return o;
    },
    heat: function () { return heatmap(m.heat, T.points, ["#fff7ec", "#fdd49e", "#fc8d59", "#d7301f", "#7f0000"]); },
    blind: function () { return heatmap(m.blind, T.not_evaluated, ["#f2f4f7", "#b2ccff", "#6172f3", "#3538cd"]); },
    trend: function () {
      var o = base();
      var pts = m.trend.points;
      o.xAxis = { type: "category", data: pts.map(function (p) { return p.as_of; }) };
      o.yAxis = [{ type: "value", name: T.posts, minInterval: 1 }, { type: "value", name: T.findings, minInterval: 1 }];
      o.series = ["high", "medium"].map(function (level) {
        return { name: T[level], type: "line", symbolSize: 8, itemStyle: { color: COLORS[level] },
                 data: pts.map(function (p) { return p[level]; }) };
      }).concat([{ name: T.findings, type: "line", yAxisIndex: 1, symbolSize: 8, lineStyle: { type: "dashed" },
                   itemStyle: { color: "#475467" }, data: pts.map(function (p) { return p.findings; }) }]);
      return o;
    }
  };

  function heatmap(source, valueName, colors) {
    var o = base();
    o.legend = undefined;
    o.tooltip = { position: "top", formatter: function (p) {
      var c = m.communities[p.value[1]];
      return c.name + " · " + m.domains[p.value[0]].label + "<br>" + valueName + "：" + p.value[2] +
        (p.value.length > 3 ? "（" + T.findings + " " + p.value[3] + "）" : "");
    } };
    o.grid = { left: 8, right: 24, top: 40, bottom: 56, containLabel: true };
    o.xAxis = { type: "category", position: "top", data: m.domains.map(function (d) { return d.label; }),
                splitArea: { show: true }, axisLabel: { interval: 0 } };
    o.yAxis = { type: "category", inverse: true, splitArea: { show: true }, axisLabel: { interval: 0 },
                data: m.communities.map(function (c) { return c.name + "（" + c.street + "）"; }) };
    o.visualMap = { min: 0, max: Math.max(source.max, 1), calculable: false, orient: "horizontal",
                    left: "center", bottom: 0, itemHeight: 160, text: [String(Math.max(source.max, 1)), "0"],
                    inRange: { color: colors } };
    o.series = [{ name: valueName, type: "heatmap", data: source.cells,
                  label: { show: true, formatter: function (p) { return p.value[2] ? p.value[2] : ""; } },
                  itemStyle: { borderColor: "#fff", borderWidth: 1 } }];
    return o;
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (el) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    // A viewBox lets the printed page scale each chart to the A4 width (see the print CSS).
    chart.on("finished", function () {
      var svg = el.querySelector("svg");
      if (svg) { svg.setAttribute("viewBox", "0 0 " + chart.getWidth() + " " + chart.getHeight()); }
    });
    chart.setOption(builders[el.getAttribute("data-chart")]());
    charts.push(chart);
  });
  // About the width of A4 less margins in CSS pixels: printed charts keep readable label sizes.
  var PRINT_WIDTH = 700;
  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (c) { c.resize({ width: PRINT_WIDTH }); });
  });
  window.addEventListener("afterprint", resize);
  document.documentElement.setAttribute("data-charts-ready", String(charts.length));
})();
