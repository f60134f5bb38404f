// The offline copy of the site (tools/make_offline.py), opened from file://. Nothing changes over http(s).
// - Browsers refuse fetch() on file://: the JSON files the pages load (the self-test's questions, the
//   glossary's back-links) are packed as scripts beside this one and served from those instead.
// - A link to a folder ("../taints/") opens a file listing there: links that scripts build from data
//   (the static ones are rewritten when the copy is made) go to the folder's index.html instead.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    var url = new URL(link.getAttribute("href"), location.href);
    if (url.protocol !== "file:" || !/\/$/.test(url.pathname)) return;
    event.preventDefault();
    url.pathname += "index.html";
    location.href = url.href;
  }, true);

  if (!window.fetch) return;
  var FILES = __HB_OFFLINE_FILES__; // {"questions/questions.json": "offline-data/1.js", ...}
  var byName = {};
  Object.keys(FILES).forEach(function (path) {
    var name = path.split("/").pop();
    byName[name] = byName[name] === undefined ? path : null; // null: two files share the name
  });
  var script = document.currentScript;
  var root = new URL("../../", script.src).href; // this file is assets/javascripts/offline.js
  var loaded = {};
  window.HB_OFFLINE_DATA = window.HB_OFFLINE_DATA || {};

  function packedPath(url) {
    var href = new URL(url, location.href).href.split(/[?#]/)[0];
    var path = href.indexOf(root) === 0 ? decodeURIComponent(href.slice(root.length)) : null;
    if (path && FILES[path]) return path;
    // A page that resolves a data file against its own folder finds it by name.
    var name = href.split("/").pop();
    return byName[name] || null;
  }

  function load(path) {
    loaded[path] = loaded[path] || new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = root + FILES[path];
      tag.onload = function () { resolve(window.HB_OFFLINE_DATA[path]); };
      tag.onerror = function () { reject(new TypeError("offline copy: " + path + " is missing")); };
      document.head.appendChild(tag);
    });
    return loaded[path];
  }

  var fetchOnline = window.fetch;
  window.fetch = function (input, init) {
    var path = packedPath(typeof input === "string" ? input : input.url);
    if (!path) return fetchOnline.apply(this, arguments);
    return load(path).then(function (text) {
      return new Response(text, { status: 200, headers: { "Content-Type": "application/json" } });
    });
  };
})();
