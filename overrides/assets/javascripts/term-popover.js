// Glossary term marks (a.hb-term, written by the glossary hook with the definition in data-hb-short):
// the one-line definition in a small popover, as text, never as markup.
// - mouse: shown while the pointer rests on the term; a click follows the link to the glossary;
// - keyboard: shown while the term has focus; Enter follows the link;
// - touch: the first tap shows the definition in place (with a link to the glossary entry and a close
//   button), a second tap on the same term goes to the glossary; a tap elsewhere or Esc closes it.
(function () {
  "use strict";
  var el = window.HB.el;
  var pop = null;
  var parts = {};
  var current = null;      // the mark whose definition is showing
  var pinned = false;      // opened by a tap: stays until dismissed
  var lastPointer = "mouse";
  var showTimer = 0;
  var hideTimer = 0;

  function build() {
    parts.name = el("strong", { class: "hb-term-pop__name" });
    parts.text = el("span", { class: "hb-term-pop__text" });
    parts.link = el("a", { class: "hb-term-pop__link", text: "在术语表中查看 →" });
    parts.close = el("button", { type: "button", class: "hb-term-pop__close", "aria-label": "关闭释义", text: "×" });
    pop = el("div", { id: "hb-term-pop", class: "hb-term-pop hb-screen-only", role: "tooltip", hidden: "" }, [
      parts.close, parts.name, parts.text, parts.link,
    ]);
    parts.close.addEventListener("click", function () { hide(true); });
    pop.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse" && !pinned) hideSoon(); });
    document.body.appendChild(pop);
  }

  function place(mark) {
    var rect = mark.getBoundingClientRect();
    var width = pop.offsetWidth;
    var height = pop.offsetHeight;
    var viewport = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(rect.left, viewport - width - 8));
    var below = rect.bottom + 6;
    var top = below + height > window.innerHeight && rect.top - height - 6 > 0 ? rect.top - height - 6 : below;
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = top + window.scrollY + "px";
  }

  function show(mark, byTap) {
    if (!pop) build();
    clearTimeout(hideTimer);
    if (current && current !== mark) current.removeAttribute("aria-describedby");
    current = mark;
    pinned = byTap;
    parts.name.textContent = mark.textContent;
    parts.text.textContent = mark.getAttribute("data-hb-short") || "";
    parts.link.setAttribute("href", mark.getAttribute("href"));
    pop.classList.toggle("hb-term-pop--pinned", byTap);
    pop.hidden = false;
    mark.setAttribute("aria-describedby", "hb-term-pop");
    place(mark);
  }

  function hide(restoreFocus) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!pop || pop.hidden) return;
    var mark = current;
    pop.hidden = true;
    pinned = false;
    current = null;
    if (mark) {
      mark.removeAttribute("aria-describedby");
      if (restoreFocus && pop.contains(document.activeElement)) mark.focus();
    }
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { hide(false); }, 250);
  }

  function isTouch() {
    return lastPointer === "touch" || lastPointer === "pen";
  }

  function markOf(node) {
    return node && node.closest ? node.closest("a.hb-term[data-hb-short]") : null;
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    if (pop && !pop.hidden && !pop.contains(event.target) && markOf(event.target) !== current) hide(false);
  }, true);

  document.addEventListener("click", function (event) {
    var mark = markOf(event.target);
    if (!mark || !isTouch()) return;
    // First tap shows the definition; a second tap on the same term follows the link.
    if (current === mark && pinned) return;
    event.preventDefault();
    show(mark, true);
  });

  document.addEventListener("pointerover", function (event) {
    var mark = markOf(event.target);
    if (!mark || event.pointerType !== "mouse" || pinned) return;
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(mark, false); }, 150);
  });

  document.addEventListener("pointerout", function (event) {
    var mark = markOf(event.target);
    if (!mark || event.pointerType !== "mouse" || pinned) return;
    clearTimeout(showTimer);
    if (current === mark) hideSoon();
  });

  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark && !isTouch() && !pinned) show(mark, false);
  });

  document.addEventListener("focusout", function (event) {
    var mark = markOf(event.target);
    if (mark && current === mark && !pinned && !(pop && pop.contains(event.relatedTarget))) hideSoon();
  });

  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard";
    if (event.key === "Escape" && pop && !pop.hidden) hide(true);
  });

  window.addEventListener("resize", function () { hide(false); });
})();
