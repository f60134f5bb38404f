// The self-test page: draws questions from questions.json (written by the build beside the page),
// reveals answers, keeps the reader's progress in localStorage. Nothing is fetched from other hosts.
(function () {
  "use strict";
  var el = window.HB.el;

  // ---- Saved progress -------------------------------------------------------------------------
  // {question id: "knew" | "missed"}. What is stored may have been written by an older version, another
  // script or by hand: anything that is not an object of such entries is dropped, the good entries kept.
  var STORE = "k8s-handbook.selftest.v1";
  var GRADES = { knew: true, missed: true };
  var storage = { available: true, recovered: 0 };

  function validProgress(value) {
    var progress = {};
    var dropped = 0;
    if (!value || typeof value !== "object" || Array.isArray(value)) return { progress: progress, dropped: value == null ? 0 : 1 };
    Object.keys(value).forEach(function (id) {
      if (typeof value[id] === "string" && GRADES[value[id]] === true) progress[id] = value[id];
      else dropped += 1;
    });
    return { progress: progress, dropped: dropped };
  }

  function loadProgress() {
    var raw = null;
    try { raw = localStorage.getItem(STORE); } catch (e) { storage.available = false; return {}; }
    if (raw === null) return {};
    var parsed;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
    var result = validProgress(parsed);
    storage.recovered = parsed === undefined ? 1 : result.dropped;
    // Write back only what is valid, so the bad part never trips a later visit.
    if (storage.recovered) saveProgress(result.progress);
    return result.progress;
  }

  function saveProgress(progress) {
    try { localStorage.setItem(STORE, JSON.stringify(progress)); } catch (e) { storage.available = false; }
  }

  // Progress saved under the positional ids questions had before (q-<page>-<n>) moves to their stable
  // ids: questions.json maps old to new in `legacyIds`.
  function migrateOldIds(progress, legacyIds) {
    var has = Object.prototype.hasOwnProperty, moved = false;
    Object.keys(legacyIds || {}).forEach(function (old) {
      if (!has.call(progress, old)) return;
      if (!has.call(progress, legacyIds[old])) progress[legacyIds[old]] = progress[old];
      delete progress[old];
      moved = true;
    });
    if (moved) saveProgress(progress);
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
    migrateOldIds(progress, data.legacyIds);
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
    var stats = el("p", { class: "hb-selftest-stats", "aria-live": "polite" });
    var note = el("p", { class: "hb-selftest-note", hidden: "" });
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
    // The grade buttons appear with the first question, and stay in reach (sticky) under a long answer.
    var gradeBar = el("div", { class: "hb-selftest-grade", hidden: "" }, [revealButton, knewButton, missedButton]);
    root.appendChild(stats);
    root.appendChild(note);
    root.appendChild(card);
    root.appendChild(gradeBar);
    if (!storage.available) {
      note.textContent = "这个浏览器不允许保存进度（例如隐私模式）：本次的答题记录在关闭页面后不会保留。";
      note.hidden = false;
    } else if (storage.recovered) {
      note.textContent = "之前保存的进度有一部分无法读取，已丢弃；其余记录都保留了。";
      note.hidden = false;
    }

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
      gradeBar.hidden = false;
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

  // ---- Loading the questions ------------------------------------------------------------------
  function validData(data) {
    return data && Array.isArray(data.questions) && Array.isArray(data.chapters) && Array.isArray(data.levels) &&
      data.tags && typeof data.tags === "object";
  }

  function load(root) {
    var status = el("p", { class: "hb-selftest-loading", role: "status", text: "正在加载题目……" });
    root.appendChild(status);
    fetch(root.getAttribute("data-questions"))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (!validData(data)) throw new Error("unexpected questions.json");
        status.remove();
        mountSelfTest(root, data);
      })
      .catch(function (error) {
        status.textContent = "题目数据加载失败（" + error.message + "）。请检查网络后重试；直接打开本地文件时也无法加载，请用 make serve 或网站访问本页。";
        var retry = el("button", { type: "button", class: "md-button", text: "重试" });
        retry.addEventListener("click", function () { status.remove(); retry.remove(); load(root); });
        root.appendChild(retry);
      });
  }

  window.HB.onPage(function () {
    var root = document.getElementById("hb-selftest");
    if (root && !root.dataset.mounted) {
      root.dataset.mounted = "1";
      load(root);
    }
  });
})();
