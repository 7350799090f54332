// Draws the charts of a page from JSON data embedded with json_script.
// Each <canvas id="X"> has its data in <script id="X-data">: {type, labels, datasets}.
(function () {
  "use strict";
  const palette = ["#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"];
  document.querySelectorAll("canvas[id]").forEach(function (canvas) {
    const source = document.getElementById(canvas.id + "-data");
    if (!source || typeof Chart === "undefined") { return; }
    const spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (dataset, index) {
      dataset.backgroundColor = dataset.backgroundColor || palette[index % palette.length];
      dataset.borderColor = dataset.borderColor || dataset.backgroundColor;
    });
    new Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        animation: false,
        scales: spec.stacked ? { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } : { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
