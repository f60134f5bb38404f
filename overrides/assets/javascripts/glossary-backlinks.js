// Glossary entries list the sections that use a term only when opened: the lists come from
// glossary/backlinks.json, written by the glossary hook after every page has been marked.
(function () {
  "use strict";
  var el = window.HB.el;

  // ---- Glossary back-links ---------------------------------------------------------------------
  // Each entry shows how many sections use the term; the list itself is loaded when opened.
  var backlinks = null;

  function showBacklinks(block) {
    if (block.dataset.loaded) return;
    block.dataset.loaded = "1";
    backlinks = backlinks || fetch("backlinks.json").then(function (response) { return response.json(); });
    backlinks.then(function (data) {
      var list = el("ul", { class: "hb-backlinks__list" });
      (data[block.dataset.term] || []).forEach(function (entry) {
        var item = el("li", {}, [el("a", { href: entry[0], text: entry[1] }), document.createTextNode("：")]);
        entry[2].forEach(function (section, index) {
          if (index) item.appendChild(document.createTextNode("、"));
          item.appendChild(el("a", { href: entry[0] + "#" + section[0], text: section[1] }));
        });
        list.appendChild(item);
      });
      block.appendChild(list);
    });
  }

  window.HB.onPage(function () {
    document.querySelectorAll("details.hb-backlinks").forEach(function (block) {
      block.addEventListener("toggle", function () { if (block.open) showBacklinks(block); });
    });
  });
})();
