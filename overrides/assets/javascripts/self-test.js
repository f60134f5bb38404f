// The self-test page: draws questions from questions.json (written by the build beside the page),
// reveals answers, keeps the reader's progress in localStorage. Nothing is fetched from other hosts.
(function () {
  "use strict";
  var el = window.HB.el;

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

  window.HB.onPage(function () {
    var root = document.getElementById("hb-selftest");
    if (!root) return;
    fetch(root.getAttribute("data-questions"))
      .then(function (response) { return response.json(); })
      .then(function (data) { mountSelfTest(root, data); })
      .catch(function () { root.textContent = "题目数据加载失败：请通过 make serve 或网站访问本页，而不是直接打开文件。"; });
  });
})();
