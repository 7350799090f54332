// Move focus to a form's error summary, so a screen reader reads every error at once.
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
