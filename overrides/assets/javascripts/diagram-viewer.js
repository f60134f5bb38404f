// Diagrams: legible where they stand, and a full-screen viewer with pan and pinch zoom.
//
// diagram-setup.mjs announces each diagram Material has rendered (event "hb:diagram", with the shadow
// root that holds its SVG). Here the diagram is wrapped in a sideways scroller: the CSS never lets it
// shrink below three quarters of its drawn size (16 px labels stay at 12 px or more), so a wide diagram
// scrolls, with a visible hint, instead of shrinking to unreadable text. A click, a tap, or the 放大
// button opens a copy of it full screen; Esc, the close button or the browser's back button close it.
// The pan and zoom library (@panzoom/panzoom, pinned in package-lock.json, served by the site) is loaded
// the first time a reader opens a diagram.
(function () {
  "use strict";
  var el = window.HB.el;
  var script = document.currentScript;
  var PANZOOM_URL = script ? new URL("panzoom/panzoom.min.js", script.src).href : null;

  // ---- In the page ----------------------------------------------------------------------------
  var resizeWatch = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { markWide(entry.target); });
  }) : null;

  function markWide(scroller) {
    var wide = scroller.scrollWidth > scroller.clientWidth + 1;
    scroller.parentNode.classList.toggle("hb-diagram--wide", wide);
    // A region that scrolls must be reachable by keyboard; one that does not stays out of the tab order.
    if (wide) scroller.setAttribute("tabindex", "0");
    else scroller.removeAttribute("tabindex");
  }

  function naturalSize(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width) return { width: box.width, height: box.height };
    var rect = svg.getBoundingClientRect();
    return { width: rect.width, height: rect.height };
  }

  function clickedLink(event) {
    return event.composedPath().some(function (node) { return node.tagName && node.tagName.toLowerCase() === "a"; });
  }

  function adopt(host, root) {
    var svg = root.querySelector("svg");
    if (!svg || host.closest(".hb-diagram")) return;
    var size = naturalSize(svg);
    host.style.setProperty("--hb-diagram-width", size.width + "px");
    var figure = el("div", { class: "hb-diagram" });
    var scroller = el("div", { class: "hb-diagram__scroller", role: "group", "aria-label": "图：可左右滚动" });
    var open = el("button", {
      type: "button", class: "hb-diagram__open hb-screen-only", "aria-haspopup": "dialog",
      title: "全屏查看，可拖动和缩放", text: "放大",
    });
    var hint = el("span", { class: "hb-diagram__hint hb-screen-only", "aria-hidden": "true", text: "← 左右滑动查看全图 →" });
    host.parentNode.insertBefore(figure, host);
    scroller.appendChild(host);
    figure.appendChild(scroller);
    figure.appendChild(el("div", { class: "hb-diagram__bar hb-screen-only" }, [hint, open]));
    open.addEventListener("click", function () { openViewer(svg, size, open); });
    host.addEventListener("click", function (event) {
      if (!clickedLink(event)) openViewer(svg, size, open);
    });
    markWide(scroller);
    if (resizeWatch) resizeWatch.observe(scroller);
  }

  document.addEventListener("hb:diagram", function (event) {
    adopt(event.target, event.detail.root);
  });

  // ---- Full screen ----------------------------------------------------------------------------
  var viewer = null;

  function loadPanzoom() {
    if (window.Panzoom) return Promise.resolve(window.Panzoom);
    if (!PANZOOM_URL) return Promise.reject(new Error("no script URL"));
    loadPanzoom.promise = loadPanzoom.promise || new Promise(function (resolve, reject) {
      var tag = el("script", { src: PANZOOM_URL });
      tag.onload = function () { resolve(window.Panzoom); };
      tag.onerror = function () { loadPanzoom.promise = null; reject(new Error("could not load " + PANZOOM_URL)); };
      document.head.appendChild(tag);
    });
    return loadPanzoom.promise;
  }

  function button(label, text, action) {
    var node = el("button", { type: "button", class: "hb-viewer__button", "aria-label": label, title: label, text: text });
    node.addEventListener("click", action);
    return node;
  }

  function buildViewer() {
    var dialog = el("dialog", { class: "hb-viewer hb-screen-only", "aria-label": "全屏查看图" });
    var stage = el("div", { class: "hb-viewer__stage", tabindex: "0", "aria-label": "图：拖动平移，双指或滚轮缩放，方向键平移，+ 和 - 缩放" });
    var canvas = el("div", { class: "hb-viewer__canvas" });
    var shadow = canvas.attachShadow({ mode: "open" });
    stage.appendChild(canvas);
    var state = { dialog: dialog, stage: stage, canvas: canvas, shadow: shadow, panzoom: null, returnFocus: null };
    var zoomIn = button("放大", "+", function () { if (state.panzoom) state.panzoom.zoomIn(); });
    var zoomOut = button("缩小", "−", function () { if (state.panzoom) state.panzoom.zoomOut(); });
    var fit = button("适应屏幕", "适应", function () { fitToStage(state); });
    var close = button("关闭（Esc）", "×", function () { closeViewer(); });
    close.classList.add("hb-viewer__close");
    dialog.appendChild(el("div", { class: "hb-viewer__bar" }, [
      el("span", { class: "hb-viewer__help", text: "拖动平移 · 双指或滚轮缩放 · Esc 关闭" }), zoomOut, zoomIn, fit, close,
    ]));
    dialog.appendChild(stage);
    state.close = close;
    // Esc: the dialog's own cancel event; closing through it must also undo the history entry.
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeViewer(); });
    dialog.addEventListener("close", function () { if (state.panzoom) { state.panzoom.destroy(); state.panzoom = null; } });
    stage.addEventListener("keydown", function (event) { onKey(state, event); });
    stage.addEventListener("wheel", function (event) {
      if (state.panzoom) state.panzoom.zoomWithWheel(event);
    }, { passive: false });
    document.body.appendChild(dialog);
    return state;
  }

  function onKey(state, event) {
    var pz = state.panzoom;
    if (!pz) return;
    var step = 60 / pz.getScale();
    var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[event.key]) pz.pan(moves[event.key][0], moves[event.key][1], { relative: true });
    else if (event.key === "+" || event.key === "=") pz.zoomIn();
    else if (event.key === "-" || event.key === "_") pz.zoomOut();
    else if (event.key === "0") fitToStage(state);
    else return;
    event.preventDefault();
  }

  function fitScale(state) {
    var box = state.stage.getBoundingClientRect();
    var size = state.size;
    return Math.min(box.width / size.width, box.height / size.height, 2) * 0.96;
  }

  function fitToStage(state) {
    if (!state.panzoom) return;
    state.panzoom.reset({ animate: false });
  }

  function openViewer(svg, size, trigger) {
    viewer = viewer || buildViewer();
    var state = viewer;
    if (state.dialog.open) return;
    var copy = svg.cloneNode(true);
    copy.removeAttribute("style");
    copy.setAttribute("width", size.width);
    copy.setAttribute("height", size.height);
    state.shadow.textContent = "";
    state.shadow.appendChild(copy);
    state.size = size;
    state.canvas.style.width = size.width + "px";
    state.canvas.style.height = size.height + "px";
    state.returnFocus = trigger;
    state.dialog.showModal();
    state.stage.focus();
    // The back button closes the viewer: one history entry per opening.
    history.pushState({ hbViewer: true }, "");
    var scale = fitScale(state);
    var start = {
      x: (state.stage.clientWidth - size.width * scale) / 2 / scale,
      y: (state.stage.clientHeight - size.height * scale) / 2 / scale,
    };
    loadPanzoom().then(function (Panzoom) {
      if (!state.dialog.open) return;
      state.panzoom = Panzoom(state.canvas, {
        maxScale: 8, minScale: Math.min(scale, 0.2), startScale: scale, startX: start.x, startY: start.y,
        origin: "0 0", step: 0.25, cursor: "grab",
      });
    }).catch(function () {
      // Without the library the diagram still shows full screen at its drawn size, with scrollbars.
      state.stage.classList.add("hb-viewer__stage--plain");
    });
  }

  function closeViewer(fromHistory) {
    if (!viewer || !viewer.dialog.open) return;
    viewer.dialog.close();
    if (viewer.returnFocus) viewer.returnFocus.focus();
    if (!fromHistory && history.state && history.state.hbViewer) history.back();
  }

  window.addEventListener("popstate", function () { closeViewer(true); });
})();
