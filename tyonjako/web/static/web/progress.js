// Progress bars take their width from data-progress (0–100): the
// Content-Security-Policy allows no style attribute in the page itself.
(function () {
  "use strict";
  function draw(root) {
    root.querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0));
      bar.style.width = value + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
