// The customizer's small helpers (no inline scripts: the Content-Security-Policy forbids them).
//
// 1. After a refused submission, focus moves to the error summary, so that keyboard and
//    screen-reader users land on the list of what to fix (each entry links to its field).
// 2. The 3D view is the designs app's viewer (designs/viewer.js, three.js vendored). It sets
//    up every [data-stl-viewer] when it loads; a result that arrives later by htmx polling is
//    set up by loading the module again for it.
(function () {
  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  var loads = 0;
  function startViewers() {
    var waiting = document.querySelector("[data-stl-viewer][data-viewer-src]:not([data-viewer-started])");
    if (!waiting) return;
    document.querySelectorAll("[data-stl-viewer]").forEach(function (element) {
      element.setAttribute("data-viewer-started", "");
    });
    var src = waiting.getAttribute("data-viewer-src");
    loads += 1;
    import(loads === 1 ? src : src + "?again=" + loads).catch(function () {
      var status = waiting.querySelector(".viewer-status");
      if (status) status.textContent = waiting.getAttribute("data-msg-error") || "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    startViewers();
  });
  document.addEventListener("htmx:afterSwap", startViewers);
})();
