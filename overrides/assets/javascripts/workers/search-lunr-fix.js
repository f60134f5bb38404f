// Material's search worker, started through this file so that one bug of lunr 2.3.9 (the search
// library inside the worker) is mended before the worker builds its index.
//
// The bug: to merge equal branches of its word automaton (TokenSet), lunr names every node by its
// edges written one after another, a character and the id of the node it leads to, with nothing in
// between: {"7" -> node 183} and {"7" -> node 1, "8" -> node 3} are both named "07183". Words with
// digits make such clashes likely; when two nodes clash, one branch is replaced by the other, and the
// index then holds words that no page contains (and loses some that pages do contain). A query word
// whose expansion reaches a word of the first kind throws in the worker ("Invalid query"), and the
// reader sees no results at all: in this book, any query with the word 7 did (lunr issues #279, #503).
// The mend ends every edge's id with a comma, so that names are equal only for equal nodes.
//
// search-boot.js creates the worker from this file, with Material's worker as `?worker=` (absolute).
// In a browser worker importScripts loads it at once; under the offline copy's iframe-worker shim it
// returns a promise, and the shim hands over the first message only once the frame has loaded.
(function (root) {
  "use strict";

  function nodeName() {
    if (this._str) return this._str; // set by lunr when the node is merged
    var labels = Object.keys(this.edges).sort();
    var name = this.final ? "1" : "0";
    for (var i = 0; i < labels.length; i++) name += labels[i] + this.edges[labels[i]].id + ",";
    return name;
  }

  function mendTokenSetNames(lunr) {
    lunr.TokenSet.prototype.toString = nodeName;
    return lunr;
  }

  root.HBLunrFix = { mendTokenSetNames: mendTokenSetNames };

  if (typeof importScripts !== "function") return; // loaded as a plain script (tests)
  var here = root.document && root.document.currentScript ? root.document.currentScript.src : root.location.href;
  var worker = new URL(here).searchParams.get("worker");
  if (!worker) return;
  var loaded = importScripts(new URL(worker, here).href);
  function mend() {
    if (root.lunr && root.lunr.TokenSet) mendTokenSetNames(root.lunr);
  }
  if (loaded && typeof loaded.then === "function") loaded.then(mend);
  else mend();
})(typeof self !== "undefined" ? self : this);
