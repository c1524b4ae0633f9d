// The console's only script of its own: draws the charts a page describes in data attributes
// (Chart.js does the drawing: one dataset, colours per bar and a unit when the page gives them) and keeps the policy editor's weight sum live. htmx does the rest.
(function () {
  function charts(root) {
    root.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      canvas.dataset.drawn = '1';
      var spec = JSON.parse(canvas.dataset.chart);
      var unit = spec.unit || '';
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.values, backgroundColor: spec.colors || '#1f5fbf88', borderColor: spec.colors || '#1f5fbf', fill: false, tension: 0.2 }] },
        options: {
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return c.formattedValue + unit; } } } },
          scales: { y: { beginAtZero: true, suggestedMax: spec.max, ticks: { callback: function (v) { return v + unit; } } } },
        },
      });
    });
  }
  function weightSum(root) {
    var out = root.querySelector('[data-weight-sum]');
    if (!out) return;
    var inputs = root.querySelectorAll('input[data-weight]');
    var update = function () {
      var sum = 0;
      inputs.forEach(function (i) { var n = Number(i.value); if (i.value !== '' && isFinite(n)) sum += n; });
      out.textContent = String(Math.round(sum * 1000) / 1000);
    };
    inputs.forEach(function (i) { i.addEventListener('input', update); });
    update();
  }
  function init(root) { charts(root); weightSum(root); }
  document.addEventListener('DOMContentLoaded', function () { init(document); });
  document.addEventListener('htmx:afterSettle', function (ev) { init(ev.target); });
})();
