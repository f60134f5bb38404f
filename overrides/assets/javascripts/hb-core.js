// Shared by the handbook's scripts: a tiny element builder and a page hook. Loaded first.
// Material's `document$` emits once per page view (also after instant navigation, if it is ever
// switched on), so every script mounts its widgets through HB.onPage rather than DOMContentLoaded.
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function onPage(callback) {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(callback);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
    else callback();
  }

  window.HB = { el: el, onPage: onPage };
})();

// Printing from the browser: collapsed answers would print as their questions only.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (block) { block.open = true; });
});
