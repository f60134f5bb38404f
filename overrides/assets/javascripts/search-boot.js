// Material's search, started when a reader reaches for it, and fed queries it can match.
// Loaded in the page head (mkdocs.yml: extra.polyfills), before Material's bundle, because the bundle
// creates the search worker and requests the index as soon as it runs. Three things:
//
// 1. Lazy start. The index (hundreds of KB) used to be fetched and parsed on every page view
//    (navigation.instant is off). The request is now held until the reader points at, clicks or focuses
//    the search box, or the address asks for a search (?q=); the worker is created and handed the index
//    then too. A page opened from a result (?h=) fetches the index for Material's highlighting only.
//    On file:// (the offline build) Material itself loads the inlined index only when search opens.
// 2. Queries: every query on its way to the worker is rewritten by search-query.js, with the index's
//    own vocabulary, taken from the index as it passes through (no extra download). search-query.js
//    itself is loaded when search starts, beside the index: a page view that never searches skips it.
//    The worker itself starts through workers/search-lunr-fix.js, which mends a bug of lunr first.
// 3. Text that arrives without a key press (paste, dictation, autofill) is searched at once: Material
//    listens for keyup only, so an input event is passed on as one.
(function () {
  "use strict";

  var INDEX_URL = /\/search\/search_index\.json(?:[?#]|$)/;
  var WORKER_URL = /\/workers\/search\.[0-9a-f]+\.min\.js(?:[?#]|$)/;
  var SEARCH_INPUT = "input.md-search__input";
  var SETUP = 0; // Material's search message types (integrations/search/worker/message)
  var QUERY = 2;
  var RESULT = 3;

  // search-query.js sits beside this file; document.currentScript is only set while this file runs.
  var QUERY_SCRIPT = document.currentScript ? new URL("search-query.js", document.currentScript.src).href : null;
  // Material's worker is started through this file, which mends a bug of lunr inside it (see there).
  var LUNR_FIX = document.currentScript ? new URL("workers/search-lunr-fix.js", document.currentScript.src).href : null;

  var indexWanted = false; // the index may be fetched (search, or the highlight of ?h=, needs it)
  var searchWanted = false; // the reader is searching: load search-query.js
  var setupAllowed = false; // ... and, once it has loaded (or failed to), let the worker build its index
  var heldRequests = [];
  var heldSetups = [];

  function fetchIndex() {
    if (indexWanted) return;
    indexWanted = true;
    heldRequests.splice(0).forEach(function (send) { send(); });
  }

  // Calls done() once search-query.js has run, or failed to load (queries then go to the worker as typed).
  function loadQueryScript(done) {
    if (window.HBSearchQuery || !QUERY_SCRIPT) return done();
    var tag = document.createElement("script");
    tag.src = QUERY_SCRIPT;
    tag.onload = tag.onerror = function () { done(); };
    document.head.appendChild(tag);
  }

  function start() {
    fetchIndex();
    if (searchWanted) return;
    searchWanted = true;
    loadQueryScript(function () {
      setupAllowed = true;
      heldSetups.splice(0).forEach(function (setup) { setup(); });
    });
  }

  // ---- 1. Hold the index request until search is wanted --------------------------------------------
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.hbSearchIndex = INDEX_URL.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (request.hbSearchIndex && !indexWanted) {
      heldRequests.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(request, args);
  };

  // A share link (?q=) searches at once. A page reached from a search result (?h=) needs the index's
  // settings to highlight the words, but no worker until the reader searches again.
  var params = new URLSearchParams(location.search);
  if (params.has("q")) start();
  else if (params.has("h")) fetchIndex();
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(SEARCH_INPUT)) start();
  }, true);
  // A pointer over the search box (or its icon) is a reader about to search: start a little early.
  ["pointerover", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest(".md-search__form, label[for='__search']")) start();
    }, true);
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) start();
  }, true);

  // ---- 2. The worker: created on first use, queries rewritten, results refined ---------------------
  // Material's bundle only calls postMessage, addEventListener and removeEventListener on its worker.
  function SearchWorker(url, options, Impl) {
    var worker = null;
    var listeners = [];
    var vocab = null;
    var pending = []; // each query's plan (labels, weights), in order: the worker answers queries in order
    var query = null; // search-query.js (window.HBSearchQuery), loaded by start() before the index is set up

    function real() {
      if (!worker) {
        var started = LUNR_FIX ? LUNR_FIX + "?worker=" + encodeURIComponent(new URL(url, location.href).href) : url;
        worker = new Impl(started, options);
        listeners.forEach(function (l) { worker.addEventListener(l[0], l[2], l[3]); });
      }
      return worker;
    }

    // Results reach Material through this: each is refined with the labels of the query that asked.
    function relay(listener) {
      return function (event) {
        var data = event && event.data;
        if (query && data && data.type === RESULT) {
          var plan = pending.shift() || { labels: {} };
          try {
            data = { type: RESULT, data: query.refine(data.data, plan.labels, plan.weights) };
          } catch (error) {
            console.warn("search: result left as the worker gave it", error);
          }
          return listener.call(this, { data: data, target: event.target });
        }
        return listener.call(this, event);
      };
    }

    this.postMessage = function (message) {
      if (message && message.type === SETUP && !setupAllowed) {
        var self = this;
        heldSetups.push(function () { self.postMessage(message); });
        return;
      }
      if (message && message.type === SETUP) query = window.HBSearchQuery || null;
      if (message && message.type === SETUP && message.data && query) {
        real().postMessage(message); // the worker builds its index meanwhile, on its own thread
        try {
          var config = message.data.config;
          vocab = query.vocabulary(message.data.docs, config.separator, config.synonyms);
        } catch (error) {
          console.warn("search: queries go to the worker as typed", error); // Material's search still answers
        }
        return;
      } else if (message && message.type === QUERY) {
        var plan = { query: "", labels: {}, weights: null };
        try {
          if (vocab && typeof message.data === "string") plan = query.rewrite(message.data, vocab);
        } catch (error) {
          console.warn("search: query left as typed", error);
        }
        if (plan.query) message = { type: QUERY, data: plan.query };
        pending.push(plan);
      }
      real().postMessage(message);
    };
    this.addEventListener = function (type, listener, opts) {
      var wrapped = type === "message" ? relay(listener) : listener;
      listeners.push([type, listener, wrapped, opts]);
      if (worker) worker.addEventListener(type, wrapped, opts);
    };
    this.removeEventListener = function (type, listener, opts) {
      listeners = listeners.filter(function (l) {
        if (l[0] !== type || l[1] !== listener) return true;
        if (worker) worker.removeEventListener(type, l[2], opts);
        return false;
      });
    };
    this.terminate = function () {
      if (worker) worker.terminate();
    };
  }

  // The offline build's iframe-worker shim may replace window.Worker after this script: keep whatever
  // implementation is assigned and hand out the wrapper for Material's search worker only.
  var Impl = window.Worker;
  function Worker(url, options) {
    if (!WORKER_URL.test(String(url))) return new Impl(url, options);
    return new SearchWorker(url, options, Impl);
  }
  Object.defineProperty(window, "Worker", {
    configurable: true,
    get: function () { return Impl ? Worker : undefined; },
    set: function (value) { Impl = value; },
  });

  // ---- 3. Text that arrives without a key press -----------------------------------------------------
  document.addEventListener("input", function (event) {
    if (event.isComposing || !event.target.matches || !event.target.matches(SEARCH_INPUT)) return;
    event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }, true);
  document.addEventListener("compositionend", function (event) {
    if (event.target.matches && event.target.matches(SEARCH_INPUT)) {
      event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  }, true);
})();
