// Draws every [data-chart] element with uPlot: the server renders the data as JSON in the
// attribute (see Charts/ChartData.cs), so no chart needs a request of its own. Charts swapped in
// by htmx are drawn when they arrive; a chart resizes with its container.
(function () {
  "use strict";
  function format(unit, v) {
    if (v == null) return "–";
    switch (unit) {
      case "Ratio": return (v * 100).toFixed(1) + " %";
      case "Bytes": {
        const units = ["B", "KiB", "MiB", "GiB", "TiB"]; let i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
        return v.toFixed(1) + " " + units[i];
      }
      case "PerSecond": return v.toFixed(2) + "/s";
      case "Seconds": return v < 1 ? (v * 1000).toFixed(1) + " ms" : v.toFixed(2) + " s";
      default: return String(Math.round(v * 100) / 100);
    }
  }
  const colours = ["#6750a4", "#e8710a", "#1e8e3e", "#d93025", "#1a73e8", "#9334e6"];
  function draw(el) {
    if (el.dataset.drawn || !window.uPlot) return;
    el.dataset.drawn = "1";
    const chart = JSON.parse(el.dataset.chart);
    const series = [{}].concat(chart.series.map(function (name, i) {
      return { label: name, stroke: colours[i % colours.length], width: 2, value: function (u, v) { return format(chart.unit, v); } };
    }));
    const plot = new uPlot({
      width: el.clientWidth || 400, height: 180, series: series,
      // Usage reads against zero; a lone point (a series that just began) gets an hour around it
      // rather than the span of years uPlot gives a lone time in seconds, and a flat zero line still gets a scale.
      scales: {
        x: { time: true, range: function (u, min, max) { const xs = u.data[0]; return xs.length === 1 ? [xs[0] - 1800, xs[0] + 1800] : [min, max]; } },
        y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.1 : 1]; } },
      },
      axes: [{}, { size: 70, values: function (u, ticks) { return ticks.map(function (v) { return format(chart.unit, v); }); } }],
    }, chart.data, el);
    new ResizeObserver(function () { plot.setSize({ width: el.clientWidth, height: 180 }); }).observe(el);
  }
  function drawAll(root) { (root || document).querySelectorAll("[data-chart]").forEach(draw); }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:load", function (e) { drawAll(e.target); });
})();
