// The question bank's filters and the self-test. Plain DOM code, no dependencies, nothing fetched
// from other hosts: the self-test reads questions.json, which the build writes beside its page.
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

  // ---- Filters on the bank pages -------------------------------------------------------------
  // On the index the items are <li class="hb-q" data-level data-tags>; on chapter pages they are the
  // collapsible blocks, whose level and tags are read from their badges.
  function bankItems(scope) {
    if (scope === "all") return Array.prototype.slice.call(document.querySelectorAll("li.hb-q"));
    return Array.prototype.slice.call(document.querySelectorAll("details.question")).map(function (block) {
      var badges = block.querySelectorAll(".hb-q-meta .hb-badge");
      block.dataset.level = badges.length ? badges[0].textContent : "";
      return block;
    });
  }

  function mountFilter(box) {
    var scope = box.getAttribute("data-scope");
    var items = bankItems(scope);
    var levels = ["基础", "进阶", "高级"];
    var state = { chapter: "", level: "", tag: "" };
    var tags = {};
    items.forEach(function (item) {
      (item.dataset.tags || "").split(" ").filter(Boolean).forEach(function (tag) { tags[tag] = true; });
    });
    var count = el("span", { class: "hb-filter-count" });

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var ok = (!state.chapter || item.dataset.chapter === state.chapter) &&
          (!state.level || item.dataset.level === state.level) &&
          (!state.tag || (" " + item.dataset.tags + " ").indexOf(" " + state.tag + " ") >= 0);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      // A chapter heading whose questions are all filtered out is hidden with them.
      document.querySelectorAll("ul.hb-bank-list").forEach(function (list) {
        var empty = !list.querySelector("li.hb-q:not([hidden])");
        list.hidden = empty;
        var heading = list.previousElementSibling;
        if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = empty;
      });
      count.textContent = "显示 " + shown + " / " + items.length + " 题";
    }

    function select(label, values, key) {
      var control = el("select", { "aria-label": label });
      control.appendChild(el("option", { value: "", text: label + "：全部" }));
      values.forEach(function (value) {
        var pair = Array.isArray(value) ? value : [value, value];
        control.appendChild(el("option", { value: pair[0], text: pair[1] }));
      });
      control.addEventListener("change", function () { state[key] = control.value; apply(); });
      return control;
    }

    if (scope === "all") {
      var chapters = [];
      document.querySelectorAll("ul.hb-bank-list").forEach(function (list) {
        var heading = list.previousElementSibling;
        var first = list.querySelector("li.hb-q");
        if (heading && first) chapters.push([first.dataset.chapter, heading.textContent.replace("¶", "").trim()]);
      });
      box.appendChild(select("章节", chapters, "chapter"));
    }
    box.appendChild(select("难度", levels, "level"));
    if (scope === "all") box.appendChild(select("标签", Object.keys(tags).sort(), "tag"));
    box.appendChild(count);
    apply();
  }

  // ---- Self-test ------------------------------------------------------------------------------
  var STORE = "k8s-handbook.selftest.v1";

  function loadProgress() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }

  function saveProgress(progress) {
    try { localStorage.setItem(STORE, JSON.stringify(progress)); } catch (e) { /* private mode */ }
  }

  // Answers were rendered on their chapter pages: make their relative links work from here.
  function rebaseLinks(container, pageUrl) {
    var base = new URL(pageUrl, new URL("../", window.location.href));
    container.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (!/^([a-z]+:|#)/i.test(href)) link.setAttribute("href", new URL(href, base).href);
      else if (href.charAt(0) === "#") link.setAttribute("href", base.href + href);
    });
  }

  function mountSelfTest(root, data) {
    var progress = loadProgress();
    var filters = { chapter: "", level: "", unknownOnly: false };
    var current = null;

    var chapterSelect = el("select", { "aria-label": "章节" }, [el("option", { value: "", text: "全部章节" })]);
    data.chapters.forEach(function (pair) {
      chapterSelect.appendChild(el("option", { value: pair[0], text: pair[1] }));
    });
    var levelSelect = el("select", { "aria-label": "难度" }, [el("option", { value: "", text: "全部难度" })]);
    data.levels.forEach(function (level) { levelSelect.appendChild(el("option", { value: level, text: level })); });
    var unknownBox = el("input", { type: "checkbox", id: "hb-unknown-only" });
    var drawButton = el("button", { class: "md-button md-button--primary", type: "button", text: "抽一题" });
    var revealButton = el("button", { class: "md-button", type: "button", text: "显示答案" });
    var knewButton = el("button", { class: "md-button", type: "button", text: "答对了" });
    var missedButton = el("button", { class: "md-button", type: "button", text: "没答上" });
    var stats = el("p", { class: "hb-selftest-stats" });
    var card = el("div", { class: "hb-selftest-card admonition question" });
    var meta = el("p", { class: "hb-q-meta" });
    var title = el("p", { class: "admonition-title" });
    var answer = el("div", { class: "hb-selftest-answer", hidden: "" });
    var source = el("p", { class: "hb-selftest-source" });
    card.appendChild(title); card.appendChild(meta); card.appendChild(answer); card.appendChild(source);
    card.hidden = true;

    root.appendChild(el("div", { class: "hb-selftest-controls" }, [
      chapterSelect, levelSelect,
      el("label", { for: "hb-unknown-only" }, [unknownBox, document.createTextNode(" 只抽还没答对的题")]),
      drawButton,
    ]));
    root.appendChild(stats);
    root.appendChild(card);
    root.appendChild(el("div", { class: "hb-selftest-grade" }, [revealButton, knewButton, missedButton]));

    function pool() {
      return data.questions.filter(function (q) {
        return (!filters.chapter || q.chapter === filters.chapter) &&
          (!filters.level || q.level === filters.level) &&
          (!filters.unknownOnly || progress[q.id] !== "knew");
      });
    }

    function updateStats() {
      var candidates = pool();
      var knew = data.questions.filter(function (q) { return progress[q.id] === "knew"; }).length;
      stats.textContent = "可抽 " + candidates.length + " 题 · 已答对 " + knew + " / " + data.questions.length + " 题";
      drawButton.disabled = candidates.length === 0;
    }

    function show(question) {
      current = question;
      title.textContent = question.title;
      meta.textContent = "";
      meta.appendChild(el("span", { class: "hb-badge hb-badge--" + question.level, text: question.level }));
      question.tags.forEach(function (tag) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(el("span", { class: "hb-badge", text: data.tags[tag] || tag }));
      });
      answer.innerHTML = question.answer;  // HTML rendered by the build from the book's own Markdown
      rebaseLinks(answer, question.page);
      answer.hidden = true;
      source.textContent = "";
      var link = el("a", { href: new URL(question.page + "#" + question.id, new URL("../", window.location.href)).href,
        text: question.chapterTitle + " › 在正文中查看" });
      source.appendChild(link);
      card.hidden = false;
      revealButton.disabled = false;
      knewButton.disabled = missedButton.disabled = true;
    }

    function draw() {
      var candidates = pool();
      if (!candidates.length) return;
      var next = candidates[Math.floor(Math.random() * candidates.length)];
      if (candidates.length > 1 && current && next.id === current.id) return draw();
      show(next);
    }

    function grade(result) {
      if (!current) return;
      progress[current.id] = result;
      saveProgress(progress);
      updateStats();
      draw();
    }

    chapterSelect.addEventListener("change", function () { filters.chapter = chapterSelect.value; updateStats(); });
    levelSelect.addEventListener("change", function () { filters.level = levelSelect.value; updateStats(); });
    unknownBox.addEventListener("change", function () { filters.unknownOnly = unknownBox.checked; updateStats(); });
    drawButton.addEventListener("click", draw);
    revealButton.addEventListener("click", function () {
      answer.hidden = false;
      revealButton.disabled = true;
      knewButton.disabled = missedButton.disabled = false;
    });
    knewButton.addEventListener("click", function () { grade("knew"); });
    missedButton.addEventListener("click", function () { grade("missed"); });
    revealButton.disabled = knewButton.disabled = missedButton.disabled = true;
    updateStats();
  }

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

  function init() {
    document.querySelectorAll("details.hb-backlinks").forEach(function (block) {
      block.addEventListener("toggle", function () { if (block.open) showBacklinks(block); });
    });
    document.querySelectorAll(".hb-bank-filter").forEach(mountFilter);
    var root = document.getElementById("hb-selftest");
    if (root) {
      fetch(root.getAttribute("data-questions"))
        .then(function (response) { return response.json(); })
        .then(function (data) { mountSelfTest(root, data); })
        .catch(function () { root.textContent = "题目数据加载失败：请通过 make serve 或网站访问本页，而不是直接打开文件。"; });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Printing from the browser: collapsed answers would print as their questions only.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (block) { block.open = true; });
});
