// Move focus to the error summary after a refused submission, so that keyboard and screen
// reader users land on the list of what to fix (each entry links to its field).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
