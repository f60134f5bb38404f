// Glossary entries list the sections that use a term only when opened: the lists come from
// glossary/backlinks.json, written by the glossary hook after every page has been marked.
(function () {
  "use strict";
  var el = window.HB.el;

  // ---- Glossary back-links ---------------------------------------------------------------------
  // Each entry shows how many sections use the term; the list itself is loaded when opened.
  // One request per page view, shared by every entry; a failed one is forgotten so a retry asks again.
  var backlinks = null;

  function fetchBacklinks() {
    backlinks = backlinks || fetch("backlinks.json").then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("unexpected backlinks.json");
      return data;
    }).catch(function (error) {
      backlinks = null;
      throw error;
    });
    return backlinks;
  }

  function renderList(block, data) {
    var list = el("ul", { class: "hb-backlinks__list" });
    var entries = Array.isArray(data[block.dataset.term]) ? data[block.dataset.term] : [];
    entries.forEach(function (entry) {
      if (!Array.isArray(entry) || !Array.isArray(entry[2])) return;
      var item = el("li", {}, [el("a", { href: entry[0], text: entry[1] }), document.createTextNode("：")]);
      entry[2].forEach(function (section, index) {
        if (index) item.appendChild(document.createTextNode("、"));
        item.appendChild(el("a", { href: entry[0] + "#" + section[0], text: section[1] }));
      });
      list.appendChild(item);
    });
    block.appendChild(list);
  }

  function showBacklinks(block) {
    if (block.dataset.loaded) return;
    block.dataset.loaded = "1";
    var status = el("p", { class: "hb-backlinks__status", role: "status", text: "正在加载……" });
    block.appendChild(status);
    fetchBacklinks().then(function (data) {
      status.remove();
      renderList(block, data);
    }).catch(function (error) {
      // Tell the reader, and let them ask again (the network may be back).
      status.textContent = "出处列表加载失败（" + error.message + "），请检查网络后重试。";
      var retry = el("button", { type: "button", class: "hb-backlinks__retry", text: "重试" });
      retry.addEventListener("click", function () {
        status.remove();
        retry.remove();
        delete block.dataset.loaded;
        showBacklinks(block);
      });
      block.appendChild(retry);
    });
  }

  window.HB.onPage(function () {
    document.querySelectorAll("details.hb-backlinks").forEach(function (block) {
      block.addEventListener("toggle", function () { if (block.open) showBacklinks(block); });
    });
  });
})();
