// Draws each question's bar chart from the one JSON block of the results page.
(function () {
  "use strict";
  const source = document.getElementById("survey-charts");
  if (!source || typeof Chart === "undefined") { return; }
  const charts = JSON.parse(source.textContent);
  Object.keys(charts).forEach(function (id) {
    const canvas = document.getElementById(id);
    if (!canvas) { return; }
    const spec = charts[id];
    spec.datasets.forEach(function (dataset) { dataset.backgroundColor = "#0d6efd"; });
    new Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: { responsive: true, animation: false, indexAxis: "y", plugins: { legend: { display: false } } },
    });
  });
})();
