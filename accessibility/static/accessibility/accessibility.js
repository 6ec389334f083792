/* Focus and announcements for every page (loaded by base.html; no inline script, CSP-safe).
   - A form's error summary gets focus after the page loads, so screen readers read it first.
   - Each field's error message is tied to its input (aria-describedby, aria-invalid).
   - After an htmx swap, focus moves to the new content's error summary or to the element
     marked data-focus-after-swap; if the swap removed the focused element, to the new
     content's first heading. Otherwise focus stays where the user is. */
(function () {
  "use strict";

  function linkErrors(root) {
    root.querySelectorAll(".error[id$='_error']").forEach(function (error) {
      var input = document.getElementById(error.id.slice(0, -"_error".length));
      if (!input) { return; }
      var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (ids.indexOf(error.id) === -1) { ids.push(error.id); }
      input.setAttribute("aria-describedby", ids.join(" "));
      input.setAttribute("aria-invalid", "true");
    });
  }

  function focusFirst(root) {
    var target = root.querySelector("#error-summary, [data-focus-after-swap]");
    if (target) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
      return true;
    }
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    linkErrors(document);
    focusFirst(document);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var root = event.detail && event.detail.target ? event.detail.target : document;
    linkErrors(root);
    var active = document.activeElement;
    var lost = !active || active === document.body || !active.isConnected;
    var marked = root.querySelector("[data-focus-after-swap]");
    // Move focus only when the swap asks for it, shows errors, or removed the focused
    // element; a polling update elsewhere must never pull focus away from the user.
    if (marked || root.querySelector("#error-summary")) {
      focusFirst(root);
    } else if (lost && root !== document) {
      var heading = root.querySelector("h1, h2, h3") || root;
      if (!heading.hasAttribute("tabindex")) { heading.setAttribute("tabindex", "-1"); }
      heading.focus();
    }
  });
})();
